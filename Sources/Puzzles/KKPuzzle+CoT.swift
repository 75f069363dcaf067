// The short chain of thought stored in the public files (`cot_head`, `cot_repeat_steps`,
// `cot_foot`): mem-kk-logic's backtracking over people, trying "knight" first, visiting next the
// people the last speaker mentioned, and rejecting an assignment as soon as some decided person's
// claim can no longer take its required value whatever the undecided people are. Reproduced step
// for step so that our records carry the same fields (checked against all public records).

public enum KKCoTStep: Equatable, Sendable {
  case assume(person: Int, knight: Bool)
  /// `person` cannot have this role: `speaker`'s claim (required `speakerKnight`) fails.
  case conflict(person: Int, knight: Bool, speaker: Int, speakerKnight: Bool)
  /// Every option of `exhausted` failed; back to `person`.
  case reconsider(person: Int, exhausted: [Int])
}

extension KKPuzzle {
  public static let cotHead = "Let's think step by step, by considering whether each person is lying and if that leads to contradiction."
  public static let cotFootSuccess = "This leads to a feasible solution."
  public static let cotFootFail = "All the configurations lead to contradictions."

  /// The search tape and whether it ended in a solution.
  public func cotTape() -> (steps: [KKCoTStep], success: Bool) {
    let n = people
    let tables = statements.map { $0.table(people: n) }
    let personTables = (0..<n).map { TruthTable.person($0, of: n) }
    var assigned: [Bool?] = Array(repeating: nil, count: n)
    var options: [[Bool]] = Array(repeating: [false, true], count: n)
    var order = Array(0..<n)
    var cursor = 0
    var tape: [KKCoTStep] = []

    // The first decided person whose claim cannot take its required value, if any.
    func falsified() -> Int? {
      var mask = TruthTable.all(true, of: n)
      for i in 0..<n { if let k = assigned[i] { mask = mask & (k ? personTables[i] : ~personTables[i]) } }
      for p in 0..<n {
        guard let k = assigned[p] else { continue }
        if ((k ? tables[p] : ~tables[p]) & mask).isEmpty { return p }
      }
      return nil
    }

    while true {
      if cursor >= n { return (tape, true) }
      if options[order[cursor]].isEmpty {
        var exhausted: [Int] = []
        while cursor >= 0 && options[order[cursor]].isEmpty {
          options[order[cursor]] = [false, true]
          assigned[order[cursor]] = nil
          exhausted.append(order[cursor])
          cursor -= 1
        }
        guard cursor >= 0 else { return (tape, false) }
        tape.append(.reconsider(person: order[cursor], exhausted: exhausted))
      }
      let person = order[cursor]
      let role = options[person].removeLast()
      assigned[person] = role
      if let bad = falsified() {
        tape.append(.conflict(person: person, knight: role, speaker: bad, speakerKnight: assigned[bad]!))
      } else {
        tape.append(.assume(person: person, knight: role))
        cursor += 1
        var rest = Array(order[cursor...])
        for p in statements[person].mentioned.reversed() {
          guard let idx = rest.firstIndex(of: p) else { continue }
          rest.remove(at: idx)
          rest.insert(p, at: 0)
        }
        order = Array(order[..<cursor]) + rest
      }
    }
  }

  /// The `cot_repeat_steps` sentences.
  public func cotSteps(_ tape: [KKCoTStep]) -> [String] {
    tape.map { step in
      switch step {
      case .assume(let p, let k):
        return "Assume \(names[p]) is \(k ? words.aKnight : words.aKnave). No contradiction is found in their "
          + (k ? "" : "false ") + "claim that \(content(p))."
      case .conflict(let p, let k, let s, let sk):
        return "\(names[p]) cannot be \(k ? words.aKnight : words.aKnave), because this would contradict the "
          + (sk ? "" : "false ") + "claim of " + (s == p ? "their own" : names[s]) + " that \(content(s))."
      case .reconsider(let p, let ex):
        let who = ex.map { names[$0] }
        let list = who.count == 2 ? who.joined(separator: " and ") : KKRender.list(who)
        return "We have exhausted all possibilities for \(list), so let us go back and reconsider \(names[p])."
      }
    }
  }
}
