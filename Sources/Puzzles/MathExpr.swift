// A small parser and evaluator for normalised LaTeX answers: numbers, + - * / ^ !, implicit
// products (`2x`, `3\sqrt{2}`), \frac, \sqrt (with index), \pi, \infty, trig/log functions and
// variables (single letters or Greek commands). Two answers that are not the same text are judged
// by value: exactly where possible, otherwise by evaluating at fixed points (MathAnswer+Compare).
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

indirect enum MathExpr {
  case number(MathValue)
  case variable(String)
  case neg(MathExpr)
  case binary(Op, MathExpr, MathExpr)
  case function(Function, MathExpr)
  case root(MathExpr, index: MathExpr?)
  case factorial(MathExpr)

  enum Op { case add, sub, mul, div, pow }
  enum Function: String, CaseIterable {
    case sin, cos, tan, cot, sec, csc, arcsin, arccos, arctan, sinh, cosh, tanh, ln, log, exp
  }

  /// Parses a normalised answer (no spaces); nil when it is not an expression this grammar knows.
  static func parse(_ text: Bytes) -> MathExpr? {
    var p = MathExprParser(b: text)
    guard let e = p.sum(), p.i == text.count else { return nil }
    return e
  }

  var variables: Set<String> {
    switch self {
    case .number: return []
    case .variable(let v): return [v]
    case .neg(let a), .function(_, let a), .factorial(let a): return a.variables
    case .binary(_, let a, let b): return a.variables.union(b.variables)
    case .root(let a, let k): return a.variables.union(k?.variables ?? [])
    }
  }

  func evaluate(_ env: [String: Double]) -> MathValue {
    switch self {
    case .number(let v): return v
    case .variable(let v): return .real(env[v] ?? .nan)
    case .neg(let a): return -a.evaluate(env)
    case .binary(let op, let a, let b):
      let x = a.evaluate(env), y = b.evaluate(env)
      switch op {
      case .add: return x + y
      case .sub: return x - y
      case .mul: return x * y
      case .div: return x / y
      case .pow: return x.power(y)
      }
    case .root(let a, let k):
      let x = a.evaluate(env)
      guard let k else { return x.sqrt() }
      let n = k.evaluate(env)
      if case .exact(let kn, 1) = n, kn > 0, case .exact(let xn, 1) = x, xn != Int.min {  // exact integer roots
        // Int(Double) traps at 2^63: \sqrt[1]{9223372036854775807} rounds up to exactly that.
        let root = pow(Double(abs(xn)), 1 / Double(kn)).rounded()
        if root < 9.2e18, let m = Int(exactly: root) {
          let r = m * (xn < 0 && kn % 2 == 1 ? -1 : 1)
          if MathValue.exact(r, 1).power(.exact(kn, 1)) == x { return .exact(r, 1) }
        }
      }
      let xd = x.double, nd = n.double
      return .real(xd < 0 && nd.truncatingRemainder(dividingBy: 2) == 1 ? -pow(-xd, 1 / nd) : pow(xd, 1 / nd))
    case .factorial(let a):
      guard case .exact(let n, 1) = a.evaluate(env), n >= 0, n <= 20 else { return .real(.nan) }
      return .exact((1...max(n, 1)).reduce(1, *), 1)
    case .function(let f, let a):
      let x = a.evaluate(env).double
      switch f {
      case .sin: return .real(sin(x))
      case .cos: return .real(cos(x))
      case .tan: return .real(tan(x))
      case .cot: return .real(1 / Glibc.tan(x))
      case .sec: return .real(1 / Glibc.cos(x))
      case .csc: return .real(1 / Glibc.sin(x))
      case .arcsin: return .real(asin(x))
      case .arccos: return .real(acos(x))
      case .arctan: return .real(atan(x))
      case .sinh: return .real(sinh(x))
      case .cosh: return .real(cosh(x))
      case .tanh: return .real(tanh(x))
      case .ln: return .real(log(x))
      case .log: return .real(log10(x))
      case .exp: return .real(exp(x))
      }
    }
  }
}

/// Recursive descent over bytes; `depth` bounds nesting so hostile input cannot exhaust the stack.
struct MathExprParser {
  let b: Bytes
  var i = 0
  var depth = 0
  static let maxDepth = 100

  init(b: Bytes) { self.b = b }

  var peek: UInt8? { i < b.count ? b[i] : nil }

  func command(at j: Int) -> String? {
    guard j < b.count, b[j] == 92 else { return nil }
    var k = j + 1
    while k < b.count, MathText.isLetter(b[k]) { k += 1 }
    return k > j + 1 ? MathText.string(b[(j + 1)..<k]) : nil
  }

  /// One more level of a left-deep chain (`1+1+1...`): evaluating, freeing and listing the
  /// variables of the tree all recurse once per level, so chains count against `maxDepth` too.
  mutating func chainLevel() -> Bool {
    depth += 1
    return depth < Self.maxDepth
  }

  mutating func sum() -> MathExpr? {
    depth += 1
    let outer = depth
    defer { depth = outer - 1 }
    guard depth < Self.maxDepth, var lhs = product() else { return nil }
    while let c = peek, c == 43 || c == 45 {
      guard chainLevel() else { return nil }
      i += 1
      guard let rhs = product() else { return nil }
      lhs = .binary(c == 43 ? .add : .sub, lhs, rhs)
    }
    return lhs
  }

  mutating func product() -> MathExpr? {
    let outer = depth
    defer { depth = outer }
    guard var lhs = unary() else { return nil }
    while let c = peek {
      var op: MathExpr.Op? = nil
      if c == 42 { op = .mul; i += 1 } else if c == 47 { op = .div; i += 1 }
      else if let cmd = command(at: i), ["cdot", "times", "div"].contains(cmd) {
        op = cmd == "div" ? .div : .mul; i += cmd.utf8.count + 1
      }
      if let op {
        guard chainLevel(), let rhs = unary() else { return nil }
        lhs = .binary(op, lhs, rhs)
      } else if startsAtom(c) {
        guard chainLevel(), let rhs = power() else { return nil }  // implicit product binds like `*`
        lhs = .binary(.mul, lhs, rhs)
      } else {
        break
      }
    }
    return lhs
  }

  func startsAtom(_ c: UInt8) -> Bool {
    c == 40 || c == 123 || MathText.isLetter(c) || MathText.isDigit(c) || (c == 92 && command(at: i) != nil)
  }

  mutating func unary() -> MathExpr? {
    if peek == 45 || peek == 43 {
      depth += 1; defer { depth -= 1 }
      guard depth < Self.maxDepth else { return nil }
      let neg = peek == 45
      i += 1
      return neg ? unary().map { .neg($0) } : unary()
    }
    return power()
  }

  mutating func power() -> MathExpr? {
    depth += 1; defer { depth -= 1 }
    guard depth < Self.maxDepth, var base = atom() else { return nil }
    let outer = depth
    defer { depth = outer }
    while peek == 33 { guard chainLevel() else { return nil }; i += 1; base = .factorial(base) }
    if peek == 94 {
      i += 1
      if peek == 45 { i += 1; return exponent().map { .binary(.pow, base, .neg($0)) } }
      return exponent().map { .binary(.pow, base, $0) }
    }
    return base
  }

  /// `^{...}`, `^2`, `^x` (one character), or a full power for `^\pi`.
  mutating func exponent() -> MathExpr? {
    guard let c = peek else { return nil }
    if c == 123 || c == 92 || c == 40 { return power() }
    i += 1
    if MathText.isDigit(c) { return .number(.exact(Int(c) - 48, 1)) }
    if MathText.isLetter(c) { return .variable(String(UnicodeScalar(c))) }
    return nil
  }

  mutating func group(open: UInt8, close: UInt8) -> MathExpr? {
    guard peek == open else { return nil }
    i += 1
    guard let e = sum(), peek == close else { return nil }
    i += 1
    return e
  }

  mutating func atom() -> MathExpr? {
    guard let c = peek else { return nil }
    if MathText.isDigit(c) || c == 46 { return number() }
    if c == 40 { return group(open: 40, close: 41) }
    if c == 123 { return group(open: 123, close: 125) }
    if MathText.isLetter(c) { i += 1; return .variable(String(UnicodeScalar(c))) }
    guard let cmd = command(at: i) else { return nil }
    i += cmd.utf8.count + 1
    switch cmd {
    case "frac":
      guard let n = group(open: 123, close: 125), let d = group(open: 123, close: 125) else { return nil }
      return .binary(.div, n, d)
    case "sqrt":
      var index: MathExpr? = nil
      if peek == 91 { i += 1; guard let k = sum(), peek == 93 else { return nil }; i += 1; index = k }
      guard let a = peek == 123 ? group(open: 123, close: 125) : power() else { return nil }
      return .root(a, index: index)
    case "pi": return .number(.real(Double.pi))
    case "infty", "infinity": return .number(.real(.infinity))
    case "cdot", "times", "div", "cup", "cap", "in", "le", "ge", "leq", "geq", "neq", "pm", "mp": return nil
    default:
      if let f = MathExpr.Function(rawValue: cmd) {
        var exp: MathExpr? = nil  // \tan^2(x) is (\tan x)^2
        if peek == 94 { i += 1; guard let e = exponent() else { return nil }; exp = e }
        guard let a = peek == 40 || peek == 123 ? atom() : power() else { return nil }
        return exp.map { .binary(.pow, .function(f, a), $0) } ?? .function(f, a)
      }
      return .variable("\\" + cmd)
    }
  }

  mutating func number() -> MathExpr? {
    var num = 0, den = 1, exact = true, sawDigit = false, sawDot = false
    var text = Bytes()
    while let c = peek, MathText.isDigit(c) || (c == 46 && !sawDot && i + 1 < b.count && MathText.isDigit(b[i + 1])) {
      text.append(c); i += 1
      if c == 46 { sawDot = true; continue }
      sawDigit = true
      let (n1, o1) = num.multipliedReportingOverflow(by: 10)
      let (n2, o2) = n1.addingReportingOverflow(Int(c) - 48)
      num = n2
      if sawDot { let (d, o3) = den.multipliedReportingOverflow(by: 10); den = d; if o3 { exact = false } }
      if o1 || o2 { exact = false }
    }
    guard sawDigit else { return nil }
    if exact { return .number(.rational(num, den)) }
    return .number(.real(Double(MathText.string(text)) ?? .nan))
  }
}
