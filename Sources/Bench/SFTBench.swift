// SFT throughput at a given Qwen2 shape, measured through the same calls as the SFT loop (weighted
// forward/backward, gradient norm, clipping, AdamW), on random token rows of a fixed shape so the
// figure can be set beside PyTorch's (../shared/reference/perf.md: batch 8 x 256 tokens).
// `warmrl bench sft` (formerly `warmup bench`).
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
  /// `compute` .bf16: the products with bf16 operands and fp32 accumulation (fp32 with a notice where
  /// the CPU lacks AVX512_BF16).
  public static func run(shape: Qwen2Config, vocab: Int, rows: Int, length: Int, steps: Int, precision: Precision,
                         compute: ComputePrecision = .fp32, seed: UInt64 = 0) throws -> Result {
    var config = shape
    config.headDim = shape.hiddenSize / max(shape.numAttentionHeads, 1)
    config.vocabSize = vocab
    config.maxPositionEmbeddings = max(shape.maxPositionEmbeddings, length)
    let model = Qwen2Model(config: config, dtype: precision == .bf16 ? .bf16 : .f32)
    model.randomInit(seed: seed)
    model.compute = compute
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

  /// PyTorch at the 10M reference shape, batch 8 x 256, vocabulary 4096 (perf.md, 2026-12-04, 2-core EPYC
  /// with AVX512_BF16): best and median tok/s, eager fp32 and bf16 autocast.
  public static let pytorch10M = (best: 1605.0, median: 1455.0)
  public static let pytorch10MAutocast = (best: 2260.0, median: 2215.0)

  /// One JSON row per shape: the embedded one (`embedded`, stages/base.json's arch) and the 10M
  /// reference (its layers, width and heads), with PyTorch's figures beside the 10M row at the
  /// reference batch (rows 8, length 256, vocabulary 4096): fp32 for fp32 compute, bf16 autocast for
  /// bf16 compute; run in this process tree with `torch` (a Python with torch), else perf.md's.
  public static func compare(embedded: Qwen2Config, vocab: Int, rows: Int, length: Int, steps: Int,
                             precision: Precision, compute: ComputePrecision = .fp32,
                             torch: String? = nil, torchScript: String = TorchPeer.defaultScript) throws -> [JSON] {
    var ten = embedded
    ten.numHiddenLayers = 10; ten.intermediateSize = 1024; ten.hiddenSize = 256; ten.numAttentionHeads = 4; ten.numKeyValueHeads = 2
    var out: [JSON] = []
    let reference = rows == 8 && length == 256 && vocab == 4096
    var peer: (best: Double, median: Double, source: String)? = nil
    if reference {
      if let torch {
        let f = try TorchPeer.train(python: torch, script: torchScript, size: "10M", autocast: compute == .bf16,
                                    repeats: max(steps, 3))
        peer = (f.best, f.median, "bench_torch.py in this run")
      } else {
        let p = compute == .bf16 ? pytorch10MAutocast : pytorch10M
        peer = (p.best, p.median, "perf.md 2026-12-04 (2-core EPYC, AVX512_BF16)")
      }
    }
    for (name, shape, torchFig) in [("embedded", embedded, nil as (best: Double, median: Double, source: String)?), ("10M", ten, peer)] {
      let r = try run(shape: shape, vocab: vocab, rows: rows, length: length, steps: steps, precision: precision, compute: compute)
      var o = JSONObject()
      o["shape"] = .string(name)
      o["compute"] = .string(ComputePrecision.resolve(compute).rawValue)
      o["parameters"] = .int(r.parameters)
      o["tokens_per_step"] = .int(r.tokensPerStep)
      o["tokens_per_s_best"] = .double(r.bestTokensPerSecond.rounded())
      o["tokens_per_s_median"] = .double(r.medianTokensPerSecond.rounded())
      if let (best, median, source) = torchFig {
        o["pytorch"] = .string(compute == .bf16 ? "bf16 autocast" : "fp32")
        o["pytorch_source"] = .string(source)
        o["pytorch_tokens_per_s_best"] = .double(best.rounded())
        o["pytorch_tokens_per_s_median"] = .double(median.rounded())
        o["ratio_median"] = .double((r.medianTokensPerSecond / median * 100).rounded() / 100)
      }
      out.append(.object(o))
    }
    return out
  }
}
