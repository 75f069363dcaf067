// Naive fp64 twins of the layer kernels: straight loops from the definitions, no SIMD, no threads.
import Foundation

func naiveRMSNorm(_ x: [Double], _ w: [Double], N: Int, C: Int, eps: Double) -> [Double] {
  var out = x
  for n in 0..<N {
    var ss = 0.0
    for c in 0..<C { ss += x[n * C + c] * x[n * C + c] }
    let r = 1 / (ss / Double(C) + eps).squareRoot()
    for c in 0..<C { out[n * C + c] = x[n * C + c] * r * w[c] }
  }
  return out
}

/// HF apply_rotary_pos_emb on (N, H, HS) with per-token positions; angles as HF computes them.
func naiveRope(_ x: [Double], positions: [Int32], N: Int, H: Int, HS: Int, theta: Double) -> [Double] {
  var out = x
  let half = HS / 2
  for n in 0..<N {
    for h in 0..<H {
      let base = (n * H + h) * HS
      for i in 0..<half {
        let invFreq = 1 / Float(pow(theta, Double(Float(2 * i) / Float(HS))))
        let angle = Double(Float(positions[n]) * invFreq)
        let c = cos(angle), s = sin(angle)
        out[base + i] = x[base + i] * c - x[base + i + half] * s
        out[base + i + half] = x[base + i + half] * c + x[base + i] * s
      }
    }
  }
  return out
}

func naiveSwiGLU(_ g: [Double], _ u: [Double]) -> [Double] {
  zip(g, u).map { g, u in g / (1 + exp(-g)) * u }
}

/// Causal GQA attention (B, Tq, NH, HS) over keys (B, S, KVH, HS) with Tk valid; segments (B, S).
func naiveAttention(_ q: [Double], _ k: [Double], _ v: [Double], segments: [Int32]?,
                    B: Int, Tq: Int, Tk: Int, S: Int, NH: Int, KVH: Int, HS: Int) -> [Double] {
  var out = [Double](repeating: 0, count: B * Tq * NH * HS)
  let scale = 1 / Double(HS).squareRoot()
  for b in 0..<B {
    for h in 0..<NH {
      let g = h / (NH / KVH)
      for i in 0..<Tq {
        let pos = Tk - Tq + i
        var s = [Double](repeating: -.infinity, count: Tk)
        for j in 0...pos where segments == nil || segments![b * S + j] == segments![b * S + pos] {
          var d = 0.0
          for e in 0..<HS { d += q[((b * Tq + i) * NH + h) * HS + e] * k[((b * S + j) * KVH + g) * HS + e] }
          s[j] = d * scale
        }
        let m = s.max()!
        let p = s.map { exp($0 - m) }
        let z = p.reduce(0, +)
        for j in 0..<Tk where p[j] > 0 {
          for e in 0..<HS { out[((b * Tq + i) * NH + h) * HS + e] += p[j] / z * v[((b * S + j) * KVH + g) * HS + e] }
        }
      }
    }
  }
  return out
}

/// Per-row log-softmax of (N, V).
func naiveLogSoftmax(_ z: [Double], N: Int, V: Int) -> [Double] {
  var out = z
  for n in 0..<N {
    let row = z[(n * V)..<((n + 1) * V)]
    let m = row.max()!
    let l = m + log(row.reduce(0) { $0 + exp($1 - m) })
    for v in 0..<V { out[n * V + v] = z[n * V + v] - l }
  }
  return out
}

func naiveEntropy(_ z: [Double], N: Int, V: Int) -> [Double] {
  let lp = naiveLogSoftmax(z, N: N, V: V)
  return (0..<N).map { n in -(0..<V).reduce(0.0) { $0 + exp(lp[n * V + $1]) * lp[n * V + $1] } }
}
