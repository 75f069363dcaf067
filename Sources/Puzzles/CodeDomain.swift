// `code`, the HumanEval+ analogue of the embedded default: write a small TinyLang function; the answer
// (the last ``` block, inside `<answer>` when present) runs against the hidden tests in our sandboxed
// interpreter, fresh budgets per test; correct iff every test passes.
// Records: `id`, `domain`, `difficulty`, `question`, `entry` (function name), `signature`,
// `tests` ([{"input": [args], "expected": value}]), `solution` (a reference in TinyLang).
import JSON
import Seeded

public struct CodeDomain: DomainSpec {
  public var limits: TinyLangLimits
  public init(limits: TinyLangLimits = TinyLangLimits()) { self.limits = limits }
  public var domain: Domain { .code }
  public var requiredFields: [String] { ["question", "entry", "tests"] }

  /// Answers longer than this are not run (no task here needs more than a few hundred bytes).
  public static let maxCodeBytes = 20_000
  /// Most hidden tests per record (the generated records have 4-8).
  public static let maxTests = 256

  /// The record's task and examples, then the TinyLang summary and how to answer.
  public func question(_ record: JSON) throws -> String {
    try TaskSplit.string(record, "question", domain: .code) + "\n\n" + CodeTask.languageSummary
  }
  public func difficulty(_ record: JSON) -> String { TaskSplit.level(record) }

  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] {
    try generate(split: split, count: count, seed: seed, difficulty: difficulty, levels: nil)
  }

  /// Levels 1...`maxLevel` exist; 1-5 state the function in full, 6-8 leave a constant for the
  /// examples to show (`CodeFamilies+Infer.swift`).
  public static let maxLevel = 8

  /// As `generate(split:count:seed:difficulty:)`, with the levels to take in turn when `difficulty` is
  /// nil (nil: 1-5). A level 6-8 record carries `worked`, the derivation of its constant.
  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?, levels: [Int]?) throws -> [JSON] {
    try TaskSplit.generate(domain: .code, split: split, count: count, seed: seed, difficulty: difficulty,
                           levels: levels, maxLevel: Self.maxLevel) { rng, level in
      let t = CodeDomain.task(level: level, rng: &rng)
      var fields: [(String, JSON)] = [
        ("entry", .string(t.name)), ("signature", .string(t.signature)), ("tests", t.testsJSON), ("solution", .string(t.reference)),
      ]
      if let w = t.worked { fields.append(("worked", .string(w))) }
      return .init(question: t.question, fields: fields)
    }
  }

  /// One task at `level` (public so that corpus builders can draw without records).
  public static func task(level: Int, rng: inout SeededRNG) -> CodeTask {
    let families = CodeFamilies.byLevel[max(1, min(maxLevel, level)) - 1]
    return families[rng.below(families.count)](&rng)
  }

  public func verify(_ record: JSON, completion: String) throws -> Verdict {
    let formatOK = R1Format.check(completion)
    let entry = try TaskSplit.string(record, "entry", domain: .code)
    let tests = try Self.tests(record)
    guard let code = Self.extractCode(completion), code.utf8.count <= Self.maxCodeBytes,
          let program = try? TinyLangProgram(source: code) else {
      return Verdict(formatOK: formatOK, status: .unparseable, parsed: nil)
    }
    let passed = Self.passes(program, entry: entry, tests: tests, limits: limits)
    return Verdict(formatOK: formatOK, status: passed ? .correct : .wrong, parsed: code)
  }

  /// Why a completion is not judged correct (no code, too long, the syntax error, the failing test
  /// with its value, overflow or limit), nil when it passes; for reports (`verify --json`).
  public func reason(_ record: JSON, completion: String) throws -> String? {
    let entry = try TaskSplit.string(record, "entry", domain: .code)
    guard let code = Self.extractCode(completion) else { return "no code block in the answer" }
    guard code.utf8.count <= Self.maxCodeBytes else { return "code of \(code.utf8.count) bytes is over the \(Self.maxCodeBytes)-byte limit" }
    let program: TinyLangProgram
    do { program = try TinyLangProgram(source: code) } catch { return "\(error)" }
    return Self.failure(program, entry: entry, tests: try Self.tests(record), limits: limits)
  }

  /// Whether `entry` returns the expected value on every test, each test with fresh budgets.
  public static func passes(_ program: TinyLangProgram, entry: String, tests: [(input: [TLValue], expected: TLValue)],
                            limits: TinyLangLimits = TinyLangLimits()) -> Bool {
    failure(program, entry: entry, tests: tests, limits: limits) == nil
  }

  /// Why the program fails its tests (the first failing test and the reason: a wrong value, an
  /// overflow, a limit hit), or nil when it passes them all.
  public static func failure(_ program: TinyLangProgram, entry: String, tests: [(input: [TLValue], expected: TLValue)],
                             limits: TinyLangLimits = TinyLangLimits()) -> String? {
    guard program.functions[entry] != nil else { return "no function named '\(entry)'" }
    for (k, t) in tests.enumerated() {
      let vm = TinyLangInterpreter(program: program, limits: limits)
      defer { vm.releaseLists() }  // after the value was compared and printed
      do {
        let out = try vm.call(entry, t.input)
        guard try vm.equal(out, t.expected, depth: 0) else { return "test \(k): expected \(t.expected), got \(out)" }
      } catch {
        return "test \(k): \(error)"
      }
    }
    return nil
  }

  /// The record's hidden tests as interpreter values; errors name the record and the test.
  public static func tests(_ record: JSON) throws -> [(input: [TLValue], expected: TLValue)] {
    let src = "code record \(record["id"]?.string ?? "")"
    guard let arr = record["tests"]?.array, !arr.isEmpty else {
      throw JSONError(source: src, path: "tests", message: "expected a non-empty list of {input, expected}")
    }
    // Each test runs with fresh budgets: the count bounds the time one completion can take.
    guard arr.count <= maxTests else {
      throw JSONError(source: src, path: "tests", message: "\(arr.count) tests, at most \(maxTests) per record")
    }
    return try arr.enumerated().map { k, t in
      guard let input = t["input"]?.array, let expected = t["expected"] else {
        throw JSONError(source: src, path: "tests[\(k)]", message: "expected {\"input\": [args], \"expected\": value}")
      }
      return (try input.map { try value($0, src, "tests[\(k)].input") }, try value(expected, src, "tests[\(k)].expected"))
    }
  }

  static func value(_ j: JSON, _ src: String, _ path: String) throws -> TLValue {
    switch j {
    case .int(let i): return .int(i)
    case .bool(let b): return .bool(b)
    case .null: return .none
    case .array(let a): return .list(TLList(try a.map { try value($0, src, path) }))
    default: throw JSONError(source: src, path: path, message: "TinyLang values are ints, booleans, null and lists, got \(j.kindName)")
    }
  }

  /// The function source: the last complete ``` block (language tag line dropped) of the `<answer>`
  /// block, else of the whole completion; else an `<answer>` block that itself holds a `def`.
  public static func extractCode(_ completion: String) -> String? {
    let block = R1Format.answerBlock(completion)
    let region = Array((block ?? completion).utf8)
    let fences = R1Format.occurrences(of: Array("```".utf8), in: region)
    if fences.count >= 2 {
      let pairEnd = fences.count % 2 == 0 ? fences.count - 1 : fences.count - 2  // an odd last fence is unterminated
      var start = fences[pairEnd - 1] + 3
      let end = fences[pairEnd]
      var tagEnd = start  // a language tag (`python`, `tinylang`) up to the newline is dropped
      while tagEnd < end, MathText.isLetter(region[tagEnd]) || MathText.isDigit(region[tagEnd]) || region[tagEnd] == 45 { tagEnd += 1 }
      if tagEnd < end, region[tagEnd] == 10 { start = tagEnd + 1 } else if tagEnd < end, region[tagEnd] == 13 { start = min(end, tagEnd + 2) }
      return dedent(MathText.string(region[start..<end]))
    }
    if let block, block.contains("def ") { return dedent(block) }
    return nil
  }

  /// Removes the indentation common to all non-blank lines (an answer block may be indented).
  static func dedent(_ code: String) -> String {
    let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
    let widths = lines.filter { !$0.allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }.map { $0.prefix { $0 == " " }.count }
    let cut = widths.min() ?? 0
    return lines.map { $0.count >= cut ? String($0.dropFirst(cut)) : String($0) }.joined(separator: "\n")
  }
}
