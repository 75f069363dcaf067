// `warmrl rlvr`: GRPO with verifiable rewards on at most 100 examples (argument parsing only: the
// stage lives in the RLVR module, the algorithm is written out in Sources/RLVR/GRPOLoss.swift).
import ArgumentParser
import Puzzles
import RLVR

struct RLVRCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rlvr",
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
