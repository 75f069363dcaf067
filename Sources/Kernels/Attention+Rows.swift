// Inner loops of the attention kernels, over one query row and many key/value rows (row stride
// `stride` floats, HS floats each). Scores take 8 keys at a time (8 independent FMA chains, one
// horizontal sum per key at the end) and weighted sums keep 64 output floats in registers while
// streaming value rows, so neither loop reloads/stores its accumulators per key.

enum AttentionRows {
  /// row[j] = scale * q · k_j for j in 0..<n.
  @inline(__always)
  static func scores(_ row: UnsafeMutablePointer<Float>, _ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>,
                     stride: Int, n: Int, HS: Int, scale: Float) {
    var j = 0
    while j + 8 <= n {
      dots8(row + j, q, k + j * stride, stride: stride, HS: HS, scale: scale)
      j += 8
    }
    while j < n { row[j] = scale * FastMath.dot(q, k + j * stride, HS); j += 1 }
  }

  @inline(__always)
  static func dots8(_ out: UnsafeMutablePointer<Float>, _ q: UnsafePointer<Float>, _ k: UnsafePointer<Float>,
                    stride: Int, HS: Int, scale: Float) {
    let k0 = k, k1 = k + stride, k2 = k + 2 * stride, k3 = k + 3 * stride
    let k4 = k + 4 * stride, k5 = k + 5 * stride, k6 = k + 6 * stride, k7 = k + 7 * stride
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var a4 = SIMD8<Float>(), a5 = SIMD8<Float>(), a6 = SIMD8<Float>(), a7 = SIMD8<Float>()
    var d = 0
    while d + 8 <= HS {
      let qv = q.loadSIMD8(d)
      a0.addProduct(qv, k0.loadSIMD8(d)); a1.addProduct(qv, k1.loadSIMD8(d))
      a2.addProduct(qv, k2.loadSIMD8(d)); a3.addProduct(qv, k3.loadSIMD8(d))
      a4.addProduct(qv, k4.loadSIMD8(d)); a5.addProduct(qv, k5.loadSIMD8(d))
      a6.addProduct(qv, k6.loadSIMD8(d)); a7.addProduct(qv, k7.loadSIMD8(d))
      d += 8
    }
    var s = SIMD8<Float>(hsum(a0), hsum(a1), hsum(a2), hsum(a3), hsum(a4), hsum(a5), hsum(a6), hsum(a7))
    while d < HS {
      let qd = q[d]
      s += SIMD8<Float>(k0[d], k1[d], k2[d], k3[d], k4[d], k5[d], k6[d], k7[d]) * qd
      d += 1
    }
    out.storeSIMD(s * scale, 0)
  }

  @inline(__always)
  static func hsum(_ a: SIMD8<Float>) -> Float {
    let b = a.lowHalf + a.highHalf, c = b.lowHalf + b.highHalf
    return c[0] + c[1]
  }

  /// out (HS) = sum_j w[j * wStride] * v_j for j in 0..<n, skipping zero weights; assigned, or added
  /// to out when `accumulate`.
  @inline(__always)
  static func weightedSum(_ out: UnsafeMutablePointer<Float>, _ w: UnsafePointer<Float>, wStride: Int = 1,
                          _ v: UnsafePointer<Float>, stride: Int, n: Int, HS: Int, accumulate: Bool = false) {
    var d = 0
    while d + 64 <= HS {  // 64 outputs in 8 registers
      let o = out + d
      var o0 = SIMD8<Float>(), o1 = SIMD8<Float>(), o2 = SIMD8<Float>(), o3 = SIMD8<Float>()
      var o4 = SIMD8<Float>(), o5 = SIMD8<Float>(), o6 = SIMD8<Float>(), o7 = SIMD8<Float>()
      if accumulate {
        o0 = o.loadSIMD8(0); o1 = o.loadSIMD8(8); o2 = o.loadSIMD8(16); o3 = o.loadSIMD8(24)
        o4 = o.loadSIMD8(32); o5 = o.loadSIMD8(40); o6 = o.loadSIMD8(48); o7 = o.loadSIMD8(56)
      }
      for j in 0..<n where w[j * wStride] != 0 {
        let p = SIMD8<Float>(repeating: w[j * wStride]), r = v + j * stride + d
        o0.addProduct(p, r.loadSIMD8(0)); o1.addProduct(p, r.loadSIMD8(8))
        o2.addProduct(p, r.loadSIMD8(16)); o3.addProduct(p, r.loadSIMD8(24))
        o4.addProduct(p, r.loadSIMD8(32)); o5.addProduct(p, r.loadSIMD8(40))
        o6.addProduct(p, r.loadSIMD8(48)); o7.addProduct(p, r.loadSIMD8(56))
      }
      o.storeSIMD(o0, 0); o.storeSIMD(o1, 8); o.storeSIMD(o2, 16); o.storeSIMD(o3, 24)
      o.storeSIMD(o4, 32); o.storeSIMD(o5, 40); o.storeSIMD(o6, 48); o.storeSIMD(o7, 56)
      d += 64
    }
    while d + 16 <= HS {  // 16 outputs, two chains per 8
      var o0 = accumulate ? (out + d).loadSIMD8(0) : SIMD8<Float>(), o1 = accumulate ? (out + d).loadSIMD8(8) : SIMD8<Float>()
      for j in 0..<n where w[j * wStride] != 0 {
        let p = SIMD8<Float>(repeating: w[j * wStride]), r = v + j * stride + d
        o0.addProduct(p, r.loadSIMD8(0)); o1.addProduct(p, r.loadSIMD8(8))
      }
      (out + d).storeSIMD(o0, 0); (out + d).storeSIMD(o1, 8)
      d += 16
    }
    if d + 8 <= HS {
      var o0 = accumulate ? (out + d).loadSIMD8(0) : SIMD8<Float>()
      for j in 0..<n where w[j * wStride] != 0 { o0.addProduct(SIMD8<Float>(repeating: w[j * wStride]), (v + j * stride + d).loadSIMD8(0)) }
      (out + d).storeSIMD(o0, 0)
      d += 8
    }
    while d < HS {  // remaining < 8 outputs, scalar
      var s: Float = accumulate ? out[d] : 0
      for j in 0..<n { s += w[j * wStride] * v[j * stride + d] }
      out[d] = s
      d += 1
    }
  }
}

