// bf16 compute: GEMM with operands rounded to bf16 and products accumulated in fp32 (AVX512_BF16
// vdpbf16ps, CKernels' gemm_bf16.c), the twin of Matmul.sgemm for the training and prefill products.
// Inputs and outputs stay fp32 in memory; only the operands of each product are rounded (as PyTorch's
// bf16 autocast rounds a matmul's inputs). Chosen at run time: `enabled` needs AVX512_BF16 and is off
// under WARMRL_NO_AVX512=1; callers fall back to fp32 sgemm elsewhere (ComputePrecision.resolve).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import CKernels

/// Arithmetic of the matrix products (storage is DType's business).
public enum ComputePrecision: String, Sendable, Codable, CaseIterable {
  /// fp32 operands and accumulation (OpenBLAS sgemm).
  case fp32
  /// Operands rounded to bf16, fp32 accumulation (AVX512_BF16); fp32 where the CPU lacks it.
  case bf16

  /// What runs on this machine for `requested`: bf16 only where BF16Gemm.enabled; else fp32, with a
  /// one-line notice on stderr (once per process).
  public static func resolve(_ requested: ComputePrecision) -> ComputePrecision {
    if requested == .fp32 || BF16Gemm.enabled { return requested }
    BF16Gemm.noticeOnce()
    return .fp32
  }
}

public enum BF16Gemm {
  /// True when this CPU and OS run the kernel (AVX-512F/BW/VL with zmm state, AVX512_BF16).
  public static let available = ck_bf16_gemm_available() != 0

  /// `available`, unless WARMRL_NO_AVX512 is set to anything but "" or "0".
  public static let enabled: Bool = GemvAVX512.enabled && available

  nonisolated(unsafe) static var noticed = false
  static func noticeOnce() {
    if noticed { return }
    noticed = true
    let why = !available ? "this CPU lacks AVX512_BF16" : "WARMRL_NO_AVX512 is set"
    let line = "warmrl: bf16 compute requested but \(why); matrix products run in fp32\n"
    _ = line.utf8CString.withUnsafeBufferPointer { write(2, $0.baseAddress, $0.count - 1) }
  }

  /// c (M, N) = op(a) (M, K) · op(b) (K, N), or += when `accumulate`; a and b rounded to bf16, fp32
  /// accumulation. Same conventions as Matmul.sgemm (row-major, transA: a stored (K, M), transB: b
  /// stored (N, K)), alpha 1. Each output's bytes are independent of the thread count.
  /// Requires `available`.
  public static func gemm(_ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                          M: Int, N: Int, K: Int, transA: Bool = false, transB: Bool = false,
                          lda: Int? = nil, ldb: Int? = nil, ldc: Int? = nil, accumulate: Bool = false) {
    precondition(available, "BF16Gemm.gemm: this CPU lacks AVX512_BF16")
    guard let (lda, ldb, ldc) = Matmul.leadingDimensions("BF16Gemm.gemm", c, M: M, N: N, K: K, transA: transA, transB: transB,
                                                         lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate) else { return }
    // B packed whole into the calling thread's scratch (slot 1), panels in parallel.
    let bp = UnsafeMutableRawPointer(ThreadScratch.floats(ck_bf16_packed_b_count(K, N), slot: 1))
      .assumingMemoryBound(to: UInt32.self)
    let panels = (N + Int(CK_BF16_NR) - 1) / Int(CK_BF16_NR)
    Parallel.forRanges(panels, grain: max(1, 65536 / (K * Int(CK_BF16_NR))), maxChunks: 2 * Parallel.threads,
                       PackB(bp: bp, b: b, ldb: ldb, transB: transB, K: K, N: N))
    // Rows in units of MC (a multiple of the 6-row strip), or smaller units (whole strips) when M gives
    // fewer than two per thread, one chunk each.
    let mc = Int(CK_BF16_MC), parts = 2 * Parallel.threads
    let unit = M >= parts * mc ? mc : max(6, ((M + parts - 1) / parts + 5) / 6 * 6)
    let units = (M + unit - 1) / unit
    Parallel.forRanges(units, grain: 1, maxChunks: units,
                       Rows(c: c, ldc: ldc, a: a, lda: lda, transA: transA, bp: bp, M: M, N: N, K: K, unit: unit,
                            accumulate: accumulate))
  }

  struct PackB: RangeTask {
    let bp: UnsafeMutablePointer<UInt32>, b: UnsafePointer<Float>, ldb: Int, transB: Bool, K: Int, N: Int
    func run(_ r: Range<Int>) { ck_bf16_pack_b(bp, b, ldb, transB ? 1 : 0, K, N, r.lowerBound, r.upperBound) }
  }

  struct Rows: RangeTask {
    let c: UnsafeMutablePointer<Float>, ldc: Int, a: UnsafePointer<Float>, lda: Int, transA: Bool
    let bp: UnsafePointer<UInt32>, M: Int, N: Int, K: Int, unit: Int, accumulate: Bool
    func run(_ r: Range<Int>) {
      let scratch = UnsafeMutableRawPointer(ThreadScratch.floats(ck_bf16_scratch_count()))
        .assumingMemoryBound(to: UInt32.self)
      let m0 = r.lowerBound * unit, m1 = min(M, r.upperBound * unit)
      ck_bf16_gemm_rows(c, ldc, a, lda, transA ? 1 : 0, bp, M, N, K, m0, m1, accumulate ? 1 : 0, scratch)
    }
  }
}
