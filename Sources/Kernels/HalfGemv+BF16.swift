// bf16 GEMV without shuffles: 16 bf16 weights load as 8 UInt32 words; the even weights are
// `word << 16` and the odd ones `word & 0xFFFF0000`, already fp32 bit patterns. x is reordered once per
// call to match (each full 16-block as its 8 even then 8 odd elements), so the inner loop is one load,
// one shift, one and, two FMAs per 16 weights (vpmovzxwd needs a shuffle-port uop per 8 weights).

extension HalfGemv {
  /// xd (M, IC) = x with every full 16-element block of each row split into evens then odds.
  static func deinterleave(_ xd: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, M: Int, IC: Int) {
    for m in 0..<M {
      let s = x + m * IC, d = xd + m * IC
      var k = 0
      while k + 16 <= IC {
        for j in 0..<8 { d[k + j] = s[k + 2 * j]; d[k + 8 + j] = s[k + 2 * j + 1] }
        k += 16
      }
      while k < IC { d[k] = s[k]; k += 1 }
    }
  }

  @inline(__always)
  static func split(_ w: UnsafePointer<UInt16>, _ k: Int) -> (SIMD8<Float>, SIMD8<Float>) {
    let u = UnsafeRawPointer(w + k).loadUnaligned(as: SIMD8<UInt32>.self)
    return (unsafeBitCast(u &<< 16, to: SIMD8<Float>.self), unsafeBitCast(u & 0xFFFF_0000, to: SIMD8<Float>.self))
  }

  /// Output columns `cols` for all M rows; xd from `deinterleave`.
  @inline(never)
  static func blockBF16(_ out: UnsafeMutablePointer<Float>, _ xd: UnsafePointer<Float>, _ w: UnsafePointer<UInt16>,
                        _ bias: UnsafePointer<Float>?, _ M: Int, _ IC: Int, _ OC: Int, _ cols: Range<Int>) {
    var o = cols.lowerBound
    if M >= 4 {
      while o + 2 <= cols.upperBound {
        var m = 0
        while m + 4 <= M { tile2x4BF16(out, xd, w, M: m, O: o, IC: IC, OC: OC); m += 4 }
        while m < M { row4BF16(out + m * OC, xd + m * IC, w, O: o, count: 2, IC: IC); m += 1 }
        o += 2
      }
    }
    while o < cols.upperBound {
      let n = min(4, cols.upperBound - o)
      for m in 0..<M { row4BF16(out + m * OC, xd + m * IC, w, O: o, count: n, IC: IC) }
      o += n
    }
    if let bias {
      for m in 0..<M { for c in cols { out[m * OC + c] += bias[c] } }
    }
  }

  /// out[O..<O+count] (count <= 4) for one reordered x row.
  @inline(__always)
  static func row4BF16(_ out: UnsafeMutablePointer<Float>, _ xd: UnsafePointer<Float>, _ w: UnsafePointer<UInt16>,
                       O: Int, count: Int, IC: Int) {
    let w0 = w + O * IC  // rows beyond `count` alias row 0; their sums are discarded
    let w1 = w0 + (count > 1 ? IC : 0), w2 = w0 + (count > 2 ? 2 * IC : 0), w3 = w0 + (count > 3 ? 3 * IC : 0)
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
    var k = 0
    while k + 16 <= IC {
      let xe = xd.loadSIMD8(k), xo = xd.loadSIMD8(k + 8)
      var (e, d) = split(w0, k); a0.addProduct(e, xe); b0.addProduct(d, xo)
      (e, d) = split(w1, k); a1.addProduct(e, xe); b1.addProduct(d, xo)
      (e, d) = split(w2, k); a2.addProduct(e, xe); b2.addProduct(d, xo)
      (e, d) = split(w3, k); a3.addProduct(e, xe); b3.addProduct(d, xo)
      k += 16
    }
    finishRow4(BF16Widening.self, out, (a0 + b0, a1 + b1, a2 + b2, a3 + b3), (w0, w1, w2, w3), xd, from: k, IC: IC, O: O, count: count)
  }

  /// out rows m..<m+4, columns O, O+1: 2 W rows x 4 x rows, 8 accumulators.
  @inline(__always)
  static func tile2x4BF16(_ out: UnsafeMutablePointer<Float>, _ xd: UnsafePointer<Float>, _ w: UnsafePointer<UInt16>,
                          M m: Int, O: Int, IC: Int, OC: Int) {
    let w0 = w + O * IC, w1 = w0 + IC
    let x0 = xd + m * IC, x1 = x0 + IC, x2 = x1 + IC, x3 = x2 + IC
    var a00 = SIMD8<Float>(), a01 = SIMD8<Float>(), a02 = SIMD8<Float>(), a03 = SIMD8<Float>()
    var a10 = SIMD8<Float>(), a11 = SIMD8<Float>(), a12 = SIMD8<Float>(), a13 = SIMD8<Float>()
    var k = 0
    while k + 16 <= IC {
      let (e0, d0) = split(w0, k), (e1, d1) = split(w1, k)
      var y = x0.loadSIMD8(k), z = x0.loadSIMD8(k + 8)
      a00.addProduct(e0, y); a00.addProduct(d0, z); a10.addProduct(e1, y); a10.addProduct(d1, z)
      y = x1.loadSIMD8(k); z = x1.loadSIMD8(k + 8)
      a01.addProduct(e0, y); a01.addProduct(d0, z); a11.addProduct(e1, y); a11.addProduct(d1, z)
      y = x2.loadSIMD8(k); z = x2.loadSIMD8(k + 8)
      a02.addProduct(e0, y); a02.addProduct(d0, z); a12.addProduct(e1, y); a12.addProduct(d1, z)
      y = x3.loadSIMD8(k); z = x3.loadSIMD8(k + 8)
      a03.addProduct(e0, y); a03.addProduct(d0, z); a13.addProduct(e1, y); a13.addProduct(d1, z)
      k += 16
    }
    finishTile2x4(BF16Widening.self, out, (a00, a01, a02, a03), (a10, a11, a12, a13), w0, w1, x0, from: k, IC: IC, M: m, O: O, OC: OC)
  }
}
