// A training run's folder, shared by every stage: `runs/<stage>-<name>/` holding the resolved
// `config.json`, `metrics.jsonl`, `samples.jsonl`, `checkpoints/step-N/`, `state/step-N/` (what
// `--resume` needs) and `summary.json`.
import JSON

/// The stages that produce run folders.
public enum Stage: String, Codable, Sendable, CaseIterable {
  case pretrain, warmup, rlvr
}

public struct RunFolder: Sendable {
  public let path: String
  public let stage: Stage
  public let name: String

  public init(root: String, stage: Stage, name: String) {
    self.stage = stage; self.name = name
    path = (root.hasSuffix("/") ? String(root.dropLast()) : root) + "/\(stage.rawValue)-\(name)"
  }

  public var configPath: String { path + "/config.json" }
  public var metricsPath: String { path + "/metrics.jsonl" }
  public var samplesPath: String { path + "/samples.jsonl" }
  public var summaryPath: String { path + "/summary.json" }
  public var checkpointsPath: String { path + "/checkpoints" }
  public var statePath: String { path + "/state" }

  /// Creates the folder. A fresh run refuses a folder that already holds checkpoints (use
  /// `--resume`, or another name) so that a second run never silently mixes with the first.
  public func prepare(resume: Bool) throws {
    if !resume, !FS.list(checkpointsPath).filter({ $0.hasPrefix("step-") }).isEmpty {
      throw TrainingError.badConfig("run folder \(path) already holds checkpoints; pass --resume to continue it or choose another run.name")
    }
    try FS.makeDirectories(checkpointsPath)
    try FS.makeDirectories(statePath)
  }

  /// Writes the resolved config (file + overrides + defaults).
  public func writeConfig(_ resolved: JSON) throws {
    try resolved.write(file: configPath)
  }

  public func writeSummary(_ summary: JSON) throws {
    try summary.write(file: summaryPath)
  }
}
