// `warmrl rlvr`: GRPO with verifiable rewards on at most 100 examples (argument parsing only: the
// stage lives in the RLVR module, the algorithm is written out in Sources/RLVR/GRPOLoss.swift).
import ArgumentParser
import JSON
import Puzzles
import RLVR
import Training

struct RLVRCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rlvr",
    abstract: "GRPO with verifiable rewards on at most 100 examples of one domain (run, or plot runs' metrics).",
    subcommands: [RLVRRun.self, PlotMetric.self], defaultSubcommand: RLVRRun.self)
}

struct RLVRRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "GRPO with verifiable rewards on at most 100 examples of one domain, from any Qwen2 checkpoint.",
    discussion: """
      Writes runs/rlvr-<run.name>/: config.json, metrics.jsonl (TRL's GRPOTrainer key names), samples.jsonl \
      (rollouts with their rewards and advantages), checkpoints/step-N/ (HF layout), state/, summary.json.
      --init, --domain and --train set model.path, data.domain and data.train (they beat --set). Without --train the \
      pool is puzzles/<domain>-train.jsonl, first data.limit (100) records.
      """)

  @OptionGroup var stage: StageOptions
  @Option(name: .customLong("init"), help: "Checkpoint to start from (HF layout with tokenizer files): the base or a warmed-up model.")
  var initFrom: String?
  @Option(help: "Domain: \(Domain.validNames).")
  var domain: String?
  @Option(help: "Train pool file in the domain's format (<= 100 examples unless data.allowLargePool=true).")
  var train: String?

  func validate() throws {
    if let domain, Domain(rawValue: domain) == nil {
      throw ValidationError("unknown domain '\(domain)'; valid: \(Domain.validNames)")
    }
  }

  func run() throws {
    var overrides = stage.overrides
    if let initFrom { overrides.append("model.path=\(initFrom)") }
    if let domain {
      overrides.append("data.domain=\(domain)")
      if train == nil { overrides.append("data.train=puzzles/\(domain)-train.jsonl") }
    }
    if let train { overrides.append("data.train=\(train)") }
    let summary = try RLVRStage.run(configFile: stage.config, overrides: overrides, resume: stage.resume)
    print(summary.serialized())
  }
}

struct PlotMetric: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot", abstract: "Draw one metric of one or more runs (metrics.jsonl) against the step, as SVG.")

  @Option(name: .customLong("run"), help: "Run folder or metrics.jsonl (repeatable).") var runs: [String] = []
  @Option(name: .customLong("label"), help: "Legend label per --run, in order (default: the folder name).") var labels: [String] = []
  @Option(help: "Metric key, e.g. reward, accuracy, frac_reward_zero_std, completions/mean_length.") var metric = "reward"
  @Option(help: "Trailing mean over N steps (1 = raw).") var smooth = 1
  @Option(help: "Output SVG file (written atomically).") var out: String
  @Option(help: "Plot title.") var title: String?

  func validate() throws {
    if runs.isEmpty { throw ValidationError("give at least one --run") }
    for r in runs where !FS.exists(r) { throw ValidationError("\(r) does not exist") }
    if !labels.isEmpty && labels.count != runs.count { throw ValidationError("\(labels.count) --label for \(runs.count) --run") }
    if smooth < 1 || smooth > 100_000 { throw ValidationError("--smooth must be in 1...100000") }
  }

  func run() throws {
    let pairs = runs.enumerated().map { i, r in
      (labels.isEmpty ? String(r.split(separator: "/").last ?? Substring(r)) : labels[i],
       FS.isDirectory(r) ? r + "/metrics.jsonl" : r)
    }
    try AtomicFile.write(try MetricCurves.svg(runs: pairs, metric: metric, title: title ?? metric, smooth: smooth), to: out)
    print(JSON.object(JSONObject(pairs: [("svg", .string(out))])).serialized())
  }
}
