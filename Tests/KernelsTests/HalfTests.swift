import Testing
@testable import Kernels

// Bit-exact tests: conversions are exact functions, so the allowance is zero ULP everywhere.

private func isNaN16(_ h: UInt16, dtype: DType) -> Bool {
  dtype == .bf16 ? (h & 0x7F80) == 0x7F80 && (h & 0x007F) != 0 : (h & 0x7C00) == 0x7C00 && (h & 0x03FF) != 0
}

private func quiet(_ h: UInt16, dtype: DType) -> UInt16 { h | (dtype == .bf16 ? 0x0040 : 0x0200) }

@Test(arguments: [DType.bf16, .f16])
func everyHalfPatternRoundTripsThroughFloat(dtype: DType) {
  var scalarFail = 0, bulkFail = 0
  let all = (0...0xFFFF).map { UInt16($0) }
  var wide = [Float](repeating: 0, count: all.count)
  var back = [UInt16](repeating: 0, count: all.count)
  Half.toFloat(&wide, all, count: all.count, dtype: dtype)
  Half.fromFloat(&back, wide, count: all.count, dtype: dtype)
  for h in all {
    let f = dtype == .bf16 ? Half.bf16ToFloat(h) : Half.f16ToFloat(h)
    let r = dtype == .bf16 ? Half.floatToBF16(f) : Half.floatToF16(f)
    let i = Int(h)
    // Widening is exact: vectorised and scalar agree bit for bit (NaN compared by bits too).
    if wide[i].bitPattern != f.bitPattern { bulkFail += 1 }
    if isNaN16(h, dtype: dtype) {
      // NaN stays NaN with its payload; only the quiet bit may be set.
      if r != quiet(h, dtype: dtype) { scalarFail += 1 }
      if back[i] != quiet(h, dtype: dtype) { bulkFail += 1 }
    } else {
      if r != h { scalarFail += 1 }
      if back[i] != h { bulkFail += 1 }
    }
  }
  #expect(scalarFail == 0)
  #expect(bulkFail == 0)
}

/// Reference rounding through Double: the representable neighbours of x and a tie-to-even choice.
private func referenceRound(_ x: Float, dtype: DType) -> UInt16 {
  let toF: (UInt16) -> Float = { dtype == .bf16 ? Half.bf16ToFloat($0) : Half.f16ToFloat($0) }
  // Candidates: every finite non-negative pattern is monotone in value, so binary search the magnitude.
  let sign: UInt16 = x.sign == .minus ? 0x8000 : 0
  let a = Double(abs(x))
  let maxFinite: UInt16 = dtype == .bf16 ? 0x7F7F : 0x7BFF
  var lo: UInt16 = 0, hi = maxFinite
  if a >= Double(toF(maxFinite)) {
    // Above max finite: Inf when at or beyond the midpoint to the next (virtual) step.
    let ulp = Double(toF(maxFinite)) - Double(toF(maxFinite - 1))
    return a >= Double(toF(maxFinite)) + ulp / 2 ? sign | (maxFinite + 1) : sign | maxFinite
  }
  while hi - lo > 1 {
    let mid = lo + (hi - lo) / 2
    if Double(toF(mid)) <= a { lo = mid } else { hi = mid }
  }
  let dl = a - Double(toF(lo)), dh = Double(toF(hi)) - a
  if dl < dh || (dl == dh && lo & 1 == 0) { return sign | lo }
  return sign | hi
}

@Test(arguments: [DType.bf16, .f16])
func narrowingRoundsToNearestEven(dtype: DType) {
  // Every 997th fp32 pattern (covers subnormals, normals, overflow, Inf, NaN) plus exact ties.
  var xs: [Float] = []
  var bits: UInt64 = 0
  while bits <= 0xFFFF_FFFF { xs.append(Float(bitPattern: UInt32(bits))); bits += 997 }
  for h in UInt16(0)..<0x7C00 where dtype == .f16 || h < 0x7F80 {  // midpoints between neighbours
    let toF: (UInt16) -> Float = { dtype == .bf16 ? Half.bf16ToFloat($0) : Half.f16ToFloat($0) }
    let m = (Double(toF(h)) + Double(toF(h + 1))) / 2
    xs.append(Float(m)); xs.append(-Float(m))
  }
  xs += [.infinity, -.infinity, .nan, 65504, 65519.99, 65520, 1e-8, 2.98e-8, 5.96e-8, .leastNonzeroMagnitude]
  var bulk = [UInt16](repeating: 0, count: xs.count)
  Half.fromFloat(&bulk, xs, count: xs.count, dtype: dtype)
  var fails = 0
  for (i, x) in xs.enumerated() {
    let s = dtype == .bf16 ? Half.floatToBF16(x) : Half.floatToF16(x)
    if bulk[i] != s { fails += 1; continue }  // F16C / SIMD must agree with the scalar path
    if x.isNaN {
      if !isNaN16(s, dtype: dtype) { fails += 1 }
    } else if s != referenceRound(x, dtype: dtype) {
      fails += 1
    }
  }
  #expect(fails == 0)
}

@Test func bulkConversionHandlesTailsAndOddCounts() {
  for n in [0, 1, 7, 8, 9, 33, 257] {
    let xs = (0..<n).map { Float($0) * 0.37 - 3.1 }
    var h = [UInt16](repeating: 0, count: n)
    var back = [Float](repeating: .nan, count: n)
    for dtype in [DType.bf16, .f16] {
      Half.fromFloat(&h, xs, count: n, dtype: dtype)
      Half.toFloat(&back, h, count: n, dtype: dtype)
      for i in 0..<n {
        let s = dtype == .bf16 ? Half.floatToBF16(xs[i]) : Half.floatToF16(xs[i])
        #expect(h[i] == s)
        // Rounding error <= half an ulp: bf16 has 8 significant bits (2^-8 relative), f16 11 (2^-11).
        let tol = (dtype == .bf16 ? 1.0 / 256 : 1.0 / 2048) * abs(xs[i])
        #expect(abs(back[i] - xs[i]) <= tol)
      }
    }
  }
}
