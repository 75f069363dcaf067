// The RLVR stage config (`stages/rlvr.json`): GRPO on at most 100 examples of one domain. Defaults
// are the embedded model's; the commented config file explains each choice and lists the Logic-RL,
// Open-RS and DeepScaleR settings as `--set` alternatives. The algorithm is written out in GRPOLoss.swift.
import Puzzles
import Training

public struct RLVRDataConfig: Codable, Sendable, Equatable {
  /// The domain (kk, arith, code, choice, math).
  public var domain: Domain
  /// Train pool file in the domain's format (JSONL; math also takes a JSON array).
  public var train: String
  /// Use the first N records of the file (0 = all). The pool must hold <= `maxExamples`.
  public var limit: Int
  /// The study's limit. A larger pool is refused unless `allowLargePool` is set.
  public var maxExamples: Int
  public var allowLargePool: Bool
  public var format: PromptFormat
  /// A prompt whose tokens plus the longest completion exceed the model's positions: `stop` with an
  /// error naming its line, or `skip` it (counted in the summary as `pool_skipped_too_long`).
  public var tooLong: BadLinePolicy
  public init(domain: Domain = .kk, train: String = "puzzles/kk-train.jsonl", limit: Int = 100, maxExamples: Int = 100,
              allowLargePool: Bool = false, format: PromptFormat = .r1Base, tooLong: BadLinePolicy = .stop) {
    self.domain = domain; self.train = train; self.limit = limit; self.maxExamples = maxExamples
    self.allowLargePool = allowLargePool; self.format = format; self.tooLong = tooLong
  }
}

/// One stage of a step schedule: from `fromStep` (1-based optimizer step) on, `value` applies.
public struct ScheduleEntry<Value: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
  public var fromStep: Int
  public var value: Value
  public init(fromStep: Int, value: Value) { self.fromStep = fromStep; self.value = value }
}

/// The value of a step schedule at `step` (the last entry whose fromStep <= step), or `fallback`.
public func scheduled<V>(_ entries: [ScheduleEntry<V>], step: Int, fallback: V) -> V {
  entries.last { $0.fromStep <= step }?.value ?? fallback
}

public struct RolloutConfig: Codable, Sendable, Equatable {
  /// P: prompts per optimizer step.
  public var promptsPerStep: Int
  /// G: completions per prompt (the group).
  public var samplesPerPrompt: Int
  public var temperature: Double
  public var topP: Double
  public var maxNewTokens: Int
  /// DeepScaleR's "think shorter, then longer": the completion limit by step (overrides maxNewTokens).
  public var maxNewTokensSchedule: [ScheduleEntry<Int>]
  /// Difficulty curriculum: from a step on, draw only pool records whose difficulty label (K&K:
  /// people count) is listed (empty list = all). Logic-RL's rescue of the 0.5B run: 3 -> 4 -> 5 people.
  public var curriculum: [ScheduleEntry<[String]>]
  /// KV-cache rows decoding at once.
  public var maxRows: Int
  /// A completion ends after any of these strings (kept in its text), or at an EOS token.
  public var stop: [String]
  public init(promptsPerStep: Int = 4, samplesPerPrompt: Int = 8, temperature: Double = 1.0, topP: Double = 1.0,
              maxNewTokens: Int = 256, maxNewTokensSchedule: [ScheduleEntry<Int>] = [], curriculum: [ScheduleEntry<[String]>] = [],
              maxRows: Int = 64, stop: [String] = ["</answer>"]) {
    self.stop = stop
    self.promptsPerStep = promptsPerStep; self.samplesPerPrompt = samplesPerPrompt; self.temperature = temperature
    self.topP = topP; self.maxNewTokens = maxNewTokens; self.maxNewTokensSchedule = maxNewTokensSchedule
    self.curriculum = curriculum; self.maxRows = maxRows
  }
}

public struct AlgoConfig: Codable, Sendable, Equatable {
  public var epsLow: Double
  public var epsHigh: Double
  public var ratioLevel: RatioLevel
  /// mu: optimizer steps over the same rollouts.
  public var innerUpdates: Int
  /// KL coefficient (0: no reference model is loaded).
  public var beta: Double
  /// Copy the policy into the reference model every N steps (0 = never; needs beta > 0).
  public var resetReferenceEvery: Int
  public var entropyCoef: Double
  public var aggregation: LossAggregation
  /// L of the `constant` aggregation (0: the step's completion limit).
  public var constantNormalizer: Int
  public var scaleRewards: RewardScaling
  /// Give completions that hit the length limit no weight in the loss.
  public var maskTruncated: Bool
  /// Drop zero-signal groups and refill the step from the pool (DAPO).
  public var dynamicSampling: Bool
  public var maxRefillRounds: Int
  public init(epsLow: Double = 0.2, epsHigh: Double = 0.2, ratioLevel: RatioLevel = .token, innerUpdates: Int = 1,
              beta: Double = 0, resetReferenceEvery: Int = 0, entropyCoef: Double = 0, aggregation: LossAggregation = .tokenMean,
              constantNormalizer: Int = 0, scaleRewards: RewardScaling = .none, maskTruncated: Bool = false,
              dynamicSampling: Bool = true, maxRefillRounds: Int = 3) {
    self.epsLow = epsLow; self.epsHigh = epsHigh; self.ratioLevel = ratioLevel; self.innerUpdates = innerUpdates
    self.beta = beta; self.resetReferenceEvery = resetReferenceEvery; self.entropyCoef = entropyCoef
    self.aggregation = aggregation; self.constantNormalizer = constantNormalizer; self.scaleRewards = scaleRewards
    self.maskTruncated = maskTruncated; self.dynamicSampling = dynamicSampling; self.maxRefillRounds = maxRefillRounds
  }

  public var surrogate: SurrogateSettings {
    SurrogateSettings(epsLow: epsLow, epsHigh: epsHigh, ratioLevel: ratioLevel, beta: beta, entropyCoef: entropyCoef)
  }
}

/// Control arms that replace the verifier's reward (the spurious-rewards checks).
public enum RewardControl: String, Codable, Sendable, CaseIterable {
  /// The domain's verifier (the real reward).
  case none
  /// A seeded fair coin per completion: 1 or 0, whatever was written.
  case random
  /// The format term alone (1 when the R1 tags are right, else 0).
  case formatOnly
}

public struct RLVRRewardConfig: Codable, Sendable, Equatable {
  public var scheme: RewardScheme
  public var schemeWeight: Double
  /// Weight of an extra format term (1 when the R1 tags are right, else 0); 0 = off.
  public var formatWeight: Double
  /// Open-RS cosine length term; its `maxLength` 0 means "the step's completion limit".
  public var cosineWeight: Double
  public var cosine: CosineLengthConfig
  public var control: RewardControl
  public init(scheme: RewardScheme = .binary, schemeWeight: Double = 1, formatWeight: Double = 0, cosineWeight: Double = 0,
              cosine: CosineLengthConfig = CosineLengthConfig(), control: RewardControl = .none) {
    self.scheme = scheme; self.schemeWeight = schemeWeight; self.formatWeight = formatWeight
    self.cosineWeight = cosineWeight; self.cosine = cosine; self.control = control
  }
}

public struct RLVRTrainConfig: Codable, Sendable, Equatable {
  /// Passes over the pool (each step draws P prompts; refills draw more). Sets the step count
  /// ceil(epochs * pool / P) unless `steps` > 0.
  public var epochs: Int
  public var steps: Int
  /// Padded tokens per training micro-batch.
  public var microBatchTokens: Int
  /// Write rollouts to samples.jsonl every N steps (0 = never), this many of them.
  public var logSamplesEvery: Int
  public var samplesPerLog: Int
  /// Warn when more than this fraction of a step's completions hit the length limit.
  public var truncationWarning: Double
  public init(epochs: Int = 25, steps: Int = 0, microBatchTokens: Int = 8192, logSamplesEvery: Int = 5, samplesPerLog: Int = 4,
              truncationWarning: Double = 0.5) {
    self.epochs = epochs; self.steps = steps; self.microBatchTokens = microBatchTokens; self.logSamplesEvery = logSamplesEvery
    self.samplesPerLog = samplesPerLog; self.truncationWarning = truncationWarning
  }
}

public struct RLVRConfig: Codable, Sendable, Equatable {
  public var model: StageModelConfig
  public var data: RLVRDataConfig
  public var rollout: RolloutConfig
  public var algo: AlgoConfig
  public var reward: RLVRRewardConfig
  public var train: RLVRTrainConfig
  public var optim: OptimConfig
  public var run: RunConfig

  public init(model: StageModelConfig = .init(), data: RLVRDataConfig = .init(), rollout: RolloutConfig = .init(),
              algo: AlgoConfig = .init(), reward: RLVRRewardConfig = .init(), train: RLVRTrainConfig = .init(),
              optim: OptimConfig = OptimConfig(schedule: LRSchedule(kind: .constant, peak: 1e-5, warmupSteps: 0), weightDecay: 0, maxGradNorm: 1.0),
              run: RunConfig = RunConfig(name: "default", checkpointEvery: 25)) {
    self.model = model; self.data = data; self.rollout = rollout; self.algo = algo; self.reward = reward
    self.train = train; self.optim = optim; self.run = run
  }

  public func validate() throws {
    try optim.validate()
    try run.validate()
    func bad(_ key: String, _ want: String, _ got: Any) -> TrainingError { .badConfig("\(key) must be \(want), got \(got)") }
    let r = rollout, a = algo
    if r.promptsPerStep < 1 || r.promptsPerStep > 4096 { throw bad("rollout.promptsPerStep", "in 1...4096", r.promptsPerStep) }
    if r.samplesPerPrompt < 1 || r.samplesPerPrompt > 1024 { throw bad("rollout.samplesPerPrompt", "in 1...1024", r.samplesPerPrompt) }
    if !(r.temperature >= 0 && r.temperature <= 10) { throw bad("rollout.temperature", "in [0, 10]", r.temperature) }
    if !(r.topP > 0 && r.topP <= 1) { throw bad("rollout.topP", "in (0, 1]", r.topP) }
    if r.maxNewTokens < 1 || r.maxNewTokens > 1 << 20 { throw bad("rollout.maxNewTokens", "in 1...1048576", r.maxNewTokens) }
    for e in r.maxNewTokensSchedule where e.value < 1 || e.value > 1 << 20 || e.fromStep < 1 {
      throw bad("rollout.maxNewTokensSchedule", "entries with fromStep >= 1 and value in 1...1048576", "\(e.fromStep): \(e.value)")
    }
    for e in r.curriculum where e.fromStep < 1 { throw bad("rollout.curriculum[].fromStep", ">= 1", e.fromStep) }
    if r.stop.contains("") { throw bad("rollout.stop", "non-empty strings", r.stop) }
    if r.maxRows < 1 || r.maxRows > 4096 { throw bad("rollout.maxRows", "in 1...4096", r.maxRows) }
    if !(a.epsLow >= 0 && a.epsLow < 1) { throw bad("algo.epsLow", "in [0, 1)", a.epsLow) }
    if !(a.epsHigh >= 0 && a.epsHigh.isFinite) { throw bad("algo.epsHigh", "finite and >= 0", a.epsHigh) }
    if a.innerUpdates < 1 || a.innerUpdates > 64 { throw bad("algo.innerUpdates", "in 1...64", a.innerUpdates) }
    if !(a.beta >= 0 && a.beta.isFinite) { throw bad("algo.beta", "finite and >= 0", a.beta) }
    if a.resetReferenceEvery < 0 { throw bad("algo.resetReferenceEvery", ">= 0", a.resetReferenceEvery) }
    if a.resetReferenceEvery > 0 && a.beta == 0 { throw bad("algo.resetReferenceEvery", "0 when algo.beta is 0 (there is no reference model)", a.resetReferenceEvery) }
    if !a.entropyCoef.isFinite { throw bad("algo.entropyCoef", "finite", a.entropyCoef) }
    if a.constantNormalizer < 0 { throw bad("algo.constantNormalizer", ">= 0", a.constantNormalizer) }
    if a.maxRefillRounds < 0 || a.maxRefillRounds > 100 { throw bad("algo.maxRefillRounds", "in 0...100", a.maxRefillRounds) }
    for (k, v) in [("reward.schemeWeight", reward.schemeWeight), ("reward.formatWeight", reward.formatWeight),
                   ("reward.cosineWeight", reward.cosineWeight)] where !v.isFinite { throw bad(k, "finite", v) }
    if reward.cosine.maxLength < 0 { throw bad("reward.cosine.maxLength", ">= 0 (0: the step's completion limit)", reward.cosine.maxLength) }
    if train.epochs < 1 { throw bad("train.epochs", ">= 1", train.epochs) }
    if train.steps < 0 { throw bad("train.steps", ">= 0", train.steps) }
    if train.microBatchTokens < 1 { throw bad("train.microBatchTokens", ">= 1", train.microBatchTokens) }
    if train.logSamplesEvery < 0 || train.samplesPerLog < 0 { throw bad("train.logSamplesEvery/samplesPerLog", ">= 0", "\(train.logSamplesEvery)/\(train.samplesPerLog)") }
    if !(train.truncationWarning >= 0 && train.truncationWarning <= 1) { throw bad("train.truncationWarning", "in [0, 1]", train.truncationWarning) }
    if data.limit < 0 { throw bad("data.limit", ">= 0", data.limit) }
    if data.maxExamples < 1 { throw bad("data.maxExamples", ">= 1", data.maxExamples) }
  }

  /// The completion limit at 1-based step `step`.
  public func maxNewTokens(step: Int) -> Int { scheduled(rollout.maxNewTokensSchedule, step: step, fallback: rollout.maxNewTokens) }

  /// The largest completion limit any step uses.
  public var longestCompletion: Int { ([rollout.maxNewTokens] + rollout.maxNewTokensSchedule.map(\.value)).max()! }
}
