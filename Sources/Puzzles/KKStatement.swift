// The K&K statement grammar of mem-kk-logic: leaves "person i is a knight" ('telling-truth', i) and
// "person i is a knave" ('lying', i); `not`; `and`/`or` with two or more parts; if-then ('->');
// if-and-only-if ('<=>'). Depth counts as in mem-kk-logic: a leaf has depth 1, an operator over
// leaves depth 2 (the public files and our generator stay at depth <= 2; evaluation is general).

/// One person's claim.
public indirect enum KKStatement: Hashable, Sendable {
  case knight(Int)              // ('telling-truth', i)
  case knave(Int)               // ('lying', i)
  case not(KKStatement)
  case and([KKStatement])
  case or([KKStatement])
  case implies(KKStatement, KKStatement)
  case iff(KKStatement, KKStatement)

  /// True under `assignment` (bit i set = person i is a knight).
  public func eval(_ assignment: UInt64) -> Bool {
    switch self {
    case .knight(let i): return (assignment >> UInt64(i)) & 1 == 1
    case .knave(let i): return (assignment >> UInt64(i)) & 1 == 0
    case .not(let s): return !s.eval(assignment)
    case .and(let parts): return parts.allSatisfy { $0.eval(assignment) }
    case .or(let parts): return parts.contains { $0.eval(assignment) }
    case .implies(let a, let b): return !a.eval(assignment) || b.eval(assignment)
    case .iff(let a, let b): return a.eval(assignment) == b.eval(assignment)
    }
  }

  /// Truth value under a partial assignment (`known` bit set = person decided), nil when it
  /// still depends on someone undecided (three-valued, short-circuiting where the value is fixed).
  public func value(_ assignment: UInt64, known: UInt64) -> Bool? {
    switch self {
    case .knight(let i), .knave(let i):
      guard (known >> UInt64(i)) & 1 == 1 else { return nil }
      return eval(assignment)
    case .not(let s): return s.value(assignment, known: known).map { !$0 }
    case .and(let parts):
      var unknown = false
      for p in parts {
        switch p.value(assignment, known: known) {
        case .some(false): return false
        case nil: unknown = true
        default: break
        }
      }
      return unknown ? nil : true
    case .or(let parts):
      var unknown = false
      for p in parts {
        switch p.value(assignment, known: known) {
        case .some(true): return true
        case nil: unknown = true
        default: break
        }
      }
      return unknown ? nil : false
    case .implies(let a, let b):
      let va = a.value(assignment, known: known), vb = b.value(assignment, known: known)
      if va == false || vb == true { return true }
      if va == true && vb == false { return false }
      return nil
    case .iff(let a, let b):
      guard let va = a.value(assignment, known: known), let vb = b.value(assignment, known: known) else { return nil }
      return va == vb
    }
  }

  /// Nesting depth (leaf = 1).
  public var depth: Int {
    switch self {
    case .knight, .knave: return 1
    case .not(let s): return 1 + s.depth
    case .and(let p), .or(let p): return 1 + (p.map(\.depth).max() ?? 0)
    case .implies(let a, let b), .iff(let a, let b): return 1 + max(a.depth, b.depth)
    }
  }

  /// People mentioned, in order of appearance, with repeats (as mem-kk-logic lists them).
  public var mentioned: [Int] {
    switch self {
    case .knight(let i), .knave(let i): return [i]
    case .not(let s): return s.mentioned
    case .and(let p), .or(let p): return p.flatMap(\.mentioned)
    case .implies(let a, let b), .iff(let a, let b): return a.mentioned + b.mentioned
    }
  }

  public var isLeaf: Bool {
    switch self { case .knight, .knave: return true; default: return false }
  }

  /// The truth table over all 2^n assignments (bit a of the table = value under assignment a).
  public func table(people n: Int) -> TruthTable {
    switch self {
    case .knight(let i): return TruthTable.person(i, of: n)
    case .knave(let i): return ~TruthTable.person(i, of: n)
    case .not(let s): return ~s.table(people: n)
    case .and(let parts):
      return parts.dropFirst().reduce(parts[0].table(people: n)) { $0 & $1.table(people: n) }
    case .or(let parts):
      return parts.dropFirst().reduce(parts[0].table(people: n)) { $0 | $1.table(people: n) }
    case .implies(let a, let b): return ~a.table(people: n) | b.table(people: n)
    case .iff(let a, let b): return ~(a.table(people: n) ^ b.table(people: n))
    }
  }
}

/// A bitset over the 2^n assignments of n people (n <= 24), word-parallel boolean algebra.
public struct TruthTable: Equatable, Sendable {
  public var words: [UInt64]
  public let people: Int

  public static let maxPeople = 24

  init(words: [UInt64], people: Int) { self.words = words; self.people = people }

  /// Bits used in the last word when 2^n < 64.
  var lastMask: UInt64 { people >= 6 ? ~0 : (UInt64(1) << UInt64(1 << people)) &- 1 }

  public static func all(_ value: Bool, of n: Int) -> TruthTable {
    precondition(n >= 1 && n <= maxPeople, "TruthTable: people must be in 1...\(maxPeople), got \(n)")
    let count = max(1, (1 << n) / 64)
    var t = TruthTable(words: Array(repeating: value ? ~0 : 0, count: count), people: n)
    t.words[count - 1] &= t.lastMask
    return t
  }

  /// Assignments in which person i is a knight.
  public static func person(_ i: Int, of n: Int) -> TruthTable {
    precondition(i >= 0 && i < n, "TruthTable.person: index \(i) out of 0..<\(n)")
    var t = all(false, of: n)
    if i < 6 {
      // Within a word, bit a has (a >> i) & 1: a fixed pattern.
      let patterns: [UInt64] = [0xAAAA_AAAA_AAAA_AAAA, 0xCCCC_CCCC_CCCC_CCCC, 0xF0F0_F0F0_F0F0_F0F0,
                                0xFF00_FF00_FF00_FF00, 0xFFFF_0000_FFFF_0000, 0xFFFF_FFFF_0000_0000]
      for w in t.words.indices { t.words[w] = patterns[i] }
    } else {
      for w in t.words.indices where (w >> (i - 6)) & 1 == 1 { t.words[w] = ~0 }
    }
    t.words[t.words.count - 1] &= t.lastMask
    return t
  }

  public static prefix func ~ (a: TruthTable) -> TruthTable {
    var r = a
    for w in r.words.indices { r.words[w] = ~r.words[w] }
    r.words[r.words.count - 1] &= r.lastMask
    return r
  }
  public static func & (a: TruthTable, b: TruthTable) -> TruthTable {
    var r = a
    for w in r.words.indices { r.words[w] &= b.words[w] }
    return r
  }
  public static func | (a: TruthTable, b: TruthTable) -> TruthTable {
    var r = a
    for w in r.words.indices { r.words[w] |= b.words[w] }
    return r
  }
  public static func ^ (a: TruthTable, b: TruthTable) -> TruthTable {
    var r = a
    for w in r.words.indices { r.words[w] ^= b.words[w] }
    return r
  }

  public var isEmpty: Bool { words.allSatisfy { $0 == 0 } }
  public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

  /// The set assignments, ascending.
  public var assignments: [UInt64] {
    var out: [UInt64] = []
    for (w, word) in words.enumerated() {
      var x = word
      while x != 0 {
        let b = x.trailingZeroBitCount
        out.append(UInt64(w * 64 + b))
        x &= x - 1
      }
    }
    return out
  }
}
