// What "the same question" means when checking for contamination, and an index of the committed
// test and validation files to check against (issue 16, item 6).
//   - Every domain: the question text normalised (ASCII case folded, runs of white space as one
//     space, trimmed): `question` for the synthetic domains, `problem` for math, `quiz` for K&K.
//   - K&K also: the names plus the statements ("named"), and the statements alone with each name
//     replaced by its index ("relabelled", `KKPuzzle.key`): the same puzzle with other names, or
//     other sayings, is the same puzzle.
import JSON

public enum QuestionKey {
  /// ASCII case folded, white space runs collapsed to one space, trimmed.
  public static func normalized(_ text: String) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(text.utf8.count)
    var space = false
    for b in text.utf8 {
      if b == 32 || b == 9 || b == 10 || b == 13 { space = !out.isEmpty; continue }
      if space { out.append(32); space = false }
      out.append(b >= 65 && b <= 90 ? b + 32 : b)
    }
    return String(decoding: out, as: UTF8.self)
  }

  /// The question text of a record of any domain (`question`, `problem`, `quiz`), or nil.
  public static func text(_ record: JSON) -> String? {
    record["question"]?.string ?? record["problem"]?.string ?? record["quiz"]?.string
  }

  /// The domain of a record as committed files hold it: K&K records carry `quiz` or `statements`,
  /// the synthetic domains a `domain` field, MATH-style records `problem`.
  public static func domain(_ record: JSON) -> Domain? {
    if record["statements"] != nil || record["quiz"] != nil { return .kk }
    if let d = record["domain"]?.string { return Domain(rawValue: d) }
    if record["problem"] != nil { return .math }
    return nil
  }

  /// The K&K keys of a puzzle: (names + statements, statements with names relabelled as indices).
  public static func kk(_ p: KKPuzzle) -> (named: String, relabelled: String) {
    (p.names.joined(separator: ",") + "|" + p.key, p.key)
  }

  /// The quiz of an R1/chat prompt holding a K&K question (a trace's `prompt`): the text after the
  /// last "User: " (or user turn) up to the answer instruction.
  public static func quiz(inPrompt prompt: String) -> String? {
    guard let body = userTurn(prompt) else { return nil }
    let b = Array(body.utf8)
    for marker in ["\n\n" + KKInstruction.text, "\n\nAfter thinking"] {
      if let end = R1Format.occurrences(of: Array(marker.utf8), in: b).first {
        return String(decoding: b[..<end], as: UTF8.self)
      }
    }
    return nil
  }

  /// The user's text of an R1 (`User: ...\nAssistant:`) or chat prompt; the whole prompt when it
  /// has neither marker.
  public static func userTurn(_ prompt: String) -> String? {
    let b = Array(prompt.utf8)
    for (open, close) in [("User: ", "\nAssistant:"), ("<|im_start|>user\n", "<|im_end|>")] {
      guard let start = R1Format.occurrences(of: Array(open.utf8), in: b).last else { continue }
      let from = start + open.utf8.count
      let rest = Array(b[from...])
      let end = R1Format.occurrences(of: Array(close.utf8), in: rest).first ?? rest.count
      return String(decoding: rest[..<end], as: UTF8.self)
    }
    return prompt
  }
}

/// The questions of a set of held-out files (test, validation), by every key of `QuestionKey`.
public struct HeldOutIndex: Sendable {
  /// Where a held-out question was found: file and 1-based line.
  public struct Place: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public init(file: String, line: Int) { self.file = file; self.line = line }
    public var description: String { "\(file):\(line)" }
  }

  public private(set) var texts: [Domain: [String: Place]] = [:]
  public private(set) var kkNamed: [String: Place] = [:]
  public private(set) var kkRelabelled: [String: Place] = [:]
  /// Records read per file, in the order given.
  public private(set) var files: [(path: String, records: Int)] = []

  public init() {}

  /// Reads every file: JSONL, or a JSON array (the AIME/AMC files; "line" is then the element's
  /// 1-based index). A record whose domain cannot be told, or a K&K record that cannot be read, is
  /// an error naming the file and line.
  public init(files paths: [String]) throws {
    for path in paths { try add(file: path) }
  }

  public mutating func add(file path: String) throws {
    let text = try String(contentsOfFileAt: path)
    var n = 0
    if text.utf8.first(where: { !MathText.isSpace($0) }) == UInt8(ascii: "[") {
      guard let rows = try JSON.parse(text, source: path).array else { throw JSONError(source: path, message: "expected a JSON array of records") }
      for (i, r) in rows.enumerated() { try add(r, place: Place(file: path, line: i + 1)); n += 1 }
    } else {
      let reader = try JSONLReader(path: path)
      while let r = try reader.next() { try add(r, place: Place(file: path, line: reader.lineNumber)); n += 1 }
    }
    files.append((path, n))
  }

  public mutating func add(_ record: JSON, place: Place) throws {
    guard let domain = QuestionKey.domain(record) else {
      throw JSONError(source: place.file, line: place.line,
                      message: "cannot tell the domain of this record (expected `quiz`/`statements` for kk, a `domain` field, or `problem` for math)")
    }
    if let t = QuestionKey.text(record) { texts[domain, default: [:]][QuestionKey.normalized(t)] = texts[domain]?[QuestionKey.normalized(t)] ?? place }
    if domain == .kk {
      let k = QuestionKey.kk(try KKPuzzle(record: record, source: place.file, line: place.line))
      if kkNamed[k.named] == nil { kkNamed[k.named] = place }
      if kkRelabelled[k.relabelled] == nil { kkRelabelled[k.relabelled] = place }
    }
  }

  /// The statement keys of every held-out K&K puzzle (what a K&K generator must not draw).
  public var kkKeys: Set<String> { Set(kkRelabelled.keys) }

  public var isEmpty: Bool { texts.isEmpty && kkRelabelled.isEmpty }

  /// The held-out question `record` (of `domain`) repeats, by any key; nil when none.
  public func match(_ record: JSON, domain: Domain) -> Place? {
    if domain == .kk, let p = try? KKPuzzle(record: record, source: "", line: 0) {
      if let hit = match(puzzle: p) { return hit }
    }
    guard let t = QuestionKey.text(record) else { return nil }
    return texts[domain]?[QuestionKey.normalized(t)]
  }

  /// The held-out K&K puzzle `p` repeats (named, or relabelled); nil when none.
  public func match(puzzle p: KKPuzzle) -> Place? {
    let k = QuestionKey.kk(p)
    return kkNamed[k.named] ?? kkRelabelled[k.relabelled]
  }

  /// The held-out question in an R1/chat `prompt` (a trace, a corpus item). K&K: the quiz read
  /// back into a puzzle (named and relabelled keys), then its normalised text; other domains: a
  /// held-out question the normalised user turn starts with (prompts are question + instruction).
  public func match(prompt: String, domain: Domain) -> Place? {
    if domain == .kk, let quiz = QuestionKey.quiz(inPrompt: prompt) {
      if let p = try? KKQuizParser.parse(quiz), let hit = match(puzzle: p) { return hit }
      if let hit = texts[.kk]?[QuestionKey.normalized(quiz)] { return hit }
    }
    guard let turn = QuestionKey.userTurn(prompt) else { return nil }
    let n = QuestionKey.normalized(turn)
    if let hit = texts[domain]?[n] { return hit }
    for (q, place) in texts[domain] ?? [:] where n.hasPrefix(q) && Self.endsAtBoundary(n, after: q) { return place }
    return nil
  }

  /// Whether the held-out question `q`, a prefix of the normalised turn `n`, ends where a word ends
  /// there: "... == 3" is not the question "... == 30" (a code question ending in its last example).
  static func endsAtBoundary(_ n: String, after q: String) -> Bool {
    let rest = n.utf8.dropFirst(q.utf8.count)
    guard let next = rest.first, let last = q.utf8.last else { return true }
    func word(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 97 && b <= 122) || b == 95 }
    return !(word(last) && word(next))
  }
}
