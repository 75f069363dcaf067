import Testing
@testable import Kernels

// Weights are rounded to bf16/f16 first, then the fp64 twin runs on the rounded weights: what remains
// is fp32 accumulation error only, so the fp32 allowance applies (abs 1e-5 + rel 1e-4, scaled by IC/64).

private func rounded(_ w: [Float], _ dtype: DType) -> ([UInt16], [Double]) {
  var h = [UInt16](repeating: 0, count: w.count)
  Half.fromFloat(&h, w, count: w.count, dtype: dtype)
  return (h, h.map { Double(dtype == .bf16 ? Half.bf16ToFloat($0) : Half.f16ToFloat($0)) })
}

@Test(arguments: [DType.bf16, .f16])
func halfGemvMatchesNaiveOnOddShapes(dtype: DType) {
  var rng = TestRNG(11)
  for (M, IC, OC) in [(1, 1, 1), (1, 7, 5), (2, 33, 7), (3, 257, 9), (4, 16, 3), (5, 24, 33), (8, 257, 65), (7, 64, 130)] {
    let x = rng.floats(M * IC), w = rng.floats(OC * IC), b = rng.floats(OC)
    let (wh, wd) = rounded(w, dtype)
    var y = [Float](repeating: .nan, count: M * OC)
    HalfGemv.forward(out: &y, x: x, w: wh, dtype: dtype, bias: b, M: M, IC: IC, OC: OC)
    expectClose(y, naiveLinear(doubles(x), wd, doubles(b), N: M, IC: IC, OC: OC),
                abs: 1e-5 * Double(max(IC, 64)) / 64, rel: 1e-4, "gemv \(dtype) M=\(M) IC=\(IC) OC=\(OC)")
  }
}

@Test(arguments: [DType.bf16, .f16])
func halfLinearLargeNUsesWidenedSgemmAndMatchesNaive(dtype: DType) {
  let N = HalfLinear.gemvMaxRows + 9, IC = 17, OC = 9
  var rng = TestRNG(12)
  let x = rng.floats(N * IC), w = rng.floats(OC * IC), dy = rng.floats(N * OC)
  let (wh, wd) = rounded(w, dtype)
  var scratch = [Float](repeating: 0, count: HalfLinear.scratchCount(N: N, IC: IC, OC: OC))
  var y = [Float](repeating: .nan, count: N * OC)
  HalfLinear.forward(out: &y, inp: x, weight: wh, dtype: dtype, bias: nil, N: N, IC: IC, OC: OC, scratch: &scratch)
  expectClose(y, naiveLinear(doubles(x), wd, nil, N: N, IC: IC, OC: OC), abs: 1e-5, rel: 1e-4, "half linear fwd")
  var dx = [Float](repeating: .nan, count: N * IC), dw = [Float](repeating: 0, count: OC * IC)
  HalfLinear.backward(dinp: &dx, dweight: &dw, dbias: nil, dout: dy, inp: x, weight: wh, dtype: dtype,
                      N: N, IC: IC, OC: OC, scratch: &scratch)
  let fd = finiteDifference(doubles(x)) { xs in dot(naiveLinear(xs, wd, nil, N: N, IC: IC, OC: OC), doubles(dy)) }
  expectClose(dx, fd, abs: 1e-4, rel: 1e-4, "half linear dinp vs finite difference")
  let dwRef = naiveGemm(doubles(dy), doubles(x), M: OC, N: IC, K: N, transA: true, transB: false, lda: OC, ldb: IC)
  expectClose(dw, dwRef, abs: 1e-5, rel: 1e-4, "half linear dweight")
}

@Test func halfGemvIsBitwiseIdenticalWithOneOrTwoThreads() {
  let M = 8, IC = 96, OC = 1000
  var rng = TestRNG(13)
  let x = rng.floats(M * IC)
  let (wh, _) = rounded(rng.floats(OC * IC), .bf16)
  func run() -> [Float] {
    var y = [Float](repeating: 0, count: M * OC)
    HalfGemv.forward(out: &y, x: x, w: wh, dtype: .bf16, bias: nil, M: M, IC: IC, OC: OC)
    return y
  }
  #expect(bits(withThreads(1, run)) == bits(withThreads(2, run)))
}
