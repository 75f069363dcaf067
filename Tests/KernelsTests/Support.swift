import Testing
@testable import Kernels

/// SplitMix64: a seeded source of test data.
struct TestRNG {
  var state: UInt64
  init(_ seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
  /// Uniform in [-1, 1).
  mutating func uniform() -> Float { Float(Double(next() >> 11) / Double(1 << 53) * 2 - 1) }
  mutating func floats(_ n: Int, scale: Float = 1) -> [Float] { (0..<n).map { _ in uniform() * scale } }
  mutating func int(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

/// Counts elements outside |got - ref| <= abs + rel * |ref| and records one issue naming the worst.
func expectClose(_ got: [Float], _ ref: [Double], abs: Double, rel: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
  #expect(got.count == ref.count, "\(what): count \(got.count) vs \(ref.count)", sourceLocation: sourceLocation)
  var bad = 0, worst = 0.0, worstAt = -1
  for i in 0..<min(got.count, ref.count) {
    let err = Swift.abs(Double(got[i]) - ref[i])
    let allowed = abs + rel * Swift.abs(ref[i])
    if !(err <= allowed) {
      bad += 1
      if err - allowed > worst || worstAt < 0 { worst = err - allowed; worstAt = i }
    }
  }
  #expect(bad == 0, "\(what): \(bad) of \(got.count) outside tolerance; worst at \(worstAt): got \(worstAt >= 0 ? got[worstAt] : 0) ref \(worstAt >= 0 ? ref[worstAt] : 0)",
          sourceLocation: sourceLocation)
}

func expectClose(_ got: [Float], _ ref: [Float], abs: Double, rel: Double, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
  expectClose(got, ref.map(Double.init), abs: abs, rel: rel, what, sourceLocation: sourceLocation)
}

/// Central finite difference of a scalar fp64 function, one coordinate at a time.
func finiteDifference(_ x: [Double], h: Double = 1e-6, _ f: ([Double]) -> Double) -> [Double] {
  var x = x
  return (0..<x.count).map { i in
    let x0 = x[i]
    x[i] = x0 + h; let fp = f(x)
    x[i] = x0 - h; let fm = f(x)
    x[i] = x0
    return (fp - fm) / (2 * h)
  }
}

func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
func doubles(_ a: [Float]) -> [Double] { a.map(Double.init) }

/// Runs `body` with our parallel loops on `n` threads; with n = 1 chunks also run in reverse order,
/// a second schedule the result must not depend on. (Tests run concurrently, so the 2-thread run may
/// fall back to serial when the pool is busy: the reversed serial schedule keeps the check meaningful.
/// OpenBLAS's thread count is left alone: changing it while another test is inside sgemm is unsafe.)
func withThreads<R>(_ n: Int, _ body: () -> R) -> R {
  let old = Parallel.threads
  Parallel.threads = n
  Parallel.reverseSerialOrder = n == 1
  defer { Parallel.threads = old; Parallel.reverseSerialOrder = false }
  return body()
}

/// Bytes of a Float array, for bitwise comparisons.
func bits(_ a: [Float]) -> [UInt32] { a.map(\.bitPattern) }
