// Reading a K&K answer out of a completion, and the R1 tag check. The rules, precisely:
//
// Tags (`R1Format.check`, shared by every domain): `<think>`, `</think>`, `<answer>`, `</answer>` each occur exactly once, in
// that order. The caller passes the full completion (see `PromptFormat.fullCompletion` for a
// prompt that already ends with `<think>`).
//
// Answer block (`KKAnswer.block`): only text after the last `</think>` counts (the whole text
// when there is none), so an answer written only inside <think> is no answer. In that region
// the block is the text between the last `</answer>` and the nearest `<answer>` before it: with two
// blocks the last one is read (and the tag check fails); an `<answer>` never closed gives none.
//
// Claims (`KKAnswer.parse`): the block is cut into clauses at line breaks and before each
// enumeration marker "(k)". A clause must read `[(k) | k. | k)] NAME is [a|an] ROLE [.]` with NAME
// one of the puzzle's names exactly (Unicode look-alikes are other names) and ROLE the record's
// word for knight or knave (ASCII case-insensitive). A clause naming both roles, or a role with no
// valid reading, makes the answer unparseable; clauses without a role word ("Final answer:") are
// skipped. Every name must be claimed exactly once; a name not in the puzzle, a duplicate or a
// missing person makes it unparseable, with the reason kept in `KKAnswer.Problem`.
//
// Size: no length limit; every step is a linear scan (a line of 100k "(" included), so a
// 200k-character completion is judged like any other (tested), and the same text always gets the
// same verdict.

public struct KKAnswer: Equatable, Sendable {
  /// Role per puzzle person (true = knight).
  public var roles: [Bool]

  public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
    case noAnswerBlock
    case unknownName(String)
    case duplicate(String)
    case missing([String])
    case malformed(String)
    public var description: String {
      switch self {
      case .noAnswerBlock: return "no <answer>...</answer> block after </think>"
      case .unknownName(let n): return "name not in the puzzle: \(n)"
      case .duplicate(let n): return "name claimed twice: \(n)"
      case .missing(let ns): return "no claim for: \(ns.joined(separator: ", "))"
      case .malformed(let c): return "cannot read the claim: \(c.prefix(80))"
      }
    }
  }

  /// The answer block of a K&K completion: the last `<answer>...</answer>` after the last `</think>`.
  public static func block(_ completion: String) -> Substring? {
    var region = completion
    if let t = completion.ranges(of: "</think>").last { region = String(completion[t.upperBound...]) }
    return R1Format.answerBlock(region).map { Substring($0) }
  }

  /// Reads the block's claims against the puzzle's `names` and role words.
  public static func parse(_ block: Substring, names: [String], words: KKRoleWords = .standard) -> Result<KKAnswer, Problem> {
    let knight = words.knight.lowercased(), knave = words.knave.lowercased()
    var roles: [Bool?] = Array(repeating: nil, count: names.count)
    let index = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    for clause in clauses(block) {
      let lower = clause.lowercased()
      let hasKnight = lower.contains(knight), hasKnave = lower.contains(knave)
      if !hasKnight && !hasKnave { continue }
      if hasKnight && hasKnave { return .failure(.malformed(String(clause))) }
      guard let (name, role) = claim(clause, knight: knight, knave: knave) else {
        return .failure(.malformed(String(clause)))
      }
      guard let i = index[name] else { return .failure(.unknownName(name)) }
      guard roles[i] == nil else { return .failure(.duplicate(name)) }
      roles[i] = role
    }
    let missing = names.indices.filter { roles[$0] == nil }.map { names[$0] }
    guard missing.isEmpty else { return .failure(.missing(missing)) }
    return .success(KKAnswer(roles: roles.map { $0! }))
  }

  /// Clauses: lines, further cut before each "(k)" marker.
  static func clauses(_ block: Substring) -> [Substring] {
    var out: [Substring] = []
    for line in block.split(whereSeparator: { $0 == "\n" || $0 == "\r" }) {
      var start = line.startIndex
      var i = line.startIndex
      while i < line.endIndex {
        // "(k)": digits right after the "(" up to the ")". Only the digits are scanned (not the
        // rest of the line), so a line of 100k "(" stays linear.
        if line[i] == "(", i > start {
          var j = line.index(after: i)
          while j < line.endIndex, line[j].isASCII, line[j].isNumber { j = line.index(after: j) }
          if j > line.index(after: i), j < line.endIndex, line[j] == ")" {
            out.append(line[start..<i])
            start = i
          }
        }
        i = line.index(after: i)
      }
      out.append(line[start...])
    }
    return out.map { $0.trimmingSpaces }.filter { !$0.isEmpty }
  }

  /// `[(k) | k. | k)] NAME is [a|an] ROLE [.]` -> (NAME, knight?).
  static func claim(_ clause: Substring, knight: String, knave: String) -> (String, Bool)? {
    var s = clause
    // Enumeration marker.
    if s.first == "(", let close = s.firstIndex(of: ")"),
       s[s.index(after: s.startIndex)..<close].allSatisfy({ $0.isASCII && $0.isNumber }) {
      s = s[s.index(after: close)...].trimmingSpaces
    } else {
      let digits = s.prefix { $0.isASCII && $0.isNumber }
      if !digits.isEmpty, let next = s.dropFirst(digits.count).first, next == "." || next == ")" {
        s = s.dropFirst(digits.count + 1).trimmingSpaces
      }
    }
    if s.last == "." { s = s.dropLast() }
    // The name is everything before " is ".
    guard let isRange = s.firstRange(of: " is ") else { return nil }
    let name = String(s[..<isRange.lowerBound].trimmingSpaces)
    guard !name.isEmpty else { return nil }
    var role = s[isRange.upperBound...].trimmingSpaces.lowercased()[...]
    if role.hasPrefix("a ") { role = role.dropFirst(2) } else if role.hasPrefix("an ") { role = role.dropFirst(3) }
    if role == knight { return (name, true) }
    if role == knave { return (name, false) }
    return nil
  }

  /// The canonical text ("(1) A is a knight\n(2) ..."), used as `Verdict.parsed`.
  public func canonical(names: [String], words: KKRoleWords = .standard) -> String {
    zip(names, roles).enumerated().map { "(\($0.offset + 1)) \($0.element.0) is \($0.element.1 ? words.aKnight : words.aKnave)" }
      .joined(separator: "\n")
  }
}
