// Straightforward implementations the `warmrl bench kernels` command measures our kernels against,
// in the same process: what one writes without a fused kernel. They are correct (tests compare them
// too) but make no effort beyond calling BLAS and libm.
import Foundation

public enum BenchBaselines {
  /// Scratch floats for `attentionForwardBackward`: two (T, T) matrices per (b, h) pair in flight.
  public static func attentionScratchCount(T: Int) -> Int { 2 * T * T }

  /// Attention the "math" way: per (b, h), S = Q K^T via sgemm (full T x T, no causal skipping),
  /// mask, softmax, O = P V; backward dP = dO V^T, dS = P * (dP - rowsum(dO * O)), dQ = dS K,
  /// dK += dS^T Q, dV += P^T dO, all through sgemm (OpenBLAS threads inside each call).
  /// Shapes as in `Attention` with Tq = Tk = T; dk, dv are overwritten.
  public static func attentionForwardBackward(out: UnsafeMutablePointer<Float>, dq: UnsafeMutablePointer<Float>,
                                              dk: UnsafeMutablePointer<Float>, dv: UnsafeMutablePointer<Float>,
                                              q: UnsafePointer<Float>, k: UnsafePointer<Float>, v: UnsafePointer<Float>,
                                              dout: UnsafePointer<Float>, scratch: UnsafeMutablePointer<Float>,
                                              B: Int, T: Int, NH: Int, KVH: Int, HS: Int) {
    let scale = 1 / Float(HS).squareRoot()
    let group = NH / KVH, qs = NH * HS, ks = KVH * HS
    let p = scratch, dp = scratch + T * T
    dk.update(repeating: 0, count: B * T * ks)
    dv.update(repeating: 0, count: B * T * ks)
    for b in 0..<B {
      for h in 0..<NH {
        let g = h / group
        let qb = q + b * T * qs + h * HS, ob = out + b * T * qs + h * HS, dob = dout + b * T * qs + h * HS
        let dqb = dq + b * T * qs + h * HS
        let kb = k + b * T * ks + g * HS, vb = v + b * T * ks + g * HS
        let dkb = dk + b * T * ks + g * HS, dvb = dv + b * T * ks + g * HS
        Matmul.sgemm(p, qb, kb, M: T, N: T, K: HS, transB: true, lda: qs, ldb: ks, alpha: scale)
        for i in 0..<T {  // causal mask + softmax, scalar libm
          let row = p + i * T
          var m = -Float.infinity
          for j in 0...i { m = max(m, row[j]) }
          var s: Float = 0
          for j in 0...i { row[j] = Foundation.exp(row[j] - m); s += row[j] }
          for j in 0...i { row[j] /= s }
          for j in (i + 1)..<T { row[j] = 0 }
        }
        Matmul.sgemm(ob, p, vb, M: T, N: HS, K: T, ldb: ks, ldc: qs)
        // backward
        Matmul.sgemm(dp, dob, vb, M: T, N: T, K: HS, transB: true, lda: qs, ldb: ks)
        for i in 0..<T {
          var d: Float = 0
          for e in 0..<HS { d += dob[i * qs + e] * ob[i * qs + e] }
          for j in 0..<T { dp[i * T + j] = p[i * T + j] * (dp[i * T + j] - d) * scale }
        }
        Matmul.sgemm(dqb, dp, kb, M: T, N: HS, K: T, ldb: ks, ldc: qs)
        Matmul.sgemm(dkb, dp, qb, M: T, N: HS, K: T, transA: true, ldb: qs, ldc: ks, accumulate: true)
        Matmul.sgemm(dvb, p, dob, M: T, N: HS, K: T, transA: true, ldb: qs, ldc: ks, accumulate: true)
      }
    }
  }

  /// Cross-entropy the two-pass way: log-softmax materialised with libm exp/log, loss read from it,
  /// then softmax recomputed from the log-probs for the gradient. Rows split over threads.
  public static func crossEntropy(losses: UnsafeMutablePointer<Float>, dlogits: UnsafeMutablePointer<Float>,
                                  logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
                                  lossScale: Float, N: Int, V: Int) {
    Parallel.forRanges(N, grain: max(1, 32768 / V)) { rows in
      for n in rows {
        let z = logits + n * V, d = dlogits + n * V, t = Int(targets[n])
        var m = -Float.infinity
        for i in 0..<V { m = max(m, z[i]) }
        var s: Float = 0
        for i in 0..<V { s += Foundation.exp(z[i] - m) }
        let l = m + Foundation.log(s)
        for i in 0..<V { d[i] = z[i] - l }  // log-probabilities
        losses[n] = -d[t]
        for i in 0..<V { d[i] = Foundation.exp(d[i]) * lossScale }
        d[t] -= lossScale
      }
    }
  }
}
