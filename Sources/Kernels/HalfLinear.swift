// Mixed-precision linear layer: weight (OC, IC) stored bf16/f16, activations and accumulation fp32.
// Few rows (decode and short prefills, N <= gemvMaxRows): our SIMD kernel reads the 16-bit weights
// directly (HalfGemv).
// Many rows (training, prefill): widen the weight once into caller scratch (OC*IC floats) and run
// sgemm; the widening pass costs ~1/(N/8) of the GEMM's time, and OpenBLAS has no bf16 GEMM here.

public enum HalfLinear {
  /// Up to this many rows, forward uses HalfGemv and needs no scratch. The AVX-512 kernel reuses each
  /// weight chunk from cache over 8-row groups and beat widen + sgemm up to 64-128 rows at the 50M
  /// shapes (cold weights, 2 threads); the AVX2 Swift kernel is tuned for <= 8.
  public static let gemvMaxRows = HalfGemv.preferredKernel == .avx512 ? 64 : 8

  /// Floats of scratch `forward` needs for N rows (0 when it takes the GEMV path); backward needs OC*IC.
  public static func scratchCount(N: Int, IC: Int, OC: Int) -> Int { N <= gemvMaxRows ? 0 : OC * IC }

  /// out (N, OC) = inp (N, IC) · weight (OC, IC)^T + bias (OC); weight in `dtype` (bf16/f16).
  /// `scratch` (OC*IC floats) is required when N > gemvMaxRows; it holds the widened weight afterwards.
  public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                             weight: UnsafePointer<UInt16>, dtype: DType, bias: UnsafePointer<Float>?,
                             N: Int, IC: Int, OC: Int, scratch: UnsafeMutablePointer<Float>?) {
    precondition(dtype.isHalf, "HalfLinear.forward: weight dtype must be bf16 or f16, got \(dtype)")
    if N <= gemvMaxRows {
      HalfGemv.forward(out: out, x: inp, w: weight, dtype: dtype, bias: bias, M: N, IC: IC, OC: OC)
      return
    }
    guard let scratch else { preconditionFailure("HalfLinear.forward: N=\(N) > \(gemvMaxRows) needs scratch") }
    widen(scratch, weight, count: OC * IC, dtype: dtype)
    Linear.forward(out: out, inp: inp, weight: scratch, bias: bias, N: N, IC: IC, OC: OC)
  }

  /// Gradients with the 16-bit weight: dinp (N, IC) = dout · weight (+= when `accumulateInput`),
  /// dweight (OC, IC) fp32 += dout^T · inp, dbias (OC) += column sums. `scratch` (OC*IC floats) is
  /// widened from `weight` unless `scratchHoldsWeight` says forward already left it there.
  public static func backward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>?,
                              dbias: UnsafeMutablePointer<Float>?,
                              dout: UnsafePointer<Float>, inp: UnsafePointer<Float>,
                              weight: UnsafePointer<UInt16>, dtype: DType,
                              N: Int, IC: Int, OC: Int, scratch: UnsafeMutablePointer<Float>,
                              scratchHoldsWeight: Bool = false, accumulateInput: Bool = false,
                              compute: ComputePrecision = .fp32) {
    precondition(dtype.isHalf, "HalfLinear.backward: weight dtype must be bf16 or f16, got \(dtype)")
    if dinp != nil && !scratchHoldsWeight { widen(scratch, weight, count: OC * IC, dtype: dtype) }
    Linear.backward(dinp: dinp, dweight: dweight, dbias: dbias, dout: dout, inp: inp, weight: scratch,
                    N: N, IC: IC, OC: OC, accumulateInput: accumulateInput, compute: compute)
  }

  /// dst (count) fp32 = src (count) widened, in parallel.
  public static func widen(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<UInt16>, count: Int, dtype: DType) {
    Parallel.forRanges(count, grain: 1 << 15, Widen(dst: dst, src: src, dtype: dtype))
  }

  struct Widen: RangeTask {
    let dst: UnsafeMutablePointer<Float>, src: UnsafePointer<UInt16>, dtype: DType
    func run(_ r: Range<Int>) { Half.toFloat(dst + r.lowerBound, src + r.lowerBound, count: r.count, dtype: dtype) }
  }
}
