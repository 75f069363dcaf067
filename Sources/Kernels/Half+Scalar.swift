// Scalar bf16/f16 <-> f32 conversion: the specification the vectorised paths are tested against.
// Narrowing rounds to nearest, ties to even; Inf stays Inf; NaN stays NaN (made quiet, payload top bits kept).

public enum Half {
  /// bf16 bits -> Float (exact).
  @inlinable @inline(__always)
  public static func bf16ToFloat(_ h: UInt16) -> Float {
    Float(bitPattern: UInt32(h) << 16)
  }

  /// Float -> bf16 bits, round to nearest even.
  @inlinable @inline(__always)
  public static func floatToBF16(_ f: Float) -> UInt16 {
    let bits = f.bitPattern
    if bits & 0x7FFF_FFFF > 0x7F80_0000 {  // NaN: truncate and force the quiet bit so it cannot become Inf
      return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040
    }
    let lsb = (bits >> 16) & 1
    return UInt16(truncatingIfNeeded: (bits &+ 0x7FFF &+ lsb) >> 16)
  }

  /// f16 bits -> Float (exact), bit manipulation only.
  @inlinable
  public static func f16ToFloat(_ h: UInt16) -> Float {
    let sign = UInt32(h & 0x8000) << 16
    let exp = Int((h >> 10) & 0x1F)
    let man = UInt32(h & 0x03FF)
    if exp == 0x1F {  // Inf / NaN (NaN made quiet, like vcvtph2ps)
      let quiet: UInt32 = man != 0 ? 0x0040_0000 : 0
      return Float(bitPattern: sign | 0x7F80_0000 | (man << 13) | quiet)
    }
    if exp == 0 {
      if man == 0 { return Float(bitPattern: sign) }
      // Subnormal: value = man * 2^-24, exactly representable in fp32.
      let v = Float(man) * Float(bitPattern: 0x3380_0000)  // 2^-24
      return sign != 0 ? -v : v
    }
    return Float(bitPattern: sign | (UInt32(exp + 112) << 23) | (man << 13))
  }

  /// Float -> f16 bits, round to nearest even, overflow to Inf, bit manipulation only.
  @inlinable
  public static func floatToF16(_ f: Float) -> UInt16 {
    let bits = f.bitPattern
    let sign = UInt16(truncatingIfNeeded: (bits >> 16) & 0x8000)
    let absBits = bits & 0x7FFF_FFFF
    if absBits > 0x7F80_0000 {  // NaN: keep top payload bits, force quiet
      return sign | 0x7E00 | UInt16(truncatingIfNeeded: (absBits >> 13) & 0x03FF)
    }
    if absBits >= 0x4780_0000 {  // >= 65536: Inf (also covers Inf itself)
      return sign | 0x7C00
    }
    let exp = Int(absBits >> 23) - 127
    if exp >= -14 {  // normal f16 range: drop 13 mantissa bits with RNE (carry may reach Inf, which is right)
      let rebased = absBits &- (112 << 23)
      let lsb = (rebased >> 13) & 1
      return sign | UInt16(truncatingIfNeeded: (rebased &+ 0x0FFF &+ lsb) >> 13)
    }
    if exp < -25 { return sign }  // below half the smallest subnormal: rounds to zero
    // Subnormal: mantissa with implicit bit, shifted right by (−14 − exp) + 13 with RNE.
    let man = (absBits & 0x007F_FFFF) | 0x0080_0000
    let shift = UInt32(-14 - exp + 13)
    let half = UInt32(1) << (shift - 1)
    let rest = man & ((UInt32(1) << shift) - 1)
    var q = man >> shift
    if rest > half || (rest == half && (q & 1) == 1) { q += 1 }
    return sign | UInt16(truncatingIfNeeded: q)
  }
}
