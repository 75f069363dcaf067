// Training path: packing equals separate rows, learning happens (fp32 and bf16 storage with fp32
// masters), determinism, gradients against finite differences.
import Foundation
import Kernels
import Testing
import TestSupport
@testable import Model

@Suite struct TrainingTests {
  static let seqs: [[Int]] = [[5, 17, 300, 41, 8, 99, 3], [250, 6, 7], [12, 13, 14, 15, 16]]

  @Test func packedEqualsSeparate() throws {
    let model = try Qwen2Model.load(directory: Fixtures.tiny)
    let padded = TokenBatch.padded(Self.seqs)
    let (packed, place) = TokenBatch.packed(Self.seqs, T: 16)
    #expect(packed.B == 1)
    let a = model.forward(padded, targets: padded.nextTokenTargets()).logprobs
    let b = model.forward(packed, targets: packed.nextTokenTargets()).logprobs
    for (i, s) in Self.seqs.enumerated() {
      for t in 0..<(s.count - 1) {
        // fp32 with different row grouping: 1e-5 abs on log-probs of magnitude ~6.
        #expect(abs(a[i * padded.T + t] - b[place[i].start + t]) <= 1e-5)
      }
    }
  }

  @Test func gradientMatchesFiniteDifference() throws {
    let model = try Qwen2Model.load(directory: Fixtures.tiny)
    let batch = TokenBatch.padded(Self.seqs)
    // GRPO-like per-token weights, including negative ones.
    let weights = (0..<batch.N).map { Float(($0 % 5) - 2) * 0.1 }
    checkGradients(model, batch, weights) { _ in
      [("model.layers.1.self_attn.k_proj.bias", 3), ("model.layers.0.mlp.up_proj.weight", 77),
       ("model.norm.weight", 5), ("model.embed_tokens.weight", 300 * 64 + 2)]
    }
  }

  /// Attention weights on rows longer than the attention kernels' 16-query blocks, padded batch of
  /// two: the analytic gradient of q/k/v/o projections equals central finite differences.
  @Test func attentionGradientsOnLongRowsMatchFiniteDifference() throws {
    let model = try Qwen2Model.load(directory: Fixtures.tiny)
    let long = (0..<45).map { (($0 * 37) % 500) + 3 }, short = (0..<29).map { (($0 * 11) % 400) + 5 }
    let batch = TokenBatch.padded([long, short])
    let targets = batch.nextTokenTargets()
    let weights = (0..<batch.N).map { targets[$0] >= 0 ? Float(1) / 72 : 0 }
    checkGradients(model, batch, weights) { model in
      ["model.layers.0.self_attn.q_proj.weight", "model.layers.0.self_attn.k_proj.weight",
       "model.layers.1.self_attn.q_proj.weight", "model.layers.1.self_attn.k_proj.weight",
       "model.layers.0.self_attn.v_proj.weight", "model.layers.1.self_attn.o_proj.weight"].flatMap { name in
        // The entries with the largest gradients (small ones drown in fp32 rounding of the loss).
        let p = model.parameter(named: name)!
        return (0..<p.count).sorted { abs(p.grad!.floats[$0]) > abs(p.grad!.floats[$1]) }.prefix(3).map { (name, $0) }
      }
    }
  }

  /// One weighted cross-entropy step's analytic gradient against central finite differences of the
  /// loss, at the (parameter, index) entries `entries` picks once the gradient is known.
  func checkGradients(_ model: Qwen2Model, _ batch: TokenBatch, _ weights: [Float],
                      sourceLocation: SourceLocation = #_sourceLocation,
                      entries: (Qwen2Model) -> [(String, Int)]) {
    let targets = batch.nextTokenTargets()
    model.zeroGradients()
    model.crossEntropyStep(batch, targets: targets, weights: weights)
    func loss() -> Double {
      let lp = model.forward(batch, targets: targets).logprobs
      return (0..<batch.N).reduce(0.0) { $0 - (targets[$1] >= 0 ? Double(weights[$1]) * Double(lp[$1]) : 0) }
    }
    expectFiniteDifferences(model, entries(model), loss: loss, sourceLocation: sourceLocation)
  }

  func train(dtype: WeightDType, steps: Int) throws -> (losses: [Double], model: Qwen2Model, start: [[Float]]) {
    let model = try Qwen2Model.load(directory: Fixtures.tiny, dtype: dtype)
    let start = model.parameters.map { $0.floats() }
    let opt = Qwen2Optimizer(model: model, hyper: AdamWHyper(lr: 3e-3, weightDecay: 0.01))
    let batch = TokenBatch.padded(Self.seqs)
    let targets = batch.nextTokenTargets()
    let count = targets.filter { $0 >= 0 }.count
    let weights = targets.map { $0 >= 0 ? 1 / Float(count) : 0 }
    var losses: [Double] = []
    for _ in 0..<steps {
      losses.append(model.crossEntropyStep(batch, targets: targets, weights: weights))
      opt.clipGradients(maxNorm: 1)
      opt.update()
    }
    return (losses, model, start)
  }

  @Test(arguments: [WeightDType.f32, .bf16])
  func learningHappens(dtype: WeightDType) throws {
    let (losses, model, start) = try train(dtype: dtype, steps: 8)
    #expect(losses.last! < losses.first! * 0.8, "\(losses)")
    for (p, s) in zip(model.parameters, start) { #expect(p.floats() != s, "\(p.name) did not change") }
    #expect(model.parameters.allSatisfy { $0.dtype == ($0.shape.count == 2 ? dtype.kernelDType : .f32) })
  }

  @Test func deterministicAndResumable() throws {
    let a = try train(dtype: .bf16, steps: 3)
    let b = try train(dtype: .bf16, steps: 3)
    #expect(a.losses == b.losses)
    #expect(zip(a.model.parameters, b.model.parameters).allSatisfy { $0.floats() == $1.floats() })
    // Optimizer state round trip: save after 3 steps, restore into a fresh optimizer, same next update.
    let dir = tempDir("opt")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let opt = Qwen2Optimizer(model: a.model, hyper: AdamWHyper(lr: 1e-3))
    let batch = TokenBatch.padded(Self.seqs)
    a.model.crossEntropyStep(batch, targets: batch.nextTokenTargets(), weights: [Float](repeating: 0.05, count: batch.N))
    opt.update()
    try opt.save(to: dir + "/opt.safetensors")
    let opt2 = Qwen2Optimizer(model: b.model, hyper: AdamWHyper(lr: 1e-3))
    try opt2.load(from: dir + "/opt.safetensors")
    #expect(opt2.step == 1)
    #expect(zip(a.model.parameters, b.model.parameters).allSatisfy { $0.floats() == $1.floats() })
    // Both take the same next step.
    for (m, o) in [(a.model, opt), (b.model, opt2)] {
      m.crossEntropyStep(batch, targets: batch.nextTokenTargets(), weights: [Float](repeating: 0.05, count: batch.N))
      o.update()
    }
    #expect(zip(a.model.parameters, b.model.parameters).allSatisfy { $0.floats() == $1.floats() })
  }
}

@Suite struct BatchLayoutTests {
  @Test func promptCompletionMasksPrompt() throws {
    let (b, t) = TokenBatch.promptCompletion(prompts: [[1, 2, 3], [4]], completions: [[5, 6], [7, 8, 9]])
    #expect(b.T == 5 && b.lengths == [5, 4])
    #expect(t == [-1, -1, 5, 6, -1, /* row 1 */ 7, 8, 9, -1, -1])
    #expect(b.segments == [0, 0, 0, 0, 0, 0, 0, 0, 0, 1])
  }

  @Test func packedLayout() throws {
    let (b, place) = TokenBatch.packed([[1, 2, 3], [4, 5], [6, 7, 8, 9]], T: 6)
    #expect(b.B == 2 && place.map(\.row) == [0, 0, 1] && place.map(\.start) == [0, 3, 0])
    #expect(b.positions == [0, 1, 2, 0, 1, 0, 0, 1, 2, 3, 0, 1])
    #expect(b.segments.prefix(5) == [0, 0, 0, 1, 1] && b.segments[5] != 0 && b.segments[5] != 1)
    #expect(b.nextTokenTargets() == [2, 3, -1, 5, -1, -1, 7, 8, 9, -1, -1, -1])
  }
}

@Suite struct EntropyAndF16Tests {
  @Test func entropyGradientMatchesFiniteDifference() throws {
    let model = try Qwen2Model.load(directory: Fixtures.tiny)
    let batch = TokenBatch.padded(TrainingTests.seqs)
    let targets = batch.nextTokenTargets()
    // Loss = sum over real positions of 0.1 * entropy + 0.05 * logp (an entropy bonus plus a policy term).
    let mask = targets.map { $0 >= 0 ? Float(1) : 0 }
    func loss() -> Double {
      let r = model.forward(batch, targets: targets, entropy: true)
      return (0..<batch.N).reduce(0.0) { $0 + Double(mask[$1]) * (0.1 * Double(r.entropy![$1]) + 0.05 * Double(r.logprobs[$1])) }
    }
    model.zeroGradients()
    _ = loss()
    model.backward(dlogprobs: mask.map { 0.05 * $0 }, dentropy: mask.map { 0.1 * $0 })
    expectFiniteDifferences(model, [("model.layers.0.self_attn.v_proj.weight", 40), ("model.norm.weight", 9),
                                    ("model.embed_tokens.weight", 17 * 64 + 3)], loss: loss)
  }

  @Test func f16StorageTracksFP32() throws {
    let ref = try Fixtures.reference()["fp32"]!["prompts"]![2]!
    let ids = Fixtures.ints(ref["ids"])
    let model = try Qwen2Model.load(directory: Fixtures.tiny, dtype: .f16)
    #expect(model.embed.dtype == .f16)
    let V = model.config.vocabSize
    let got = Array(model.logits(.padded([ids]))[((ids.count - 1) * V)...])
    let want = Fixtures.floats(ref["last_logits"])
    // f16 keeps 11 significant bits (relative rounding 2^-12 per weight), 8x finer than bf16, whose rounding
    // moves these logits by 0.024 (reference meta): expect ~3e-3 (measured 2.3e-3); allow 5e-3 + 1e-3 |ref|.
    #expect(zip(got, want).allSatisfy { abs($0 - $1) <= 5e-3 + 1e-3 * abs($1) })
  }
}

@Suite struct ChunkedHeadTests {
  /// The output head over chunks of 3 rows (forced) gives the same log-probs, entropies and gradients.
  @Test func chunkedHeadMatchesWhole() throws {
    let batch = TokenBatch.padded(TrainingTests.seqs)
    let targets = batch.nextTokenTargets()
    var out: [(ForwardResult, [[Float]])] = []
    for chunked in [false, true] {
      let model = try Qwen2Model.load(directory: Fixtures.tiny)
      if chunked { model.maxLogitFloats = 3 * model.config.vocabSize }
      let r = model.forward(batch, targets: targets, entropy: true)
      model.zeroGradients()
      model.backward(dlogprobs: targets.map { $0 >= 0 ? -0.1 : 0 }, dentropy: targets.map { $0 >= 0 ? 0.05 : 0 })
      out.append((r, model.parameters.map { p in Array(UnsafeBufferPointer(start: p.grad!.floats, count: p.count)) }))
    }
    // Log-probs: identical rows of the same GEMM kernel (1e-6 allows a different OpenBLAS blocking).
    #expect(zip(out[0].0.logprobs, out[1].0.logprobs).allSatisfy { abs($0 - $1) <= 1e-6 })
    #expect(zip(out[0].0.entropy!, out[1].0.entropy!).allSatisfy { abs($0 - $1) <= 1e-6 })
    // Gradients: the head's dW sums the same terms in another grouping: fp32 rounding, 1e-6 abs + 1e-5 rel.
    for (g0, g1) in zip(out[0].1, out[1].1) {
      #expect(zip(g0, g1).allSatisfy { abs($0 - $1) <= 1e-6 + 1e-5 * abs($0) })
    }
  }
}

/// The accumulated analytic gradient of each (parameter, index) entry against the central finite
/// difference of `loss` (step h = 1e-2 on the fp32 value). Central difference in fp32: truncation
/// O(h^2) plus rounding ~1e-6/h; 2e-3 abs + 2% rel covers both.
func expectFiniteDifferences(_ model: Qwen2Model, _ entries: [(String, Int)], loss: () -> Double,
                             sourceLocation: SourceLocation = #_sourceLocation) {
  for (name, idx) in entries {
    let p = model.parameter(named: name)!
    let g = Double(p.grad!.floats[idx])
    let orig = p.value.floats[idx], h: Float = 1e-2
    p.value.floats[idx] = orig + h; let lp = loss()
    p.value.floats[idx] = orig - h; let lm = loss()
    p.value.floats[idx] = orig
    let fd = (lp - lm) / Double(2 * h)
    #expect(abs(fd - g) <= 2e-3 + 0.02 * abs(g), "\(name)[\(idx)]: fd \(fd) vs analytic \(g)", sourceLocation: sourceLocation)
  }
}
