// Reads a puzzle back from its quiz text alone (for files without `statements`): the role words
// from the closing question, the names from "You meet N inhabitants: ...", then each saying
// matched against the known templates and its claim parsed ("If A then B", "A if and only if B",
// "A and B", "A or B", "X is [not] a knight"). Names that are prefixes of others (Jack, Jackson)
// are resolved by trying each name and keeping the reading that matches the whole template.

public enum KKQuizParser {
  static let meet = "You meet "
  static let question = " So who is "

  /// The puzzle in `quiz`. `words` (from the record's `knight_knave`) overrides what the closing
  /// question says.
  public static func parse(_ quiz: String, words given: KKRoleWords? = nil) throws -> KKPuzzle {
    let text = Substring(quiz.trimmingSpaces)
    guard let q = text.ranges(of: question).last else {
      throw KKParseError("quiz: expected the closing question \"So who is ... and who is ...?\"")
    }
    var words = given ?? .standard
    if given == nil {
      // "So who is a knight and who is a knave?"
      let tail = text[q.upperBound...]
      guard tail.hasSuffix("?"), let mid = tail.firstRange(of: " and who is ") else {
        throw KKParseError("quiz: cannot read the role words from \"\(tail)\"")
      }
      words = KKRoleWords(aKnight: String(tail[..<mid.lowerBound]), aKnave: String(tail[mid.upperBound...].dropLast()))
    }
    guard let m = text.firstRange(of: meet) else { throw KKParseError("quiz: expected \"You meet N inhabitants: ...\"") }
    let afterMeet = text[m.upperBound...]
    guard let colon = afterMeet.firstRange(of: " inhabitants: "), let count = Int(afterMeet[..<colon.lowerBound]) else {
      throw KKParseError("quiz: expected \"You meet N inhabitants:\" with a number N")
    }
    let listAndRest = afterMeet[colon.upperBound...]
    guard let dot = listAndRest.firstIndex(of: ".") else { throw KKParseError("quiz: the list of inhabitants has no final '.'") }
    let names = splitNames(listAndRest[..<dot])
    guard names.count == count, Set(names).count == count else {
      throw KKParseError("quiz: announced \(count) inhabitants, read \(names.count) distinct names \(names)")
    }
    // The sayings lie between the list and the closing question (found by libFuzzer: a list whose
    // '.' comes after the question made this range run backwards, a trap).
    guard listAndRest.index(after: dot) <= q.lowerBound else {
      throw KKParseError("quiz: the list of inhabitants must come before the closing question \"So who is ...\"")
    }
    var body = listAndRest[listAndRest.index(after: dot)..<q.lowerBound]
    var statements: [KKStatement?] = Array(repeating: nil, count: count)
    var sayings = Array(repeating: 0, count: count)
    let byLength = names.indices.sorted { names[$0].count > names[$1].count }
    while !body.isEmpty {
      body = body.drop { $0 == " " }
      if body.isEmpty { break }
      guard let (t, speaker, content, rest) = matchSaying(body, names: names, order: byLength) else {
        throw KKParseError("quiz: no known saying matches \"\(body.prefix(80))\"")
      }
      guard statements[speaker] == nil else { throw KKParseError("quiz: \(names[speaker]) speaks twice") }
      statements[speaker] = try claim(content, names: names, order: byLength, words: words)
      sayings[speaker] = t
      body = rest
    }
    let missing = names.indices.filter { statements[$0] == nil }
    guard missing.isEmpty else {
      throw KKParseError("quiz: no statement by \(missing.map { names[$0] }.joined(separator: ", "))")
    }
    return KKPuzzle(statements: statements.map { $0! }, names: names, words: words, sayings: sayings)
  }

  /// "A, B, and C" / "A, and B" / "A and B" -> names.
  static func splitNames(_ s: Substring) -> [String] {
    var parts = s.split(separator: ", ", omittingEmptySubsequences: false).map(String.init)
    if let last = parts.last, last.hasPrefix("and ") { parts[parts.count - 1] = String(last.dropFirst(4)) }
    if parts.count == 1, let r = parts[0].firstRange(of: " and ") {
      parts = [String(parts[0][..<r.lowerBound]), String(parts[0][r.upperBound...])]
    }
    return parts.filter { !$0.isEmpty }
  }

  enum Piece { case literal(String), name, content }

  static let templates: [[Piece]] = KKRender.sayings.map { t in
    var pieces: [Piece] = []
    var rest = Substring(t)
    while !rest.isEmpty {
      let n = rest.firstRange(of: "{name}"), c = rest.firstRange(of: "{content}")
      let next = [n, c].compactMap { $0 }.min { $0.lowerBound < $1.lowerBound }
      guard let r = next else { pieces.append(.literal(String(rest))); break }
      if r.lowerBound > rest.startIndex { pieces.append(.literal(String(rest[..<r.lowerBound]))) }
      pieces.append(r == n ? .name : .content)
      rest = rest[r.upperBound...]
    }
    return pieces
  }

  /// The first template that matches at the start of `s`: (template, speaker, claim text, rest).
  static func matchSaying(_ s: Substring, names: [String], order: [Int]) -> (Int, Int, Substring, Substring)? {
    for (t, pieces) in templates.enumerated() {
      if let (speaker, content, rest) = match(pieces[...], s, names: names, order: order, speaker: nil, content: nil) {
        return (t, speaker, content, rest)
      }
    }
    return nil
  }

  static func match(_ pieces: ArraySlice<Piece>, _ s: Substring, names: [String], order: [Int],
                    speaker: Int?, content: Substring?) -> (Int, Substring, Substring)? {
    guard let piece = pieces.first else {
      // A saying ends at the end of the body or before a space.
      guard let sp = speaker, let c = content, s.isEmpty || s.first == " " else { return nil }
      return (sp, c, s)
    }
    switch piece {
    case .literal(let lit):
      guard s.hasPrefix(lit) else { return nil }
      return match(pieces.dropFirst(), s.dropFirst(lit.count), names: names, order: order, speaker: speaker, content: content)
    case .name:
      for i in order where s.hasPrefix(names[i]) {
        if let r = match(pieces.dropFirst(), s.dropFirst(names[i].count), names: names, order: order, speaker: i, content: content) { return r }
      }
      return nil
    case .content:
      // Claims hold no '.', ',' or '"': the claim runs to the first of them.
      let end = s.firstIndex { $0 == "." || $0 == "," || $0 == "\"" } ?? s.endIndex
      guard end > s.startIndex else { return nil }
      return match(pieces.dropFirst(), s[end...], names: names, order: order, speaker: speaker, content: s[..<end])
    }
  }

  /// One claim in words -> statement.
  static func claim(_ c: Substring, names: [String], order: [Int], words: KKRoleWords) throws -> KKStatement {
    func leaf(_ x: Substring) throws -> KKStatement {
      for i in order where x.hasPrefix(names[i] + " is ") {
        var rest = x.dropFirst(names[i].count + 4)
        let negated = rest.hasPrefix("not ")
        if negated { rest = rest.dropFirst(4) }
        let s: KKStatement
        if rest == words.aKnight { s = .knight(i) } else if rest == words.aKnave { s = .knave(i) } else { continue }
        return negated ? .not(s) : s
      }
      throw KKParseError("quiz: cannot read the claim \"\(x)\" (expected \"NAME is [not] \(words.aKnight)/\(words.aKnave)\")")
    }
    func parts(_ sep: String) -> [Substring]? {
      let p = c.split(separator: sep, omittingEmptySubsequences: false)
      return p.count >= 2 ? p : nil
    }
    if c.hasPrefix("If "), let r = c.firstRange(of: " then ") {
      return .implies(try leaf(c[c.index(c.startIndex, offsetBy: 3)..<r.lowerBound]), try leaf(c[r.upperBound...]))
    }
    if let p = parts(" if and only if "), p.count == 2 { return .iff(try leaf(p[0]), try leaf(p[1])) }
    if let p = parts(" and ") { var out: [KKStatement] = []; for x in p { out.append(try leaf(x)) }; return .and(out) }
    if let p = parts(" or ") { var out: [KKStatement] = []; for x in p { out.append(try leaf(x)) }; return .or(out) }
    return try leaf(c)
  }
}

extension StringProtocol {
  var trimmingSpaces: SubSequence {
    let start = firstIndex { !$0.isWhitespace } ?? endIndex
    let end = lastIndex { !$0.isWhitespace }.map { index(after: $0) } ?? start
    return self[start..<end]
  }
}
