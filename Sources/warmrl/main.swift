import ArgumentParser
import Kernels

// Not `@main`: with more than one file in the target, main.swift is top-level code.
struct WarmRL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "warmrl",
    abstract: "Two-stage reasoning training (warmup SFT, then RLVR) for small Qwen2 models on CPU.",
    // One command type per line, so that branches adding commands merge cleanly.
    subcommands: [
      PuzzlesCommand.self,
      TracesCommand.self,
      TasksCommand.self,
      VerifyCommand.self,
      TokenizerCommand.self,
      ModelCommand.self,
      GenerateCommand.self,
      ScoreCommand.self,
      EvalCommand.self,
      PretrainCommand.self,
      WarmupCommand.self,
      RLVRCommand.self,
      AblateCommand.self,
      BenchCommand.self,
    ])
}

OpenBLASCore.reexecIfMisdetected()
WarmRL.main()
