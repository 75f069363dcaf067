// Global-norm gradient clipping (HF clip_grad_norm_): norm = sqrt(sum of g^2 over all buffers),
// every buffer scaled by min(1, maxNorm / (norm + 1e-6)); the pre-clip norm is returned. `coefficient`
// is that factor for every caller (the training step multiplies it into the optimizer update).
// Squares are summed in fp32 lanes over 2048-element blocks, blocks in fp64, fixed-size chunks of
// 65536 combined in order: the same bytes for any thread count. No heap allocation per call
// (partials live in per-thread workspace) beyond the caller's array of buffers.

public enum GradClip {
  /// Pre-clip global norm over the buffers.
  public static func globalNorm(_ buffers: [(UnsafePointer<Float>, Int)]) -> Double {
    var total = 0.0
    for (p, n) in buffers { total += sumOfSquares(p, n) }
    return total.squareRoot()
  }

  /// Global norm of one flat buffer.
  public static func globalNorm(_ p: UnsafePointer<Float>, count: Int) -> Double { sumOfSquares(p, count).squareRoot() }

  /// Clips the buffers in place to global norm `maxNorm`; returns the pre-clip norm.
  @discardableResult
  public static func clip(_ buffers: [(UnsafeMutablePointer<Float>, Int)], maxNorm: Float) -> Float {
    var total = 0.0
    for (p, n) in buffers { total += sumOfSquares(p, n) }
    let norm = total.squareRoot()
    scale(buffers, by: coefficient(norm: norm, maxNorm: Double(maxNorm)))
    return Float(norm)
  }

  /// Clips one flat buffer in place; returns the pre-clip norm.
  @discardableResult
  public static func clip(_ p: UnsafeMutablePointer<Float>, count: Int, maxNorm: Float) -> Float {
    let norm = sumOfSquares(p, count).squareRoot()
    let c = coefficient(norm: norm, maxNorm: Double(maxNorm))
    if c != 1 { scale(p, count, c) }
    return Float(norm)
  }

  /// The clip factor for pre-clip global norm `norm`: maxNorm / (norm + 1e-6) when that is below 1,
  /// else 1; 1 when clipping is off (maxNorm <= 0).
  public static func coefficient(norm: Double, maxNorm: Double) -> Float {
    guard maxNorm > 0 else { return 1 }
    let coef = maxNorm / (norm + 1e-6)
    return coef < 1 ? Float(coef) : 1
  }

  /// Multiplies every buffer by `c` (nothing to do when c is 1).
  public static func scale(_ buffers: [(UnsafeMutablePointer<Float>, Int)], by c: Float) {
    if c != 1 { for (p, n) in buffers { scale(p, n, c) } }
  }

  static func scale(_ p: UnsafeMutablePointer<Float>, _ n: Int, _ c: Float) {
    Parallel.forRanges(n, grain: 1 << 15, Scale(p: p, c: c))
  }

  static let chunkSize = 1 << 16

  static func sumOfSquares(_ p: UnsafePointer<Float>, _ n: Int) -> Double {
    let chunks = (n + chunkSize - 1) / chunkSize
    if chunks == 0 { return 0 }
    let part = UnsafeMutableRawPointer(ThreadScratch.floats(2 * chunks)).assumingMemoryBound(to: Double.self)
    Parallel.forEach(chunks, SquareSums(p: p, n: n, partial: part))
    var total = 0.0
    for c in 0..<chunks { total += part[c] }
    return total
  }

  struct Scale: RangeTask {
    let p: UnsafeMutablePointer<Float>, c: Float
    func run(_ r: Range<Int>) { for i in r { p[i] *= c } }
  }

  struct SquareSums: ChunkTask {
    let p: UnsafePointer<Float>, n: Int, partial: UnsafeMutablePointer<Double>
    func run(chunk c: Int) {
      let lo = c * GradClip.chunkSize, hi = min(n, lo + GradClip.chunkSize)
      var acc = SIMD8<Float>(), s = 0.0
      var i = lo
      while i + 8 <= hi {
        let x = p.loadSIMD8(i); acc.addProduct(x, x); i += 8
        if (i - lo) % 2048 == 0 { s += Double(acc.sum()); acc = SIMD8<Float>() }
      }
      s += Double(acc.sum())
      while i < hi { s += Double(p[i]) * Double(p[i]); i += 1 }
      partial[c] = s
    }
  }
}
