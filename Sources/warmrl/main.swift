import ArgumentParser

// Not `@main`: with more than one file in the target, main.swift is top-level code.
struct WarmRL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "warmrl",
    abstract: "Two-stage reasoning training (warmup SFT, then RLVR) for small Qwen2 models on CPU.",
    // One command type per line, so that branches adding commands merge cleanly.
    subcommands: [
      PuzzlesCommand.self,
      PretrainCommand.self,
      WarmupCommand.self,
      Bench.self,  // kernels branch: temporary `bench` group; the lead may move BenchKernels under a shared one
      TasksCommands.self,
      ModelCommand.self,
      GenerateCommand.self,
      ScoreCommand.self,
      BenchModelGroup.self,  // model branch: temporary `bench` group; merge into kernels' Bench (see BenchModel.swift)
      EvalCommand.self,
    ])
}

WarmRL.main()
