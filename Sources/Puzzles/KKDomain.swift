// The K&K domain: question text as Logic-RL poses it, the verifier, difficulty = people count,
// and seeded generation (one people count, or a mix of 3..7 when no difficulty is given).
import JSON

public struct KKDomain: DomainSpec {
  public init() {}
  public var domain: Domain { .kk }
  /// What `verify` needs; `question` needs `quiz` too.
  public var requiredFields: [String] { ["names", "solution"] }

  /// The quiz followed by Logic-RL's instruction on the answer format.
  public func question(_ record: JSON) throws -> String {
    guard let quiz = record["quiz"]?.string else {
      throw JSONError(source: "kk", path: "quiz", message: "a K&K record needs a string field 'quiz' to be posed")
    }
    return quiz + "\n\n" + KKInstruction.text
  }

  /// Judges `completion` (the full text: see `verify(_:completion:format:)` for prefilled prompts).
  public func verify(_ record: JSON, completion: String) throws -> Verdict {
    let names = try Self.names(record)
    let gold = try KKPuzzle.goldSolution(record, source: "kk", line: 0)
    let words = try Self.words(record)
    let formatOK = R1Tags.check(completion)
    guard let block = R1Tags.answerBlock(completion) else {
      return Verdict(formatOK: formatOK, status: .unparseable, parsed: nil)
    }
    switch KKAnswer.parse(block, names: names, words: words) {
    case .failure:
      return Verdict(formatOK: formatOK, status: .unparseable, parsed: nil)
    case .success(let answer):
      return Verdict(formatOK: formatOK, status: answer.roles == gold ? .correct : .wrong,
                     parsed: answer.canonical(names: names, words: words))
    }
  }

  /// Why an answer could not be read (nil when it could), for reports and the warmup-paper scheme.
  public func problem(_ record: JSON, completion: String) throws -> KKAnswer.Problem? {
    guard let block = R1Tags.answerBlock(completion) else { return .noAnswerBlock }
    if case .failure(let p) = KKAnswer.parse(block, names: try Self.names(record), words: try Self.words(record)) { return p }
    return nil
  }

  public func difficulty(_ record: JSON) -> String {
    if let n = record["names"]?.array?.count { return "\(n)" }
    return "?"
  }

  /// `difficulty` = people count; nil mixes 3...7 in turn. Splits draw from different seed streams
  /// (train and test of one seed do not repeat each other's puzzles: test keys are excluded from train).
  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] {
    let counts = difficulty.map { [$0] } ?? Array(3...7)
    var records: [JSON] = []
    var perCount: [Int: [KKPuzzle]] = [:]
    for (k, n) in counts.enumerated() {
      let share = count / counts.count + (k < count % counts.count ? 1 : 0)
      guard share > 0 else { continue }
      var exclude = Set<String>()
      if split == .train {
        // The first 200 test puzzles of the same seed (any test file up to that size is a prefix
        // of them): never repeat one. Small spaces (2 people) fall back to fewer.
        let gen = KKGenerator(people: n, maxRetries: 20_000)
        let test = (try? gen.generate(count: 200, seed: Self.seed(seed, .test, n)))
          ?? (try? gen.generate(count: 20, seed: Self.seed(seed, .test, n))) ?? []
        exclude = Set(test.map(\.key))
      }
      perCount[n] = try KKGenerator(people: n).generate(count: share, seed: Self.seed(seed, split, n), exclude: exclude)
    }
    // Interleave the people counts so any prefix of the file is mixed.
    var cursor = Dictionary(uniqueKeysWithValues: counts.map { ($0, 0) })
    while records.count < count {
      for n in counts {
        guard let list = perCount[n], cursor[n]! < list.count, records.count < count else { continue }
        records.append(list[cursor[n]!].record(index: records.count, split: split))
        cursor[n]! += 1
      }
    }
    return records
  }

  static func seed(_ seed: UInt64, _ split: Split, _ people: Int) -> UInt64 {
    seed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(people) &* 1_000_003 &+ (split == .test ? 0x5EED : 0)
  }

  static func names(_ record: JSON) throws -> [String] {
    guard let arr = record["names"]?.array, !arr.isEmpty else {
      throw JSONError(source: "kk", path: "names", message: "expected a non-empty array of names")
    }
    let names = arr.compactMap(\.string)
    guard names.count == arr.count else { throw JSONError(source: "kk", path: "names", message: "expected strings only") }
    return names
  }

  static func words(_ record: JSON) throws -> KKRoleWords {
    guard let kk = record["knight_knave"] else { return .standard }
    guard let a = kk["a_knight"]?.string, let b = kk["a_knave"]?.string else {
      throw JSONError(source: "kk", path: "knight_knave", message: "expected string fields a_knight and a_knave")
    }
    return KKRoleWords(aKnight: a, aKnave: b)
  }
}
