// Vectorised exp for softmax-style kernels (Cephes expf: range reduction by ln 2, degree-6 polynomial;
// max relative error ~2 ulp on [-87, 88], tested against Foundation.exp). exp(-inf) = 0, overflow -> +inf.
// Also small SIMD helpers (dot, axpy) over raw pointers shared by the attention and loss kernels.

public enum FastMath {
  @inline(__always)
  public static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let hi = SIMD8<Float>(repeating: 88.3762626647949), lo = SIMD8<Float>(repeating: -87.3365447504019)
    // (`clamped`/`pointwiseMax` are out-of-line generic calls here; masked selects inline to vblendvps)
    let xc = x.replacing(with: lo, where: x .< lo).replacing(with: hi, where: x .> hi)
    // Round to nearest even by the 1.5 * 2^23 trick: `.rounded()` and Float->Int32 conversion compiled
    // to unspecialised generic stdlib code here (~36% of a small model's training step, per perf).
    let magic = SIMD8<Float>(repeating: 12_582_912)
    let t = xc * 1.44269504088896341 + magic
    let n = t - magic
    var r = xc - n * 0.693359375
    r = r - n * -2.12194440e-4
    var p = SIMD8<Float>(repeating: 1.9875691500e-4)
    p = p * r + 1.3981999507e-3
    p = p * r + 8.3334519073e-3
    p = p * r + 4.1665795894e-2
    p = p * r + 1.6666665459e-1
    p = p * r + 5.0000001201e-1
    let y = p * (r * r) + r + 1
    // |n| <= 128, so the integer sits in the low mantissa bits of t.
    let e = (unsafeBitCast(t, to: SIMD8<Int32>.self) &- 0x4B40_0000) &+ 127
    let scale = unsafeBitCast(e &<< 23, to: SIMD8<Float>.self)
    var out = y * scale
    out.replace(with: 0, where: x .< lo)
    out.replace(with: .infinity, where: x .> hi)
    out.replace(with: x, where: x .!= x)  // NaN in, NaN out
    return out
  }

  @inline(__always)
  public static func exp(_ x: Float) -> Float { exp(SIMD8<Float>(repeating: x))[0] }

  /// y (n) = exp(x - shift), returns the sum (fixed left-to-right order of 8-lane partials).

  public static func expShiftSum(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, shift: Float, _ n: Int) -> Float {
    var acc = SIMD8<Float>()
    var i = 0
    let s = SIMD8<Float>(repeating: shift)
    while i + 8 <= n {
      let e = exp(x.loadSIMD8(i) - s)
      y.storeSIMD(e, i)
      acc += e
      i += 8
    }
    var total = acc.sum()
    while i < n { let e = exp(x[i] - shift); y[i] = e; total += e; i += 1 }
    return total
  }

  /// max of x (n), n >= 1.

  public static func max(_ x: UnsafePointer<Float>, _ n: Int) -> Float {
    var m = SIMD8<Float>(repeating: -.infinity)
    var i = 0
    while i + 8 <= n { let v = x.loadSIMD8(i); m.replace(with: v, where: v .> m); i += 8 }
    var m4 = m.lowHalf
    m4.replace(with: m.highHalf, where: m.highHalf .> m4)
    var r = Swift.max(Swift.max(m4[0], m4[1]), Swift.max(m4[2], m4[3]))
    while i < n { r = Swift.max(r, x[i]); i += 1 }
    return r
  }

  @inline(__always)
  public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= n { s0.addProduct(a.loadSIMD8(i), b.loadSIMD8(i)); s1.addProduct(a.loadSIMD8(i + 8), b.loadSIMD8(i + 8)); i += 16 }
    if i + 8 <= n { s0.addProduct(a.loadSIMD8(i), b.loadSIMD8(i)); i += 8 }
    var s = (s0 + s1).sum()
    while i < n { s += a[i] * b[i]; i += 1 }
    return s
  }

  /// y (n) += alpha * x.
  @inline(__always)
  public static func axpy(_ y: UnsafeMutablePointer<Float>, _ alpha: Float, _ x: UnsafePointer<Float>, _ n: Int) {
    let a = SIMD8<Float>(repeating: alpha)
    var i = 0
    while i + 8 <= n { var v = y.loadSIMD8(i); v.addProduct(a, x.loadSIMD8(i)); y.storeSIMD(v, i); i += 8 }
    while i < n { y[i] += alpha * x[i]; i += 1 }
  }
}
