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
      UnsafeMutableRawPointer(dst + i).storeBytes(of: SIMD8<UInt16>(truncatingIfNeeded: r), as: SIMD8<UInt16>.self)
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
      let h = SIMD8<Float16>(src.loadSIMD8(i))  // vcvtps2ph, MXCSR rounding (nearest even)
      UnsafeMutableRawPointer(dst + i).storeBytes(of: h, as: SIMD8<Float16>.self)
      i += 8
    }
    while i < n { dst[i] = floatToF16(src[i]); i += 1 }
  }

  /// Widen 8 bf16 values held as bits.
  @inlinable @inline(__always)
  public static func widenBF16(_ h: SIMD8<UInt16>) -> SIMD8<Float> {
    unsafeBitCast(SIMD8<UInt32>(truncatingIfNeeded: h) &<< 16, to: SIMD8<Float>.self)
  }

  /// Widen 8 f16 values held as bits (vcvtph2ps).
  @inlinable @inline(__always)
  public static func widenF16(_ h: SIMD8<UInt16>) -> SIMD8<Float> {
    SIMD8<Float>(unsafeBitCast(h, to: SIMD8<Float16>.self))
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
