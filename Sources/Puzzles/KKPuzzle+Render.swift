// Natural-language rendering in the public files' exact wording (mem-kk-logic's formatter):
// the island preamble, "You meet N inhabitants: A, B, and C.", one saying per person, the question.

public enum KKRender {
  /// The ways a claim is reported; `{name}` and `{content}` are filled in.
  public static let sayings: [String] = [
    "{name} said that {content}.",
    "{name} told you that {content}.",
    "{name} said, \"{content}.\"",
    "{name} stated, \"{content}\".",
    "According to {name}, \"{content}\".",
    "In {name}'s words: \"{content}\".",
    "{name} remarked, \"{content}\".",
    "\"{content},\" {name} declared.",
    "{name} was heard saying, \"{content}\".",
    "{name} expressed that {content}.",
    "\"{content}\" - {name}.",
    "As {name} put it, \"{content}\".",
    "{name} asserted: \"{content}\".",
    "\"{content},\" {name} mentioned.",
    "{name} commented, \"{content}\".",
    "In a statement by {name}: \"{content}\".",
    "{name} noted, \"{content}\".",
    "\"{content},\" {name} claimed.",
  ]

  /// The first names the public files draw from (mem-kk-logic's list).
  public static let commonNames: [String] = [
    "Emma", "Liam", "Olivia", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Isabella", "William", "Mia",
    "James", "Charlotte", "Benjamin", "Amelia", "Lucas", "Harper", "Henry", "Evelyn", "Alexander",
    "Abigail", "Michael", "Emily", "Daniel", "Elizabeth", "Jacob", "Sofia", "Logan", "Avery", "Jackson",
    "Ella", "Sebastian", "Scarlett", "Jack", "Grace", "Aiden", "Chloe", "Owen", "Victoria", "Samuel",
    "Riley", "Matthew", "Aria", "Joseph", "Lily", "Luke", "Aurora", "David", "Zoey", "Oliver", "Penelope",
  ]

  static func fill(_ template: String, name: String, content: String) -> String {
    template.replacing("{name}", with: name).replacing("{content}", with: content)
  }

  /// "X is a knight" / "X is not a knave".
  static func leaf(_ s: KKStatement, names: [String], words: KKRoleWords, negated: Bool = false) -> String? {
    switch s {
    case .knight(let i): return names[i] + " is " + (negated ? "not " : "") + words.aKnight
    case .knave(let i): return names[i] + " is " + (negated ? "not " : "") + words.aKnave
    default: return nil
    }
  }

  /// The claim's text. Depth <= 2 reads exactly as the public files; deeper claims (never
  /// generated, possible in foreign `statements`) get a bracketed fallback so nothing crashes.
  public static func content(_ s: KKStatement, names: [String], words: KKRoleWords) -> String {
    func sub(_ x: KKStatement) -> String {
      leaf(x, names: names, words: words) ?? "(" + content(x, names: names, words: words) + ")"
    }
    switch s {
    case .knight, .knave: return leaf(s, names: names, words: words)!
    case .not(let x):
      return leaf(x, names: names, words: words, negated: true) ?? "it is not the case that " + sub(x)
    case .and(let p): return p.map(sub).joined(separator: " and ")
    case .or(let p): return p.map(sub).joined(separator: " or ")
    case .implies(let a, let b): return "If " + sub(a) + " then " + sub(b)
    case .iff(let a, let b): return sub(a) + " if and only if " + sub(b)
    }
  }

  /// "A, B, and C" (mem-kk-logic writes "A, and B" for two; we keep it so files stay identical).
  static func list(_ items: [String]) -> String {
    guard items.count > 1 else { return items.first ?? "" }
    return items.dropLast().joined(separator: ", ") + ", and " + items[items.count - 1]
  }

  static func preamble(_ w: KKRoleWords) -> String {
    "A very special island is inhabited only by \(w.knight)s and \(w.knave)s. \(w.capitalizedKnight)s always tell the truth, and \(w.knave)s always lie. "
  }
}

extension KKPuzzle {
  /// The claim of person i in words.
  public func content(_ i: Int) -> String { KKRender.content(statements[i], names: names, words: words) }
  public func content(of s: KKStatement) -> String { KKRender.content(s, names: names, words: words) }

  /// The record's `quiz`.
  public var quiz: String {
    var text = KKRender.preamble(words) + "You meet \(people) inhabitants: " + KKRender.list(names) + "."
    for i in 0..<people {
      let t = KKRender.sayings[sayings[i] % KKRender.sayings.count]
      text += " " + KKRender.fill(t, name: names[i], content: content(i))
    }
    text += " So who is \(words.aKnight) and who is \(words.aKnave)?"
    return text
  }

  /// "Name is a knight" per person under `roles`.
  public func roleSentences(_ roles: [Bool]) -> [String] {
    zip(names, roles).map { $0 + " is " + ($1 ? words.aKnight : words.aKnave) }
  }
  /// The record's `solution_text`: "A is a knight, B is a knave, and C is a knight."
  public func solutionText(_ roles: [Bool]) -> String { KKRender.list(roleSentences(roles)) + "." }
  /// The record's `solution_text_format`: "(1) A is a knight\n(2) ...".
  public func solutionTextFormat(_ roles: [Bool]) -> String {
    roleSentences(roles).enumerated().map { "(\($0.offset + 1)) \($0.element)" }.joined(separator: "\n")
  }
}
