// The model in bf16 compute (linear products with bf16 operands, fp32 accumulation) against itself in
// fp32: forward log-probs and gradients close, bytes independent of the thread count, and the fp32
// fallback where the CPU lacks AVX512_BF16 (or WARMRL_NO_AVX512 is set).
import Kernels
import Testing
import TestSupport
@testable import Model

@Suite(.serialized) struct BF16ComputeTests {
  /// 2 rows of 45 and 29 tokens: 90 padded rows through every product, above DecodeGemv.maxRows (32),
  /// so the forward products take the GEMM path (fewer rows stay on the fp32 GEMV).
  static let batch: TokenBatch = {
    let long = (0..<45).map { (($0 * 37) % 500) + 3 }, short = (0..<29).map { (($0 * 11) % 400) + 5 }
    return TokenBatch.padded([long, short])
  }()

  func model(_ compute: ComputePrecision) throws -> Qwen2Model {
    let m = try Qwen2Model.load(directory: Fixtures.tiny)
    m.compute = compute
    return m
  }

  @Test func requestResolvesToWhatThisCPURuns() throws {
    let m = try model(.bf16)
    #expect(m.compute == (BF16Gemm.enabled ? .bf16 : .fp32))
  }

  @Test func logprobsAndGradientsCloseToFP32() throws {
    guard BF16Gemm.enabled else { return }
    let b = Self.batch, targets = b.nextTokenTargets()
    let weights = targets.map { $0 >= 0 ? Float(1) / 72 : 0 }
    let f = try model(.fp32), h = try model(.bf16)
    let lf = f.forward(b, targets: targets).logprobs, lh = h.forward(b, targets: targets).logprobs
    // Each product's operands carry a relative rounding of 2^-8 (bf16: 8 significant bits), its output
    // an error of at most ~2^-7 of the summed magnitudes (Kernels' BF16GemmTests); through the fixture's
    // 2 layers (8 products each, residual stream, logits) that is a few 1e-2 in the worst case on
    // log-probs of magnitude ~6; typical errors are ~sqrt(K) smaller. Bound: 0.05 absolute, and the
    // mean error below 0.01.
    var worst: Float = 0, sum: Float = 0, n = 0
    for i in 0..<b.N where targets[i] >= 0 {
      worst = max(worst, abs(lf[i] - lh[i])); sum += abs(lf[i] - lh[i]); n += 1
    }
    #expect(worst <= 0.05, "worst log-prob gap \(worst)")
    #expect(sum / Float(n) <= 0.01, "mean log-prob gap \(sum / Float(n))")
    #expect(worst > 0, "bf16 compute should round somewhere (did it run?)")
    // Gradients: the same direction (cosine >= 0.99 per matrix) and norm within 5%.
    for m in [f, h] {
      m.zeroGradients()
      m.crossEntropyStep(b, targets: targets, weights: weights)
    }
    for (p, q) in zip(f.parameters, h.parameters) where p.shape.count == 2 {
      let g = p.grad!.floats, k = q.grad!.floats
      var dot = 0.0, gg = 0.0, kk = 0.0
      for i in 0..<p.count { dot += Double(g[i]) * Double(k[i]); gg += Double(g[i] * g[i]); kk += Double(k[i] * k[i]) }
      let cos = dot / max(1e-30, (gg * kk).squareRoot())
      #expect(cos >= 0.99, "\(p.name): cosine \(cos)")
      #expect(abs(kk.squareRoot() / gg.squareRoot() - 1) <= 0.05, "\(p.name): norm \(kk.squareRoot()) vs \(gg.squareRoot())")
    }
  }

  @Test func bytesDoNotDependOnThreads() throws {
    guard BF16Gemm.enabled else { return }
    let b = Self.batch, targets = b.nextTokenTargets()
    let old = Kernels.threads
    defer { Kernels.setThreads(old) }
    var runs: [[UInt32]] = []
    for t in [1, 2] {
      Kernels.setThreads(t)
      let m = try model(.bf16)
      m.zeroGradients()
      m.crossEntropyStep(b, targets: targets, weights: targets.map { $0 >= 0 ? 0.01 : 0 })
      runs.append(m.forward(b, targets: targets).logprobs.map(\.bitPattern)
                  + m.parameters.flatMap { p in (0..<p.count).map { p.grad!.floats[$0].bitPattern } })
    }
    #expect(runs[0] == runs[1])
  }
}
