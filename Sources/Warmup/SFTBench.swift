// SFT throughput at a given Qwen2 shape, measured through the same calls as the SFT loop (weighted
// forward/backward, gradient norm, clipping, AdamW), on random token rows of a fixed shape so the
// figure can be set beside PyTorch's (../shared/reference/perf.md: batch 8 x 256 tokens).
import JSON
import Kernels
import Model
import Seeded
import Training

public enum SFTBench {
  public struct Result: Sendable {
    public var parameters: Int
    public var tokensPerStep: Int
    public var stepSeconds: [Double]
    public var bestTokensPerSecond: Double { Double(tokensPerStep) / (stepSeconds.min() ?? .infinity) }
    public var medianTokensPerSecond: Double {
      let s = stepSeconds.sorted()
      return s.isEmpty ? 0 : Double(tokensPerStep) / s[s.count / 2]
    }
  }

  /// `steps` timed steps after one warm-up step; loss on every token but the first of each row
  /// (the reference counts every token of a full batch).
  /// `shape`'s vocabulary becomes `vocab`, its head width hiddenSize / numAttentionHeads.
  public static func run(shape: Qwen2Config, vocab: Int, rows: Int, length: Int, steps: Int, precision: Precision,
                         seed: UInt64 = 0) throws -> Result {
    var config = shape
    config.headDim = shape.hiddenSize / max(shape.numAttentionHeads, 1)
    config.vocabSize = vocab
    config.maxPositionEmbeddings = max(shape.maxPositionEmbeddings, length)
    let model = Qwen2Model(config: config, dtype: precision == .bf16 ? .bf16 : .f32)
    model.randomInit(seed: seed)
    let t = Qwen2Trainable(model: model, optim: OptimConfig(), tokenizerDirectory: nil)
    var rng = SeededRNG(seed: seed)
    let seqs = (0..<rows).map { _ in (0..<length).map { _ in rng.below(vocab) } }
    let batch = WeightedBatch(sequences: seqs, weights: seqs.map { [Float](repeating: 1, count: $0.count) }, pad: 0)
    var times: [Double] = []
    for i in 0...steps {
      let t0 = FS.now()
      t.zeroGradients()
      _ = try t.accumulateGradients(batch, scale: Float(1 / batch.weightSum))
      let norm = t.gradientNorm()
      t.optimizerStep(lr: 1e-4, gradScale: GradClip.coefficient(norm: norm, maxNorm: 1))
      if i > 0 { times.append(FS.now() - t0) }
    }
    return Result(parameters: model.parameterCount, tokensPerStep: rows * length, stepSeconds: times)
  }
}
