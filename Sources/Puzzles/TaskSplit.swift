// Shared generation loop of the synthetic domains (arith, code, choice): seeded, levels balanced,
// no duplicate questions, and train/test disjoint by construction: a question belongs to `test`
// exactly when a stable hash of its text falls in one fifth of the range, whatever the seeds.
import JSON
import Seeded

public enum TaskSplit {
  /// FNV-1a 64 of the text: fixed here so the partition never depends on the stdlib's hashing.
  public static func hash(_ text: String) -> UInt64 { FNV1a64.hash(text.utf8).value }

  public static func split(ofQuestion text: String) -> Split { hash(text) % 5 == 0 ? .test : .train }

  /// One generated task before it becomes a record: the question and the domain's gold fields.
  struct Draft {
    var question: String
    var fields: [(String, JSON)]
  }

  /// `count` records; level `difficulty` for all, or levels 1...5 in turn when nil.
  static func generate(domain: Domain, split: Split, count: Int, seed: UInt64, difficulty: Int?,
                       make: (inout SeededRNG, Int) -> Draft) throws -> [JSON] {
    if let d = difficulty, !(1...5).contains(d) {
      throw JSONError(source: domain.rawValue, message: "difficulty must be 1...5, got \(d)")
    }
    guard count >= 0 else { throw JSONError(source: domain.rawValue, message: "count must be >= 0, got \(count)") }
    var rng = SeededRNG(seed: seed, stream: split == .train ? 1 : 2)
    var seen = Set<String>(), out: [JSON] = []
    var misses = 0
    while out.count < count {
      let level = difficulty ?? (out.count % 5 + 1)
      let draft = make(&rng, level)
      guard TaskSplit.split(ofQuestion: draft.question) == split, seen.insert(draft.question).inserted else {
        misses += 1
        if misses > 2000 + 50 * count {
          throw JSONError(source: domain.rawValue, message: "could only make \(out.count) distinct \(split.rawValue) tasks at level \(level); ask for fewer")
        }
        continue
      }
      var o = JSONObject()
      o["id"] = .string("\(domain.rawValue)-\(split.rawValue)-s\(seed)-\(out.count)")
      o["domain"] = .string(domain.rawValue)
      o["difficulty"] = .int(level)
      o["question"] = .string(draft.question)
      for (k, v) in draft.fields { o[k] = v }
      out.append(.object(o))
    }
    return out
  }

  /// The level of a generated record as text ("?" when absent).
  static func level(_ record: JSON) -> String {
    if let l = record["difficulty"]?.int { return String(l) }
    return record["difficulty"]?.string ?? "?"
  }

  static func string(_ record: JSON, _ key: String, domain: Domain) throws -> String {
    guard let s = record[key]?.string else {
      throw JSONError(source: "\(domain.rawValue) record \(record["id"]?.string ?? "")", path: key,
                      message: "expected a string, got \(record[key]?.kindName ?? "nothing")")
    }
    return s
  }
}
