// Kernels: dtypes and tensors, GEMM through OpenBLAS, mixed-precision GEMV/matmul, and the layer
// kernels a Qwen2 decoder trains with (each a forward/backward pair over raw pointers, llm.c style:
// outputs first, dimensions last). Dimension letters used everywhere:
//   B batch, T sequence, C channels (hidden), V vocabulary, L layers, NH query heads,
//   KVH key/value heads, HS head size, N = B*T rows, IC/OC linear in/out features.
import CBLAS

public enum Kernels {
  /// Threads used by OpenBLAS and by our own parallel loops. Results never depend on it.
  public static var threads: Int { Parallel.threads }

  /// Sets both OpenBLAS's thread count and our parallel loops' (n >= 1).
  public static func setThreads(_ n: Int) {
    precondition(n >= 1, "Kernels.setThreads: \(n) < 1")
    Parallel.threads = n
    openblas_set_num_threads(Int32(n))
  }
}
