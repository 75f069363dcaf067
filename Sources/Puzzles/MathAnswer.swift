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
    return p == g || compound(p, g)
  }

  // MARK: - Structure

  static func compound(_ p: Bytes, _ g: Bytes) -> Bool {
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
    let gs = MathText.splitTopLevel(g, on: 61), ps = MathText.splitTopLevel(p, on: 61)  // '='
    if gs.count == 2 || ps.count == 2 {
      guard gs.count == 2, ps.count == 2, let gl = MathExpr.parse(gs[0]), let gr = MathExpr.parse(gs[1]),
            let pl = MathExpr.parse(ps[0]), let pr = MathExpr.parse(ps[1]) else { return false }
      let gd = MathExpr.binary(.sub, gl, gr), pd = MathExpr.binary(.sub, pl, pr)
      return sameValue(pd, gd, integerGold: false) || sameValue(pd, .neg(gd), integerGold: false)
    }
    guard gs.count == 1, ps.count == 1, let ge = MathExpr.parse(g), let pe = MathExpr.parse(p) else { return false }
    return sameValue(pe, ge, integerGold: isIntegerLiteral(g))
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
