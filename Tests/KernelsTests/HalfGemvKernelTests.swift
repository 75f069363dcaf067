import Testing
@testable import Kernels

// Both HalfGemv implementations (CKernels' AVX-512 one and the Swift SIMD8 one) against the fp64
// twin on odd sizes. Weights are rounded to bf16/f16 first and the twin runs on the rounded values, so
// only fp32 accumulation error remains: |got - ref| <= 1e-5 * (sum_k |w_k x_k| + |bias|) + 1e-30.
// Why 1e-5: 16 lanes accumulate IC/16 products each, then a 4-level tree; the error bound is about
// (IC/16 + 5) * 2^-24 * sum |w x| = 4e-6 * sum |w x| at IC = 1000, the largest IC here.

private let avx512Skip = "this CPU (or OS) lacks AVX-512F/BW/VL: the AVX-512 kernel cannot run here"

private func halves(_ w: [Float], _ dtype: DType) -> ([UInt16], [Double]) {
  var h = [UInt16](repeating: 0, count: w.count)
  Half.fromFloat(&h, w, count: w.count, dtype: dtype)
  return (h, h.map { Double(dtype == .bf16 ? Half.bf16ToFloat($0) : Half.f16ToFloat($0)) })
}

/// sum_k |w[o,k] x[m,k]| + |bias[o]| per output (M, OC): the scale of fp32 accumulation error.
private func magnitudes(_ x: [Float], _ w: [Double], _ bias: [Float]?, M: Int, IC: Int, OC: Int) -> [Double] {
  var s = [Double](repeating: 0, count: M * OC)
  for m in 0..<M {
    for o in 0..<OC {
      var a = bias.map { Swift.abs(Double($0[o])) } ?? 0
      for k in 0..<IC { a += Swift.abs(w[o * IC + k] * Double(x[m * IC + k])) }
      s[m * OC + o] = a
    }
  }
  return s
}

private func checkKernel(_ kernel: HalfGemv.Kernel, _ dtype: DType, M: Int, IC: Int, OC: Int, bias: Bool,
                         _ rng: inout TestRNG, sourceLocation: SourceLocation = #_sourceLocation) {
  let x = rng.floats(M * IC), w = rng.floats(OC * IC), b = bias ? rng.floats(OC) : nil
  let (wh, wd) = halves(w, dtype)
  var y = [Float](repeating: .nan, count: M * OC)
  HalfGemv.forward(out: &y, x: x, w: wh, dtype: dtype, bias: b, M: M, IC: IC, OC: OC, kernel: kernel)
  let ref = naiveLinear(doubles(x), wd, b.map(doubles), N: M, IC: IC, OC: OC)
  let scale = magnitudes(x, wd, b, M: M, IC: IC, OC: OC)
  var bad = 0, worst = -1
  for i in 0..<y.count where !(Swift.abs(Double(y[i]) - ref[i]) <= 1e-5 * scale[i] + 1e-30) {
    bad += 1
    if worst < 0 { worst = i }
  }
  #expect(bad == 0, "\(kernel) \(dtype) M=\(M) IC=\(IC) OC=\(OC) bias=\(bias): \(bad) of \(y.count) outside 1e-5 * sum|wx|; first at \(worst): got \(worst >= 0 ? y[worst] : 0) ref \(worst >= 0 ? ref[worst] : 0)",
          sourceLocation: sourceLocation)
}

private let oddShapes: [(IC: Int, OC: Int)] = [1, 7, 15, 17, 33, 257, 1000].flatMap { ic in [1, 3, 65].map { (ic, $0) } }

@Test(.enabled(if: GemvAVX512.available, Comment(rawValue: avx512Skip)), arguments: [DType.bf16, .f16], [1, 3, 8])
func halfGemvAVX512MatchesNaiveOnOddShapes(dtype: DType, M: Int) {
  var rng = TestRNG(UInt64(21 + M))
  for (IC, OC) in oddShapes { checkKernel(.avx512, dtype, M: M, IC: IC, OC: OC, bias: OC != 3, &rng) }
}

@Test(arguments: [DType.bf16, .f16], [1, 3, 8])
func halfGemvSwiftMatchesNaiveOnOddShapes(dtype: DType, M: Int) {
  var rng = TestRNG(UInt64(31 + M))
  for (IC, OC) in oddShapes { checkKernel(.swift, dtype, M: M, IC: IC, OC: OC, bias: OC != 3, &rng) }
}

@Test(.enabled(if: GemvAVX512.available, Comment(rawValue: avx512Skip)), arguments: [DType.bf16, .f16])
func halfGemvAVX512TakesMoreThanEightRowsInGroups(dtype: DType) {
  var rng = TestRNG(41)
  for M in [9, 17] { checkKernel(.avx512, dtype, M: M, IC: 40, OC: 70, bias: true, &rng) }
}

/// A row's outputs are the same bytes alone (M = 1) as inside a batch of 8, and with 1 or 2 threads:
/// each output's accumulation order is fixed by IC alone.
@Test(.enabled(if: GemvAVX512.available, Comment(rawValue: avx512Skip)), arguments: [DType.bf16, .f16])
func halfGemvAVX512RowDoesNotDependOnBatchOrThreads(dtype: DType) {
  let M = 8, IC = 333, OC = 1000
  var rng = TestRNG(51)
  let x = rng.floats(M * IC), b = rng.floats(OC)
  let (wh, _) = halves(rng.floats(OC * IC), dtype)
  func run(_ rows: Range<Int>) -> [Float] {
    var y = [Float](repeating: 0, count: rows.count * OC)
    Array(x[(rows.lowerBound * IC)..<(rows.upperBound * IC)]).withUnsafeBufferPointer { xs in
      HalfGemv.forward(out: &y, x: xs.baseAddress!, w: wh, dtype: dtype, bias: b, M: rows.count, IC: IC, OC: OC, kernel: .avx512)
    }
    return y
  }
  let batch = withThreads(2) { run(0..<M) }
  #expect(bits(batch) == bits(withThreads(1) { run(0..<M) }), "\(dtype): 1 vs 2 threads")
  for m in [0, 5, 7] {
    #expect(bits(run(m..<(m + 1))) == bits(Array(batch[(m * OC)..<((m + 1) * OC)])), "\(dtype): row \(m) alone vs in batch")
  }
}
