// The GRPO loop on a tiny random Qwen2 model and a synthetic reward: it learns (mean reward rises,
// every parameter moves), same seed gives the same bytes, a stopped run resumes bitwise, dynamic
// sampling drops zero-signal groups.
import JSON
import Model
import Testing
import TestSupport
import Training
@testable import RLVR
#if canImport(Glibc)
import Glibc
#endif

/// A 1-layer, vocab-16 model (~10k parameters): rollouts take milliseconds.
func tinyModel(seed: UInt64) -> Qwen2Model {
  let c = Qwen2Config(hiddenSize: 32, numHiddenLayers: 1, numAttentionHeads: 2, numKeyValueHeads: 1, intermediateSize: 64,
                      vocabSize: 16, maxPositionEmbeddings: 64)
  let m = Qwen2Model(config: c)
  m.randomInit(seed: seed, std: 0.1)
  return m
}

/// Reward: the fraction of completion tokens equal to 7 (a random policy gets ~1/16).
func sevens(_ p: Int, _ completion: [Int], _ f: FinishReason, _ step: Int, _ seed: UInt64) -> RolloutScore {
  let f = Double(completion.filter { $0 == 7 }.count) / Double(max(1, completion.count))
  return RolloutScore(terms: [("sevens", f)], correct: f > 0.5, formatOK: true)
}

struct TinyRun {
  var trainer: GRPOTrainer
  var run: TrainingRun
  var resumed: ResumeState?
}

func makeRun(dir: String, steps: Int, mutate: (inout RLVRConfig) -> Void = { _ in }, resume: Bool = false) throws -> TinyRun {
  var cfg = RLVRConfig()
  cfg.rollout = RolloutConfig(promptsPerStep: 2, samplesPerPrompt: 8, temperature: 1, maxNewTokens: 6, stop: [])
  cfg.algo.dynamicSampling = false
  cfg.train = RLVRTrainConfig(epochs: 1, steps: steps, microBatchTokens: 64, logSamplesEvery: 2, samplesPerLog: 2, truncationWarning: 1)
  cfg.optim = OptimConfig(schedule: LRSchedule(kind: .constant, peak: 1e-2), weightDecay: 0, maxGradNorm: 1)
  cfg.run = RunConfig(root: dir, name: "t", seed: 3, checkpointEvery: 3, keepCheckpoints: 5, progressInterval: 1000)
  mutate(&cfg)
  try cfg.validate()
  let run = try TrainingRun(stage: .rlvr, config: cfg.run, resolved: try JSON(encoding: cfg))
  let resumed = try run.begin(resume: resume)
  let model = try resumed.map { try Qwen2Model.load(directory: $0.checkpoint) } ?? tinyModel(seed: 1)
  let policy = Qwen2Trainable(model: model, optim: cfg.optim, tokenizerDirectory: nil)
  if let resumed { try policy.loadOptimizer(from: run.states.path(step: resumed.state.step)) }
  let pool = PromptPool(prompts: [[1, 2, 3], [4, 5], [6, 8, 9, 10], [11]], difficulty: ["1", "1", "2", "2"], seed: 3)
  let t = GRPOTrainer(policy: policy, run: run, config: cfg, pool: pool, eosTokenIds: [], reward: sevens)
  t.progressEnabled = false
  t.loadReference = { _ in tinyModel(seed: 1) }
  return TinyRun(trainer: t, run: run, resumed: resumed?.state)
}

func metricRows(_ path: String) throws -> [JSON] {
  var rows: [JSON] = []
  try JSONLReader(path: path).forEach { _, v in rows.append(v) }
  return rows
}

/// A metrics row without its wall-clock fields.
func stripTimes(_ v: JSON) -> String {
  guard case .object(var o) = v else { return v.serialized() }
  for k in ["time/rollout", "time/scoring", "time/training", "rollout_tokens_per_s", "train_tokens_per_s"] { o[k] = nil }
  return JSON.object(o).serialized()
}

@Suite(.serialized) struct GRPOTrainerTests {
  @Test func learnsTheSyntheticTaskAndMovesEveryParameter() throws {
    let dir = tempDir("learn")
    let r = try makeRun(dir: dir, steps: 30)
    let before = r.trainer.policy.parameterValues()
    try r.trainer.train()
    try r.run.finish(summary: JSONObject())
    let rows = try metricRows(r.run.folder.metricsPath)
    let rewards = rows.compactMap { $0["reward"]?.double }
    #expect(rewards.count == 30)
    let first = rewards.prefix(5).reduce(0, +) / 5, last = rewards.suffix(5).reduce(0, +) / 5
    // A random policy writes a 7 with p ~ 1/16; after 30 seeded steps at lr 1e-2 the last five steps'
    // mean reward is well above the first five's (seeded: this is one fixed outcome, not a flaky draw).
    #expect(last > first + 0.2, "reward first 5 steps \(first), last 5 \(last)")
    let after = r.trainer.policy.parameterValues()
    for (b, a) in zip(before, after) {
      #expect(b.values != a.values, "parameter \(b.name) did not change")
    }
    // Logged keys use TRL's names.
    for k in ["reward", "reward_std", "rewards/sevens/mean", "frac_reward_zero_std", "completions/mean_length",
              "completions/clipped_ratio", "entropy", "clip_ratio/region_mean", "grad_norm", "learning_rate", "num_tokens"] {
      #expect(rows[0][k] != nil, "metrics row lacks \(k)")
    }
    #expect(try metricRows(r.run.folder.samplesPath).count > 0)
  }

  @Test func sameSeedSameBytesAndExactResume() throws {
    let a = tempDir("detA"), b = tempDir("detB")
    let ra = try makeRun(dir: a, steps: 7, mutate: { $0.algo.innerUpdates = 2; $0.algo.beta = 0.05 })
    try ra.trainer.train()
    // Second run: stopped after step 5 (as if killed; its last checkpoint is step 3), then resumed.
    let rb = try makeRun(dir: b, steps: 7, mutate: { $0.algo.innerUpdates = 2; $0.algo.beta = 0.05 })
    rb.trainer.stopAfterStep = 5
    try rb.trainer.train()
    let rc = try makeRun(dir: b, steps: 7, mutate: { $0.algo.innerUpdates = 2; $0.algo.beta = 0.05 }, resume: true)
    #expect(rc.resumed?.step == 3)
    try rc.trainer.train(resume: rc.resumed)
    let pa = ra.trainer.policy.parameterValues(), pc = rc.trainer.policy.parameterValues()
    #expect(pa.count == pc.count)
    for (x, y) in zip(pa, pc) { #expect(x.values == y.values, "\(x.name) differs after resume") }
    let ma = try metricRows(ra.run.folder.metricsPath).map(stripTimes)
    let mc = try metricRows(rc.run.folder.metricsPath).map(stripTimes)
    #expect(ma == mc)
    #expect(ma.count == 7)
    let ca = try FileBytes(path: ra.run.checkpoints.path(step: 7) + "/model.safetensors").bytes
    let cc = try FileBytes(path: rc.run.checkpoints.path(step: 7) + "/model.safetensors").bytes
    #expect(ca == cc)
  }

  @Test func dynamicSamplingDropsZeroSignalGroups() throws {
    let dir = tempDir("dyn")
    // Reward 1 for every completion of pool prompt 0 and 3, varied for 1 and 2: groups of 0 and 3
    // never carry signal and are always dropped.
    var r = try makeRun(dir: dir, steps: 4, mutate: { $0.algo.dynamicSampling = true; $0.algo.maxRefillRounds = 2 })
    r.trainer = GRPOTrainer(policy: r.trainer.policy, run: r.run, config: r.trainer.config, pool: r.trainer.pool, eosTokenIds: []) {
      p, c, _, _, _ in
      let v = p == 0 || p == 3 ? 1.0 : Double(c.filter { $0 % 2 == 0 }.count)
      return RolloutScore(terms: [("x", v)], correct: v > 0, formatOK: true)
    }
    r.trainer.progressEnabled = false
    try r.trainer.train()
    let rows = try metricRows(r.run.folder.metricsPath)
    for row in rows {
      let dropped = row["groups_dropped"]!.int!, trained = row["groups_trained"]!.int!, rounds = row["refill_rounds"]!.int!
      #expect(trained <= 2 && rounds <= 2)
      // Every group drawn was either kept or dropped, and the zero-signal fraction is what was dropped.
      let frac = row["frac_reward_zero_std"]!.double!
      #expect(abs(frac - Double(dropped) / Double(dropped + trained)) < 1e-12)
    }
    #expect(rows.contains { $0["groups_dropped"]!.int! > 0 })
  }

  @Test func aNaNLossStopsTheRunNamingTheStepWithTheLastCheckpointIntact() throws {
    let dir = tempDir("nan")
    var r = try makeRun(dir: dir, steps: 6)
    // The reward turns NaN at step 5: advantages, loss and the update guard see it there.
    r.trainer = GRPOTrainer(policy: r.trainer.policy, run: r.run, config: r.trainer.config, pool: r.trainer.pool, eosTokenIds: []) {
      p, c, f, step, seed in
      var s = sevens(p, c, f, step, seed)
      if step >= 5 { s.terms = [("sevens", .nan)] }
      return s
    }
    r.trainer.progressEnabled = false
    var caught: TrainingError?
    do { try r.trainer.train() } catch let e as TrainingError { caught = e }
    guard case let .nonFinite(step, _, _, last)? = caught else {
      Issue.record("expected a nonFinite error, got \(String(describing: caught))"); return
    }
    #expect(step == 5)
    #expect(last == r.run.checkpoints.path(step: 3))
    #expect(r.run.checkpoints.steps == [3])
    #expect(FS.exists(r.run.checkpoints.path(step: 3) + "/model.safetensors"))
  }

  @Test func referenceResetsSurviveAResume() throws {
    // beta > 0 with the reference reset to the policy every 2 steps; stop after 5 (last checkpoint 3,
    // last reference copy 4, which the resumed run must not use), resume, compare with one straight run.
    let mut: (inout RLVRConfig) -> Void = { $0.algo.beta = 0.1; $0.algo.resetReferenceEvery = 2 }
    let a = try makeRun(dir: tempDir("refA"), steps: 7, mutate: mut)
    a.trainer.loadReference = { path in try path.map { try Qwen2Model.load(directory: $0) } ?? tinyModel(seed: 1) }
    try a.trainer.train()
    let dir = tempDir("refB")
    let b = try makeRun(dir: dir, steps: 7, mutate: mut)
    b.trainer.loadReference = a.trainer.loadReference
    b.trainer.stopAfterStep = 5
    try b.trainer.train()
    let c = try makeRun(dir: dir, steps: 7, mutate: mut, resume: true)
    c.trainer.loadReference = a.trainer.loadReference
    try c.trainer.train(resume: c.resumed)
    for (x, y) in zip(a.trainer.policy.parameterValues(), c.trainer.policy.parameterValues()) {
      #expect(x.values == y.values, "\(x.name) differs after a resume across reference resets")
    }
    let kl = try metricRows(a.run.folder.metricsPath).compactMap { $0["kl"]?.double }
    #expect(kl.count == 7 && kl[0] == 0 && kl.contains { $0 > 0 })  // step 1: policy == reference
  }

  @Test func poolOrderVisitsEveryExampleOncePerEpochAndFollowsTheCurriculum() {
    let pool = PromptPool(prompts: (0..<10).map { [$0] }, difficulty: (0..<10).map { $0 < 5 ? "3" : "4" }, seed: 9)
    var e = 0, p = 0
    let firstEpoch = pool.draw(10, epoch: &e, position: &p, allowed: nil) ?? []
    #expect(Set(firstEpoch) == Set(0..<10) && e == 0)
    let hard = pool.draw(7, epoch: &e, position: &p, allowed: ["4"]) ?? []
    #expect(hard.allSatisfy { $0 >= 5 } && hard.count == 7)
    #expect(pool.draw(1, epoch: &e, position: &p, allowed: ["9"]) == nil)
  }
}
