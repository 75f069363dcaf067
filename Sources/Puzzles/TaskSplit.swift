// Shared generation loop of the synthetic domains (arith, code, choice): seeded, levels balanced,
// no duplicate questions, and train/test disjoint by construction: a question belongs to `test`
// exactly when a stable hash of its text falls in one fifth of the range, whatever the seeds.
// `val` draws from that same held-out fifth (so no train set of any seed can hold a val question)
// on its own random stream, and leaves out the first `valExcludesTest` test questions of the same
// seed (the committed test files are exactly those, seed 1; more would exhaust code level 4, which
// holds only ~66 held-out questions): val and test are disjoint too.
import JSON
import Seeded

public enum TaskSplit {
  /// FNV-1a 64 of the text: fixed here so the partition never depends on the stdlib's hashing.
  public static func hash(_ text: String) -> UInt64 { FNV1a64.hash(text.utf8).value }

  /// The bucket of a question: `.test` (the held-out fifth, which test and val draw from) or `.train`.
  public static func split(ofQuestion text: String) -> Split { hash(text) % 5 == 0 ? .test : .train }

  /// How many of the same seed's test questions a val set leaves out.
  public static let valExcludesTest = 200

  /// One generated task before it becomes a record: the question and the domain's gold fields.
  struct Draft {
    var question: String
    var fields: [(String, JSON)]
  }

  /// The levels taken in turn when neither a difficulty nor a level list is given.
  public static let defaultLevels = [1, 2, 3, 4, 5]

  /// `count` records; level `difficulty` for all, or `levels` (default 1...5) in turn when nil; every
  /// level must be in 1...`maxLevel`. `orFewer`: stop and return what was made when a level runs out,
  /// instead of failing.
  static func generate(domain: Domain, split: Split, count: Int, seed: UInt64, difficulty: Int?, levels: [Int]? = nil,
                       maxLevel: Int = 5, orFewer: Bool = false,
                       make: (inout SeededRNG, Int) -> Draft) throws -> [JSON] {
    if let d = difficulty, !(1...maxLevel).contains(d) {
      throw JSONError(source: domain.rawValue, message: "difficulty must be 1...\(maxLevel), got \(d)")
    }
    let cycle = levels ?? defaultLevels
    guard !cycle.isEmpty else { throw JSONError(source: domain.rawValue, message: "levels is empty") }
    for l in cycle where !(1...maxLevel).contains(l) {
      throw JSONError(source: domain.rawValue, message: "levels must be in 1...\(maxLevel), got \(l)")
    }
    guard count >= 0 else { throw JSONError(source: domain.rawValue, message: "count must be >= 0, got \(count)") }
    var seen = Set<String>(), out: [JSON] = []
    if split == .val {
      // The same seed's test stream, left out so that val and test never share a question.
      // A level may hold fewer (code level 4 has ~66 held-out questions): then every test question
      // the stream can make, so no test file of this seed can hold a question val draws.
      let test = try generate(domain: domain, split: .test, count: valExcludesTest, seed: seed, difficulty: difficulty,
                              levels: levels, maxLevel: maxLevel, orFewer: true, make: make)
      for r in test { if let q = r["question"]?.string { seen.insert(q) } }
    }
    let stream: UInt64 = switch split { case .train: 1; case .test: 2; case .val: 3 }
    var rng = SeededRNG(seed: seed, stream: stream)
    let bucket: Split = split == .train ? .train : .test
    var misses = 0
    // Excluded questions are drawn and refused like duplicates: allow misses for them too.
    let missLimit = 2000 + 50 * (count + seen.count)
    while out.count < count {
      let level = difficulty ?? cycle[out.count % cycle.count]
      let draft = make(&rng, level)
      guard TaskSplit.split(ofQuestion: draft.question) == bucket, seen.insert(draft.question).inserted else {
        misses += 1
        if misses > missLimit {
          if orFewer { return out }
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
