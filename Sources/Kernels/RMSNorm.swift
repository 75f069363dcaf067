// RMSNorm as in HF Qwen2 (computed in fp32): out = inp * rstd * weight, rstd = 1/sqrt(mean(inp^2) + eps).
// Shapes: inp, out (N, C); weight (C); rstd (N) saved for backward.

public enum RMSNorm {
  /// out (N, C), rstd (N) from inp (N, C) and weight (C).
  public static func forward(out: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>,
                             inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                             N: Int, C: Int, eps: Float) {
    precondition(N >= 0 && C >= 1 && eps >= 0, "RMSNorm.forward: bad shape N=\(N) C=\(C) eps=\(eps)")
    Parallel.forRanges(N, grain: max(1, 16384 / C), ForwardRows(out: out, rstd: rstd, inp: inp, weight: weight, C: C, eps: eps))
  }

  /// dinp (N, C) = (or += when `accumulate`) gradient through the norm; dweight (C) += sum_n dout*inp*rstd.
  public static func backward(dinp: UnsafeMutablePointer<Float>, dweight: UnsafeMutablePointer<Float>?,
                              dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                              rstd: UnsafePointer<Float>, N: Int, C: Int, accumulate: Bool = false) {
    precondition(N >= 0 && C >= 1, "RMSNorm.backward: bad shape N=\(N) C=\(C)")
    Parallel.forRanges(N, grain: max(1, 16384 / C),
                       BackwardRows(dinp: dinp, dout: dout, inp: inp, weight: weight, rstd: rstd, C: C, accumulate: accumulate))
    if let dweight {  // chunks own column ranges and sum rows in order: thread-count independent
      Parallel.forRanges(C, grain: 32, maxChunks: 16, WeightGrad(dweight: dweight, dout: dout, inp: inp, rstd: rstd, N: N, C: C))
    }
  }

  struct ForwardRows: RangeTask {
    let out: UnsafeMutablePointer<Float>, rstd: UnsafeMutablePointer<Float>
    let inp: UnsafePointer<Float>, weight: UnsafePointer<Float>, C: Int, eps: Float
    func run(_ rows: Range<Int>) {
      for n in rows {
        let x = inp + n * C, y = out + n * C
        let r = 1 / (sumOfSquares(x, C) / Float(C) + eps).squareRoot()
        rstd[n] = r
        for c in 0..<C { y[c] = x[c] * r * weight[c] }
      }
    }
  }

  /// dx = r * (w*dy - x * r^2 * mean(w*dy*x))
  struct BackwardRows: RangeTask {
    let dinp: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>
    let weight: UnsafePointer<Float>, rstd: UnsafePointer<Float>, C: Int, accumulate: Bool
    func run(_ rows: Range<Int>) {
      for n in rows {
        let x = inp + n * C, dy = dout + n * C, dx = dinp + n * C
        let r = rstd[n]
        let s = weightedDot(weight, dy, x, C)
        let k = s * r * r / Float(C)
        if accumulate {
          for c in 0..<C { dx[c] += r * (weight[c] * dy[c] - x[c] * k) }
        } else {
          for c in 0..<C { dx[c] = r * (weight[c] * dy[c] - x[c] * k) }
        }
      }
    }
  }

  struct WeightGrad: RangeTask {
    let dweight: UnsafeMutablePointer<Float>, dout: UnsafePointer<Float>, inp: UnsafePointer<Float>
    let rstd: UnsafePointer<Float>, N: Int, C: Int
    func run(_ cols: Range<Int>) {
      for n in 0..<N {
        let x = inp + n * C, dy = dout + n * C, r = rstd[n]
        for c in cols { dweight[c] += dy[c] * x[c] * r }
      }
    }
  }

  /// sum_c w[c] * a[c] * b[c] in SIMD lanes (a scalar loop would not vectorise: no reassociation).
  @inline(__always)
  static func weightedDot(_ w: UnsafePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ C: Int) -> Float {
    var acc = SIMD8<Float>()
    var c = 0
    while c + 8 <= C { acc.addProduct(w.loadSIMD8(c) * a.loadSIMD8(c), b.loadSIMD8(c)); c += 8 }
    var s = acc.sum()
    while c < C { s += w[c] * a[c] * b[c]; c += 1 }
    return s
  }

  @inline(__always)
  static func sumOfSquares(_ x: UnsafePointer<Float>, _ C: Int) -> Float {
    var a = SIMD8<Float>(), b = SIMD8<Float>()
    var c = 0
    while c + 16 <= C {
      let u = x.loadSIMD8(c), v = x.loadSIMD8(c + 8)
      a.addProduct(u, u); b.addProduct(v, v)
      c += 16
    }
    var s = (a + b).sum()
    while c < C { s += x[c] * x[c]; c += 1 }
    return s
  }
}
