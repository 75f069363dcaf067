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
      throw JSONError(source: "kk record", path: "quiz", message: "a K&K record needs a string field 'quiz' to be posed")
    }
    return quiz + "\n\n" + KKInstruction.text
  }

  /// Judges `completion` (the full text: see `verify(_:completion:format:)` for prefilled prompts).
  public func verify(_ record: JSON, completion: String) throws -> Verdict {
    let names = try Self.names(record)
    let gold = try KKPuzzle.goldSolution(record, source: "kk record", line: nil)
    guard gold.count == names.count else {
      throw JSONError(source: "kk record", path: "solution", message: "expected one boolean per name (\(names.count) names), got \(gold.count)")
    }
    if let dup = KKLimits.firstDuplicate(names) {
      throw JSONError(source: "kk record", path: "names", message: "name \"\(dup)\" appears twice (names must be distinct)")
    }
    let words = try Self.words(record)
    let formatOK = R1Format.check(completion)
    guard let block = KKAnswer.block(completion) else {
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
    guard let block = KKAnswer.block(completion) else { return .noAnswerBlock }
    if case .failure(let p) = KKAnswer.parse(block, names: try Self.names(record), words: try Self.words(record)) { return p }
    return nil
  }

  public func difficulty(_ record: JSON) -> String {
    if let n = record["names"]?.array?.count { return "\(n)" }
    return "?"
  }

  /// `difficulty` = people count; nil mixes 3...7, interleaved. Train never repeats a puzzle of the
  /// same seed's test or val sets, and val never one of its test set (their first 200 per people
  /// count, so any test or val file up to that size); `exclude` adds statement keys (`KKPuzzle.key`,
  /// names replaced by their index) no split may draw, e.g. those of the committed test and val files.
  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] {
    try generate(split: split, count: count, seed: seed, difficulty: difficulty, exclude: [])
  }

  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?, exclude extra: Set<String>) throws -> [JSON] {
    let people = difficulty.map { [$0] } ?? Array(3...7)
    var exclude = extra
    let held: [Split] = switch split { case .train: [.test, .val]; case .val: [.test]; case .test: [] }
    for h in held {
      for n in people {
        let gen = KKGenerator(people: n, maxRetries: 20_000)
        let s = KKGenerator.streamSeed(Self.seed(seed, split: h), people: n)
        // Small spaces (2 people) may not hold 200: fall back to fewer.
        let taken = (try? gen.generate(count: 200, seed: s)) ?? (try? gen.generate(count: 20, seed: s)) ?? []
        exclude.formUnion(taken.map(\.key))
      }
    }
    let puzzles = try KKGenerator.mixed(people: people, count: count, seed: Self.seed(seed, split: split), exclude: exclude)
    return puzzles.enumerated().map { $1.record(index: $0, split: split) }
  }

  /// The generator seed of a split: train uses `seed` itself, test and val fixed variants of it.
  static func seed(_ seed: UInt64, split: Split) -> UInt64 {
    switch split {
    case .train: return seed
    case .test: return seed ^ 0x7E57_7E57_7E57_7E57
    case .val: return seed ^ 0x7A11_7A11_7A11_7A11
    }
  }

  static func names(_ record: JSON) throws -> [String] {
    guard let arr = record["names"]?.array, !arr.isEmpty else {
      throw JSONError(source: "kk record", path: "names", message: "expected a non-empty array of names")
    }
    let names = arr.compactMap(\.string)
    guard names.count == arr.count else { throw JSONError(source: "kk record", path: "names", message: "expected strings only") }
    return names
  }

  static func words(_ record: JSON) throws -> KKRoleWords {
    guard let kk = record["knight_knave"] else { return .standard }
    guard let a = kk["a_knight"]?.string, let b = kk["a_knave"]?.string else {
      throw JSONError(source: "kk record", path: "knight_knave", message: "expected string fields a_knight and a_knave")
    }
    return KKRoleWords(aKnight: a, aKnave: b)
  }
}
