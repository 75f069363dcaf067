// Size limits on K&K puzzles read from files. Solving costs (parts of all statements) x 2^n / 64
// word operations (TruthTable), so a record with 24 people and statements of thousands of parts
// would keep `puzzles solve` busy for minutes: such records are refused with the reason.

public enum KKLimits {
  /// Longest `quiz` or `statements` text (the public files stay under 4 KiB).
  public static let maxQuizBytes = 1 << 16
  /// Most parts (leaves and operators) in one person's statement (the public files use <= 5).
  public static let maxStatementParts = 64
  /// Most truth-table word operations one puzzle may cost to solve (~0.1 s optimised).
  public static let maxSolveWork = 1 << 26

  /// Why `statements` are too large to solve, or nil.
  public static func check(_ statements: [KKStatement]) -> String? {
    var total = 0
    for (i, s) in statements.enumerated() {
      let parts = s.parts(limit: maxStatementParts + 1)
      if parts > maxStatementParts {
        return "statement \(i) has more than \(maxStatementParts) parts (limit KKLimits.maxStatementParts)"
      }
      total += parts
    }
    let words = max(1, (1 << min(statements.count, TruthTable.maxPeople)) / 64)
    let work = total.multipliedReportingOverflow(by: words)
    guard !work.overflow, work.partialValue <= maxSolveWork else {
      return "\(statements.count) people with \(total) statement parts would cost \(total) x \(words) table operations"
        + " to solve (limit \(maxSolveWork)): use fewer people or shorter statements"
    }
    return nil
  }

  /// The first name that occurs twice.
  public static func firstDuplicate(_ names: [String]) -> String? {
    var seen = Set<String>()
    for n in names where !seen.insert(n).inserted { return n }
    return nil
  }
}

extension KKStatement {
  /// Leaves and operators, counting stops once past `limit` (so a huge statement costs little).
  func parts(limit: Int) -> Int {
    var n = 0
    var stack = [self]
    while let s = stack.popLast() {
      n += 1
      if n > limit { return n }
      switch s {
      case .knight, .knave: break
      case .not(let a): stack.append(a)
      case .and(let p), .or(let p): stack.append(contentsOf: p)
      case .implies(let a, let b), .iff(let a, let b): stack.append(a); stack.append(b)
      }
    }
    return n
  }
}
