// `warmrl pretrain` (the embedded base model from nothing) and `warmrl warmup` (long-CoT SFT).
// Argument parsing only: the stages live in the Warmup module.
import ArgumentParser
import JSON
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
    discussion: "Writes runs/warmup-<run.name>/: config.json, metrics.jsonl, checkpoints/step-N/ (HF layout), state/, summary.json.")

  @OptionGroup var stage: StageOptions

  func run() throws {
    let summary = try WarmupStage.run(configFile: stage.config, overrides: stage.overrides, resume: stage.resume)
    print(summary.serialized())
  }
}
