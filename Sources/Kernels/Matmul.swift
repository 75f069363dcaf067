// Row-major GEMM through OpenBLAS: c (M, N) = alpha * op(a) (M, K) · op(b) (K, N) [+ c].
// op(a) = a (M, K) with leading dimension lda, or a^T when transA (a stored (K, M)); same for b.
import CBLAS

public enum Matmul {
  /// c (M, N) = alpha * op(a) · op(b), or += when `accumulate`.
  /// Leading dimensions default to the packed layouts; pass larger ones for strided views.
  public static func sgemm(_ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>,
                           M: Int, N: Int, K: Int,
                           transA: Bool = false, transB: Bool = false,
                           lda: Int? = nil, ldb: Int? = nil, ldc: Int? = nil,
                           alpha: Float = 1, accumulate: Bool = false) {
    guard let (lda, ldb, ldc) = leadingDimensions("Matmul.sgemm", c, M: M, N: N, K: K, transA: transA, transB: transB,
                                                  lda: lda, ldb: ldb, ldc: ldc, accumulate: accumulate) else { return }
    cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                Int32(M), Int32(N), Int32(K), alpha, a, Int32(lda), b, Int32(ldb),
                accumulate ? 1 : 0, c, Int32(ldc))
  }

  /// The leading dimensions of a row-major GEMM (defaults: the packed layouts), checked; nil when
  /// the product is empty and already done (M or N zero, or K zero: c zeroed unless `accumulate`).
  /// Shared by `sgemm` and `BF16Gemm.gemm`; `name` leads the precondition messages.
  public static func leadingDimensions(_ name: String, _ c: UnsafeMutablePointer<Float>, M: Int, N: Int, K: Int,
                                       transA: Bool, transB: Bool, lda: Int?, ldb: Int?, ldc: Int?,
                                       accumulate: Bool) -> (Int, Int, Int)? {
    let lda = lda ?? (transA ? M : K)
    let ldb = ldb ?? (transB ? K : N)
    let ldc = ldc ?? N
    precondition(M >= 0 && N >= 0 && K >= 0, "\(name): negative dimension M=\(M) N=\(N) K=\(K)")
    precondition(lda >= max(1, transA ? M : K), "\(name): lda \(lda) too small")
    precondition(ldb >= max(1, transB ? K : N), "\(name): ldb \(ldb) too small")
    precondition(ldc >= max(1, N), "\(name): ldc \(ldc) too small")
    if M == 0 || N == 0 { return nil }
    if K == 0 {  // BLAS would still scale c by beta; make the empty sum explicit
      if !accumulate { for i in 0..<M { (c + i * ldc).update(repeating: 0, count: N) } }
      return nil
    }
    return (lda, ldb, ldc)
  }
}
