// The teacher's search, as a list of events a trace narrates: assume a role for someone, derive
// what each decided speaker's claim then forces (knights' claims true, knaves' false), stop at a
// contradiction, back up to the last open choice and take the other role, and finish when everyone
// is decided. Propagation rules, for a claim S that must have value v under the decided people:
//   leaf            -> its person's role;               not X         -> X must be !v
//   and, v = true   -> every part true;                 or, v = false -> every part false
//   and, v = false  -> the one undecided part false when all others hold (dually for or, v = true)
//   A -> B, v false -> A true and B false;  v true: A true forces B, B false forces not A
//   A <=> B         -> once one side is known, the other side equals it (v) or its opposite (!v)
// A claim whose value is already fixed against v is a contradiction ("claim fails"); a forced role
// against a decided one is a clash. Branching is complete, so the search finds the solution.

/// A decided person's role, cited as the reason a claim forces something.
public struct KKFact: Equatable, Sendable {
  public var person: Int
  public var knight: Bool
}

public enum TraceEvent: Equatable, Sendable {
  /// Choice point: `person` is taken to be a knight/knave. `second` = the other option after the first failed.
  case assume(person: Int, knight: Bool, level: Int, second: Bool)
  /// `speaker`'s claim forces `target`'s role; `because` = already-decided parts of the claim used.
  case forced(speaker: Int, target: Int, knight: Bool, because: [KKFact])
  /// `speaker`'s claim would force `target` to the role opposite to what `target` already has.
  case clash(speaker: Int, target: Int, knight: Bool, because: [KKFact])
  /// `speaker`'s claim is fully decided and has the wrong value for `speaker`'s role.
  case claimFails(speaker: Int)
  /// `speaker` was just decided and their claim is already decided with the right value.
  case holds(speaker: Int)
  /// Undecided `speaker`'s claim is already decided by others: its value gives the speaker's role.
  case speakerRole(speaker: Int, knight: Bool)
  /// The assumption `person` = knight/knave led to a contradiction.
  case refuted(person: Int, knight: Bool, level: Int)
  /// Both roles of `person` failed: the choice one level up is wrong.
  case bothFail(person: Int, level: Int)
  /// Everyone decided without contradiction.
  case consistent
}

public struct TraceSearch {
  public let puzzle: KKPuzzle
  /// Role tried first at each choice point.
  public var knightFirst: Bool
  public private(set) var events: [TraceEvent] = []
  /// Events beyond this stop the search (keeps hostile inputs bounded; never reached on 2..12 people).
  public var maxEvents = 20_000

  public init(puzzle: KKPuzzle, knightFirst: Bool = true) {
    self.puzzle = puzzle; self.knightFirst = knightFirst
  }

  struct State {
    var a: UInt64 = 0, k: UInt64 = 0
    /// People in the order they were decided (claims are re-read in this order).
    var order: [Int] = []
    /// People whose claim was already looked at once since they were decided.
    var seen: UInt64 = 0
    /// Who was mentioned last (the next choice prefers them).
    var recent: [Int] = []
    func known(_ i: Int) -> Bool { (k >> UInt64(i)) & 1 == 1 }
    func role(_ i: Int) -> Bool { (a >> UInt64(i)) & 1 == 1 }
    mutating func set(_ i: Int, _ knight: Bool) {
      k |= UInt64(1) << UInt64(i)
      if knight { a |= UInt64(1) << UInt64(i) } else { a &= ~(UInt64(1) << UInt64(i)) }
      order.append(i)
    }
  }

  /// Runs the search; returns the roles found (nil only if the puzzle has no solution).
  public mutating func run() -> [Bool]? {
    events = []
    guard let s = dfs(State(), level: 0) else { return nil }
    return KKPuzzle.roles(s.a, people: puzzle.people)
  }

  mutating func dfs(_ start: State, level: Int) -> State? {
    var state = start
    guard propagate(&state), events.count < maxEvents else { return nil }
    if state.order.count == puzzle.people {
      events.append(.consistent)
      return state
    }
    let x = pick(state)
    for (n, role) in [knightFirst, !knightFirst].enumerated() {
      events.append(.assume(person: x, knight: role, level: level, second: n == 1))
      var next = state
      next.set(x, role)
      next.recent = puzzle.statements[x].mentioned
      if let done = dfs(next, level: level + 1) { return done }
      events.append(.refuted(person: x, knight: role, level: level))
    }
    events.append(.bothFail(person: x, level: level))
    return nil
  }

  /// The next person to decide: someone the last chosen speaker mentioned, else the first undecided.
  func pick(_ s: State) -> Int {
    for p in s.recent where !s.known(p) { return p }
    for p in s.order.reversed() { for q in puzzle.statements[p].mentioned where !s.known(q) { return q } }
    return (0..<puzzle.people).first { !s.known($0) }!
  }

  /// Derives forced roles to a fixpoint; false at a contradiction (its event already recorded).
  mutating func propagate(_ s: inout State) -> Bool {
    var changed = true
    while changed {
      changed = false
      var i = 0
      while i < s.order.count {
        let p = s.order[i]
        i += 1
        let claim = puzzle.statements[p], required = s.role(p)
        let first = (s.seen >> UInt64(p)) & 1 == 0
        s.seen |= UInt64(1) << UInt64(p)
        if let v = claim.value(s.a, known: s.k) {
          if v != required { events.append(.claimFails(speaker: p)); return false }
          if first { events.append(.holds(speaker: p)) }
          continue
        }
        var out: [(Int, Bool, [KKStatement])] = []
        Self.force(claim, required, s, &out, because: [])
        for (t, role, parts) in out {
          var because: [KKFact] = []
          for q in parts.flatMap(\.mentioned) where !because.contains(where: { $0.person == q }) {
            because.append(KKFact(person: q, knight: s.role(q)))
          }
          if s.known(t) {
            if s.role(t) != role { events.append(.clash(speaker: p, target: t, knight: role, because: because)); return false }
            continue
          }
          s.set(t, role)
          events.append(.forced(speaker: p, target: t, knight: role, because: because))
          changed = true
        }
      }
      if changed { continue }
      // An undecided speaker whose claim others have already decided: knight iff it is true.
      for p in 0..<puzzle.people where !s.known(p) {
        guard let v = puzzle.statements[p].value(s.a, known: s.k) else { continue }
        s.set(p, v)
        s.seen |= UInt64(1) << UInt64(p)
        events.append(.speakerRole(speaker: p, knight: v))
        changed = true
        break
      }
    }
    return true
  }

  /// The roles that `stmt` having value `v` forces under `s` (see the rules at the top).
  static func force(_ stmt: KKStatement, _ v: Bool, _ s: State, _ out: inout [(Int, Bool, [KKStatement])], because: [KKStatement]) {
    func val(_ x: KKStatement) -> Bool? { x.value(s.a, known: s.k) }
    switch stmt {
    case .knight(let i): out.append((i, v, because))
    case .knave(let i): out.append((i, !v, because))
    case .not(let x): force(x, !v, s, &out, because: because)
    case .and(let parts), .or(let parts):
      let isAnd: Bool = { if case .and = stmt { return true }; return false }()
      if isAnd == v {
        // and = true / or = false: every part has value v.
        for p in parts where val(p) == nil { force(p, v, s, &out, because: because) }
      } else {
        // and = false / or = true: if all parts but one are known and none decides it, the last one does.
        let known = parts.filter { val($0) != nil }
        guard !known.contains(where: { val($0) == v }) else { return }
        let open = parts.filter { val($0) == nil }
        if open.count == 1 { force(open[0], v, s, &out, because: because + known) }
      }
    case .implies(let a, let b):
      if !v {
        if val(a) == nil { force(a, true, s, &out, because: because) }
        if val(b) == nil { force(b, false, s, &out, because: because) }
      } else if val(a) == true, val(b) == nil {
        force(b, true, s, &out, because: because + [a])
      } else if val(b) == false, val(a) == nil {
        force(a, false, s, &out, because: because + [b])
      }
    case .iff(let a, let b):
      if let va = val(a), val(b) == nil { force(b, v ? va : !va, s, &out, because: because + [a]) }
      else if let vb = val(b), val(a) == nil { force(a, v ? vb : !vb, s, &out, because: because + [b]) }
    }
  }
}
