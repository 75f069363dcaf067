import Testing
import Foundation
@testable import Kernels

// Forward: fp32 kernel vs fp64 twin, abs 1e-5 + rel 1e-4 (a few fp32 roundings per element).
// Backward: fp32 kernel vs central finite differences of the fp64 twin (h = 1e-6, FD error ~1e-9),
// abs 1e-4 + rel 1e-3 (fp32 accumulation over C terms dominates).

@Test(arguments: [(1, 1), (7, 33), (5, 257)])
func embeddingGathersAndScattersInOrder(shape: (Int, Int)) {
  let (N, C) = shape, V = 11
  var rng = TestRNG(21)
  let table = rng.floats(V * C), dout = rng.floats(N * C)
  let tokens = (0..<N).map { _ in Int32(rng.int(3)) }  // few distinct ids: many repeats
  var out = [Float](repeating: .nan, count: N * C)
  Embedding.forward(out: &out, tokens: tokens, table: table, N: N, C: C, V: V)
  for n in 0..<N { for c in 0..<C { #expect(out[n * C + c] == table[Int(tokens[n]) * C + c]) } }
  var dtable = table
  Embedding.backward(dtable: &dtable, dout: dout, tokens: tokens, N: N, C: C, V: V)
  var ref = doubles(table)
  for n in 0..<N { for c in 0..<C { ref[Int(tokens[n]) * C + c] += Double(dout[n * C + c]) } }
  expectClose(dtable, ref, abs: 1e-6, rel: 1e-6, "embedding scatter")  // sums of <= N fp32 terms in [-1, 1]
}

@Test(arguments: [(1, 1), (7, 33), (3, 257)])
func rmsNormMatchesTwinAndFiniteDifferences(shape: (Int, Int)) {
  let (N, C) = shape
  var rng = TestRNG(22)
  let x = rng.floats(N * C), w = rng.floats(C), dy = rng.floats(N * C), eps: Float = 1e-6
  var y = [Float](repeating: .nan, count: N * C), rstd = [Float](repeating: .nan, count: N)
  RMSNorm.forward(out: &y, rstd: &rstd, inp: x, weight: w, N: N, C: C, eps: eps)
  expectClose(y, naiveRMSNorm(doubles(x), doubles(w), N: N, C: C, eps: Double(eps)), abs: 1e-5, rel: 1e-4, "rmsnorm fwd")
  let dw0 = rng.floats(C)
  var dx = [Float](repeating: .nan, count: N * C), dw = dw0
  RMSNorm.backward(dinp: &dx, dweight: &dw, dout: dy, inp: x, weight: w, rstd: rstd, N: N, C: C)
  let fdx = finiteDifference(doubles(x)) { xs in dot(naiveRMSNorm(xs, doubles(w), N: N, C: C, eps: Double(eps)), doubles(dy)) }
  let fdw = finiteDifference(doubles(w)) { ws in dot(naiveRMSNorm(doubles(x), ws, N: N, C: C, eps: Double(eps)), doubles(dy)) }
  expectClose(dx, fdx, abs: 1e-4, rel: 1e-3, "rmsnorm dinp")
  expectClose(dw, zip(fdw, dw0).map { $0 + Double($1) }, abs: 1e-4, rel: 1e-3, "rmsnorm dweight (accumulated)")
  // accumulate: dinp += on a second call doubles the gradient.
  RMSNorm.backward(dinp: &dx, dweight: nil, dout: dy, inp: x, weight: w, rstd: rstd, N: N, C: C, accumulate: true)
  expectClose(dx, fdx.map { 2 * $0 }, abs: 2e-4, rel: 1e-3, "rmsnorm dinp accumulate")
}

@Test(arguments: [(1, 1, 2), (7, 3, 16), (5, 2, 64)])
func ropeMatchesHFRotateHalfAndItsTranspose(shape: (Int, Int, Int)) {
  let (N, H, HS) = shape, P = 40, theta: Float = 1_000_000
  var rng = TestRNG(23)
  let x = rng.floats(N * H * HS), dy = rng.floats(N * H * HS)
  let positions = (0..<N).map { _ in Int32(rng.int(P)) }
  var cosT = [Float](repeating: 0, count: P * HS / 2), sinT = cosT
  Rope.tables(cos: &cosT, sin: &sinT, P: P, HS: HS, theta: theta)
  var y = [Float](repeating: .nan, count: x.count)
  Rope.forward(out: &y, x: x, positions: positions, cos: cosT, sin: sinT, N: N, H: H, HS: HS, P: P)
  let twin = { (xs: [Double]) in naiveRope(xs, positions: positions, N: N, H: H, HS: HS, theta: Double(theta)) }
  expectClose(y, twin(doubles(x)), abs: 1e-6, rel: 1e-5, "rope fwd")  // one rotation: ~2 fp32 roundings
  var dx = dy
  Rope.backward(dx: &dx, dout: dx, positions: positions, cos: cosT, sin: sinT, N: N, H: H, HS: HS, P: P)  // in place
  expectClose(dx, finiteDifference(doubles(x)) { dot(twin($0), doubles(dy)) }, abs: 1e-4, rel: 1e-3, "rope backward")
}

@Test func ropeAnglesFollowHFInvFreq() {
  // HF: position 1, HS = 4, theta = 10000 -> inv_freq = [1, 0.01]; cos/sin of those angles.
  var c = [Float](repeating: 0, count: 4), s = c
  Rope.tables(cos: &c, sin: &s, P: 2, HS: 4, theta: 10000)
  #expect(c[0] == 1 && s[0] == 0 && c[1] == 1 && s[1] == 0)
  #expect(abs(c[2] - 0.5403023) < 1e-7 && abs(s[2] - 0.84147098) < 1e-7)  // cos(1), sin(1)
  #expect(abs(c[3] - 0.99995) < 1e-7 && abs(s[3] - 0.0099998333) < 1e-7)  // cos(0.01), sin(0.01)
}

@Test(arguments: [1, 7, 33, 257])
func swigluMatchesTwinAndFiniteDifferences(count: Int) {
  var rng = TestRNG(24)
  let g = rng.floats(count, scale: 4), u = rng.floats(count, scale: 2), dy = rng.floats(count)
  var y = [Float](repeating: .nan, count: count)
  SwiGLU.forward(out: &y, gate: g, up: u, count: count)
  expectClose(y, naiveSwiGLU(doubles(g), doubles(u)), abs: 1e-6, rel: 1e-5, "swiglu fwd")
  var dg = y, du = y
  SwiGLU.backward(dgate: &dg, dup: &du, dout: dy, gate: g, up: u, count: count)
  expectClose(dg, finiteDifference(doubles(g)) { dot(naiveSwiGLU($0, doubles(u)), doubles(dy)) }, abs: 1e-4, rel: 1e-3, "swiglu dgate")
  expectClose(du, finiteDifference(doubles(u)) { dot(naiveSwiGLU(doubles(g), $0), doubles(dy)) }, abs: 1e-4, rel: 1e-3, "swiglu dup")
}

@Test func residualAddsAndAccumulates() {
  var rng = TestRNG(25)
  let a = rng.floats(37), b = rng.floats(37)
  var out = [Float](repeating: .nan, count: 37)
  Residual.forward(out: &out, a: a, b: b, count: 37)
  #expect(out == zip(a, b).map { $0 + $1 })  // one fp32 add: exact same rounding
  Residual.accumulate(&out, a, count: 37)
  #expect(out == zip(zip(a, b).map { $0 + $1 }, a).map { $0 + $1 })
}

@Test func fastExpIsWithinFourUlpOfLibm() {
  var worst: Float = 0
  var x: Float = -87
  while x < 88 {
    let got = FastMath.exp(x), want = Float(Foundation.exp(Double(x)))
    worst = max(worst, abs(got - want) / want.ulp)
    x += 0.0137
  }
  #expect(worst <= 4)  // Cephes expf: ~1-2 ulp
  #expect(FastMath.exp(-.infinity) == 0 && FastMath.exp(-100) == 0 && FastMath.exp(100) == .infinity)
  #expect(FastMath.exp(Float.nan).isNaN && FastMath.exp(0) == 1)
}
