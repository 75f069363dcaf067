// The math answer verifier: the last `\boxed{}` of a completion, normalisation, and equivalence of a
// predicted answer with the gold one (the MATH-style domains `math` and `arith` both use it).
//
// Equivalence, in order: equal normalised text; then structure (`\cup` unions, bracketed tuples and
// intervals with the same bracket kinds, unbracketed lists, all element by element and in order;
// `\{...\}` sets in any order; equations side by side); then value. Values compare exactly when both
// are rationals; an integer gold answer needs a prediction whose value is exactly that integer
// (so 2.9999 is not 3); any other number matches within |p - g| <= 1e-4 * |g| + 1e-9 (relative 1e-4
// as in Qwen2.5-Math's grader, so 0.3333 matches 1/3 but 0.333 does not). Expressions with variables
// match when they agree at three fixed points to 1e-6 relative (rounding only; the points are
// irrational-looking so that distinct polynomials of low degree do not agree by chance).

public enum MathAnswer {
  /// Predictions longer than this are judged wrong without parsing (no answer in the sets used here
  /// comes near it; bounds the work a hostile completion can cause).
  public static let maxAnswerBytes = 4096

  /// The content of the last `\boxed{...}` / `\fbox{...}` (nested braces allowed) or `\boxed 5`
  /// (up to `$` or the end of the line). nil when there is none, or when the last one is unterminated.
  public static func lastBoxed(_ text: String) -> String? {
    let b = MathText.bytes(text)
    let names = [MathText.bytes("\\boxed"), MathText.bytes("\\fbox")]
    var i = b.count - 1
    while i >= 0 {
      defer { i -= 1 }
      guard b[i] == 92, let name = names.first(where: { MathText.hasPrefix(b, $0, at: i) }) else { continue }
      let j = i + name.count
      if j < b.count, b[j] == 123 {
        guard let close = MathText.matchingBrace(b, from: j) else { return nil }
        return MathText.string(b[(j + 1)..<close])
      }
      if j < b.count, b[j] == 32 {
        var k = j
        while k < b.count, b[k] != 36, b[k] != 10 { k += 1 }
        let inner = MathText.trim(Array(b[j..<k]))
        if !inner.isEmpty { return MathText.string(inner) }
      }
    }
    return nil
  }

  /// Whether `pred` is the same answer as `gold` (see the rules at the top of this file).
  public static func equivalent(_ pred: String, _ gold: String) -> Bool {
    let pb = MathText.bytes(pred), gb = MathText.bytes(gold)
    guard pb.count <= maxAnswerBytes, gb.count <= maxAnswerBytes else { return false }
    let p = normalizeBytes(pb), g = normalizeBytes(gb)
    guard !p.isEmpty, !g.isEmpty else { return false }
    if p == g { return true }
    // Two equations compare whole (`y = 2x + 1` vs `2x - y + 1 = 0`) before `y =` is dropped.
    let pe = normalizeBytes(pb, stripLHS: false), ge = normalizeBytes(gb, stripLHS: false)
    if MathText.splitTopLevel(pe, on: 61).count == 2, MathText.splitTopLevel(ge, on: 61).count == 2, scalar(pe, ge) { return true }
    return compound(p, g)
  }

  // MARK: - Structure

  static func compound(_ p: Bytes, _ g: Bytes) -> Bool {
    if let gm = matrix(g) {
      guard let pm = matrix(p), pm.count == gm.count else { return false }
      return zip(pm, gm).allSatisfy { pr, gr in pr.count == gr.count && zip(pr, gr).allSatisfy { $0 == $1 || compound($0, $1) } }
    }
    // `a \pm b` is the pair a + b, a - b: it matches a two-element list in either order, or another `\pm`.
    let gpm = MathText.splitTopLevel(g, onWord: "\\pm")
    if gpm.count == 2 {
      let plus = gpm[0] + [43] + gpm[1], minus = gpm[0] + [45] + gpm[1]
      let ppm = MathText.splitTopLevel(p, onWord: "\\pm")
      if ppm.count == 2 { return compound(ppm[0] + [43] + ppm[1], plus) && compound(ppm[0] + [45] + ppm[1], minus) }
      let pe = MathText.splitTopLevel(p, on: 44)
      return pe.count == 2 && sameMultiset(pe, [plus, minus])
    }
    let gu = MathText.splitTopLevel(g, onWord: "\\cup"), pu = MathText.splitTopLevel(p, onWord: "\\cup")
    if gu.count > 1 || pu.count > 1 {
      return gu.count == pu.count && zip(pu, gu).allSatisfy { $0 == $1 || compound($0, $1) }
    }
    if let gs = bracketed(g) {
      guard let ps = bracketed(p), ps.open == gs.open, ps.close == gs.close else { return false }
      let ge = MathText.splitTopLevel(gs.inner, on: 44), pe = MathText.splitTopLevel(ps.inner, on: 44)
      guard ge.count == pe.count else { return false }
      if gs.open == "\\{" { return sameMultiset(pe, ge) }
      return zip(pe, ge).allSatisfy { $0 == $1 || compound($0, $1) }
    }
    let ge = MathText.splitTopLevel(g, on: 44)
    if ge.count > 1 {
      if bracketed(p) != nil { return false }
      let pe = MathText.splitTopLevel(p, on: 44)
      return pe.count == ge.count && zip(pe, ge).allSatisfy { $0 == $1 || compound($0, $1) }
    }
    return scalar(p, g)
  }

  /// Rows and cells of `\begin{pmatrix} a & b ; c & d \end{pmatrix}` (rows were `\\`), empty rows dropped.
  static func matrix(_ b: Bytes) -> [[Bytes]]? {
    let open = MathText.bytes("\\begin{pmatrix}"), close = MathText.bytes("\\end{pmatrix}")
    guard b.count >= open.count + close.count, MathText.hasPrefix(b, open, at: 0),
          MathText.hasPrefix(b, close, at: b.count - close.count) else { return nil }
    let inner = Array(b[open.count..<(b.count - close.count)])
    let rows = MathText.splitTopLevel(inner, on: 59).filter { !$0.isEmpty }  // ';'
    return rows.map { MathText.splitTopLevel($0, on: 38) }  // '&'
  }

  /// A bracketed list: `(a,b)`, `[a,b)`, `\{a,b\}` whose first bracket closes at the very end and
  /// which holds a top-level comma (a lone `(3)` is a parenthesised number, not a tuple).
  static func bracketed(_ b: Bytes) -> (open: String, close: String, inner: Bytes)? {
    guard b.count >= 2 else { return nil }
    var open = "", close = "", lo = 0, hi = b.count
    if MathText.hasPrefix(b, MathText.bytes("\\{"), at: 0), MathText.hasPrefix(b, MathText.bytes("\\}"), at: b.count - 2) {
      open = "\\{"; close = "\\}"; lo = 2; hi = b.count - 2
    } else if b[0] == 40 || b[0] == 91, b[b.count - 1] == 41 || b[b.count - 1] == 93 {
      open = String(UnicodeScalar(b[0])); close = String(UnicodeScalar(b[b.count - 1])); lo = 1; hi = b.count - 1
    } else {
      return nil
    }
    guard lo <= hi else { return nil }
    let inner = Array(b[lo..<hi])
    // The outer pair must enclose everything: inner brackets balance and never go below zero.
    var depth = 0, k = 0
    while k < inner.count {
      let c = inner[k]
      if c == 92 { k += 2; continue }
      if c == 40 || c == 91 || c == 123 { depth += 1 }
      if c == 41 || c == 93 || c == 125 { depth -= 1; if depth < 0 { return nil } }
      k += 1
    }
    guard depth == 0, MathText.splitTopLevel(inner, on: 44).count > 1 else { return nil }
    return (open, close, inner)
  }

  static func sameMultiset(_ p: [Bytes], _ g: [Bytes]) -> Bool {
    var used = [Bool](repeating: false, count: p.count)
    for ge in g {
      guard let k = p.indices.first(where: { !used[$0] && (p[$0] == ge || compound(p[$0], ge)) }) else { return false }
      used[k] = true
    }
    return true
  }

  // MARK: - Values

  static func scalar(_ p: Bytes, _ g: Bytes) -> Bool {
    if p == g { return true }
    if let gr = relation(g) {
      guard let pr = relation(p), pr.op == gr.op else { return false }
      return (pr.lhs == gr.lhs || scalar(pr.lhs, gr.lhs)) && (pr.rhs == gr.rhs || scalar(pr.rhs, gr.rhs))
    }
    if relation(p) != nil { return false }
    let gs = MathText.splitTopLevel(g, on: 61), ps = MathText.splitTopLevel(p, on: 61)  // '='
    if gs.count == 2 || ps.count == 2 {
      guard gs.count == 2, ps.count == 2, let gl = MathExpr.parse(gs[0]), let gr = MathExpr.parse(gs[1]),
            let pl = MathExpr.parse(ps[0]), let pr = MathExpr.parse(ps[1]) else { return false }
      return proportional(.binary(.sub, pl, pr), .binary(.sub, gl, gr))
    }
    guard gs.count == 1, ps.count == 1, let ge = MathExpr.parse(g), let pe = MathExpr.parse(p) else { return false }
    return sameValue(pe, ge, integerGold: isIntegerLiteral(g))
  }

  /// One top-level `<`, `<=`, `>`, `>=` or `!=`, turned around so the operator is `<`, `<=` or `!=`.
  static func relation(_ b: Bytes) -> (lhs: Bytes, op: String, rhs: Bytes)? {
    var depth = 0, found: (Int, Int, String)? = nil, i = 0
    while i < b.count {
      let c = b[i]
      if c == 40 || c == 91 || c == 123 { depth += 1 } else if c == 41 || c == 93 || c == 125 { depth -= 1 }
      if depth == 0, c == 60 || c == 62 || (c == 33 && i + 1 < b.count && b[i + 1] == 61) {
        guard found == nil else { return nil }  // chains like a < x < b stay text
        let two = i + 1 < b.count && b[i + 1] == 61
        found = (i, two ? 2 : 1, MathText.string(b[i..<(i + (two ? 2 : 1))]))
        i += two ? 2 : 1
        continue
      }
      i += 1
    }
    guard let (at, len, op) = found else { return nil }
    let l = Array(b[..<at]), r = Array(b[(at + len)...])
    switch op {
    case ">": return (r, "<", l)
    case ">=": return (r, "<=", l)
    default: return (l, op, r)
    }
  }

  /// Whether `p` is a nonzero constant multiple of `g` (the same equation `p = 0` as `g = 0`),
  /// judged at four fixed points to 1e-6 relative.
  static func proportional(_ p: MathExpr, _ g: MathExpr) -> Bool {
    let vars = g.variables
    guard p.variables == vars else { return false }
    var ratio: Double? = nil, compared = 0
    for (k, base) in (points + [3.1415926535]).enumerated() {
      var env: [String: Double] = [:]
      for (j, v) in vars.sorted().enumerated() { env[v] = base + 0.3183098861 * Double(j) + 0.1 * Double(k * j) }
      let gv = g.evaluate(env).double, pv = p.evaluate(env).double
      guard gv.isFinite, pv.isFinite else { continue }
      if abs(gv) < 1e-12 { guard abs(pv) < 1e-9 else { return false }; continue }
      let r = pv / gv
      if let ratio { guard close(r, ratio, rel: 1e-6) else { return false } } else { ratio = r }
      compared += 1
    }
    return compared >= 2 && (ratio.map { abs($0) > 1e-12 } ?? false)
  }

  static func isIntegerLiteral(_ g: Bytes) -> Bool {
    let d = g.first == 45 ? g.dropFirst() : g[...]
    return !d.isEmpty && d.allSatisfy(MathText.isDigit)
  }

  static let points: [Double] = [0.6180339887, 1.4142135623, 2.7182818284]

  static func sameValue(_ p: MathExpr, _ g: MathExpr, integerGold: Bool) -> Bool {
    let vars = g.variables
    guard p.variables == vars else { return false }
    if vars.isEmpty {
      let gv = g.evaluate([:]), pv = p.evaluate([:])
      if integerGold { return pv.isInteger && pv == gv }
      if case .exact = gv, case .exact = pv, gv == pv { return true }
      return close(pv.double, gv.double, rel: 1e-4)
    }
    var compared = 0
    for (k, base) in points.enumerated() {
      var env: [String: Double] = [:]
      for (j, v) in vars.sorted().enumerated() { env[v] = base + 0.3183098861 * Double(j) + 0.1 * Double(k * j) }
      let gv = g.evaluate(env).double, pv = p.evaluate(env).double
      if gv.isNaN && pv.isNaN { continue }
      guard close(pv, gv, rel: 1e-6) else { return false }
      compared += 1
    }
    return compared > 0
  }

  static func close(_ p: Double, _ g: Double, rel: Double) -> Bool {
    if p.isNaN || g.isNaN { return false }
    if p.isInfinite || g.isInfinite { return p == g }
    return abs(p - g) <= rel * abs(g) + 1e-9
  }
}
