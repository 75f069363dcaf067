import Testing
@testable import Kernels

// The bench compares our kernels with these baselines; they must compute the same thing.
// Same math in fp32 with different summation orders: abs 1e-5 + rel 1e-4.

@Test func attentionBaselineAgreesWithAttentionKernel() {
  let B = 2, T = 19, NH = 4, KVH = 2, HS = 16
  var rng = TestRNG(81)
  let q = rng.floats(B * T * NH * HS), k = rng.floats(B * T * KVH * HS), v = rng.floats(B * T * KVH * HS)
  let dy = rng.floats(q.count)
  var out = [Float](repeating: 0, count: q.count), lse = [Float](repeating: 0, count: B * NH * T)
  var dq = out, dk = [Float](repeating: 0, count: k.count), dv = dk
  var scratch = [Float](repeating: 0, count: max(BenchBaselines.attentionScratchCount(T: T),
                                                 Attention.forwardScratchCount(B: B, NH: NH, Tk: T)))
  Attention.forward(out: &out, lse: &lse, q: q, k: k, v: v, segments: nil, scratch: &scratch, B: B, T: T, NH: NH, KVH: KVH, HS: HS)
  Attention.backward(dq: &dq, dk: &dk, dv: &dv, dout: dy, q: q, k: k, v: v, out: out, lse: lse, segments: nil,
                     scratch: &scratch, B: B, T: T, NH: NH, KVH: KVH, HS: HS)
  var bOut = out.map { _ in Float.nan }, bdq = bOut, bdk = dk.map { _ in Float.nan }, bdv = bdk
  BenchBaselines.attentionForwardBackward(out: &bOut, dq: &bdq, dk: &bdk, dv: &bdv, q: q, k: k, v: v, dout: dy,
                                          scratch: &scratch, B: B, T: T, NH: NH, KVH: KVH, HS: HS)
  expectClose(bOut, out, abs: 1e-5, rel: 1e-4, "baseline out")
  expectClose(bdq, dq, abs: 1e-5, rel: 1e-4, "baseline dq")
  expectClose(bdk, dk, abs: 1e-5, rel: 1e-4, "baseline dk")
  expectClose(bdv, dv, abs: 1e-5, rel: 1e-4, "baseline dv")
}

@Test func crossEntropyBaselineAgreesWithFusedKernel() {
  let N = 9, V = 101
  var rng = TestRNG(82)
  let z = rng.floats(N * V, scale: 4), targets = (0..<N).map { _ in Int32(rng.int(V)) }
  var l1 = [Float](repeating: 0, count: N), d1 = [Float](repeating: 0, count: N * V), l2 = l1, d2 = d1
  CrossEntropy.forwardBackward(losses: &l1, dlogits: &d1, logits: z, targets: targets, weights: nil, lossScale: 0.5, N: N, V: V)
  BenchBaselines.crossEntropy(losses: &l2, dlogits: &d2, logits: z, targets: targets, lossScale: 0.5, N: N, V: V)
  expectClose(l2, l1, abs: 1e-5, rel: 1e-4, "baseline losses")
  expectClose(d2, d1, abs: 1e-6, rel: 1e-4, "baseline dlogits")  // entries are probabilities * 0.5
}
