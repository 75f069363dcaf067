// Small-M GEMV through CKernels' AVX-512 kernel, for any weight dtype: out (M, OC) = x (M, IC) · w^T
// (+ bias). On AVX-512 machines OpenBLAS's fp32 sgemv uses zmm registers and our 8-wide Swift loops
// fell behind it (issue #3); the C kernel handles 16 weights per instruction, widens bf16 without
// shuffles and prefetches weights.
// HalfGemv (bf16/f16) and Model's DecodeGemv (fp32) call it when `enabled`, else their Swift code.
// WARMRL_NO_AVX512=1 turns it off (to compare, or to rule it out).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CKernels

public enum GemvAVX512 {
  /// True when this CPU and OS run the AVX-512 kernel (probed once).
  public static let available = ck_gemv_avx512_available() != 0

  /// Whether the callers use it: `available`, unless WARMRL_NO_AVX512 is set to anything but "" or "0".
  public static let enabled: Bool = {
    if let v = getenv("WARMRL_NO_AVX512"), !["", "0"].contains(String(cString: v)) { return false }
    return available
  }()

  /// out (M, OC) = x (M, IC) · w (OC, IC)^T + bias (OC), w in `dtype`, in parallel over OC. Each output's
  /// sum has one order whatever M or the thread split: a row's result is the same bytes alone or batched.
  /// Requires `available`.
  public static func forward(out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, w: UnsafeRawPointer,
                             dtype: DType, bias: UnsafePointer<Float>?, M: Int, IC: Int, OC: Int) {
    precondition(M >= 0 && IC >= 1 && OC >= 1, "GemvAVX512.forward: bad shape M=\(M) IC=\(IC) OC=\(OC)")
    precondition(available, "GemvAVX512.forward: this CPU lacks AVX-512F/BW/VL")
    if M == 0 { return }
    // Work goes out in whole groups of group(M) columns, so every chunk but the last is whole tiles.
    // One chunk per thread (at least ~16 KiB of bf16 weights each): the caller always runs the first
    // and a worker the last (WorkerPool claims from both ends), so on the next call each core finds its
    // columns' weights in its own L2. Dynamic hand-out of up to 32 chunks moved columns between cores
    // from call to call: 2 threads reached only ~1.45x one core's speed on in-cache 1-row shapes.
    // The split never changes the result (see above), so it may depend on the thread count.
    let G = group(M), groups = (OC + G - 1) / G, fmt = format(dtype), XS = ck_x_stride(fmt, IC)
    Parallel.forRanges(groups, grain: max(1, 8192 / (IC * G)), maxChunks: Parallel.threads,
                       Columns(out: out, x: x, w: w, bias: bias, format: fmt, M: M, IC: IC, XS: XS, OC: OC, G: G))
  }

  /// Columns per work group: the C kernel's tiles are 8 weight rows for M = 1 and 6, 4 or 3 for more
  /// (24 is a multiple of all of them). A range that is not whole tiles ends in 1-row tiles, which
  /// reuse each x load once instead of up to 8 times. 8 for M = 1 lets two chunks split OC = 128 or 256
  /// evenly (24-column groups gave 72 + 56 and 120 + 136).
  static func group(_ M: Int) -> Int { M == 1 ? 8 : 24 }

  /// Column groups `groups` for all M rows, 8 x rows at a time (the C kernel takes M <= 8); the weight
  /// chunk stays in cache across the row groups. x (M, IC) rows are IC floats apart.
  struct Columns: RangeTask {
    let out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, w: UnsafeRawPointer, bias: UnsafePointer<Float>?
    let format: Int32, M: Int, IC: Int, XS: Int, OC: Int, G: Int
    func run(_ groups: Range<Int>) {
      let o0 = groups.lowerBound * G, o1 = min(OC, groups.upperBound * G)
      // The bf16 kernel reads x in pair order (ckernels.h), XS floats a row. Every chunk writes its own
      // copy into its thread's scratch: when the caller wrote one shared copy, the worker pulled it
      // from the caller's cache on every call before it could start (64 lines at IC = 1024); the
      // 2-thread in-cache 1-row mlp_down rows rose from 1.14-1.39x to 1.43-1.81x sgemv without that
      // (notebooks-md/2026-12-01-gemv-threads.md).
      var xk = x
      if format == CK_BF16 {
        let xd = ThreadScratch.floats(M * XS)
        ck_bf16_pairs(xd, x, M, IC)
        xk = UnsafePointer(xd)
      }
      var m = 0
      while m < M {
        let n = min(8, M - m)
        ck_gemv_avx512(out + m * OC, xk + m * XS, w, bias, format, n, IC, OC, o0, o1)
        m += n
      }
    }
  }

  static func format(_ dtype: DType) -> Int32 {
    switch dtype {
    case .bf16: return Int32(CK_BF16)
    case .f16: return Int32(CK_F16)
    case .f32: return Int32(CK_F32)
    }
  }
}
