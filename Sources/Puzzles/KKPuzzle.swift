// A Knights & Knaves puzzle: one statement per person, the names, the role words, and how each
// statement was said (template index), so a record can be rendered and read back unchanged.

/// The role words (the record's `knight_knave`): "knight"/"knave" in the public files; other pairs
/// (mem-kk-logic's "a saint"/"a sinner", ...) work the same way everywhere.
public struct KKRoleWords: Equatable, Sendable {
  public var aKnight: String, aKnave: String
  public init(aKnight: String = "a knight", aKnave: String = "a knave") {
    self.aKnight = aKnight; self.aKnave = aKnave
  }
  /// The bare noun: "a knight" -> "knight", "an angel" -> "angel".
  public var knight: String { Self.noun(aKnight) }
  public var knave: String { Self.noun(aKnave) }
  public var capitalizedKnight: String { Self.capitalize(knight) }
  public var capitalizedKnave: String { Self.capitalize(knave) }

  static func noun(_ s: String) -> String {
    guard let space = s.firstIndex(of: " ") else { return s }
    return String(s[s.index(after: space)...])
  }
  static func capitalize(_ s: String) -> String { s.prefix(1).uppercased() + s.dropFirst() }

  public static let standard = KKRoleWords()
}

public struct KKPuzzle: Equatable, Sendable {
  public var statements: [KKStatement]
  public var names: [String]
  public var words: KKRoleWords
  /// Index into `KKRender.sayings` per person (how the quiz phrases each claim).
  public var sayings: [Int]

  public init(statements: [KKStatement], names: [String], words: KKRoleWords = .standard, sayings: [Int]? = nil) {
    precondition(statements.count == names.count, "KKPuzzle: \(statements.count) statements for \(names.count) names")
    self.statements = statements; self.names = names; self.words = words
    self.sayings = sayings ?? Array(repeating: 0, count: names.count)
  }

  public var people: Int { statements.count }

  /// Every consistent assignment (bit i set = person i is a knight), ascending: knights tell the
  /// truth and knaves lie, so person i's statement must have the value of "i is a knight".
  public static func solutions(_ statements: [KKStatement]) -> [UInt64] {
    consistency(statements).assignments
  }

  /// The table of consistent assignments.
  public static func consistency(_ statements: [KKStatement]) -> TruthTable {
    let n = statements.count
    var t = TruthTable.all(true, of: n)
    for (i, s) in statements.enumerated() {
      t = t & ~(TruthTable.person(i, of: n) ^ s.table(people: n))
      if t.isEmpty { break }
    }
    return t
  }

  public var solutions: [UInt64] { Self.solutions(statements) }

  /// The unique solution as one Bool per person (true = knight), nil when there are 0 or >= 2.
  public var solution: [Bool]? {
    let s = solutions
    guard s.count == 1 else { return nil }
    return Self.roles(s[0], people: people)
  }

  public static func roles(_ assignment: UInt64, people: Int) -> [Bool] {
    (0..<people).map { (assignment >> UInt64($0)) & 1 == 1 }
  }
  public static func assignment(_ roles: [Bool]) -> UInt64 {
    roles.enumerated().reduce(0) { $0 | ($1.element ? UInt64(1) << UInt64($1.offset) : 0) }
  }

  /// The canonical key of the statements (what "no duplicate puzzles" compares).
  public var key: String { KKStatement.python(statements) }
}
