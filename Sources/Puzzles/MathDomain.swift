// Real MATH-style problems (MATH-500, AIME 2024, AMC, the MATH train set): records with `problem` and
// `answer` (a string, or a number as in amc.json), difficulty from `level` (MATH) or `difficulty`.
import JSON

public struct MathDomain: DomainSpec {
  public init() {}
  public var domain: Domain { .math }
  public var requiredFields: [String] { ["problem", "answer"] }

  /// The problem followed by the answer instruction shared with `arith`.
  public func question(_ record: JSON) throws -> String {
    guard let q = record["problem"]?.string ?? record["question"]?.string else {
      throw JSONError(source: Self.name(record), path: "problem", message: "expected the problem text (a string)")
    }
    return q + " " + ArithDomain.instruction
  }

  /// Difficulty label: MATH's `level` (1..5), else the `difficulty` number of the deepscaler files.
  public func difficulty(_ record: JSON) -> String {
    if let l = record["level"]?.int { return String(l) }
    if let l = record["level"]?.string { return l.hasPrefix("Level ") ? String(l.dropFirst(6)) : l }
    if let d = record["difficulty"] { return Self.numberText(d) ?? "?" }
    return "?"
  }

  public func verify(_ record: JSON, completion: String) throws -> Verdict {
    try Self.verifyBoxed(gold: Self.gold(record), completion: completion)
  }

  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] {
    throw JSONError(source: "math", message: "the math domain reads real files (e.g. math500.jsonl); it has no generator (use arith)")
  }

  /// The gold answer as text: a string, or a number written without a trailing `.0`.
  public static func gold(_ record: JSON) throws -> String {
    if let s = record["answer"]?.string { return s }
    if let a = record["answer"], let t = numberText(a) { return t }
    throw JSONError(source: name(record), path: "answer",
                    message: "expected the gold answer as a string or number, got \(record["answer"]?.kindName ?? "nothing")")
  }

  /// The verdict of the math verifier: the last `\boxed{}` inside `<answer>` (else in the whole
  /// completion); when an `<answer>` block has no box at all, its trimmed text if short (<= 64 bytes).
  public static func verifyBoxed(gold: String, completion: String) -> Verdict {
    let formatOK = R1Format.check(completion)
    guard let pred = extractAnswer(completion) else { return Verdict(formatOK: formatOK, status: .unparseable, parsed: nil) }
    let ok = MathAnswer.equivalent(pred, gold)
    let parsed = pred.utf8.count <= MathAnswer.maxAnswerBytes ? MathAnswer.normalize(pred) : String(pred.prefix(64))
    return Verdict(formatOK: formatOK, status: ok ? .correct : .wrong, parsed: parsed)
  }

  public static func extractAnswer(_ completion: String) -> String? {
    if let block = R1Format.answerBlock(completion) {
      // A box in the block decides, even when unterminated (then there is no answer).
      if block.utf8.contains(92), block.contains("\\boxed") || block.contains("\\fbox") { return MathAnswer.lastBoxed(block) }
      let t = MathText.trim(MathText.bytes(block))
      return t.isEmpty || t.count > 64 ? nil : MathText.string(t)
    }
    return MathAnswer.lastBoxed(completion)
  }

  /// Reads a MATH-style file: a JSON array (`.json`, as the deepscaler files) or JSONL.
  public static func load(path: String) throws -> [JSON] {
    let text = try String(contentsOfFileAt: path)
    if text.utf8.first(where: { !MathText.isSpace($0) }) == 91 {  // '['
      guard let rows = try JSON.parse(text, source: path).array else {
        throw JSONError(source: path, message: "expected a JSON array of records")
      }
      return rows
    }
    return try JSONLReader.readAll(path)
  }

  static func numberText(_ j: JSON) -> String? {
    switch j {
    case .int(let i): return String(i)
    case .double(let d):
      if d == d.rounded(), abs(d) < 1e15 { return String(Int(d)) }
      return String(d)
    case .string(let s): return s
    default: return nil
    }
  }

  static func name(_ record: JSON) -> String {
    "math record " + (record["unique_id"]?.string ?? record["id"]?.string ?? record["url"]?.string ?? "")
  }
}
