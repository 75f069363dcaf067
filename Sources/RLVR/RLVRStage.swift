// `warmrl rlvr`: GRPO on at most 100 examples of one domain, from any Qwen2 checkpoint, in a run
// folder with checkpoints, metrics (TRL's names), rollout samples and an exact `--resume`.
import Eval
import JSON
import Model
import Puzzles
import Tokenizer
import Training

/// The train pool as read from its file: records with their lines.
public struct RLVRPool {
  public var input: EvalInput
  public var prompts: [String]
}

public enum RLVRStage {
  /// Reads and checks the pool: at most `maxExamples` records unless `allowLargePool`; every record
  /// has the domain's fields, can be posed, and its gold answer is readable by the verifier (a
  /// verification of an empty answer must not throw). Errors name the file and line.
  public static func loadPool(_ d: RLVRDataConfig) throws -> RLVRPool {
    let all = try EvalInput.load(domain: d.domain, path: d.train)
    var input = all
    if d.limit > 0 && d.limit < all.records.count {
      input.records = Array(all.records.prefix(d.limit)); input.lines = Array(all.lines.prefix(d.limit))
    }
    if input.records.count > d.maxExamples && !d.allowLargePool {
      throw TrainingError.badConfig("\(d.train): the train pool holds \(input.records.count) examples; the limit is \(d.maxExamples) "
        + "(data.maxExamples; the study's setting is at most 100). Lower data.limit, or set data.allowLargePool=true to train on more.")
    }
    let spec = d.domain.spec
    var prompts: [String] = []
    for (r, line) in zip(input.records, input.lines) {
      do {
        prompts.append(try spec.prompt(r, format: d.format))
        _ = try spec.verify(r, completion: "<think> </think> <answer> </answer>")
      } catch let e as JSONError {
        throw JSONError(source: d.train, line: line, path: e.path, message: "unusable \(d.domain.rawValue) record: \(e.message)")
      } catch {
        throw JSONError(source: d.train, line: line, message: "unusable \(d.domain.rawValue) record: \(error)")
      }
    }
    return RLVRPool(input: input, prompts: prompts)
  }

  /// The reward of the config for the pool's records (see GRPOLoss.swift for the terms).
  public static func rewardFunction(_ cfg: RLVRConfig, pool: RLVRPool, decode: @escaping ([Int]) -> String,
                                    eos: Set<Int>) -> RewardFunction {
    let spec = cfg.data.domain.spec, rc = cfg.reward, format = cfg.data.format
    return { p, tokens, _, step, seed in
      let ids = tokens.last.map(eos.contains) == true ? Array(tokens.dropLast()) : tokens
      let v = try spec.verify(pool.input.records[p], completion: decode(ids), format: format)
      var terms: [(name: String, value: Double)] = []
      switch rc.control {
      case .random:
        var rng = SeededRNG(seed: seed, stream: 0xC0FFEE)
        terms.append(("random", rng.nextDouble() < 0.5 ? 1 : 0))
      case .formatOnly:
        terms.append(("format", v.formatOK ? 1 : 0))
      case .none:
        var cosine = rc.cosine
        if cosine.maxLength == 0 { cosine.maxLength = cfg.maxNewTokens(step: step) }
        let s = Rewards.score(v, length: tokens.count, config: RewardConfig(scheme: rc.scheme, schemeWeight: rc.schemeWeight,
                                                                            cosineWeight: rc.cosineWeight, cosine: cosine))
        if rc.scheme == .logicRL { terms.append(("format", rc.schemeWeight * s.format)) }
        terms.append((rc.scheme.rawValue, rc.schemeWeight * s.answer))
        if rc.cosineWeight != 0 { terms.append(("cosine", rc.cosineWeight * s.cosine)) }
        if rc.formatWeight != 0 { terms.append(("format_bonus", rc.formatWeight * (v.formatOK ? 1 : 0))) }
      }
      return RolloutScore(terms: terms, correct: v.correct, formatOK: v.formatOK)
    }
  }

  /// Runs the stage; returns the summary (also written to the run folder's summary.json).
  public static func run(configFile: String?, overrides: [String], resume: Bool) throws -> JSON {
    let (cfg, resolved) = try Config.load(RLVRConfig.self, defaults: RLVRConfig(), file: configFile, overrides: overrides)
    try cfg.validate()
    var poolData = try loadPool(cfg.data)  // before the run folder: a bad pool leaves nothing behind
    let run = try TrainingRun(stage: .rlvr, config: cfg.run, resolved: resolved)
    let resumed = try run.begin(resume: resume)
    let policy = try run.loadPolicy(cfg.model, optim: cfg.optim, resumed: resumed)
    let tok = policy.tokenizer, model = policy.model
    var prompts = poolData.prompts.map { tok.encode($0) }
    let limit = model.config.maxPositionEmbeddings
    let tooLong = prompts.indices.filter { prompts[$0].count + cfg.longestCompletion > limit }
    if let i = tooLong.first, cfg.data.tooLong == .stop {
      throw TrainingError.badConfig("\(cfg.data.train) line \(poolData.input.lines[i]): prompt of \(prompts[i].count) tokens + "
        + "\(cfg.longestCompletion) new tokens (rollout.maxNewTokens or its schedule) exceeds the model's max_position_embeddings \(limit); "
        + "\(tooLong.count) pool record(s) do. Set data.tooLong=skip to leave them out.")
    }
    for i in tooLong.reversed() {
      printErr("rlvr: skipping \(cfg.data.train) line \(poolData.input.lines[i]): prompt of \(prompts[i].count) tokens + \(cfg.longestCompletion) new > \(limit) positions")
      prompts.remove(at: i); poolData.prompts.remove(at: i)
      poolData.input.records.remove(at: i); poolData.input.lines.remove(at: i)
    }
    if prompts.isEmpty { throw TrainingError.badConfig("\(cfg.data.train): no pool record fits the model's \(limit) positions") }
    run.counters["pool_skipped_too_long"] = .int(tooLong.count)
    let pool = PromptPool(prompts: prompts, difficulty: poolData.input.records.map(cfg.data.domain.spec.difficulty), seed: cfg.run.seed)
    let eos = Array(Set(model.config.eosTokenIds + tok.specials.eosTokenIds)).sorted()
    run.counters["pool_examples"] = .int(pool.count)
    run.provenance["train_file"] = .string(cfg.data.train)
    run.provenance["train_fnv1a64"] = .string(try fnv1a64(fileAt: cfg.data.train))
    run.provenance["pool_examples"] = .int(pool.count)

    let decode: ([Int]) -> String = { tok.decode($0) }
    let trainer = GRPOTrainer(policy: policy.trainable, run: run, config: cfg, pool: pool, eosTokenIds: eos,
                              reward: rewardFunction(cfg, pool: poolData, decode: decode, eos: Set(eos)))
    trainer.decode = decode
    trainer.stopStrings = cfg.rollout.stop
    trainer.loadReference = { path in try Qwen2Model.load(directory: path ?? cfg.model.path, dtype: .f32) }
    printErr("rlvr: \(cfg.data.domain.rawValue) pool of \(pool.count) examples (\(cfg.data.train)); \(trainer.totalSteps) steps of "
             + "\(cfg.rollout.promptsPerStep) prompts x \(cfg.rollout.samplesPerPrompt) samples; model \(model.parameterCount) parameters"
             + (resumed.map { "; resuming after step \($0.state.step)" } ?? ""))
    return try run.finishing(stage: .rlvr) {
      let t0 = FS.now()
      let ran = try trainer.train(resume: resumed?.state)
      var s = JSONObject()
      s["domain"] = .string(cfg.data.domain.rawValue)
      s["pool_examples"] = .int(pool.count)
      s["steps"] = .int((resumed?.state.step ?? 0) + ran)
      s["total_steps"] = .int(trainer.totalSteps)
      s["seconds"] = .double(FS.now() - t0)
      s["parameters"] = .int(model.parameterCount)
      return s
    }
  }
}

import Seeded
