// The GRPO loop (the algorithm is written out in GRPOLoss.swift): rollouts from the batched
// generator, rewards, group advantages with optional dynamic sampling, mu clipped-surrogate updates
// through the token-score training API, metrics under TRL's key names, rollout samples, checkpoints
// and an exact resume. Works on token ids; the stage (RLVRStage) supplies the pool and the reward.
import Eval
import JSON
import Model
import Seeded
import Training

/// A completion's reward, split into its named terms (logged as `rewards/<term>/mean`).
public struct RolloutScore: Sendable {
  public var terms: [(name: String, value: Double)]
  public var correct: Bool
  public var formatOK: Bool
  public var total: Double { terms.reduce(0) { $0 + $1.value } }
  public init(terms: [(name: String, value: Double)], correct: Bool, formatOK: Bool) {
    self.terms = terms; self.correct = correct; self.formatOK = formatOK
  }
}

/// Scores one completion: pool index, completion tokens (EOS included when it ended so), how it
/// ended, the 1-based step and the completion's own seed (for the random-reward control).
public typealias RewardFunction = (_ prompt: Int, _ completion: [Int], _ finish: FinishReason, _ step: Int, _ seed: UInt64) throws -> RolloutScore

/// One sampled completion with everything the update and the logs need.
struct Rollout {
  var prompt: Int
  var tokens: [Int]
  var finish: FinishReason
  var score: RolloutScore
  var advantage = 0.0
  var old: [Float] = []
  var ref: [Float]?
}

public struct GRPOTimings: Sendable {
  public var rollout = 0.0, scoring = 0.0, training = 0.0
  public var rolloutTokens = 0, prefillTokens = 0, trainTokens = 0
}

public final class GRPOTrainer {
  public let policy: Qwen2Trainable
  public let run: TrainingRun
  public let config: RLVRConfig
  public let pool: PromptPool
  let reward: RewardFunction
  /// Frozen reference model (beta > 0 only).
  public private(set) var reference: Qwen2Model?
  public var eosTokenIds: [Int]
  public var stopStrings: [String] = []
  /// Token ids -> text (stop strings and the samples log).
  public var decode: (([Int]) -> String)?
  /// Loads the reference model from a checkpoint folder (initial model, or a reset's copy).
  public var loadReference: ((String?) throws -> Qwen2Model)?
  /// Test hook: stop (as if killed) after this many steps, before that step's checkpoint.
  public var stopAfterStep: Int?
  public var progressEnabled = true
  /// The last step's timings (the bench reads them).
  public private(set) var lastTimings = GRPOTimings()

  public init(policy: Qwen2Trainable, run: TrainingRun, config: RLVRConfig, pool: PromptPool, eosTokenIds: [Int],
              reward: @escaping RewardFunction) {
    self.policy = policy; self.run = run; self.config = config; self.pool = pool
    self.eosTokenIds = eosTokenIds; self.reward = reward
  }

  public var totalSteps: Int {
    config.train.steps > 0 ? config.train.steps
      : (config.train.epochs * pool.count + config.rollout.promptsPerStep - 1) / config.rollout.promptsPerStep
  }

  var referenceRoot: String { run.folder.path + "/reference" }

  /// Runs to the end (or from `resume`); returns the number of steps run in this call.
  @discardableResult
  public func train(resume: ResumeState? = nil) throws -> Int {
    let total = totalSteps
    var state = resume ?? ResumeState(step: 0, epoch: 0, stepInEpoch: 0, rng: SeededRNG(seed: run.config.seed),
                                      tokensSeen: 0, configHash: run.configHash)
    if config.algo.beta > 0 { try setUpReference(resumeStep: state.step) }
    let progress = ProgressLine(label: "rlvr", total: total, interval: run.config.progressInterval, enabled: progressEnabled)
    var ran = 0
    while state.step < total {
      let row = try step(&state, total: total)
      ran += 1
      run.log(.object(row))
      let t = lastTimings
      progress.update(step: state.step, tokens: t.rolloutTokens + t.trainTokens, fields: [
        ("reward", fmt(row["reward"]?.double ?? .nan, 3)), ("acc", fmt(row["accuracy"]?.double ?? .nan, 3)),
        ("zero-std", fmt(row["frac_reward_zero_std"]?.double ?? .nan, 2)),
        ("len", fmt(row["completions/mean_length"]?.double ?? .nan, 0)),
        ("roll/score/train s", fmt(t.rollout, 1) + "/" + fmt(t.scoring, 1) + "/" + fmt(t.training, 1))])
      if let stop = stopAfterStep, state.step >= stop { break }
      if config.algo.resetReferenceEvery > 0, state.step % config.algo.resetReferenceEvery == 0, state.step < total {
        try resetReference(step: state.step)
      }
      try run.checkpointIfDue(model: policy, state: state, stage: .rlvr, total: total)
    }
    return ran
  }

  // MARK: reference model

  func setUpReference(resumeStep: Int) throws {
    guard let load = loadReference else { preconditionFailure("GRPOTrainer: beta > 0 needs loadReference") }
    let refs = try Checkpointer(root: referenceRoot, keep: 2)
    refs.removeAfter(step: resumeStep)
    reference = try load(refs.latest)
  }

  func resetReference(step: Int) throws {
    let refs = try Checkpointer(root: referenceRoot, keep: 2)
    let path = try refs.save(step: step) { try policy.model.writeFiles(into: $0, dtype: .f32) }
    reference = try loadReference!(path)
  }

  // MARK: one step

  /// Samples G completions for each prompt index, in order; returns them with the generator's counts.
  func sample(_ prompts: [Int], step: Int, round: Int, maxNew: Int, timings: inout GRPOTimings) throws -> [Rollout] {
    let G = config.rollout.samplesPerPrompt
    var ids: [[Int]] = [], seeds: [UInt64] = []
    for (slot, p) in prompts.enumerated() {
      for g in 0..<G {
        ids.append(pool.prompts[p])
        seeds.append(RowSeed.make(seed: run.config.seed, domain: "rlvr/\(step)/\(round)/\(slot)", question: p, sample: g))
      }
    }
    let gen = Generator(model: policy.model, decode: decode)
    gen.maxRows = config.rollout.maxRows
    let params = SamplingParams(maxNewTokens: maxNew, temperature: Float(config.rollout.temperature), topP: Float(config.rollout.topP),
                                topK: 0, eosTokenIds: eosTokenIds, stopStrings: decode == nil ? [] : stopStrings)
    var t = FS.now()
    let out = gen.generate(prompts: ids, params: params, seeds: seeds)
    timings.rollout += FS.now() - t
    timings.prefillTokens += gen.prefillTokens
    t = FS.now()
    var rollouts: [Rollout] = []
    for (i, r) in out.enumerated() {
      timings.rolloutTokens += r.tokens.count
      let p = prompts[i / G]
      let s = try reward(p, r.tokens, r.finishReason, step, seeds[i])
      rollouts.append(Rollout(prompt: p, tokens: r.tokens, finish: r.finishReason, score: s))
    }
    timings.scoring += FS.now() - t
    return rollouts
  }

  /// One GRPO step; returns its metrics row.
  func step(_ state: inout ResumeState, total: Int) throws -> JSONObject {
    let stepNo = state.step + 1
    let P = config.rollout.promptsPerStep, G = config.rollout.samplesPerPrompt, a = config.algo
    let maxNew = config.maxNewTokens(step: stepNo)
    let allowed = config.rollout.curriculum.isEmpty ? nil : scheduled(config.rollout.curriculum, step: stepNo, fallback: [])
    var timings = GRPOTimings()

    // 1-2. Rollouts and rewards; dynamic sampling keeps only groups with some signal and refills.
    var kept: [[Rollout]] = [], all: [[Rollout]] = [], keptIdx: [Int] = []
    var round = 0, dropped = 0, zeroSignal = 0
    while kept.count < P {
      guard let prompts = pool.draw(P - kept.count, epoch: &state.epoch, position: &state.stepInEpoch, allowed: allowed) else {
        throw TrainingError.badConfig("rollout.curriculum at step \(stepNo) allows difficulties \(allowed ?? []) that no pool record has (pool labels: \(Set(pool.difficulty).sorted()))")
      }
      let rs = try sample(prompts, step: stepNo, round: round, maxNew: maxNew, timings: &timings)
      for g in 0..<prompts.count {
        let grp = Array(rs[(g * G)..<((g + 1) * G)])
        all.append(grp)
        let zero = GRPOLoss.zeroSignal(grp.map(\.score.total)[...])
        if zero { zeroSignal += 1 }
        if a.dynamicSampling && zero { dropped += 1 } else { kept.append(grp); keptIdx.append(all.count - 1) }
      }
      if !a.dynamicSampling || round >= a.maxRefillRounds { break }
      round += 1
    }

    // 3. Advantages over the groups that train.
    let rewards = kept.flatMap { $0.map(\.score.total) }
    var rollouts = kept.flatMap { $0 }
    if !rollouts.isEmpty {
      let adv = GRPOLoss.advantages(rewards, groupSize: G, scaling: a.scaleRewards)
      for i in rollouts.indices { rollouts[i].advantage = adv[i] }
      for (k, gi) in keptIdx.enumerated() { for g in 0..<G { all[gi][g].advantage = adv[k * G + g] } }
    }

    // 4. Updates.
    let tTrain = FS.now()
    var lossSum = 0.0, klSum = 0.0, entSum = 0.0, clipLow = 0, clipHigh = 0, lossTokens = 0
    var update: UpdateInfo?
    let included = rollouts.map { !$0.tokens.isEmpty && !(a.maskTruncated && $0.finish == .length) }
    if included.contains(true) {
      let weights = GRPOLoss.weights(lengths: rollouts.map(\.tokens.count), included: included, aggregation: a.aggregation,
                                     constantNormalizer: a.constantNormalizer > 0 ? a.constantNormalizer : maxNew)
      let batches = microBatches(rollouts.indices.filter { included[$0] }, rollouts)
      for inner in 0..<a.innerUpdates {
        policy.zeroGradients()
        var stepLoss = 0.0
        for mb in batches {
          let r = try trainMicroBatch(mb, &rollouts, weights: weights, first: inner == 0)
          stepLoss += r.loss
          if inner == 0 { klSum += r.kl; entSum += r.entropy; lossTokens += r.tokens }
          if inner == a.innerUpdates - 1 { clipLow += r.clippedLow; clipHigh += r.clippedHigh }
          if inner == 0 { timings.trainTokens += mb.batch.tokenCount }
        }
        if inner == 0 { lossSum = stepLoss }
        update = try run.applyUpdate(model: policy, optim: config.optim, loss: stepLoss, step: state.step, total: total)
      }
    }
    timings.training = FS.now() - tTrain
    lastTimings = timings
    state.step = stepNo
    state.tokensSeen += timings.rolloutTokens

    // Metrics, with TRL's GRPOTrainer names where it has one.
    let flat = all.flatMap { $0 }
    let lengths = flat.map { Double($0.tokens.count) }
    var row = JSONObject()
    row["step"] = .int(stepNo)
    row["epoch"] = .int(state.epoch)
    let allRewards = flat.map(\.score.total)
    row["reward"] = .double(mean(allRewards))
    row["reward_std"] = .double(GRPOLoss.std(allRewards))
    var termNames: [String] = []
    for r in flat { for t in r.score.terms where !termNames.contains(t.name) { termNames.append(t.name) } }
    for name in termNames {
      row["rewards/\(name)/mean"] = .double(mean(flat.map { r in r.score.terms.first { $0.name == name }?.value ?? 0 }))
    }
    row["accuracy"] = .double(mean(flat.map { $0.score.correct ? 1 : 0 }))
    row["format_ok"] = .double(mean(flat.map { $0.score.formatOK ? 1 : 0 }))
    row["frac_reward_zero_std"] = .double(Double(zeroSignal) / Double(max(1, all.count)))
    row["groups_dropped"] = .int(dropped)
    row["refill_rounds"] = .int(round)
    row["groups_trained"] = .int(kept.count)
    row["completions/mean_length"] = .double(mean(lengths))
    row["completions/min_length"] = .double(lengths.min() ?? 0)
    row["completions/max_length"] = .double(lengths.max() ?? 0)
    let clipped = Double(flat.filter { $0.finish == .length }.count) / Double(max(1, flat.count))
    row["completions/clipped_ratio"] = .double(clipped)
    row["max_new_tokens"] = .int(maxNew)
    row["loss"] = .double(lossSum)
    if a.beta > 0 { row["kl"] = .double(klSum) }
    row["entropy"] = .double(entSum)
    let tok = Double(max(1, lossTokens))
    row["clip_ratio/low_mean"] = .double(Double(clipLow) / tok)
    row["clip_ratio/high_mean"] = .double(Double(clipHigh) / tok)
    row["clip_ratio/region_mean"] = .double(Double(clipLow + clipHigh) / tok)
    row["grad_norm"] = update.map { .double($0.gradNorm) } ?? .null
    row["learning_rate"] = .double(update?.lr ?? config.optim.schedule.rate(step: stepNo - 1, total: total))
    row["skipped_update"] = .bool(update == nil)
    row["num_tokens"] = .int(state.tokensSeen)
    row["time/rollout"] = .double(timings.rollout)
    row["time/scoring"] = .double(timings.scoring)
    row["time/training"] = .double(timings.training)
    row["rollout_tokens_per_s"] = .double(Double(timings.rolloutTokens) / max(timings.rollout, 1e-9))
    row["train_tokens_per_s"] = .double(Double(timings.trainTokens * a.innerUpdates) / max(timings.training, 1e-9))
    if clipped > config.train.truncationWarning {
      printErr("rlvr: WARNING step \(stepNo): \(Int((clipped * 100).rounded()))% of completions hit the length limit (\(maxNew) tokens): "
               + "their rewards are mostly format failures. Raise rollout.maxNewTokens (or its schedule) or set algo.maskTruncated=true.")
    }
    if config.train.logSamplesEvery > 0, stepNo % config.train.logSamplesEvery == 0 || stepNo == 1 {
      logSamples(all, trained: Set(keptIdx), step: stepNo)
    }
    return row
  }

  struct MicroBatch {
    var rows: [Int]          // rollout indices
    var batch: WeightedBatch
  }

  /// Packs rollouts (prompt + completion) into padded micro-batches of at most `microBatchTokens`
  /// (rows x longest row; a longer single row goes alone).
  func microBatches(_ idx: [Int], _ rollouts: [Rollout]) -> [MicroBatch] {
    var out: [MicroBatch] = [], cur: [Int] = [], longest = 0
    func flush() {
      guard !cur.isEmpty else { return }
      let seqs = cur.map { pool.prompts[rollouts[$0].prompt] + rollouts[$0].tokens }
      let w = seqs.map { [Float](repeating: 0, count: $0.count) }
      out.append(MicroBatch(rows: cur, batch: WeightedBatch(sequences: seqs, weights: w, pad: 0)))
      cur = []; longest = 0
    }
    for i in idx {
      let n = pool.prompts[rollouts[i].prompt].count + rollouts[i].tokens.count
      if !cur.isEmpty && max(longest, n) * (cur.count + 1) > config.train.microBatchTokens { flush() }
      cur.append(i); longest = max(longest, n)
    }
    flush()
    return out
  }

  /// Forward, loss and backward of one micro-batch; fills old (and reference) log-probs on the first
  /// inner update.
  func trainMicroBatch(_ mb: MicroBatch, _ rollouts: inout [Rollout], weights: [[Double]], first: Bool) throws -> SequenceLoss {
    let a = config.algo
    let b = mb.batch, T = b.length
    let needEntropy = first || a.entropyCoef != 0
    let scores = try policy.scoreTokens(b, entropy: needEntropy, keepForBackward: true)
    let refScores = first && reference != nil ? Qwen2Trainable.score(reference!, b, entropy: false) : nil
    var dlp = [Float](repeating: 0, count: b.rows * T)
    var dent: [Float]? = a.entropyCoef != 0 ? dlp : nil
    var total = SequenceLoss(loss: 0, dlogprobs: [], dentropy: nil, kl: 0, entropy: 0, clippedLow: 0, clippedHigh: 0, tokens: 0)
    for (row, i) in mb.rows.enumerated() {
      let start = row * T + pool.prompts[rollouts[i].prompt].count, n = rollouts[i].tokens.count
      let lp = Array(scores.logprobs[start..<(start + n)])
      if first {
        rollouts[i].old = lp
        if let refScores { rollouts[i].ref = Array(refScores.logprobs[start..<(start + n)]) }
      }
      let terms = SequenceTerms(logprobs: lp, old: rollouts[i].old, ref: rollouts[i].ref,
                                entropy: scores.entropy.map { Array($0[start..<(start + n)]) },
                                advantage: rollouts[i].advantage, weights: weights[i])
      let l = GRPOLoss.sequence(terms, a.surrogate)
      for t in 0..<n { dlp[start + t] = l.dlogprobs[t] }
      if let d = l.dentropy { for t in 0..<n { dent![start + t] = d[t] } }
      total.loss += l.loss; total.kl += l.kl; total.entropy += l.entropy
      total.clippedLow += l.clippedLow; total.clippedHigh += l.clippedHigh; total.tokens += l.tokens
    }
    try policy.backwardTokens(dlogprobs: dlp, dentropy: dent)
    return total
  }

  func logSamples(_ groups: [[Rollout]], trained: Set<Int>, step: Int) {
    var n = 0
    for (gi, grp) in groups.enumerated() {
      for r in grp {
        if n >= config.train.samplesPerLog { return }
        n += 1
        var o = JSONObject()
        o["step"] = .int(step)
        o["pool_index"] = .int(r.prompt)
        if let decode {
          o["prompt"] = .string(decode(pool.prompts[r.prompt]))
          o["completion"] = .string(decode(r.tokens))
        }
        o["tokens"] = .int(r.tokens.count)
        o["finish"] = .string(r.finish.rawValue)
        o["correct"] = .bool(r.score.correct)
        o["reward"] = .double(r.score.total)
        for t in r.score.terms { o["reward/\(t.name)"] = .double(t.value) }
        o["advantage"] = .double(r.advantage)
        o["trained"] = .bool(trained.contains(gi))
        run.samples.append(.object(o))
      }
    }
  }
}

func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }
