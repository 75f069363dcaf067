// Linear layer, HF layout: out (N, OC) = inp (N, IC) · weight^T + bias, weight (OC, IC), bias (OC).
// Forward/backward in fp32 through OpenBLAS sgemm; the bias is folded in by pre-filling out and
// running sgemm with beta = 1 (OpenBLAS makes a pass over C for beta = 0 anyway).
// `compute: .bf16` runs the same products through BF16Gemm (operands rounded to bf16, fp32
// accumulation; callers pass a resolved precision, ComputePrecision.resolve); bias sums stay fp32.

public enum Linear {
  /// out (N, OC) = inp (N, IC) · weight (OC, IC)^T + bias (OC).
  public static func forward(out: UnsafeMutablePointer<Float>, inp: UnsafePointer<Float>,
                             weight: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                             N: Int, IC: Int, OC: Int, compute: ComputePrecision = .fp32) {
    precondition(N >= 0 && IC >= 1 && OC >= 1, "Linear.forward: bad shape N=\(N) IC=\(IC) OC=\(OC)")
    if let bias { fillRows(out, bias, N: N, OC: OC) }
    if compute == .bf16 {
      BF16Gemm.gemm(out, inp, weight, M: N, N: OC, K: IC, transB: true, accumulate: bias != nil)
    } else {
      Matmul.sgemm(out, inp, weight, M: N, N: OC, K: IC, transB: true, accumulate: bias != nil)
    }
  }

  /// dinp (N, IC) = dout · weight (+= when `accumulateInput`), dweight (OC, IC) += dout^T · inp,
  /// dbias (OC) += column sums of dout. Pass nil for gradients not wanted.
  public static func backward(dinp: UnsafeMutablePointer<Float>?, dweight: UnsafeMutablePointer<Float>?,
                              dbias: UnsafeMutablePointer<Float>?,
                              dout: UnsafePointer<Float>, inp: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                              N: Int, IC: Int, OC: Int, accumulateInput: Bool = false,
                              compute: ComputePrecision = .fp32) {
    precondition(N >= 0 && IC >= 1 && OC >= 1, "Linear.backward: bad shape N=\(N) IC=\(IC) OC=\(OC)")
    let bf16 = compute == .bf16
    if let dinp {
      if bf16 {
        BF16Gemm.gemm(dinp, dout, weight, M: N, N: IC, K: OC, accumulate: accumulateInput)
      } else {
        Matmul.sgemm(dinp, dout, weight, M: N, N: IC, K: OC, accumulate: accumulateInput)
      }
    }
    if let dweight {
      if bf16 {
        BF16Gemm.gemm(dweight, dout, inp, M: OC, N: IC, K: N, transA: true, accumulate: true)
      } else {
        Matmul.sgemm(dweight, dout, inp, M: OC, N: IC, K: N, transA: true, accumulate: true)
      }
    }
    if let dbias { columnSums(into: dbias, dout, N: N, C: OC) }
  }

  /// out (N, OC) rows = bias (OC).
  static func fillRows(_ out: UnsafeMutablePointer<Float>, _ bias: UnsafePointer<Float>, N: Int, OC: Int) {
    Parallel.forRanges(N, grain: max(1, 16384 / OC), FillRows(out: out, bias: bias, OC: OC))
  }

  struct FillRows: RangeTask {
    let out: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>, OC: Int
    func run(_ rows: Range<Int>) { for n in rows { (out + n * OC).update(from: bias, count: OC) } }
  }

  /// acc (C) += sum over rows of x (N, C). Each chunk owns a column range, rows summed in order,
  /// so the result is the same whatever the thread count.
  public static func columnSums(into acc: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, N: Int, C: Int) {
    Parallel.forRanges(C, grain: 64, maxChunks: max(1, C / 8), ColumnSums(acc: acc, x: x, N: N, C: C))
  }

  struct ColumnSums: RangeTask {
    let acc: UnsafeMutablePointer<Float>, x: UnsafePointer<Float>, N: Int, C: Int
    func run(_ cols: Range<Int>) {
      for n in 0..<N {
        let row = x + n * C
        for c in cols { acc[c] += row[c] }
      }
    }
  }
}
