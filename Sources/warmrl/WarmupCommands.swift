// `warmrl pretrain` (the embedded base model from nothing) and `warmrl warmup` (long-CoT SFT).
// Argument parsing only: the stages live in the Pretrain and Warmup modules.
import ArgumentParser
import JSON
import Pretrain
import Training
import Warmup

/// Options shared by the training stages.
struct StageOptions: ParsableArguments {
  @Option(help: "Stage config file (JSON with // comments); unknown keys are rejected with the valid ones listed.")
  var config: String
  @Option(name: .customLong("set"), help: "Override one config key, e.g. --set optim.schedule.peak=1e-4 (repeatable; beats the file).")
  var overrides: [String] = []
  @Flag(help: "Continue the run in the config's run folder from its newest checkpoint and state (exactly as if never stopped).")
  var resume = false

  func validate() throws {
    if !FS.exists(config) { throw ValidationError("config file \(config) does not exist") }
    for o in overrides where !o.contains("=") { throw ValidationError("--set expects key=value, got '\(o)'") }
  }
}

struct PretrainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "pretrain",
    abstract: "Build the embedded base model: short-answer corpus, BPE tokenizer, small Qwen2 pretrained from scratch.",
    discussion: "Writes runs/pretrain-<run.name>/ (corpus, tokenizer, metrics, checkpoints) and the model to `output` (stages/base.json).")

  @OptionGroup var stage: StageOptions

  func run() throws {
    let summary = try PretrainStage.run(configFile: stage.config, overrides: stage.overrides, resume: stage.resume)
    print(summary.serialized())
  }
}

struct WarmupCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "warmup",
    abstract: "Warmup SFT of a base checkpoint on long chain-of-thought traces (loss on response tokens).",
    discussion: "Writes runs/warmup-<run.name>/: config.json, metrics.jsonl, checkpoints/step-N/ (HF layout), state/, summary.json.",
    subcommands: [WarmupRun.self, PlotLoss.self, WarmupBench.self], defaultSubcommand: WarmupRun.self)
}

struct WarmupRun: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Run (or --resume) the warmup stage; the default subcommand of `warmup`.")

  @OptionGroup var stage: StageOptions

  func run() throws {
    let summary = try WarmupStage.run(configFile: stage.config, overrides: stage.overrides, resume: stage.resume)
    print(summary.serialized())
  }
}

struct PlotLoss: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plot", abstract: "Draw a run's loss curve (metrics.jsonl) as SVG.")

  @Option(name: .customLong("run"), help: "Run folder (runs/<stage>-<name>) or a metrics.jsonl file.")
  var runPath: String
  @Option(help: "Output SVG file (written atomically).")
  var out: String
  @Option(help: "Plot title.")
  var title = "Loss"

  func validate() throws {
    if !FS.exists(runPath) { throw ValidationError("\(runPath) does not exist") }
  }

  func run() throws {
    let metrics = FS.isDirectory(runPath) ? runPath + "/metrics.jsonl" : runPath
    try AtomicFile.write(try LossCurve.svg(metrics: metrics, title: title), to: out)
    print(JSON.object(JSONObject(pairs: [("svg", .string(out)), ("metrics", .string(metrics))])).serialized())
  }
}

/// Deprecated alias of `warmrl bench sft` (kept so that old notes and scripts still run).
struct WarmupBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Deprecated: use `warmrl bench sft` (same options).", shouldDisplay: false)

  @OptionGroup var options: SFTBenchOptions

  func run() throws {
    printErr("warmrl warmup bench is deprecated: use warmrl bench sft (same options)")
    try BenchSFT.run(options)
  }
}
