// The skeleton every training stage shares: resolved config -> run folder (fresh or resumed) ->
// tokenizer and policy model (from the resumed checkpoint, or the stage's starting one) with its
// optimizer state -> the stage's loop -> summary (also on failure). Pretraining, warmup and RLVR
// fill in only their data and their loop. Warmup and RLVR start from a checkpoint (`loadPolicy(_:)`);
// pretraining starts from a fresh model over the tokenizer it trained (`loadPolicy(tokenizerDirectory:)`).
import Eval
import JSON
import Model
import Tokenizer

/// The policy a stage trains, loaded and ready.
public struct LoadedPolicy {
  public let tokenizer: Tokenizer
  public let model: Qwen2Model
  public let trainable: Qwen2Trainable
}

extension TrainingRun {
  /// Loads the tokenizer of `source.path`, checks the vocabulary against its config.json before any
  /// weights are read, loads the weights (from `resumed`'s checkpoint when resuming) and restores the
  /// optimizer state of a resumed run.
  public func loadPolicy(_ source: StageModelConfig, optim: OptimConfig,
                         resumed: (state: ResumeState, checkpoint: String)?) throws -> LoadedPolicy {
    let tokenizer = try Tokenizer(path: source.path)
    let config = try Qwen2Config.load(file: source.path + "/config.json")
    try ModelEngine.checkVocab(dir: source.path, modelVocab: config.vocabSize, tokenizerVocab: tokenizer.vocabSize)
    let model = try Qwen2Model.load(directory: resumed?.checkpoint ?? source.path, dtype: source.precision == .bf16 ? .bf16 : .f32)
    model.compute = source.compute
    let trainable = Qwen2Trainable(model: model, optim: optim, tokenizerDirectory: source.path,
                                   saveDType: source.saveDType == .bf16 ? .bf16 : .f32)
    if let resumed { try trainable.loadOptimizer(from: states.path(step: resumed.state.step)) }
    provenance["parent_checkpoint"] = .string(source.path)
    return LoadedPolicy(tokenizer: tokenizer, model: model, trainable: trainable)
  }

  /// The policy of a stage that starts from nothing: the tokenizer of `tokenizerDirectory`, the model
  /// from `resumed`'s checkpoint or else `fresh(tokenizer)` (f32, saved as f32), the vocabulary checked,
  /// and the optimizer state of a resumed run restored. No parent checkpoint goes into the provenance.
  public func loadPolicy(tokenizerDirectory: String, optim: OptimConfig,
                         resumed: (state: ResumeState, checkpoint: String)?,
                         fresh: (Tokenizer) -> Qwen2Model) throws -> LoadedPolicy {
    let tokenizer = try Tokenizer(path: tokenizerDirectory)
    let model = try resumed.map { try Qwen2Model.load(directory: $0.checkpoint) } ?? fresh(tokenizer)
    try ModelEngine.checkVocab(dir: resumed?.checkpoint ?? folder.path, modelVocab: model.config.vocabSize,
                               tokenizerVocab: tokenizer.vocabSize)
    let trainable = Qwen2Trainable(model: model, optim: optim, tokenizerDirectory: tokenizerDirectory, saveDType: .f32)
    if let resumed { try trainable.loadOptimizer(from: states.path(step: resumed.state.step)) }
    return LoadedPolicy(tokenizer: tokenizer, model: model, trainable: trainable)
  }

  /// Runs the stage's loop; writes its summary with `status` finished, or failed with the error
  /// (and rethrows). Returns the summary as written (`stage` and `status` first, then the loop's fields).
  public func finishing(stage: Stage, _ loop: () throws -> JSONObject) throws -> JSON {
    let fields: JSONObject
    do {
      fields = try loop()
    } catch {
      try? finish(summary: JSONObject(pairs: [("stage", .string(stage.rawValue)), ("status", "failed"), ("error", .string("\(error)"))]))
      throw error
    }
    var s = JSONObject(pairs: [("stage", .string(stage.rawValue)), ("status", "finished")])
    for (k, v) in fields { s[k] = v }
    try finish(summary: s)
    return try JSON.read(file: folder.summaryPath)
  }
}
