import Seeded

// The `enumerate` trace: a short, checkable enumeration a few-million-parameter model can learn
// (issue 16, item 3). Assignments are tried in a fixed order (all knights first, then counting in
// binary with the last person changing fastest, knave = 1); under each, the statements are judged
// in order and the try stops at the first contradiction; the first assignment under which every
// statement holds is the answer (a generated puzzle has exactly one).
//
// Every check line is local (an "inductive scratchpad", Abbe et al. 2024): it starts with a copy of
// the whole current assignment, so each role it needs sits a few tokens back, then the speaker with
// the speaker's role, the quoted claim, each atom of the claim with the atom's person's role and
// whether the atom holds, the claim's value, and the rule applied to the speaker's role:
//
//   Avery=knight Penelope=knave Elizabeth=knight | Penelope=knave says "Avery is a knave": Avery=knight no. false. knave false ok
//
// An atom is a leaf ("X is a knight", "X is a knave") or a negated leaf ("X is not a knight"); "yes"
// means the atom holds. The claim's value combines the atoms by its connective (and, or, if-then,
// if-and-only-if). The verdict is "ok" when the value matches the speaker's role (knight true,
// knave false), else "contradiction", which ends the try. The pilot in
// ../shared/reference/small-models-reasoning.md learnt this kind of trace from scratch in 40
// minutes at 3.7M parameters; its weak step (reading a role off the current try) is why every line
// here restarts with the assignment.
public enum KKEnumeration {
  /// The assignment tried at position `t` (0 = all knights): bit (n-1-i) of t set = person i a knave.
  public static func assignment(try t: Int, people n: Int) -> UInt64 {
    var a: UInt64 = 0
    for i in 0..<n where (t >> (n - 1 - i)) & 1 == 0 { a |= 1 << UInt64(i) }
    return a
  }

  /// "Avery=knight Penelope=knave Elizabeth=knight".
  public static func assignmentText(_ p: KKPuzzle, _ a: UInt64) -> String {
    (0..<p.people).map { p.names[$0] + "=" + role(p, $0, a) }.joined(separator: " ")
  }

  static func role(_ p: KKPuzzle, _ i: Int, _ a: UInt64) -> String {
    (a >> UInt64(i)) & 1 == 1 ? p.words.knight : p.words.knave
  }

  /// The atoms of a claim in reading order: leaves, and negated leaves as one atom.
  public static func atoms(_ s: KKStatement) -> [KKStatement] {
    switch s {
    case .knight, .knave: return [s]
    case .not(let x):
      if case .knight = x { return [s] }
      if case .knave = x { return [s] }
      return atoms(x)
    case .and(let ps), .or(let ps): return ps.flatMap(atoms)
    case .implies(let a, let b), .iff(let a, let b): return atoms(a) + atoms(b)
    }
  }

  /// The person an atom is about.
  static func person(_ atom: KKStatement) -> Int {
    switch atom {
    case .knight(let i), .knave(let i): return i
    case .not(let x): return person(x)
    default: return 0
    }
  }

  /// One check line of person `speaker`'s claim under `a`, split where a model's answer starts:
  /// `prompt` ends after the quoted claim and its colon, `judgement` is the rest (leading space
  /// included); `ok` whether the claim fits the speaker's role.
  public static func check(_ p: KKPuzzle, assignment a: UInt64, speaker i: Int) -> (prompt: String, judgement: String, ok: Bool) {
    let s = p.statements[i]
    let prompt = assignmentText(p, a) + " | " + p.names[i] + "=" + role(p, i, a) + " says \"" + p.content(i) + "\":"
    let atomText = atoms(s).map { at in
      let j = person(at)
      return p.names[j] + "=" + role(p, j, a) + (at.eval(a) ? " yes" : " no")
    }.joined(separator: ", ")
    let v = s.eval(a)
    let knight = (a >> UInt64(i)) & 1 == 1
    let ok = v == knight
    let judgement = " " + atomText + ". " + (v ? "true" : "false") + ". " + role(p, i, a) + " " + (v ? "true" : "false")
      + (ok ? " ok" : " contradiction")
    return (prompt, judgement, ok)
  }

  /// The think text (without tags) and the roles it concludes; nil when no assignment fits (a
  /// puzzle without a solution). Puzzles of more than 16 people are refused (2^16 tries).
  public static func think(_ p: KKPuzzle) -> (text: String, roles: [Bool])? {
    let n = p.people
    guard n >= 1, n <= 16 else { return nil }
    var lines: [String] = []
    for t in 0..<(1 << n) {
      let a = assignment(try: t, people: n)
      var fits = true
      for i in 0..<n {
        let c = check(p, assignment: a, speaker: i)
        lines.append(c.prompt + c.judgement)
        if !c.ok { fits = false; break }
      }
      if fits {
        let roles = KKPuzzle.roles(a, people: n)
        lines.append("All ok. Answer: " + p.solutionText(roles))
        return (lines.joined(separator: "\n"), roles)
      }
    }
    return nil
  }
}

extension KKEnumeration {
  /// A "judge" drill for the base corpus: one check line about a random claim (the generator's
  /// grammar and distribution) by a random person of `names` under a random assignment, split at the
  /// judgement. It teaches the one sub-skill a trace repeats (read roles off the line, evaluate the
  /// claim, apply the rule); no drill solves a puzzle.
  public static func judgeDrill(names: [String], rng: inout SeededRNG) -> (prompt: String, response: String) {
    let n = names.count
    let gen = KKGenerator(people: n, maxDepth: 2, maxWidth: 2)
    let speaker = rng.below(n)
    var statements = Array(repeating: KKStatement.knight(0), count: n)
    statements[speaker] = gen.statement(speaker: speaker, depth: 2, rng: &rng)
    let p = KKPuzzle(statements: statements, names: names)
    let a = rng.next() & ((1 << UInt64(n)) - 1)
    let c = check(p, assignment: a, speaker: speaker)
    return (c.prompt, c.judgement)
  }

  /// A "tries" drill: the check lines of a trace, but under assignments the search could not have
  /// predicted. A random puzzle of `names` (the generator's grammar); each try draws its assignment
  /// by flipping a random non-empty set of people of the last try's (each with probability 1/3; the
  /// first is uniform), then checks the speakers in order and stops at the first contradiction, as
  /// the trace does; 6-12 lines in all. Under the `enumerate` order a role can be guessed from how
  /// far the search has got; here only the current line tells it, while the last try's lines hold
  /// the same names with mostly the same roles. `prompt` is a fixed header, `response` the lines
  /// (each after a newline). No drill solves a puzzle. Measured 2026-12-07: 5,000 of them in phase 2
  /// did not teach the read by name (notebooks-md/2026-12-07-lookups.md); the "recall" drill did.
  public static func triesDrill(names: [String], rng: inout SeededRNG) -> (prompt: String, response: String) {
    let n = names.count
    let gen = KKGenerator(people: n, maxDepth: 2, maxWidth: 2)
    let p = KKPuzzle(statements: (0..<n).map { gen.statement(speaker: $0, depth: 2, rng: &rng) }, names: names)
    let mask: UInt64 = (1 << UInt64(n)) - 1
    let total = rng.int(in: 6...12)
    var a = rng.next() & mask
    var lines: [String] = []
    while lines.count < total {
      for i in 0..<n where lines.count < total {
        let c = check(p, assignment: a, speaker: i)
        lines.append(c.prompt + c.judgement)
        if !c.ok { break }
      }
      var flip: UInt64 = 0
      while flip == 0 {
        for i in 0..<n where rng.below(3) == 0 { flip |= 1 << UInt64(i) }
      }
      a ^= flip
    }
    return ("Checks under changing assignments:", lines.map { "\n" + $0 }.joined())
  }
}
