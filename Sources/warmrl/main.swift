import ArgumentParser

// `main.swift` is top-level code once the target has more than one file, so `@main` is not allowed here.
struct WarmRL: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "warmrl",
    abstract: "Two-stage reasoning training (warmup SFT, then RLVR) for small Qwen2 models on CPU.",
    // One command type per line, so that branches adding commands merge cleanly.
    subcommands: [
      Bench.self,  // kernels branch: temporary `bench` group; the lead may move BenchKernels under a shared one
    ])
}

WarmRL.main()
