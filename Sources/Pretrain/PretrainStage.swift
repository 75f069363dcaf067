// `warmrl pretrain`: builds the embedded base model from nothing. (1) the short-answer corpus over
// every domain, (2) a byte-level BPE tokenizer trained on it, (3) a Qwen2-shaped model initialised
// from the seed and trained on the corpus (loss on every token), (4) the result written in HF layout
// with its tokenizer to `output` (bf16 by default, so it can be committed).
import JSON
import Model
import Puzzles
import Tokenizer
import Training

public enum PretrainStage {
  public static func run(configFile: String?, overrides: [String], resume: Bool) throws -> JSON {
    let (cfg, resolved) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: configFile, overrides: overrides)
    try cfg.validate()
    let run = try TrainingRun(stage: .pretrain, config: cfg.run, resolved: resolved)
    let resumed = try run.begin(resume: resume)
    let t0 = FS.now()

    // 1. Corpus (kept in the run folder; a resume reuses it).
    let corpusPath = run.folder.path + "/corpus.jsonl"
    if resumed == nil || !FS.exists(corpusPath) {
      let (items, dropped) = try ShortAnswerCorpus.buildChecked(cfg.corpus)  // refuses items that repeat a test/val question
      for (d, n) in dropped { run.counters["corpus_overlap_dropped_\(d.rawValue)"] = .int(n) }
      let w = try JSONLWriter(path: corpusPath)
      for i in items { try w.write(i) }
      try w.finish()
    }
    let corpus = try JSONLReader.readAll(corpusPath)
    let tCorpus = FS.now() - t0

    // 2. Tokenizer, trained on the training part of the corpus only (held-out items are the last ones).
    let tokDir = run.folder.path + "/tokenizer"
    let nHeld = min(cfg.heldOut, corpus.count / 10)
    var initModel: Qwen2Model? = nil
    if let initDir = cfg.initFrom, resumed == nil {
      let loaded = try Qwen2Model.load(directory: initDir, dtype: .f32)
      try cfg.checkInit(loaded.config)
      initModel = loaded
    }
    if resumed == nil || !FS.exists(tokDir + "/tokenizer.json") {
      FS.remove(tokDir)
      try FS.makeDirectories(tokDir)
      if let initDir = cfg.initFrom {
        // Continued pretraining: the init model's own tokenizer, copied so the run folder is self-contained.
        for f in ["tokenizer.json", "tokenizer_config.json"] where FS.exists(initDir + "/" + f) {
          try FS.copyFile(initDir + "/" + f, tokDir + "/" + f)
        }
      } else {
        let texts = corpus.prefix(corpus.count - nHeld).map { ($0["prompt"]?.string ?? "") + ($0["response"]?.string ?? "") }
        let tok = try Tokenizer.train(corpus: texts, vocabSize: cfg.tokenizer.vocabSize, minFrequency: cfg.tokenizer.minFrequency)
        try tok.save(directory: tokDir, modelMaxLength: cfg.arch.maxPositionEmbeddings)
      }
    }
    let tTok = FS.now() - t0 - tCorpus
    // The model: a fresh one from the seed, or the resumed checkpoint.
    let policy = try run.loadPolicy(tokenizerDirectory: tokDir, optim: cfg.optim, resumed: resumed) { tokenizer in
      if let m = initModel { return m }
      let model = Qwen2Model(config: qwen2Config(cfg.arch, tokenizer: tokenizer))
      model.randomInit(seed: cfg.run.seed, std: Float(cfg.arch.initStd))
      return model
    }
    let tokenizer = policy.tokenizer, model = policy.model
    model.compute = cfg.compute
    let encoder = TokenizerEncoder(tokenizer)
    printErr("pretrain: corpus \(corpus.count) items (\(fmt(tCorpus, 1)) s), tokenizer \(tokenizer.vocabSize) tokens (\(fmt(tTok, 1)) s)")

    // 3. Data.
    let (examples, truncated) = SFTDataset.encodeCorpus(corpus, encoder: encoder, maxLength: cfg.train.maxLength)
    let train = SFTDataset(examples: Array(examples.prefix(examples.count - nHeld)), source: corpusPath)
    let held = SFTDataset(examples: Array(examples.suffix(nHeld)), source: corpusPath)
    run.counters["truncated_examples"] = .int(truncated)
    run.counters["corpus_items"] = .int(corpus.count)

    let opts = SFTOptions(epochs: cfg.train.epochs, batchSize: cfg.train.batchSize, microBatchTokens: cfg.train.microBatchTokens,
                          optim: cfg.optim, evalEvery: cfg.train.evalEvery, stage: .pretrain)
    let trainer = SFTTrainer(model: policy.trainable, train: train, heldOut: held, options: opts, run: run, pad: encoder.padTokenId)
    printErr("pretrain: \(train.examples.count) examples (\(train.tokenCount) tokens), \(held.examples.count) held out; "
             + "\(trainer.totalSteps) steps; model \(model.parameterCount) parameters")

    return try run.finishing(stage: .pretrain) {
      let result = try trainer.train(resume: resumed?.state)
      // 4. The embedded model.
      var meta = JSONObject()
      meta["stage"] = "pretrain"
      meta["config"] = resolved
      meta["run"] = .string(run.folder.path)
      try model.save(directory: cfg.output, dtype: cfg.saveDType == .bf16 ? .bf16 : .f32, tokenizerDirectory: tokDir,
                     extraFiles: ["warmrl.json": .object(meta)])
      var s = JSONObject()
      s["output"] = .string(cfg.output)
      s["steps"] = .int((resumed?.state.step ?? 0) + result.steps)
      s["final_loss"] = result.losses.last.map(JSON.double) ?? .null
      s["final_held_out_loss"] = result.heldOutLosses.last.map { .double($0.loss) } ?? .null
      s["tokens"] = .int(result.tokens)
      s["train_seconds"] = .double(result.seconds)
      s["total_seconds"] = .double(FS.now() - t0)
      s["tokens_per_s"] = .double(result.tokensPerSecond)
      s["parameters"] = .int(model.parameterCount)
      s["vocab_size"] = .int(tokenizer.vocabSize)
      return s
    }
  }

  /// The HF config of the embedded model: the arch's shape, vocab_size = the tokenizer's, special ids from it.
  public static func qwen2Config(_ a: ArchConfig, tokenizer: Tokenizer) -> Qwen2Config {
    var c = a.shape
    c.headDim = c.hiddenSize / c.numAttentionHeads
    c.vocabSize = tokenizer.vocabSize
    c.bosTokenId = nil
    c.eosTokenIds = tokenizer.specials.eosTokenIds
    c.padTokenId = tokenizer.specials.padTokenId
    c.torchDType = nil
    return c
  }
}
