// Vectorised bulk conversion between fp32 and bf16/f16 over raw pointers.
// bf16 uses integer SIMD (shift / round-to-nearest-even); f16 uses F16C (vcvtph2ps / vcvtps2ph),
// whose results agree bit for bit with the scalar paths in Half+Scalar.swift (tested on all patterns).

extension Half {
  /// dst (n) = widen(src (n)), src stored as `dtype` (bf16 or f16).
  public static func toFloat(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<UInt16>,
                             count n: Int, dtype: DType) {
    switch dtype {
    case .bf16: bf16ToFloat(dst, src, count: n)
    case .f16: f16ToFloat(dst, src, count: n)
    case .f32: preconditionFailure("Half.toFloat: dtype must be bf16 or f16")
    }
  }

  /// dst (n) = round(src (n)) into `dtype` (bf16 or f16), round to nearest even.
  public static func fromFloat(_ dst: UnsafeMutablePointer<UInt16>, _ src: UnsafePointer<Float>,
                               count n: Int, dtype: DType) {
    switch dtype {
    case .bf16: floatToBF16(dst, src, count: n)
    case .f16: floatToF16(dst, src, count: n)
    case .f32: preconditionFailure("Half.fromFloat: dtype must be bf16 or f16")
    }
  }

  public static func bf16ToFloat(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<UInt16>, count n: Int) {
    precondition(n >= 0)
    var i = 0
    while i + 8 <= n {
      dst.storeSIMD(widenBF16(src.loadSIMD8(i)), i)
      i += 8
    }
    while i < n { dst[i] = bf16ToFloat(src[i]); i += 1 }
  }

  public static func floatToBF16(_ dst: UnsafeMutablePointer<UInt16>, _ src: UnsafePointer<Float>, count n: Int) {
    precondition(n >= 0)
    var i = 0
    while i + 8 <= n {
      let bits = unsafeBitCast(src.loadSIMD8(i), to: SIMD8<UInt32>.self)
      let lsb = (bits &>> 16) & 1
      let rounded = (bits &+ 0x7FFF &+ lsb) &>> 16
      let nan = (bits & 0x7FFF_FFFF) .> 0x7F80_0000
      let quietNaN = (bits &>> 16) | 0x0040
      let r = rounded.replacing(with: quietNaN, where: nan)
      UnsafeMutableRawPointer(dst + i).storeBytes(of: narrow(r), as: SIMD8<UInt16>.self)
      i += 8
    }
    while i < n { dst[i] = floatToBF16(src[i]); i += 1 }
  }

  public static func f16ToFloat(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<UInt16>, count n: Int) {
    precondition(n >= 0)
    var i = 0
    while i + 8 <= n {
      dst.storeSIMD(widenF16(src.loadSIMD8(i)), i)
      i += 8
    }
    while i < n { dst[i] = f16ToFloat(src[i]); i += 1 }
  }

  public static func floatToF16(_ dst: UnsafeMutablePointer<UInt16>, _ src: UnsafePointer<Float>, count n: Int) {
    precondition(n >= 0)
    var i = 0
    while i + 8 <= n {
      let f = src.loadSIMD8(i)  // lanes spelled out: one vcvtps2ph (MXCSR rounding: nearest even)
      let h = SIMD8<Float16>(Float16(f[0]), Float16(f[1]), Float16(f[2]), Float16(f[3]),
                             Float16(f[4]), Float16(f[5]), Float16(f[6]), Float16(f[7]))
      UnsafeMutableRawPointer(dst + i).storeBytes(of: h, as: SIMD8<Float16>.self)
      i += 8
    }
    while i < n { dst[i] = floatToF16(src[i]); i += 1 }
  }

  /// Widen 8 bf16 values held as bits. Lanes are spelled out: the generic
  /// `SIMD8<UInt32>(truncatingIfNeeded:)` is an out-of-line call here, this is one vpmovzxwd.
  @inlinable @inline(__always)
  public static func widenBF16(_ h: SIMD8<UInt16>) -> SIMD8<Float> {
    let u = SIMD8<UInt32>(UInt32(h[0]), UInt32(h[1]), UInt32(h[2]), UInt32(h[3]),
                          UInt32(h[4]), UInt32(h[5]), UInt32(h[6]), UInt32(h[7]))
    return unsafeBitCast(u &<< 16, to: SIMD8<Float>.self)
  }

  /// Low 16 bits of each lane (vpblendw + vpackusdw), spelled out for the same reason.
  @inline(__always)
  static func narrow(_ r: SIMD8<UInt32>) -> SIMD8<UInt16> {
    SIMD8<UInt16>(UInt16(truncatingIfNeeded: r[0]), UInt16(truncatingIfNeeded: r[1]),
                  UInt16(truncatingIfNeeded: r[2]), UInt16(truncatingIfNeeded: r[3]),
                  UInt16(truncatingIfNeeded: r[4]), UInt16(truncatingIfNeeded: r[5]),
                  UInt16(truncatingIfNeeded: r[6]), UInt16(truncatingIfNeeded: r[7]))
  }

  /// Widen 8 f16 values held as bits (vcvtph2ps).
  @inlinable @inline(__always)
  public static func widenF16(_ h: SIMD8<UInt16>) -> SIMD8<Float> {
    let v = unsafeBitCast(h, to: SIMD8<Float16>.self)  // lanes spelled out: one vcvtph2ps
    return SIMD8<Float>(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]), Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
  }
}

// Unaligned SIMD loads/stores used by every kernel file.
extension UnsafePointer where Pointee == Float {
  @inlinable @inline(__always)
  func loadSIMD8(_ i: Int) -> SIMD8<Float> { UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<Float>.self) }
}
extension UnsafeMutablePointer where Pointee == Float {
  @inlinable @inline(__always)
  func loadSIMD8(_ i: Int) -> SIMD8<Float> { UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<Float>.self) }
  @inlinable @inline(__always)
  func storeSIMD(_ v: SIMD8<Float>, _ i: Int) { UnsafeMutableRawPointer(self + i).storeBytes(of: v, as: SIMD8<Float>.self) }
}
extension UnsafePointer where Pointee == UInt16 {
  @inlinable @inline(__always)
  func loadSIMD8(_ i: Int) -> SIMD8<UInt16> { UnsafeRawPointer(self + i).loadUnaligned(as: SIMD8<UInt16>.self) }
}
