import ArgumentParser

/// `warmrl bench ...`: benchmarks that print our figures beside a peer's (in-process baseline or
/// the PyTorch/HF figures of ../shared/reference). Run them from a release build.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Benchmarks: our figures beside a baseline's (run in release).",
    subcommands: [BenchKernels.self, BenchModel.self, BenchRLVR.self])
}
