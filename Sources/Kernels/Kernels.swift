// Kernels: dtypes and tensors, GEMM through OpenBLAS, mixed-precision GEMV/matmul, and the layer
// kernels a Qwen2 decoder trains with. Each is a forward/backward pair over raw pointers, llm.c style:
// outputs first, dimensions last. Dimension letters used everywhere:
//   B batch, T sequence, C channels (hidden), V vocabulary, NH query heads, KVH key/value heads,
//   HS head size, N = B*T rows, IC/OC linear in/out features, I MLP intermediate size.
// Conventions: parameter gradients accumulate (+=); activation gradients are assigned unless an
// `accumulate*` flag says +=. Shapes are checked with preconditions before memory is touched.
// Hot kernels never allocate (caller scratch, per-thread workspace grown once); results are bitwise
// identical for any thread count (work split into size-determined chunks, partials combined in order).
//
// Files, one thing each:
//   DType, Half+Scalar / Half+Bulk (bf16/f16 <-> f32, RNE), AlignedBuffer, Tensor (views)
//   Matmul (sgemm), Linear (fp32), HalfGemv + HalfLinear (bf16/f16 weights, fp32 accumulation)
//   Embedding, RMSNorm, Rope, SwiGLU (+ Residual), Attention (+ Attention+Rows), CrossEntropy,
//   AdamW, GradClip; Parallel + WorkerPool + ThreadScratch (threading); FastMath (exp, dot, axpy);
//   BenchBaselines (what `warmrl bench kernels` compares against).
import CBLAS

public enum Kernels {
  /// Threads used by OpenBLAS and by our own parallel loops (1 = serial). Results never depend on it.
  public static var threads: Int { Parallel.threads }

  /// Sets both OpenBLAS's thread count and our parallel loops' (n >= 1). Our loops use the caller plus
  /// a pool of (cores - 1) workers whenever n > 1.
  public static func setThreads(_ n: Int) {
    precondition(n >= 1, "Kernels.setThreads: \(n) < 1")
    Parallel.threads = n
    openblas_set_num_threads(Int32(n))
  }
}
