// Softmax cross-entropy over the vocabulary, fused with its gradient, and the per-token
// log-probabilities / entropies GRPO needs. Shapes: logits, dlogits (N, V); targets (N) Int32 with
// target < 0 meaning "ignore this position"; per-row outputs (N). Rows are independent, so the work
// splits over rows; totals are summed afterwards in row order (identical for any thread count).
import Foundation

public enum CrossEntropy {
  /// losses (N) = lse - logits[target] (0 where ignored);
  /// dlogits (N, V) = lossScale * w_n * (softmax - onehot) (0 rows where ignored or w_n = 0).
  /// `dlogits` may be the logits buffer itself (overwritten in place). weights (N) default to 1.
  /// Returns sum over rows of w_n * loss_n, accumulated in fp64 in row order.
  @discardableResult
  public static func forwardBackward(losses: UnsafeMutablePointer<Float>, dlogits: UnsafeMutablePointer<Float>?,
                                     logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>,
                                     weights: UnsafePointer<Float>?, lossScale: Float, N: Int, V: Int) -> Double {
    precondition(N >= 0 && V >= 1, "CrossEntropy: bad shape N=\(N) V=\(V)")
    for n in 0..<N { precondition(targets[n] < V, "CrossEntropy: target \(targets[n]) at \(n) >= V=\(V)") }
    Parallel.forRanges(N, grain: max(1, 32768 / V),
                       FusedRows(losses: losses, dlogits: dlogits, logits: logits, targets: targets, weights: weights,
                                 lossScale: lossScale, V: V))
    var total = 0.0
    for n in 0..<N where targets[n] >= 0 { total += Double(weights?[n] ?? 1) * Double(losses[n]) }
    return total
  }

  struct FusedRows: RangeTask {
    let losses: UnsafeMutablePointer<Float>, dlogits: UnsafeMutablePointer<Float>?, logits: UnsafePointer<Float>
    let targets: UnsafePointer<Int32>, weights: UnsafePointer<Float>?, lossScale: Float, V: Int
    func run(_ rows: Range<Int>) {
      for n in rows {
        let z = logits + n * V, t = Int(targets[n])
        let w = weights?[n] ?? 1
        if t < 0 {
          losses[n] = 0
          dlogits?.advanced(by: n * V).update(repeating: 0, count: V)
          continue
        }
        let zt = z[t]
        let m = FastMath.max(z, V)
        if let dlogits, w != 0 {
          let d = dlogits + n * V
          let sum = FastMath.expShiftSum(d, z, shift: m, V)  // d = exp(z - m), may overwrite z
          losses[n] = m + Foundation.log(sum) - zt
          scale(d, lossScale * w / sum, V)
          d[t] -= lossScale * w
        } else {
          losses[n] = m + Foundation.log(sumExp(z, shift: m, V)) - zt
          dlogits?.advanced(by: n * V).update(repeating: 0, count: V)
        }
      }
    }
  }

  /// logp (N) = log softmax(logits)[target] (0 where target < 0), lse (N) for backward, and optionally
  /// entropy (N) = -sum_v p log p of each row's distribution.
  public static func logProbs(logp: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>,
                              entropy: UnsafeMutablePointer<Float>?, logits: UnsafePointer<Float>,
                              targets: UnsafePointer<Int32>, N: Int, V: Int) {
    precondition(N >= 0 && V >= 1, "CrossEntropy.logProbs: bad shape N=\(N) V=\(V)")
    for n in 0..<N { precondition(targets[n] < V, "CrossEntropy: target \(targets[n]) at \(n) >= V=\(V)") }
    Parallel.forRanges(N, grain: max(1, 32768 / V),
                       LogProbRows(logp: logp, lse: lse, entropy: entropy, logits: logits, targets: targets, V: V))
  }

  struct LogProbRows: RangeTask {
    let logp: UnsafeMutablePointer<Float>, lse: UnsafeMutablePointer<Float>, entropy: UnsafeMutablePointer<Float>?
    let logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, V: Int
    func run(_ rows: Range<Int>) {
      for n in rows {
        let z = logits + n * V, t = Int(targets[n])
        let m = FastMath.max(z, V)
        let sum = sumExp(z, shift: m, V)
        let l = m + Foundation.log(sum)
        lse[n] = l
        logp[n] = t >= 0 ? z[t] - l : 0
        if let entropy { entropy[n] = l - weightedMean(z, shift: l, V) }  // H = lse - sum p z
      }
    }
  }

  /// dlogits (N, V) = dlogp_n * (onehot - p) + dentropy_n * dH/dz, dH/dz = -p (log p + H); assigned.
  /// Rows with target < 0 get only the entropy term. `dlogits` may alias `logits`.
  public static func logProbsBackward(dlogits: UnsafeMutablePointer<Float>, dlogp: UnsafePointer<Float>?,
                                      dentropy: UnsafePointer<Float>?, logits: UnsafePointer<Float>,
                                      targets: UnsafePointer<Int32>, lse: UnsafePointer<Float>,
                                      entropy: UnsafePointer<Float>?, N: Int, V: Int) {
    precondition(N >= 0 && V >= 1, "CrossEntropy.logProbsBackward: bad shape N=\(N) V=\(V)")
    precondition(dentropy == nil || entropy != nil, "CrossEntropy.logProbsBackward: dentropy needs entropy")
    Parallel.forRanges(N, grain: max(1, 32768 / V),
                       LogProbGradRows(dlogits: dlogits, dlogp: dlogp, dentropy: dentropy, logits: logits, targets: targets,
                                       lse: lse, entropy: entropy, V: V))
  }

  struct LogProbGradRows: RangeTask {
    let dlogits: UnsafeMutablePointer<Float>, dlogp: UnsafePointer<Float>?, dentropy: UnsafePointer<Float>?
    let logits: UnsafePointer<Float>, targets: UnsafePointer<Int32>, lse: UnsafePointer<Float>
    let entropy: UnsafePointer<Float>?, V: Int
    func run(_ rows: Range<Int>) {
      for n in rows {
        let z = logits + n * V, d = dlogits + n * V, t = Int(targets[n])
        let gl: Float = t >= 0 ? (dlogp?[n] ?? 0) : 0
        let ge: Float = dentropy?[n] ?? 0
        let l = lse[n], h = entropy?[n] ?? 0
        var i = 0
        let lv = SIMD8<Float>(repeating: l)
        while i + 8 <= V {
          let zi = z.loadSIMD8(i) - lv  // log p
          let p = FastMath.exp(zi)
          d.storeSIMD(-p * (gl + ge * (zi + h)), i)
          i += 8
        }
        while i < V { let lp = z[i] - l; let p = FastMath.exp(lp); d[i] = -p * (gl + ge * (lp + h)); i += 1 }
        if t >= 0 { d[t] += gl }
      }
    }
  }

  @inline(__always)
  static func sumExp(_ z: UnsafePointer<Float>, shift: Float, _ V: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    let s = SIMD8<Float>(repeating: shift)
    while i + 8 <= V { acc += FastMath.exp(z.loadSIMD8(i) - s); i += 8 }
    var total = acc.sum()
    while i < V { total += FastMath.exp(z[i] - shift); i += 1 }
    return total
  }

  /// sum_v exp(z_v - shift) * z_v (the mean of z under p when shift = lse).
  @inline(__always)
  static func weightedMean(_ z: UnsafePointer<Float>, shift: Float, _ V: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    let s = SIMD8<Float>(repeating: shift)
    while i + 8 <= V { let zi = z.loadSIMD8(i); acc.addProduct(FastMath.exp(zi - s), zi); i += 8 }
    var total = acc.sum()
    while i < V { total += FastMath.exp(z[i] - shift) * z[i]; i += 1 }
    return total
  }

  @inline(__always)
  static func scale(_ x: UnsafeMutablePointer<Float>, _ a: Float, _ n: Int) {
    var i = 0
    let av = SIMD8<Float>(repeating: a)
    while i + 8 <= n { x.storeSIMD(x.loadSIMD8(i) * av, i); i += 8 }
    while i < n { x[i] *= a; i += 1 }
  }
}
