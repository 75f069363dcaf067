// `choice`, the MMLU-Pro analogue of the embedded default: reasoning questions with ten options A-J
// (seeded distractors), the answer a letter. Records: `id`, `domain`, `difficulty`, `question` (the
// stem), `options` (10 strings), `answer` (a letter). The prompt body is stem + lettered options +
// how to answer. The letter is read as MMLU-Pro's evaluation does ("answer is (X)", then
// "Answer: X"), inside `<answer>` when present, else from the whole completion.
import JSON
import Seeded

public struct ChoiceDomain: DomainSpec {
  public init() {}
  public var domain: Domain { .choice }
  public var requiredFields: [String] { ["question", "options", "answer"] }
  public static let letters = Array("ABCDEFGHIJ")

  public func question(_ record: JSON) throws -> String {
    let stem = try TaskSplit.string(record, "question", domain: .choice)
    let options = try Self.options(record)
    let lines = options.enumerated().map { "\(Self.letters[$0.offset]). \($0.element)" }
    return stem + "\n\nOptions:\n" + lines.joined(separator: "\n") + "\n\n" + Self.instruction
  }

  public static let instruction = "Answer with the letter of the correct option, as in \"The answer is (C)\"."

  public func difficulty(_ record: JSON) -> String { TaskSplit.level(record) }

  public func verify(_ record: JSON, completion: String) throws -> Verdict {
    let gold = try TaskSplit.string(record, "answer", domain: .choice)
    let options = try Self.options(record)
    guard gold.count == 1, let g = gold.first, let k = Self.letters.firstIndex(of: g), k < options.count else {
      throw JSONError(source: "choice record \(record["id"]?.string ?? "")", path: "answer",
                      message: "expected one letter A-\(Self.letters[max(0, options.count - 1)]), got '\(gold)'")
    }
    let formatOK = R1Format.check(completion)
    guard let letter = Self.parseLetter(completion, options: options) else {
      return Verdict(formatOK: formatOK, status: .unparseable, parsed: nil)
    }
    return Verdict(formatOK: formatOK, status: letter == g ? .correct : .wrong, parsed: String(letter))
  }

  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] {
    try TaskSplit.generate(domain: .choice, split: split, count: count, seed: seed, difficulty: difficulty) { rng, level in
      let p = ChoiceProblem.make(level: level, rng: &rng)
      return .init(question: p.stem, fields: [("options", .array(p.options.map { .string($0) })), ("answer", .string(String(p.answer)))])
    }
  }

  static func options(_ record: JSON) throws -> [String] {
    guard let arr = record["options"]?.array, (2...10).contains(arr.count) else {
      throw JSONError(source: "choice record \(record["id"]?.string ?? "")", path: "options", message: "expected a list of 2 to 10 option strings")
    }
    return try arr.enumerated().map { k, o in
      if let s = o.string { return s }
      if let t = MathDomain.numberText(o) { return t }
      throw JSONError(source: "choice record \(record["id"]?.string ?? "")", path: "options[\(k)]", message: "expected a string, got \(o.kindName)")
    }
  }

  /// The chosen letter: the last "answer is (X)" / "answer is X", else the last "Answer: X", else an
  /// `<answer>` block that is just a letter (`C`, `(C)`, `C.`, `\boxed{C}`) or exactly one option's text.
  /// Only ASCII A-J count, so look-alike letters from other scripts give no answer.
  public static func parseLetter(_ completion: String, options: [String]) -> Character? {
    let block = R1Format.answerBlock(completion)
    let text = Array((block ?? completion).utf8)
    let valid = { (c: UInt8) -> Bool in c >= 65 && c < 65 + UInt8(options.count) }
    for marker in ["answer is", "answer:"] {
      let lower = text.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
      let hits = R1Format.occurrences(of: Array(marker.utf8), in: lower)
      for h in hits.reversed() {
        var i = h + marker.utf8.count
        while i < text.count, text[i] == 32 || text[i] == 40 || text[i] == 42 || text[i] == 36 { i += 1 }  // space ( * $
        if i < text.count, valid(text[i]), i + 1 >= text.count || !MathText.isLetter(text[i + 1]) {
          return Character(UnicodeScalar(text[i]))
        }
      }
    }
    guard let block else { return nil }
    var t = MathText.trim(Array(block.utf8))
    if let boxed = MathAnswer.lastBoxed(block) { t = MathText.trim(Array(boxed.utf8)) }
    while let f = t.first, f == 40 || f == 91 { t.removeFirst() }
    while let l = t.last, l == 41 || l == 93 || l == 46 { t.removeLast() }
    if t.count == 1, valid(t[0]) { return Character(UnicodeScalar(t[0])) }
    let trimmed = MathText.string(MathText.trim(Array(block.utf8)))
    if let k = options.firstIndex(of: trimmed), options.filter({ $0 == trimmed }).count == 1 { return letters[k] }
    return nil
  }
}
