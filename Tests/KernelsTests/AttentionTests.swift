import Testing
@testable import Kernels

// Forward: fp32 vs fp64 twin, abs 1e-5 + rel 1e-4. Backward: vs central finite differences of the
// twin (h = 1e-6), abs 1e-4 + rel 1e-3.

private struct AttnCase: CustomTestStringConvertible, Sendable {
  let B, T, NH, KVH, HS: Int
  let packed: Bool
  var testDescription: String { "B\(B) T\(T) NH\(NH) KVH\(KVH) HS\(HS)\(packed ? " segments" : "")" }
}

private func segmentsFor(_ c: AttnCase) -> [Int32]? {
  guard c.packed else { return nil }
  // Batch 0: left padding (id -1) then one document; other rows: two packed documents.
  return (0..<c.B).flatMap { b in (0..<c.T).map { t in b == 0 ? (t < c.T / 3 ? -1 : 0) : Int32(t < c.T / 2 ? 1 : 2) } }
}

@Test(arguments: [AttnCase(B: 1, T: 1, NH: 1, KVH: 1, HS: 1, packed: false),
                  AttnCase(B: 2, T: 7, NH: 4, KVH: 2, HS: 8, packed: false),
                  AttnCase(B: 2, T: 9, NH: 3, KVH: 1, HS: 5, packed: true),
                  AttnCase(B: 1, T: 33, NH: 2, KVH: 2, HS: 17, packed: true),
                  AttnCase(B: 1, T: 12, NH: 2, KVH: 1, HS: 72, packed: true)])  // 64-wide register block + 8 tail
private func attentionMatchesTwinAndFiniteDifferences(c: AttnCase) {
  var rng = TestRNG(UInt64(c.T * 31 + c.HS))
  let nq = c.B * c.T * c.NH * c.HS, nk = c.B * c.T * c.KVH * c.HS
  let q = rng.floats(nq), k = rng.floats(nk), v = rng.floats(nk), dy = rng.floats(nq)
  let seg = segmentsFor(c)
  var out = [Float](repeating: .nan, count: nq), lse = [Float](repeating: .nan, count: c.B * c.NH * c.T)
  var scratch = [Float](repeating: 0, count: max(Attention.forwardScratchCount(B: c.B, NH: c.NH, Tk: c.T),
                                                 Attention.backwardScratchCount(B: c.B, KVH: c.KVH, T: c.T)))
  let run = { (out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>, s: UnsafePointer<Int32>?) in
    Attention.forward(out: out, lse: lse, q: q, k: k, v: v, segments: s, scratch: &scratch,
                      B: c.B, T: c.T, NH: c.NH, KVH: c.KVH, HS: c.HS)
  }
  if let seg { seg.withUnsafeBufferPointer { run(&out, &lse, $0.baseAddress) } } else { run(&out, &lse, nil) }
  let twin = { (q: [Double], k: [Double], v: [Double]) in
    naiveAttention(q, k, v, segments: seg, B: c.B, Tq: c.T, Tk: c.T, S: c.T, NH: c.NH, KVH: c.KVH, HS: c.HS)
  }
  expectClose(out, twin(doubles(q), doubles(k), doubles(v)), abs: 1e-5, rel: 1e-4, "attention fwd")

  var dq = [Float](repeating: .nan, count: nq), dk = [Float](repeating: .nan, count: nk), dv = dk
  let back = { (s: UnsafePointer<Int32>?) in
    Attention.backward(dq: &dq, dk: &dk, dv: &dv, dout: dy, q: q, k: k, v: v, out: out, lse: lse, segments: s,
                       scratch: &scratch, B: c.B, T: c.T, NH: c.NH, KVH: c.KVH, HS: c.HS)
  }
  if let seg { seg.withUnsafeBufferPointer { back($0.baseAddress) } } else { back(nil) }
  let (qd, kd, vd, g) = (doubles(q), doubles(k), doubles(v), doubles(dy))
  expectClose(dq, finiteDifference(qd) { dot(twin($0, kd, vd), g) }, abs: 1e-4, rel: 1e-3, "attention dq")
  expectClose(dk, finiteDifference(kd) { dot(twin(qd, $0, vd), g) }, abs: 1e-4, rel: 1e-3, "attention dk")
  expectClose(dv, finiteDifference(vd) { dot(twin(qd, kd, $0), g) }, abs: 1e-4, rel: 1e-3, "attention dv")
}

@Test func decodeWithKVCacheMatchesFullAttentionRows() {
  // A cache of capacity S = 12 holding Tk = 10 positions; the last Tq = 3 are the new queries.
  let B = 2, S = 12, Tk = 10, Tq = 3, NH = 4, KVH = 2, HS = 16
  var rng = TestRNG(31)
  let q = rng.floats(B * Tq * NH * HS), k = rng.floats(B * S * KVH * HS), v = rng.floats(B * S * KVH * HS)
  let seg: [Int32] = (0..<B).flatMap { b in (0..<S).map { j in b == 1 && j < 4 ? -1 : 0 } }  // row 1 left-padded
  var out = [Float](repeating: .nan, count: q.count)
  var scratch = [Float](repeating: 0, count: Attention.forwardScratchCount(B: B, NH: NH, Tk: Tk))
  Attention.decode(out: &out, q: q, kCache: k, vCache: v, segments: seg, scratch: &scratch,
                   B: B, Tq: Tq, Tk: Tk, S: S, NH: NH, KVH: KVH, HS: HS)
  let ref = naiveAttention(doubles(q), doubles(k), doubles(v), segments: seg, B: B, Tq: Tq, Tk: Tk, S: S, NH: NH, KVH: KVH, HS: HS)
  expectClose(out, ref, abs: 1e-5, rel: 1e-4, "attention decode")
}

@Test func attentionIsBitwiseIdenticalWithOneOrTwoThreads() {
  let B = 3, T = 40, NH = 4, KVH = 2, HS = 32
  var rng = TestRNG(32)
  let q = rng.floats(B * T * NH * HS), k = rng.floats(B * T * KVH * HS), v = rng.floats(B * T * KVH * HS)
  let dy = rng.floats(q.count)
  func run() -> [Float] {
    var out = [Float](repeating: 0, count: q.count), lse = [Float](repeating: 0, count: B * NH * T)
    var dq = out, dk = [Float](repeating: 0, count: k.count), dv = dk
    var scratch = [Float](repeating: 0, count: Attention.forwardScratchCount(B: B, NH: NH, Tk: T))
    Attention.forward(out: &out, lse: &lse, q: q, k: k, v: v, segments: nil, scratch: &scratch, B: B, T: T, NH: NH, KVH: KVH, HS: HS)
    Attention.backward(dq: &dq, dk: &dk, dv: &dv, dout: dy, q: q, k: k, v: v, out: out, lse: lse, segments: nil,
                       scratch: &scratch, B: B, T: T, NH: NH, KVH: KVH, HS: HS)
    return out + lse + dq + dk + dv
  }
  #expect(bits(withThreads(1, run)) == bits(withThreads(2, run)))
}
