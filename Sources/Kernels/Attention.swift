// Causal self-attention with grouped-query heads (NH query heads share KVH key/value heads; head h
// reads kv head h / (NH/KVH)), scale 1/sqrt(HS), softmax in fp32 with the log-sum-exp saved for backward.
//   q, out (B, Tq, NH, HS); k, v (B, S, KVH, HS) with the first Tk positions valid (S = capacity);
//   query i sits at key position Tk - Tq + i and sees keys j <= that position.
// Optional segments (B, S) Int32: a query sees only keys with its own segment id (padding gets its own
// id, packed documents one id each). A query always sees itself, so no softmax row is ever empty.
// Training uses Tq = Tk = S = T; KV-cache decoding appends Tq new tokens to a cache holding Tk - Tq.

import Foundation

public enum Attention {
  /// Scratch floats `forward`/`decode` need (one score row per (b, h)).
  public static func forwardScratchCount(B: Int, NH: Int, Tk: Int) -> Int { B * NH * Tk }
  /// Scratch floats `backward` takes (kept for API stability: its query blocks now live in per-thread
  /// workspace, ThreadScratch, grown once per thread).
  public static func backwardScratchCount(B: Int, KVH: Int, T: Int) -> Int { 2 * B * KVH * T }

  /// Training forward: out (B, T, NH, HS), lse (B, NH, T) from q (B, T, NH, HS), k, v (B, T, KVH, HS).
  public static func forward(out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>?,
                             q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                             segments: UnsafePointer<Int32>?, scratch: UnsafeMutablePointer<Float>,
                             B: Int, T: Int, NH: Int, KVH: Int, HS: Int) {
    decode(out: out, lse: lse, q: q, kCache: k, vCache: v, segments: segments, scratch: scratch,
           B: B, Tq: T, Tk: T, S: T, NH: NH, KVH: KVH, HS: HS)
  }

  /// KV-cache forward: Tq new queries against Tk cached keys (the new ones included), cache capacity S.
  /// lse (B, NH, Tq) is optional. scratch: forwardScratchCount(B:NH:Tk:) floats.
  public static func decode(out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>? = nil,
                            q: UnsafePointer<Float>, kCache: UnsafePointer<Float>, vCache: UnsafePointer<Float>,
                            segments: UnsafePointer<Int32>?, scratch: UnsafeMutablePointer<Float>,
                            B: Int, Tq: Int, Tk: Int, S: Int, NH: Int, KVH: Int, HS: Int) {
    precondition(B >= 0 && Tq >= 0 && Tq <= Tk && Tk <= S && HS >= 1, "Attention: bad B=\(B) Tq=\(Tq) Tk=\(Tk) S=\(S) HS=\(HS)")
    precondition(KVH >= 1 && NH >= KVH && NH % KVH == 0, "Attention: NH=\(NH) not a multiple of KVH=\(KVH)")
    Parallel.forEach(B * NH, Forward(out: out, lse: lse, q: q, k: kCache, v: vCache, segments: segments, scratch: scratch,
                                     Tq: Tq, Tk: Tk, S: S, NH: NH, KVH: KVH, HS: HS))
  }

  /// One (b, h) pair per chunk: every query row of that head.
  struct Forward: ChunkTask {
    let out: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>?
    let q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>
    let segments: UnsafePointer<Int32>?, scratch: UnsafeMutablePointer<Float>
    let Tq: Int, Tk: Int, S: Int, NH: Int, KVH: Int, HS: Int
    func run(chunk unit: Int) {
      let scale = 1 / Float(HS).squareRoot()
      let b = unit / NH, h = unit % NH, g = h / (NH / KVH)
      let row = scratch + unit * Tk
      let kb = k + b * S * KVH * HS + g * HS, vb = v + b * S * KVH * HS + g * HS
      let seg = segments.map { $0 + b * S }
      for i in 0..<Tq {
        let qi = q + ((b * Tq + i) * NH + h) * HS
        let oi = out + ((b * Tq + i) * NH + h) * HS
        let n = Tk - Tq + i + 1  // keys 0..<n are causal-visible
        scores(row, qi, kb, seg, n: n, stride: KVH * HS, HS: HS, scale: scale)
        let m = FastMath.max(row, n)
        let sum = FastMath.expShiftSum(row, row, shift: m, n)
        CrossEntropy.scale(row, 1 / sum, n)
        AttentionRows.weightedSum(oi, row, vb, stride: KVH * HS, n: n, HS: HS)
        lse?[(b * NH + h) * Tq + i] = m + Foundation.log(sum)
      }
    }
  }

  /// row[j] = scale * q·k_j for j in 0..<n, -inf where the key's segment differs from the query's (n - 1).
  @inline(__always)
  static func scores(_ row: UnsafeMutablePointer<Float>, _ qi: UnsafePointer<Float>, _ kb: UnsafePointer<Float>,
                     _ seg: UnsafePointer<Int32>?, n: Int, stride: Int, HS: Int, scale: Float) {
    AttentionRows.scores(row, qi, kb, stride: stride, n: n, HS: HS, scale: scale)
    if let seg {
      let own = seg[n - 1]
      for j in 0..<n where seg[j] != own { row[j] = -.infinity }
    }
  }

  /// dq (B, T, NH, HS), dk, dv (B, T, KVH, HS) assigned from dout (B, T, NH, HS) and the forward's
  /// q, k, v, out and lse (B, NH, T). Each (b, kv head) unit owns its dk, dv rows and its heads' dq.
  public static func backward(dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>,
                              dv: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>,
                              q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                              out: UnsafePointer<Float>, lse: UnsafePointer<Float>, segments: UnsafePointer<Int32>?,
                              scratch: UnsafeMutablePointer<Float>, B: Int, T: Int, NH: Int, KVH: Int, HS: Int) {
    precondition(B >= 0 && T >= 0 && HS >= 1, "Attention.backward: bad B=\(B) T=\(T) HS=\(HS)")
    precondition(KVH >= 1 && NH >= KVH && NH % KVH == 0, "Attention.backward: NH=\(NH) not a multiple of KVH=\(KVH)")
    Parallel.forEach(B * KVH, Backward(dq: dq, dk: dk, dv: dv, dout: dout, q: q, k: k, v: v, out: out, lse: lse,
                                       segments: segments, scratch: scratch, T: T, NH: NH, KVH: KVH, HS: HS))
  }

  /// One (b, kv head) pair per chunk: its dk, dv rows and the dq of its query heads. Queries go in
  /// blocks of QB whose probability and dS rows sit in per-thread scratch, so each dk_j / dv_j is
  /// loaded and stored once per block (register accumulation over the block's queries).
  struct Backward: ChunkTask {
    static let QB = 16
    let dq: UnsafeMutablePointer<Float>, dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>
    let dout: UnsafePointer<Float>, q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>
    let out: UnsafePointer<Float>, lse: UnsafePointer<Float>, segments: UnsafePointer<Int32>?
    let scratch: UnsafeMutablePointer<Float>, T: Int, NH: Int, KVH: Int, HS: Int

    func run(chunk unit: Int) {
      let QB = Self.QB, scale = 1 / Float(HS).squareRoot()
      let group = NH / KVH, kvStride = KVH * HS, qStride = NH * HS
      let b = unit / KVH, g = unit % KVH
      let P = ThreadScratch.floats(2 * QB * T), DS = P + QB * T  // (QB, T) each
      let kb = k + b * T * kvStride + g * HS, vb = v + b * T * kvStride + g * HS
      let dkb = dk + b * T * kvStride + g * HS, dvb = dv + b * T * kvStride + g * HS
      for j in 0..<T { (dkb + j * kvStride).update(repeating: 0, count: HS); (dvb + j * kvStride).update(repeating: 0, count: HS) }
      let seg = segments.map { $0 + b * T }
      for h in (g * group)..<((g + 1) * group) {
        var i0 = 0
        while i0 < T {
          let i1 = min(i0 + QB, T)
          for i in i0..<i1 {
            let n = i + 1, p = P + (i - i0) * T, ds = DS + (i - i0) * T
            let base = (b * T + i) * qStride + h * HS
            let qi = q + base, doi = dout + base
            scores(p, qi, kb, seg, n: n, stride: kvStride, HS: HS, scale: scale)
            _ = FastMath.expShiftSum(p, p, shift: lse[(b * NH + h) * T + i], n)  // probabilities (masked: 0)
            let D = FastMath.dot(doi, out + base, HS)
            AttentionRows.scores(ds, doi, vb, stride: kvStride, n: n, HS: HS, scale: 1)  // dO_i · v_j
            for j in 0..<n { ds[j] = p[j] == 0 ? 0 : scale * p[j] * (ds[j] - D) }  // scale * dS_ij
            AttentionRows.weightedSum(dq + base, ds, kb, stride: kvStride, n: n, HS: HS)
          }
          // dk_j += sum_i dS_ij q_i and dv_j += sum_i P_ij dO_i over the block's queries i >= j.
          let qBlock = q + (b * T) * qStride + h * HS, dBlock = dout + (b * T) * qStride + h * HS
          for j in 0..<i1 {
            let first = max(i0, j)
            AttentionRows.weightedSum(dkb + j * kvStride, DS + (first - i0) * T + j, wStride: T, qBlock + first * qStride,
                                      stride: qStride, n: i1 - first, HS: HS, accumulate: true)
            AttentionRows.weightedSum(dvb + j * kvStride, P + (first - i0) * T + j, wStride: T, dBlock + first * qStride,
                                      stride: qStride, n: i1 - first, HS: HS, accumulate: true)
          }
          i0 = i1
        }
      }
    }
  }
}
