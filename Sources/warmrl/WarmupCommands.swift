// `warmrl pretrain` (the embedded base model from nothing) and `warmrl warmup` (long-CoT SFT).
// Argument parsing only: the stages live in the Warmup module.
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

struct WarmupBench: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench",
    abstract: "SFT training tokens/s (forward, backward, clipping, AdamW) at the embedded model's shape and at the 10M reference shape, beside PyTorch's.",
    discussion: "PyTorch figures: ../shared/reference/perf.md (torch 2.15 CPU, 2 threads, batch 8 x 256, fp32): 10M 1,807 best / 1,716 median tok/s; TRL SFTTrainer at 10M ~1,580 tok/s. Run in release.")

  @Option(help: "Config whose `arch` is the embedded shape (stages/base.json).")
  var config = "stages/base.json"
  @Option(help: "Vocabulary size (the embedded tokenizer's; the reference uses 4096).")
  var vocab = 4096
  @Option(help: "Rows per step.")
  var rows = 8
  @Option(help: "Tokens per row.")
  var length = 256
  @Option(help: "Timed steps (after one untimed warm-up step).")
  var steps = 5
  @Option(help: "Weight storage: fp32 or bf16 (fp32 masters either way).")
  var precision: Precision = .fp32

  func validate() throws {
    if rows < 1 || length < 2 || steps < 1 || vocab < 2 { throw ValidationError("rows >= 1, length >= 2, steps >= 1, vocab >= 2") }
  }

  func run() throws {
    let (cfg, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: config)
    var ten = cfg.arch
    ten.numHiddenLayers = 10; ten.intermediateSize = 1024; ten.hiddenSize = 256; ten.numAttentionHeads = 4; ten.numKeyValueHeads = 2
    // PyTorch eager fp32, batch 8 x 256 (perf.md); nil where the reference has no such shape.
    for (name, arch, torch) in [("embedded", cfg.arch, nil as (Double, Double)?), ("10M", ten, (1807.0, 1716.0))] {
      let r = try SFTBench.run(shape: arch.shape, vocab: vocab, rows: rows, length: length, steps: steps, precision: precision)
      var o = JSONObject()
      o["shape"] = .string(name)
      o["parameters"] = .int(r.parameters)
      o["tokens_per_step"] = .int(r.tokensPerStep)
      o["tokens_per_s_best"] = .double(r.bestTokensPerSecond.rounded())
      o["tokens_per_s_median"] = .double(r.medianTokensPerSecond.rounded())
      if let (best, median) = torch, rows == 8, length == 256, vocab == 4096 {
        o["pytorch_tokens_per_s_best"] = .double(best)
        o["pytorch_tokens_per_s_median"] = .double(median)
        o["ratio_median"] = .double((r.medianTokensPerSecond / median * 100).rounded() / 100)
      }
      print(JSON.object(o).serialized())
    }
  }
}
extension Precision: ExpressibleByArgument {}
