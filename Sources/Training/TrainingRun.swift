// The plumbing of one training run, shared by pretraining, warmup and RLVR: the run folder, the
// resolved config, metrics and samples logs, crash-safe checkpoints and resume state, the NaN/Inf
// guard and the summary. A stage's loop calls `begin`, then per step `log` and `checkpointIfDue`,
// then `finish`.
import JSON
import Seeded

public final class TrainingRun {
  public let folder: RunFolder
  public let config: RunConfig
  public let resolved: JSON
  public let configHash: String
  public let checkpoints: Checkpointer
  public let states: Checkpointer
  public private(set) var metrics: MetricsLog!
  public private(set) var samples: MetricsLog!
  /// The state a resumed run continues from (nil for a fresh run).
  public private(set) var resumed: ResumeState?
  /// Extra fields written into every checkpoint's `warmrl.json` (parent checkpoint, data hashes...).
  public var provenance: JSONObject = JSONObject()
  /// Counters reported in the summary (e.g. skipped lines).
  public var counters: JSONObject = JSONObject()

  public init(stage: Stage, config: RunConfig, resolved: JSON) throws {
    try config.validate()
    self.config = config
    self.resolved = resolved
    folder = RunFolder(root: config.root, stage: stage, name: config.name)
    // The run's identity ignores where it lives and how often it reports.
    var hashed = resolved
    if case .object(var o) = hashed, case .object(var r)? = o["run"] {
      r["progressInterval"] = nil; r["keepCheckpoints"] = nil; r["root"] = nil
      o["run"] = .object(r); hashed = .object(o)
    }
    configHash = fnv1a64(hashed.serialized(sortKeys: true))
    checkpoints = try Checkpointer(root: folder.checkpointsPath, keep: config.keepCheckpoints)
    states = try Checkpointer(root: folder.statePath, keep: config.keepCheckpoints)
  }

  /// Prepares the folder. With `resume`, finds the newest step that has both a checkpoint and a
  /// state, checks the config is unchanged, and returns it with the checkpoint to load the model from.
  @discardableResult
  public func begin(resume: Bool) throws -> (state: ResumeState, checkpoint: String)? {
    try folder.prepare(resume: resume)
    var result: (ResumeState, String)?
    if resume {
      let both = Set(checkpoints.steps).intersection(states.steps)
      guard let step = both.max() else {
        throw TrainingError.cannotResume("\(folder.path) holds no checkpoint with a matching state folder")
      }
      let st = try ResumeState.read(from: states.path(step: step))
      if st.configHash != configHash {
        throw TrainingError.cannotResume("the config differs from the one \(folder.path) was started with (hash \(st.configHash) vs \(configHash)); compare with \(folder.configPath)")
      }
      checkpoints.removeAfter(step: step)
      states.removeAfter(step: step)
      resumed = st
      result = (st, checkpoints.path(step: step))
    }
    try folder.writeConfig(resolved)
    metrics = try MetricsLog(path: folder.metricsPath, keepThroughStep: resumed?.step ?? (resume ? 0 : nil))
    samples = try MetricsLog(path: folder.samplesPath, keepThroughStep: resumed?.step ?? (resume ? 0 : nil))
    return result
  }

  public var lastGoodCheckpoint: String? { checkpoints.latest }

  /// The NaN/Inf guard: throws naming the step and the last good checkpoint.
  public func guardFinite(_ value: Double, step: Int, what: String) throws {
    try checkFinite(value, step: step, what: what, lastGood: lastGoodCheckpoint)
  }

  public func log(_ row: JSON) { metrics.append(row) }

  /// Saves the model (HF layout + `warmrl.json`) and the resume state for `state.step`.
  @discardableResult
  public func saveCheckpoint(model: TrainableModel, state: ResumeState, stage: Stage) throws -> String {
    var meta = JSONObject()
    meta["stage"] = .string(stage.rawValue)
    meta["step"] = .int(state.step)
    meta["config"] = resolved
    for (k, v) in provenance { meta[k] = v }
    let path = try checkpoints.save(step: state.step) { dir in
      try model.saveModel(to: dir)
      try JSON.object(meta).write(file: dir + "/warmrl.json")
    }
    try states.save(step: state.step) { dir in
      try FS.makeDirectories(dir)
      try model.saveOptimizer(to: dir)
      try state.write(into: dir)
    }
    return path
  }

  public func finish(summary: JSONObject) throws {
    var s = summary
    s["run"] = .string(folder.path)
    s["config_hash"] = .string(configHash)
    for (k, v) in counters { s[k] = v }
    s["last_checkpoint"] = lastGoodCheckpoint.map(JSON.string) ?? .null
    s["finished_utc"] = .string(FS.utcTimestamp())
    try folder.writeSummary(.object(s))
    metrics.close()
    samples.close()
  }
}
