// Mixed-precision GEMV / small-M matmul: out (M, OC) = x (M, IC) · W^T (+ bias), W (OC, IC) stored
// bf16 or f16, fp32 accumulation. Weights are widened 8 at a time from SIMD8<UInt16> in registers and
// never written back as fp32: for decode (M = 1..8) the cost is reading W, half the bytes of fp32.
// Work is split over OC (each thread owns output columns), so results do not depend on thread count.
// On AVX-512 CPUs GemvAVX512 (C) runs instead; this Swift code is the fallback for AVX2-only machines.

/// How 8 stored 16-bit weights widen to fp32 (bf16: shift; f16: F16C).
protocol HalfWidening { static func widen(_ h: SIMD8<UInt16>) -> SIMD8<Float> }
enum BF16Widening: HalfWidening {
  @inline(__always) static func widen(_ h: SIMD8<UInt16>) -> SIMD8<Float> { Half.widenBF16(h) }
}
enum F16Widening: HalfWidening {
  @inline(__always) static func widen(_ h: SIMD8<UInt16>) -> SIMD8<Float> { Half.widenF16(h) }
}

public enum HalfGemv {
  /// The implementations of `forward`.
  public enum Kernel: String, Sendable {
    /// GemvAVX512 (CKernels): each output's sum has one order whatever M or the thread split, so a
    /// row's result is bitwise the same alone or in a batch.
    case avx512
    /// The Swift SIMD8 code below and in HalfGemv+BF16 (AVX2 on Linux builds).
    case swift
  }

  /// What `forward` runs: AVX-512 where `GemvAVX512.enabled`.
  public static let preferredKernel: Kernel = GemvAVX512.enabled ? .avx512 : .swift

  /// out (M, OC) = x (M, IC) · w (OC, IC)^T + bias (OC); w in `dtype` (bf16 or f16).
  public static func forward(out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
                             w: UnsafePointer<UInt16>, dtype: DType, bias: UnsafePointer<Float>?,
                             M: Int, IC: Int, OC: Int) {
    forward(out: out, x: x, w: w, dtype: dtype, bias: bias, M: M, IC: IC, OC: OC, kernel: preferredKernel)
  }

  /// `forward` with the implementation chosen by the caller (tests, benchmarks); `.avx512` needs
  /// `GemvAVX512.available`.
  public static func forward(out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>,
                             w: UnsafePointer<UInt16>, dtype: DType, bias: UnsafePointer<Float>?,
                             M: Int, IC: Int, OC: Int, kernel: Kernel) {
    precondition(M >= 0 && IC >= 1 && OC >= 1, "HalfGemv.forward: bad shape M=\(M) IC=\(IC) OC=\(OC)")
    precondition(dtype.isHalf, "HalfGemv.forward: weight dtype must be bf16 or f16, got \(dtype)")
    if kernel == .avx512 {
      GemvAVX512.forward(out: out, x: x, w: w, dtype: dtype, bias: bias, M: M, IC: IC, OC: OC)
      return
    }
    if M == 0 { return }
    // Chunks of >= 32 output rows (>= 16 KiB of bf16 weights at IC = 256) keep dispatch cheap.
    let grain = max(16, 8192 / IC)
    if dtype == .bf16 {
      let xd = ThreadScratch.floats(M * IC)  // x reordered for the shuffle-free bf16 loop (HalfGemv+BF16)
      deinterleave(xd, x, M: M, IC: IC)
      Parallel.forRanges(OC, grain: grain, maxChunks: 32, ColumnsBF16(out: out, x: xd, w: w, bias: bias, M: M, IC: IC, OC: OC))
    } else {
      Parallel.forRanges(OC, grain: grain, maxChunks: 32, ColumnsF16(out: out, x: x, w: w, bias: bias, M: M, IC: IC, OC: OC))
    }
  }

  // One concrete task type per format: the worker pool calls tasks through their protocol witness,
  // and a generic task's witness would run the unspecialised `block` (measured 3x slower).
  struct ColumnsBF16: RangeTask {
    let out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<UInt16>, bias: UnsafePointer<Float>?
    let M: Int, IC: Int, OC: Int
    func run(_ cols: Range<Int>) { blockBF16(out, x, w, bias, M, IC, OC, cols) }
  }

  struct ColumnsF16: RangeTask {
    let out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<UInt16>, bias: UnsafePointer<Float>?
    let M: Int, IC: Int, OC: Int
    func run(_ cols: Range<Int>) { block(F16Widening.self, out, x, w, bias, M, IC, OC, cols) }
  }

  /// One chunk of output columns `cols` for all M rows.
  @inline(never)
  static func block<H: HalfWidening>(_: H.Type, _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                                     _ w: UnsafePointer<UInt16>, _ bias: UnsafePointer<Float>?,
                                     _ M: Int, _ IC: Int, _ OC: Int, _ cols: Range<Int>) {
    var o = cols.lowerBound
    if M >= 4 {
      while o + 2 <= cols.upperBound {
        var m = 0
        while m + 4 <= M { tile2x4(H.self, out, x, w, M: m, O: o, IC: IC, OC: OC); m += 4 }
        while m < M { row4(H.self, out + m * OC, x + m * IC, w, O: o, count: 2, IC: IC); m += 1 }
        o += 2
      }
    }
    while o < cols.upperBound {  // M < 4, or the odd last column: 4 W rows per pass
      let n = min(4, cols.upperBound - o)
      for m in 0..<M { row4(H.self, out + m * OC, x + m * IC, w, O: o, count: n, IC: IC) }
      o += n
    }
    if let bias {
      for m in 0..<M { for c in cols { out[m * OC + c] += bias[c] } }
    }
  }

  /// out[O..<O+count] = x (IC) · w rows O..<O+count (count <= 4), two accumulators per row.
  @inline(__always)
  static func row4<H: HalfWidening>(_: H.Type, _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                                    _ w: UnsafePointer<UInt16>, O: Int, count: Int, IC: Int) {
    // Rows beyond `count` alias row 0 (harmless extra reads); their sums are discarded.
    let w0 = w + O * IC
    let w1 = w0 + (count > 1 ? IC : 0), w2 = w0 + (count > 2 ? 2 * IC : 0), w3 = w0 + (count > 3 ? 3 * IC : 0)
    var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
    var b0 = SIMD8<Float>(), b1 = SIMD8<Float>(), b2 = SIMD8<Float>(), b3 = SIMD8<Float>()
    var k = 0
    while k + 16 <= IC {
      let xa = x.loadSIMD8(k), xb = x.loadSIMD8(k + 8)
      a0.addProduct(H.widen(w0.loadSIMD8(k)), xa); b0.addProduct(H.widen(w0.loadSIMD8(k + 8)), xb)
      a1.addProduct(H.widen(w1.loadSIMD8(k)), xa); b1.addProduct(H.widen(w1.loadSIMD8(k + 8)), xb)
      a2.addProduct(H.widen(w2.loadSIMD8(k)), xa); b2.addProduct(H.widen(w2.loadSIMD8(k + 8)), xb)
      a3.addProduct(H.widen(w3.loadSIMD8(k)), xa); b3.addProduct(H.widen(w3.loadSIMD8(k + 8)), xb)
      k += 16
    }
    if k + 8 <= IC {
      let xa = x.loadSIMD8(k)
      a0.addProduct(H.widen(w0.loadSIMD8(k)), xa); a1.addProduct(H.widen(w1.loadSIMD8(k)), xa)
      a2.addProduct(H.widen(w2.loadSIMD8(k)), xa); a3.addProduct(H.widen(w3.loadSIMD8(k)), xa)
      k += 8
    }
    finishRow4(H.self, out, (a0 + b0, a1 + b1, a2 + b2, a3 + b3), (w0, w1, w2, w3), x, from: k, IC: IC, O: O, count: count)
  }

  /// out rows M..<M+4, columns O, O+1: 2 W rows x 4 x rows, 8 accumulators.
  @inline(__always)
  static func tile2x4<H: HalfWidening>(_: H.Type, _ out: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                                       _ w: UnsafePointer<UInt16>, M m: Int, O: Int, IC: Int, OC: Int) {
    let w0 = w + O * IC, w1 = w0 + IC
    let x0 = x + m * IC, x1 = x0 + IC, x2 = x1 + IC, x3 = x2 + IC
    var a00 = SIMD8<Float>(), a01 = SIMD8<Float>(), a02 = SIMD8<Float>(), a03 = SIMD8<Float>()
    var a10 = SIMD8<Float>(), a11 = SIMD8<Float>(), a12 = SIMD8<Float>(), a13 = SIMD8<Float>()
    var k = 0
    while k + 8 <= IC {
      let v0 = H.widen(w0.loadSIMD8(k)), v1 = H.widen(w1.loadSIMD8(k))
      let y0 = x0.loadSIMD8(k), y1 = x1.loadSIMD8(k), y2 = x2.loadSIMD8(k), y3 = x3.loadSIMD8(k)
      a00.addProduct(v0, y0); a01.addProduct(v0, y1); a02.addProduct(v0, y2); a03.addProduct(v0, y3)
      a10.addProduct(v1, y0); a11.addProduct(v1, y1); a12.addProduct(v1, y2); a13.addProduct(v1, y3)
      k += 8
    }
    finishTile2x4(H.self, out, (a00, a01, a02, a03), (a10, a11, a12, a13), w0, w1, x0, from: k, IC: IC, M: m, O: O, OC: OC)
  }

  // The epilogues both formats share (the bf16 kernels in HalfGemv+BF16 too): lane sums, the scalar
  // tail k..<IC (where a bf16 call's reordered x equals x), the stores.

  /// Ends `row4`: `acc` holds each W row's lanes; rows past `count` are discarded.
  @inline(__always)
  static func finishRow4<H: HalfWidening>(_: H.Type, _ out: UnsafeMutablePointer<Float>,
                                          _ acc: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>),
                                          _ w: (UnsafePointer<UInt16>, UnsafePointer<UInt16>, UnsafePointer<UInt16>, UnsafePointer<UInt16>),
                                          _ x: UnsafePointer<Float>, from start: Int, IC: Int, O: Int, count: Int) {
    let (w0, w1, w2, w3) = w
    var s0 = acc.0.sum(), s1 = acc.1.sum(), s2 = acc.2.sum(), s3 = acc.3.sum()
    var k = start
    while k < IC {
      let xk = x[k]
      s0 += H.widen1(w0[k]) * xk; s1 += H.widen1(w1[k]) * xk
      s2 += H.widen1(w2[k]) * xk; s3 += H.widen1(w3[k]) * xk
      k += 1
    }
    out[O] = s0
    if count > 1 { out[O + 1] = s1 }
    if count > 2 { out[O + 2] = s2 }
    if count > 3 { out[O + 3] = s3 }
  }

  /// Ends `tile2x4`: `a0`/`a1` hold W rows O and O+1 against x rows m..<m+4 (x0 is row m).
  @inline(__always)
  static func finishTile2x4<H: HalfWidening>(_: H.Type, _ out: UnsafeMutablePointer<Float>,
                                             _ a0: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>),
                                             _ a1: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>),
                                             _ w0: UnsafePointer<UInt16>, _ w1: UnsafePointer<UInt16>, _ x0: UnsafePointer<Float>,
                                             from start: Int, IC: Int, M m: Int, O: Int, OC: Int) {
    let x1 = x0 + IC, x2 = x1 + IC, x3 = x2 + IC
    var r00 = a0.0.sum(), r01 = a0.1.sum(), r02 = a0.2.sum(), r03 = a0.3.sum()
    var r10 = a1.0.sum(), r11 = a1.1.sum(), r12 = a1.2.sum(), r13 = a1.3.sum()
    var k = start
    while k < IC {
      let v0 = H.widen1(w0[k]), v1 = H.widen1(w1[k])
      r00 += v0 * x0[k]; r01 += v0 * x1[k]; r02 += v0 * x2[k]; r03 += v0 * x3[k]
      r10 += v1 * x0[k]; r11 += v1 * x1[k]; r12 += v1 * x2[k]; r13 += v1 * x3[k]
      k += 1
    }
    let o = out + m * OC + O
    o[0] = r00; o[OC] = r01; o[2 * OC] = r02; o[3 * OC] = r03
    o[1] = r10; o[OC + 1] = r11; o[2 * OC + 1] = r12; o[3 * OC + 1] = r13
  }
}

extension HalfWidening {
  @inline(__always) static func widen1(_ h: UInt16) -> Float {
    widen(SIMD8<UInt16>(repeating: h))[0]
  }
}
