// Numbers of the math verifier: exact rationals while they stay exact (integers, decimals,
// fractions, perfect-square roots), doubles once anything irrational or overflowing enters.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum MathValue: Equatable {
  /// num/den in lowest terms, den > 0.
  case exact(Int, Int)
  case real(Double)

  static func rational(_ n: Int, _ d: Int) -> MathValue {
    guard d != 0 else { return .real(n == 0 ? .nan : (n > 0 ? .infinity : -.infinity)) }
    if n == Int.min || d == Int.min { return .real(Double(n) / Double(d)) }
    var g = gcd(abs(n), abs(d)); if g == 0 { g = 1 }
    let s = d < 0 ? -1 : 1
    return .exact(s * n / g, s * d / g)
  }

  static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

  var double: Double {
    switch self {
    case .exact(let n, let d): return Double(n) / Double(d)
    case .real(let x): return x
    }
  }

  var isInteger: Bool { if case .exact(_, 1) = self { return true }; return false }

  static func + (a: MathValue, b: MathValue) -> MathValue {
    if case .exact(let n1, let d1) = a, case .exact(let n2, let d2) = b {
      let (x, o1) = n1.multipliedReportingOverflow(by: d2)
      let (y, o2) = n2.multipliedReportingOverflow(by: d1)
      let (n, o3) = x.addingReportingOverflow(y)
      let (d, o4) = d1.multipliedReportingOverflow(by: d2)
      if !(o1 || o2 || o3 || o4) { return rational(n, d) }
    }
    return .real(a.double + b.double)
  }
  static prefix func - (a: MathValue) -> MathValue {
    if case .exact(let n, let d) = a, n != Int.min { return .exact(-n, d) }
    return .real(-a.double)
  }
  static func - (a: MathValue, b: MathValue) -> MathValue { a + (-b) }
  static func * (a: MathValue, b: MathValue) -> MathValue {
    if case .exact(let n1, let d1) = a, case .exact(let n2, let d2) = b {
      let (n, o1) = n1.multipliedReportingOverflow(by: n2)
      let (d, o2) = d1.multipliedReportingOverflow(by: d2)
      if !(o1 || o2) { return rational(n, d) }
    }
    return .real(a.double * b.double)
  }
  static func / (a: MathValue, b: MathValue) -> MathValue {
    if case .exact(let n2, let d2) = b, n2 != 0 { return a * rational(d2, n2) }
    return .real(a.double / b.double)
  }

  func power(_ e: MathValue) -> MathValue {
    if case .exact(var n, var d) = self, case .exact(let k, 1) = e, abs(k) <= 64 {
      if k < 0 { swap(&n, &d) }
      var rn = 1, rd = 1, ok = true
      for _ in 0..<abs(k) {
        let (x, o1) = rn.multipliedReportingOverflow(by: n), (y, o2) = rd.multipliedReportingOverflow(by: d)
        if o1 || o2 { ok = false; break }
        rn = x; rd = y
      }
      if ok { return MathValue.rational(rn, rd) }
    }
    if case .exact(1, 2) = e { return sqrt() }
    return .real(pow(double, e.double))
  }

  /// Exact when numerator and denominator are perfect squares, so that `\sqrt{9}` is the integer 3.
  func sqrt() -> MathValue {
    if case .exact(let n, let d) = self, n >= 0, let rn = MathValue.isqrt(n), let rd = MathValue.isqrt(d) {
      return .exact(rn, rd)
    }
    return .real(double.squareRoot())
  }

  static func isqrt(_ n: Int) -> Int? {
    guard n >= 0 else { return nil }
    let r = Int(Double(n).squareRoot().rounded())
    for c in max(0, r - 1)...(r + 1) where c.multipliedReportingOverflow(by: c) == (n, false) { return c }
    return nil
  }
}
