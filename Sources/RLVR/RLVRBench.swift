// `warmrl bench rlvr`: GRPO step time split into rollout / scoring / training, on the settings of
// ../shared/reference/trl.md (4 prompts x 4 completions x 64 new tokens, beta 0, DAPO token-mean loss,
// group-scaled advantages, temperature 1, lr 1e-5, fp32, TRL's two toy rewards) so the figures stand
// beside TRL's GRPOTrainer; and one full-parameter step at the Qwen2-0.5B shape (random weights,
// 4 x 4 x 256 new tokens) with its training GFLOP/s against this machine's sgemm peak and its peak RSS.
import Eval
import JSON
import Kernels
import Model
import Puzzles
import Seeded
import Tokenizer
import Training

public struct GRPOBenchResult: Sendable {
  public var model: String
  public var parameters: Int
  public var promptTokensMean: Double
  /// Per timed step: total, rollout, scoring, training seconds; completion tokens generated.
  public var steps: [(total: Double, rollout: Double, scoring: Double, training: Double, completionTokens: Int, trainTokens: Int)]
  public var json: JSON {
    let med = Training.median
    var o = JSONObject()
    o["model"] = .string(model)
    o["parameters"] = .int(parameters)
    o["prompt_tokens_mean"] = .double(promptTokensMean)
    for (k, xs) in [("step_s", steps.map(\.total)), ("rollout_s", steps.map(\.rollout)), ("scoring_s", steps.map(\.scoring)),
                    ("training_s", steps.map(\.training))] {
      o[k + "_median"] = .double(med(xs))
      o[k + "_min"] = .double(xs.min() ?? .nan)
      o[k + "_max"] = .double(xs.max() ?? .nan)
      o[k + "_all"] = .array(xs.map(JSON.double))
    }
    o["rollout_tokens_per_s_median"] = .double(med(steps.map { Double($0.completionTokens) / max($0.rollout, 1e-9) }))
    o["train_tokens_per_s_median"] = .double(med(steps.map { Double($0.trainTokens) / max($0.training, 1e-9) }))
    return .object(o)
  }
}

public enum RLVRBench {
  /// TRL's toy rewards (bench_trl.py): `<answer>` present, and min(1, 0.25 * (#"kn" + #" is")).
  static func toyReward(decode: @escaping ([Int]) -> String) -> RewardFunction {
    { _, tokens, _, _, _ in
      let t = decode(tokens)
      func count(_ s: String) -> Int { t.components(separatedBy: s).count - 1 }
      let tag = t.contains("<answer>") ? 1.0 : 0.0
      let kn = min(1.0, 0.25 * Double(count("kn") + count(" is")))
      return RolloutScore(terms: [("answer_tag", tag), ("knight_word", kn)], correct: tag > 0, formatOK: tag > 0)
    }
  }

  /// The trl.md prompts' shape: 16 chat-template K&K prompts of 50-90 tokens (TRL's toy puzzles
  /// averaged 68.7 with the fixture tokenizer). Ours come from the committed K&K file without the island
  /// intro and are cut to a seeded length in 50...90 tokens: the model is random, so what matters for
  /// the timing is the token count, which this matches.
  static func prompts(tokenizer: Tokenizer, kkFile: String, count: Int) throws -> [[Int]] {
    var out: [[Int]] = []
    var rng = SeededRNG(seed: 11)
    try JSONLReader(path: kkFile).forEach { _, r in
      guard out.count < count, let quiz = r["quiz"]?.string else { return }
      let body = quiz.components(separatedBy: "always lie. ").last ?? quiz
      let ids = tokenizer.encode(PromptFormat.qwenChat.render(question: body + " So who is a knight and who is a knave?"))
      out.append(Array(ids.prefix(50 + rng.below(41))))
    }
    if out.count < count { throw TrainingError.io(path: kkFile, message: "need \(count) K&K records, found \(out.count)") }
    return out
  }

  /// Times `steps` GRPO steps (after one warm-up step) of `model` with TRL's settings, or with
  /// `maxNewTokens`/`microBatchTokens` for the 0.5B step.
  public static func grpoSteps(model: Qwen2Model, tokenizer: Tokenizer, name: String, kkFile: String, steps: Int,
                               maxNewTokens: Int = 64, promptTokens: Int? = nil, microBatchTokens: Int = 8192,
                               warmup: Bool = true, log: (String) -> Void) throws -> GRPOBenchResult {
    var cfg = RLVRConfig()
    cfg.rollout = RolloutConfig(promptsPerStep: 4, samplesPerPrompt: 4, temperature: 1, topP: 1, maxNewTokens: maxNewTokens, stop: [])
    cfg.algo = AlgoConfig(epsLow: 0.2, epsHigh: 0.2, beta: 0, aggregation: .tokenMean, scaleRewards: .group, dynamicSampling: false)
    cfg.train = RLVRTrainConfig(epochs: 1, steps: steps + 1, microBatchTokens: microBatchTokens, logSamplesEvery: 0, truncationWarning: 1)
    cfg.optim = OptimConfig(schedule: LRSchedule(kind: .constant, peak: 1e-5), weightDecay: 0, beta1: 0.9, beta2: 0.999, maxGradNorm: 1)
    let dir = "/tmp/warmrl-bench-rlvr-\(getpid())"
    defer { FS.remove(dir) }
    cfg.run = RunConfig(root: dir, name: name, seed: 0, checkpointEvery: 1_000_000, keepCheckpoints: 1, progressInterval: 1e9)
    let run = try TrainingRun(stage: .rlvr, config: cfg.run, resolved: try JSON(encoding: cfg))
    try run.begin(resume: false)
    var ids: [[Int]]
    if let promptTokens {
      var rng = SeededRNG(seed: 7)
      ids = (0..<16).map { _ in (0..<promptTokens).map { _ in rng.below(tokenizer.vocabSize) } }
    } else {
      ids = try prompts(tokenizer: tokenizer, kkFile: kkFile, count: 16)
    }
    let pool = PromptPool(prompts: ids, difficulty: ids.map { _ in "" }, seed: 0)
    let policy = Qwen2Trainable(model: model, optim: cfg.optim, tokenizerDirectory: nil)
    let eos = Array(Set(model.config.eosTokenIds + tokenizer.specials.eosTokenIds)).sorted()
    let decode: ([Int]) -> String = { tokenizer.decode($0) }
    let trainer = GRPOTrainer(policy: policy, run: run, config: cfg, pool: pool, eosTokenIds: eos, reward: toyReward(decode: decode))
    trainer.decode = decode
    var state = ResumeState(step: 0, epoch: 0, stepInEpoch: 0, rng: SeededRNG(seed: 0), tokensSeen: 0, configHash: run.configHash)
    var result = GRPOBenchResult(model: name, parameters: model.parameterCount,
                                 promptTokensMean: Double(ids.reduce(0) { $0 + $1.count }) / Double(ids.count), steps: [])
    for s in 0..<(steps + (warmup ? 1 : 0)) {
      let t0 = FS.now()
      let row = try trainer.step(&state, total: steps + 1)
      let dt = FS.now() - t0
      let t = trainer.lastTimings
      let label = warmup && s == 0 ? "warm-up" : "step \(s + (warmup ? 0 : 1))"
      log("\(name) \(label): \(fmt(dt, 3)) s (rollout \(fmt(t.rollout, 3)), scoring \(fmt(t.scoring, 3)), training \(fmt(t.training, 3))); "
          + "\(t.rolloutTokens) completion tokens, mean length \(fmt(row["completions/mean_length"]?.double ?? 0, 1))")
      if !(warmup && s == 0) {
        result.steps.append((dt, t.rollout, t.scoring, t.training, t.rolloutTokens, t.trainTokens))
      }
    }
    return result
  }

  /// Matmul FLOPs of one training pass (forward + backward = 3x forward) over `seqLens` sequences:
  /// 2 * (matmul parameters, the output head included) per token, plus causal attention
  /// (QK^T and PV: 2 * T^2 * qDim per layer, halved by the mask, times 2 products).
  public static func trainingFLOPs(_ c: Qwen2Config, seqLens: [Int]) -> Double {
    let C = Double(c.hiddenSize), Q = Double(c.qDim), KV = Double(c.kvDim), FF = Double(c.intermediateSize)
    let perLayer = C * Q + 2 * C * KV + Q * C + 3 * C * FF
    let matmulParams = Double(c.numHiddenLayers) * perLayer + C * Double(c.vocabSize)
    var f = 0.0
    for T in seqLens.map(Double.init) {
      f += 2 * matmulParams * T + Double(c.numHiddenLayers) * 2 * T * T * Q
    }
    return 3 * f
  }

  /// This machine's fp32 sgemm rate (GFLOP/s) at a training-like shape, best of `reps` (threads as set).
  public static func sgemmPeak(M: Int, N: Int, K: Int, reps: Int = 5) -> Double {
    let a = AlignedBuffer(byteCount: M * K * 4), b = AlignedBuffer(byteCount: K * N * 4), c = AlignedBuffer(byteCount: M * N * 4)
    var rng = SeededRNG(seed: 1)
    for i in 0..<(M * K) { a.floats()[i] = Float(rng.nextDouble() - 0.5) }
    for i in 0..<(K * N) { b.floats()[i] = Float(rng.nextDouble() - 0.5) }
    var best = Double.infinity
    for _ in 0..<reps {
      let t0 = FS.now()
      Matmul.sgemm(c.floats(), a.floats(), b.floats(), M: M, N: N, K: K)
      best = min(best, FS.now() - t0)
    }
    return 2 * Double(M) * Double(N) * Double(K) / best / 1e9
  }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
