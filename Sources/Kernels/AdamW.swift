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
