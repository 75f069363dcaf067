// AdamW (Loshchilov & Hutter; PyTorch semantics): decoupled weight decay and bias correction,
//   p <- p * (1 - lr * wd) - lr * mhat / (sqrt(vhat) + eps),  mhat = m / (1 - b1^t), vhat = v / (1 - b2^t)
// on fp32 master weights; an optional bf16/f16 working copy is rewritten (rounded to nearest even)
// from the updated master. Elementwise, so any split over threads gives the same bytes.

public struct AdamWHyper: Sendable, Equatable {
  public var lr: Float
  public var beta1: Float
  public var beta2: Float
  public var eps: Float
  public var weightDecay: Float
  public init(lr: Float, beta1: Float = 0.9, beta2: Float = 0.999, eps: Float = 1e-8, weightDecay: Float = 0) {
    self.lr = lr; self.beta1 = beta1; self.beta2 = beta2; self.eps = eps; self.weightDecay = weightDecay
  }
}

public enum AdamW {
  /// One update at 1-based step t of master (count) fp32 with grad * gradScale (gradScale folds in
  /// clipping); m, v (count) moments. working (count) in workingDType (bf16/f16) is rewritten if given.
  public static func step(master: UnsafeMutablePointer<Float>, working: UnsafeMutablePointer<UInt16>?,
                          workingDType: DType = .bf16, grad: UnsafePointer<Float>,
                          m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>, count: Int,
                          t: Int, hyper h: AdamWHyper, gradScale: Float = 1) {
    precondition(count >= 0 && t >= 1, "AdamW.step: bad count=\(count) t=\(t)")
    precondition(working == nil || workingDType.isHalf, "AdamW.step: working copy must be bf16 or f16")
    let bc1 = 1 - Float(Double(h.beta1).power(t)), bc2 = 1 - Float(Double(h.beta2).power(t))
    Parallel.forRanges(count, grain: 1 << 15, Update(master: master, working: working, workingDType: workingDType, grad: grad,
                                                     m: m, v: v, h: h, bc1: bc1, bc2: bc2, gradScale: gradScale))
  }

  struct Update: RangeTask {
    let master: UnsafeMutablePointer<Float>, working: UnsafeMutablePointer<UInt16>?, workingDType: DType
    let grad: UnsafePointer<Float>, m: UnsafeMutablePointer<Float>, v: UnsafeMutablePointer<Float>
    let h: AdamWHyper, bc1: Float, bc2: Float, gradScale: Float
    func run(_ r: Range<Int>) {
      let decay = 1 - h.lr * h.weightDecay
      for i in r {
        let g = grad[i] * gradScale
        let mi = h.beta1 * m[i] + (1 - h.beta1) * g
        let vi = h.beta2 * v[i] + (1 - h.beta2) * g * g
        m[i] = mi; v[i] = vi
        master[i] = master[i] * decay - h.lr * (mi / bc1) / ((vi / bc2).squareRoot() + h.eps)
      }
      if let working {
        Half.fromFloat(working + r.lowerBound, master + r.lowerBound, count: r.count, dtype: workingDType)
      }
    }
  }
}

extension Double {
  func power(_ n: Int) -> Double { var r = 1.0; for _ in 0..<n { r *= self }; return r }
}

/// Global-norm gradient clipping over one or more fp32 gradient buffers.
public enum GradClip {
  /// sqrt(sum of squares) over all buffers, accumulated in fp64 per fixed-size chunk, chunks combined in order.
  public static func globalNorm(_ buffers: [(UnsafePointer<Float>, Int)]) -> Double {
    var total = 0.0
    for (p, n) in buffers { total += sumOfSquares(p, n) }
    return total.squareRoot()
  }

  /// Scales every buffer by min(1, maxNorm / (norm + 1e-6)) (HF clip_grad_norm_) and returns the pre-clip norm.
  @discardableResult
  public static func clip(_ buffers: [(UnsafeMutablePointer<Float>, Int)], maxNorm: Float) -> Float {
    let norm = globalNorm(buffers.map { (UnsafePointer($0.0), $0.1) })
    let coef = Double(maxNorm) / (norm + 1e-6)
    if coef < 1 {
      let c = Float(coef)
      for (p, n) in buffers {
        Parallel.forRanges(n, grain: 1 << 15) { r in for i in r { p[i] *= c } }
      }
    }
    return Float(norm)
  }

  static let chunkSize = 1 << 16

  static func sumOfSquares(_ p: UnsafePointer<Float>, _ n: Int) -> Double {
    let chunks = (n + chunkSize - 1) / chunkSize
    if chunks == 0 { return 0 }
    return withUnsafeTemporaryAllocation(of: Double.self, capacity: chunks) { partial in
      let part = partial.baseAddress!
      Parallel.forEach(chunks) { c in
        let lo = c * chunkSize, hi = min(n, lo + chunkSize)
        var acc = SIMD8<Float>(), s = 0.0
        var i = lo
        while i + 8 <= hi {  // fp32 lanes over 8 KiB blocks, then fp64 across blocks
          let x = p.loadSIMD8(i); acc.addProduct(x, x); i += 8
          if (i - lo) % 2048 == 0 { s += Double(acc.sum()); acc = SIMD8<Float>() }
        }
        s += Double(acc.sum())
        while i < hi { s += Double(p[i]) * Double(p[i]); i += 1 }
        part[c] = s
      }
      var total = 0.0
      for c in 0..<chunks { total += part[c] }
      return total
    }
  }
}
