// `warmrl bench ...`: argument parsing only; the benchmarks live in the Bench module.
import ArgumentParser
import Bench
import Foundation
import JSON
import Kernels
import Model
import Pretrain
import Training

/// `warmrl bench ...`: benchmarks that print our figures beside a peer's (in-process baseline or
/// the PyTorch/HF figures of ../shared/reference). Run them from a release build.
struct BenchCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "bench", abstract: "Benchmarks: our figures beside a baseline's (run in release).",
    subcommands: [BenchKernels.self, BenchModel.self, BenchRLVR.self, BenchSFT.self, BenchCurve.self])
}

struct BenchKernels: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "kernels",
    abstract: "Kernel throughput vs raw OpenBLAS / straightforward baselines, and allocations per call.")

  @Flag(help: "Print one JSON object {\"rows\": [...]} instead of a table.")
  var json = false

  @Option(help: "Threads for OpenBLAS and our loops (default: all cores).")
  var threads: Int?

  @Option(help: "Seconds of measurement per figure (split into batches; best batch kept).")
  var seconds: Double = 0.3

  @Option(help: "Only sections whose name contains this: linear, gemv, attention, cross_entropy, interplay, allocs.")
  var only: String?

  @Option(name: .customLong("repeat"),
          help: "Run the timed sections this many times; each figure is then the median over the runs, its ratio range beside it.")
  var repeats: Int = 1

  @Flag(help: .hidden)  // internal: the child process that counts allocations under glibc mtrace
  var allocationChild = false

  func validate() throws {
    if let threads, threads < 1 { throw ValidationError("--threads must be >= 1") }
    if seconds <= 0 { throw ValidationError("--seconds must be > 0") }
    if repeats < 1 { throw ValidationError("--repeat must be >= 1") }
  }

  func run() throws {
    Kernels.setThreads(threads ?? ProcessInfo.processInfo.activeProcessorCount)
    if allocationChild { AllocationCount.childMain(); return }
    if !json { printErr(KernelBench.header(threads: Kernels.threads)) }
    let rows = KernelBench(seconds: seconds, only: only, repeats: repeats).run(show: { row in if !json { printErr(row.text) } },
                                                                             log: { printErr($0) })
    if json { print(KernelBench.json(threads: Kernels.threads, rows: rows)) }
  }
}

struct BenchModel: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "model",
    abstract: "Training and generation tokens/s at the 1M/10M/50M shapes beside PyTorch; Qwen2-0.5B memory check.")

  @Option(help: "Shapes to run (comma-separated: 1M,10M,50M).") var shapes: String = "1M,10M,50M"
  @Option(help: "Threads (the peers used 2).") var threads: Int = 2
  @Option(help: "Timed training steps per shape and dtype (after one warm-up step).") var steps: Int = 3
  @Flag(help: "Skip the training figures.") var skipTrain = false
  @Flag(help: "Skip the generation figures.") var skipGenerate = false
  @Option(help: "Generation batch sizes (comma-separated, each 1...64).") var batches: String = "1,8"
  @Option(help: "Training modes (comma-separated): f32 (fp32 weights and products), bf16 (bf16 weight storage, fp32 masters and products), bf16c (fp32 masters, bf16 compute: products with bf16 operands, fp32 accumulation).")
  var trainModes: String = "f32,bf16,bf16c"
  @Option(help: "Prefill modes (8 prompts x 256 tokens in one call; same names).") var prefillModes: String = "f32,bf16c"
  @Option(help: "Generation modes (same names, and f16 weights).") var generateDtypes: String = "f32,bf16,bf16c"
  /// The mode lists as values (validate() has refused what does not parse).
  var batchSizes: [Int] { batches.split(separator: ",").compactMap { Int($0) } }
  static func modes(_ s: String) -> [BenchMode] { s.split(separator: ",").compactMap { BenchMode(rawValue: String($0)) } }
  @Option(help: "Qwen2-0.5B-shape config.json to run the memory check on (skipped when absent).")
  var large: String?
  @Option(help: "Python with torch + transformers: run PyTorch's training peers (fp32, bf16 autocast) in this run; without it the perf.md figures are printed.")
  var torch: String?
  @Option(help: "The reference script bench_torch.py.") var torchScript: String = TorchPeer.defaultScript
  @Flag(help: "Print one JSON object on stdout instead of the table.") var json = false

  func validate() throws {
    if threads < 1 { throw ValidationError("--threads must be >= 1") }
    if steps < 1 { throw ValidationError("--steps must be >= 1") }
    for s in shapes.split(separator: ",") where BenchShape(rawValue: String(s)) == nil {
      throw ValidationError("unknown shape \(s); valid: 1M, 10M, 50M")
    }
    for b in batches.split(separator: ",") where !(Int(b).map { (1...64).contains($0) } ?? false) {
      throw ValidationError("--batches: \(b) is not a batch size in 1...64")
    }
    for (flag, list) in [("--train-modes", trainModes), ("--prefill-modes", prefillModes), ("--generate-dtypes", generateDtypes)] {
      for d in list.split(separator: ",") where BenchMode(rawValue: String(d)) == nil {
        throw ValidationError("\(flag): unknown \(d); valid: f32, bf16, f16, bf16c")
      }
    }
    if trainModes.split(separator: ",").contains("f16") { throw ValidationError("--train-modes: f16 storage does not train; valid: f32, bf16, bf16c") }
  }

  func run() throws {
    let bench = ModelBench(shapes: shapes.split(separator: ",").compactMap { BenchShape(rawValue: String($0)) }, threads: threads,
                           steps: steps, skipTrain: skipTrain, skipGenerate: skipGenerate, batchSizes: batchSizes,
                           trainModes: Self.modes(trainModes), prefillModes: Self.modes(prefillModes),
                           generationModes: Self.modes(generateDtypes), large: large, torch: torch, torchScript: torchScript)
    let result = try bench.run()
    if json { print(JSON.object(result).serialized(sortKeys: true)) } else { bench.table(result).forEach { print($0) } }
  }
}

struct BenchRLVR: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "rlvr",
    abstract: "GRPO step time (rollout / scoring / training) beside TRL's GRPOTrainer; one step at the Qwen2-0.5B shape.",
    discussion: "Settings of ../shared/reference/trl.md: 4 prompts x 4 completions x 64 new tokens, beta 0, DAPO loss, fp32.")

  @Option(help: "Models (comma-separated): tiny (../shared/fixtures/tiny-qwen2), 10M (its tokenizer, h256 x 10 layers, random).")
  var models: String = "tiny,10M"
  @Option(help: "Timed steps per model (after one warm-up step).") var steps: Int = 5
  @Option(help: "Threads (TRL used 2).") var threads: Int = 2
  @Option(help: "Fixture folder of the tiny model and tokenizer.") var fixture: String = "../shared/fixtures/tiny-qwen2"
  @Option(help: "K&K file the prompts come from.") var kk: String = "puzzles/kk-train.jsonl"
  @Option(help: "Python with torch, transformers and trl: runs ../shared/reference/scripts/bench_trl.py in this run.")
  var trl: String?
  @Option(help: "Qwen2-0.5B-shape config.json: one GRPO step with random weights (4 x 4 x 256 new tokens).")
  var large: String?
  @Option(help: "Timed 0.5B steps (each ~minutes).") var largeSteps: Int = 1
  @Option(help: "Our matrix products for the tiny and 10M steps: fp32 (TRL's settings) or bf16 (fp32 sums; AVX512_BF16 CPUs). TRL runs fp32 either way.")
  var compute: ComputePrecision = .fp32
  @Flag(help: "Print one JSON object on stdout instead of the table.") var json = false

  func validate() throws {
    if steps < 1 || steps > 1000 { throw ValidationError("--steps must be in 1...1000") }
    if threads < 1 || threads > 256 { throw ValidationError("--threads must be in 1...256") }
    for m in models.split(separator: ",") where !["tiny", "10M"].contains(String(m)) {
      throw ValidationError("unknown model \(m); valid: tiny, 10M")
    }
  }

  func run() throws {
    let bench = RLVRBenchReport(models: models.split(separator: ",").map(String.init), steps: steps, threads: threads,
                                fixture: fixture, kk: kk, trl: trl, large: large, largeSteps: largeSteps, compute: compute)
    let result = try bench.run()
    if json { print(result.serialized()); return }
    bench.table(result).forEach { print($0) }
  }
}

/// The options of `bench sft` (and of its deprecated alias `warmup bench`).
struct SFTBenchOptions: ParsableArguments {
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
  @Option(help: "Matrix products: fp32, or bf16 (bf16 operands, fp32 accumulation; AVX512_BF16 CPUs, else fp32 with a notice).")
  var compute: ComputePrecision = .fp32
  @Option(help: "Python with torch + transformers: run PyTorch's 10M peer (fp32, or bf16 autocast with --compute bf16) in this run.")
  var torch: String?
  @Option(help: "The reference script bench_torch.py.") var torchScript: String = TorchPeer.defaultScript

  func validate() throws {
    if rows < 1 || length < 2 || steps < 1 || vocab < 2 { throw ValidationError("rows >= 1, length >= 2, steps >= 1, vocab >= 2") }
  }
}

struct BenchSFT: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "sft",
    abstract: "SFT training tokens/s (forward, backward, clipping, AdamW) at the embedded model's shape and at the 10M reference shape, beside PyTorch's.",
    discussion: "PyTorch figures (without --torch): ../shared/reference/perf.md (torch 2.15 CPU, 2 threads, batch 8 x 256, 2026-12-04, 2-core EPYC with AVX512_BF16): 10M fp32 1,605 best / 1,455 median tok/s, bf16 autocast 2,260 / 2,215. Run in release.")

  @OptionGroup var options: SFTBenchOptions

  func run() throws { try Self.run(options) }

  static func run(_ o: SFTBenchOptions) throws {
    let (cfg, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: o.config)
    for row in try SFTBench.compare(embedded: cfg.arch.shape, vocab: o.vocab, rows: o.rows, length: o.length, steps: o.steps,
                                    precision: o.precision, compute: o.compute, torch: o.torch, torchScript: o.torchScript) {
      print(row.serialized())
    }
  }
}

extension Precision: ExpressibleByArgument {}
extension ComputePrecision: ExpressibleByArgument {}

struct BenchCurve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "curve",
    abstract: "The same training run in fp32 and in bf16 compute (same init, batches and optimizer): both loss curves and their largest gap.",
    discussion: "Data: a fixed random Markov chain over the vocabulary (4 successors per token), learnable, so the loss falls from ln V. Run in release.")

  @Option(help: "Shape (1M, 10M, 50M).") var shape: String = "10M"
  @Option(help: "Training steps per run.") var steps = 300
  @Option(help: "Rows per step.") var rows = 8
  @Option(help: "Tokens per row.") var length = 256
  @Option(help: "AdamW learning rate (constant; clipping at 1, weight decay 0.01).") var lr = 1e-3
  @Option(help: "Threads.") var threads = 2
  @Option(help: "Write every step's two losses here (JSON lines).") var out: String?

  func validate() throws {
    if BenchShape(rawValue: shape) == nil { throw ValidationError("unknown shape \(shape); valid: 1M, 10M, 50M") }
    if steps < 1 || rows < 1 || length < 2 || threads < 1 || !(lr > 0) { throw ValidationError("steps, rows, threads >= 1, length >= 2, lr > 0") }
  }

  func run() throws {
    Kernels.setThreads(threads)
    let r = try CurveBench.run(shape: BenchShape(rawValue: shape)!.config, rows: rows, length: length, steps: steps, lr: lr,
                               log: { printErr($0) })
    if let out {
      let lines = zip(r.fp32, r.bf16).enumerated().map { i, p in
        JSON.object(JSONObject(pairs: [("step", .int(i)), ("fp32", .double(p.0)), ("bf16_compute", .double(p.1))])).serialized()
      }
      try AtomicFile.write(lines.joined(separator: "\n") + "\n", to: out)
    }
    print(JSON.object(CurveBench.summary(r)).serialized())
  }
}
