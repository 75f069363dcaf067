// `warmrl warmup`: SFT of a base checkpoint on trace JSONL, in a run folder with checkpoints,
// metrics, held-out loss and periodic K&K accuracy; `--resume` continues a killed run exactly.
import Eval
import Foundation
import JSON
import Model
import Puzzles
import Tokenizer
import Training

public enum WarmupStage {
  /// Runs the stage; returns the summary (also written to the run folder's summary.json).
  public static func run(configFile: String?, overrides: [String], resume: Bool) throws -> JSON {
    let (cfg, resolved) = try Config.load(WarmupConfig.self, defaults: WarmupConfig(), file: configFile, overrides: overrides)
    try cfg.validate()
    let run = try TrainingRun(stage: .warmup, config: cfg.run, resolved: resolved)
    let resumed = try run.begin(resume: resume)

    let policy = try run.loadPolicy(cfg.model, optim: cfg.optim, resumed: resumed)
    let tokenizer = policy.tokenizer, model = policy.model, trainable = policy.trainable
    let encoder = TokenizerEncoder(tokenizer)

    var tracesPath = cfg.data.traces
    if let g = cfg.data.generate {
      tracesPath = run.folder.path + "/traces.jsonl"
      // A resumed run reads the traces it made; a fresh run makes them again (a file left by an earlier
      // run in the same folder may come from another generate config).
      if resumed == nil || !FS.exists(tracesPath) { try makeTraces(g, to: tracesPath) }
    }
    let data = try SFTDataset(path: tracesPath, encoder: encoder, maxLength: cfg.train.maxLength, lossOn: cfg.data.lossOn,
                              onBadLine: cfg.data.onBadLine, tooLong: cfg.data.tooLong, people: cfg.data.people)
    var (train, held) = data.split(heldOut: cfg.data.heldOut, seed: cfg.run.seed)
    if let replay = cfg.data.replay {
      // Replay items, encoded as pretraining encodes its corpus (loss on every token, cut at maxLength).
      let (items, _) = try ShortAnswerCorpus.buildChecked(replay)
      let replayed = SFTDataset.encodeCorpus(items, encoder: encoder, maxLength: cfg.train.maxLength).examples
      let mixed = SFTDataset(examples: (cfg.data.replayOnly ? [] : train.examples) + replayed, source: tracesPath + " + replay")
      run.counters["replay_items"] = .int(replayed.count)
      run.counters["replay_tokens"] = .int(mixed.tokenCount - (cfg.data.replayOnly ? 0 : train.tokenCount))
      train = mixed
    }
    run.counters["skipped_lines"] = .int(data.skippedLines)
    run.counters["truncated_examples"] = .int(data.truncated)
    run.counters["dropped_too_long"] = .int(data.droppedTooLong)
    run.counters["filtered_by_people"] = .int(data.filtered)
    run.provenance["traces"] = .string(tracesPath)
    run.provenance["traces_fnv1a64"] = .string(try fnv1a64(fileAt: tracesPath))

    let opts = SFTOptions(epochs: cfg.train.epochs, batchSize: cfg.train.batchSize, microBatchTokens: cfg.train.microBatchTokens,
                          optim: cfg.optim, evalEvery: cfg.train.evalEvery, stage: .warmup)
    let trainer = SFTTrainer(model: trainable, train: train, heldOut: held, options: opts, run: run, pad: encoder.padTokenId)
    printErr("warmup: \(train.examples.count) examples (\(train.tokenCount) tokens, \(train.weightedTokens) with loss), "
             + "\(held.examples.count) held out; \(trainer.totalSteps) steps; model \(model.parameterCount) parameters")

    if cfg.eval.enabled {
      let probe = try KKProbe(path: cfg.eval.kkTest, people: cfg.eval.people, perPeople: cfg.eval.perPeople, maxNewTokens: cfg.eval.maxNewTokens,
                              format: cfg.eval.format, seed: cfg.run.seed)
      let engine = try ModelEngine(model: model, tokenizer: tokenizer, dir: cfg.model.path)
      trainer.periodic = { step in
        try probe.run(engine: engine) { sample in
          var o = JSONObject()
          o["step"] = .int(step)
          for (k, v) in sample.object ?? JSONObject() { o[k] = v }
          run.samples.append(.object(o))
        }
      }
    }

    return try run.finishing(stage: .warmup) {
      let result = try trainer.train(resume: resumed?.state)
      var s = JSONObject()
      s["steps"] = .int((resumed?.state.step ?? 0) + result.steps)
      s["final_loss"] = result.losses.last.map(JSON.double) ?? .null
      s["final_held_out_loss"] = result.heldOutLosses.last.map { .double($0.loss) } ?? .null
      s["tokens"] = .int(result.tokens)
      s["seconds"] = .double(result.seconds)
      s["tokens_per_s"] = .double(result.tokensPerSecond)
      s["parameters"] = .int(model.parameterCount)
      return s
    }
  }

  /// `data.generate`: puzzles from the generator (excluding `exclude`'s puzzles), one trace each,
  /// written atomically to `path`: the traces `warmrl puzzles generate` then `warmrl traces make` would write.
  public static func makeTraces(_ g: TraceGenerateConfig, to path: String) throws {
    let t0 = FS.now()
    var excluded = HeldOutIndex()
    for (i, file) in g.exclude.enumerated() {
      do { try excluded.add(file: file) } catch {
        throw TrainingError.badConfig("data.generate.exclude[\(i)] \"\(file)\": \(error)")
      }
    }
    let puzzles = try KKGenerator.mixed(people: g.people, count: g.count, seed: g.seed, exclude: excluded.kkKeys)
    let w = try JSONLWriter(path: path)
    for (i, p) in puzzles.enumerated() {
      let rec = p.record(index: i, split: .train)
      try w.write(try Traces.make(record: rec, source: "generated", line: i + 1, style: g.style, seed: g.traceSeed, format: g.format))
    }
    try w.finish()
    printErr("warmup: made \(puzzles.count) \(g.style.rawValue) traces of \(g.people.map(String.init).joined(separator: ",")) people "
             + "(\(excluded.kkKeys.count) puzzles excluded) in \(String(format: "%.1f", FS.now() - t0)) s -> \(path)")
  }
}
