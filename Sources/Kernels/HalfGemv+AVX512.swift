// Run-time choice between the AVX-512 GEMV in CKernels (C, per-function AVX-512 target) and the AVX2
// Swift code of HalfGemv. On AVX-512 machines OpenBLAS's fp32 sgemv uses zmm registers, and the
// 8-wide Swift loop fell behind it (issue #3); the C kernel widens 16 weights per instruction.
// WARMRL_NO_AVX512=1 forces the Swift code (to compare, or to rule the C kernel out).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CKernels

extension HalfGemv {
  /// The implementations of `forward`.
  public enum Kernel: String, Sendable {
    /// CKernels' AVX-512 kernel: each output's sum has one order whatever M or the thread split, so a
    /// row's result is bitwise the same alone or in a batch.
    case avx512
    /// The Swift SIMD8 code in HalfGemv / HalfGemv+BF16 (AVX2 on Linux builds).
    case swift
  }

  /// True when this CPU and OS run the AVX-512 kernel (probed once).
  public static let avx512Available = ck_gemv_avx512_available() != 0

  /// What `forward` runs: AVX-512 when available, unless WARMRL_NO_AVX512 is set to anything but "0".
  public static let preferredKernel: Kernel = {
    if let v = getenv("WARMRL_NO_AVX512"), String(cString: v) != "0", String(cString: v) != "" { return .swift }
    return avx512Available ? .avx512 : .swift
  }()

  /// Output columns `cols` for all M rows through the C kernel, 8 x rows at a time (it takes M <= 8).
  struct ColumnsAVX512: RangeTask {
    let out: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, w: UnsafePointer<UInt16>, bias: UnsafePointer<Float>?
    let format: Int32, M: Int, IC: Int, OC: Int
    func run(_ cols: Range<Int>) {
      var m = 0
      while m < M {
        let n = min(8, M - m)
        ck_gemv_half_avx512(out + m * OC, x + m * IC, w, bias, format, n, IC, OC, cols.lowerBound, cols.upperBound)
        m += n
      }
    }
  }

  static func cFormat(_ dtype: DType) -> Int32 { Int32(dtype == .bf16 ? CK_BF16 : CK_F16) }
}
