// `warmrl bench rlvr`: the GRPO step measurements of RLVR.RLVRBench beside TRL's (its figures, or TRL
// run in the same process tree), the 0.5B-shape step, and the table.
import Foundation
import JSON
import Kernels
import Model
import RLVR
import Tokenizer
import Training

/// TRL GRPOTrainer figures of ../shared/reference/trl.md (TRL 1.16.0, torch 2.15 CPU, 2 threads,
/// 2026-11-22, this machine class): median step s and median generation s over 5 steps.
public struct TRLFigures: Sendable {
  public let step: Double, generation: Double
  public static let table: [String: TRLFigures] = ["tiny": .init(step: 0.258, generation: 0.179), "10M": .init(step: 2.505, generation: 1.317)]
}

/// `bench rlvr`'s settings and measurements (the CLI parses the options into it).
public struct RLVRBenchReport {
  /// tiny (the fixture) and/or 10M (its tokenizer, h256 x 10 layers, random).
  public var models: [String]
  /// Timed steps per model (after one warm-up step).
  public var steps: Int
  /// Threads (TRL used 2).
  public var threads: Int
  /// Fixture folder of the tiny model and tokenizer; K&K file the prompts come from.
  public var fixture: String, kk: String
  /// Python with torch, transformers and trl: runs ../shared/reference/scripts/bench_trl.py in this run.
  public var trl: String?
  /// Qwen2-0.5B-shape config.json: one GRPO step with random weights; timed 0.5B steps.
  public var large: String?
  public var largeSteps: Int
  /// Matrix products of our step (TRL's peer runs fp32 either way: trl.md's settings).
  public var compute: ComputePrecision

  public init(models: [String] = ["tiny", "10M"], steps: Int = 5, threads: Int = 2, fixture: String = "../shared/fixtures/tiny-qwen2",
              kk: String = "puzzles/kk-train.jsonl", trl: String? = nil, large: String? = nil, largeSteps: Int = 1,
              compute: ComputePrecision = .fp32) {
    self.models = models; self.steps = steps; self.threads = threads; self.fixture = fixture; self.kk = kk
    self.trl = trl; self.large = large; self.largeSteps = largeSteps; self.compute = compute
  }

  /// Measures; returns {threads, models, qwen2_0_5b} (progress lines on stderr).
  public func run() throws -> JSON {
    Kernels.setThreads(threads)
    let tokenizer = try Tokenizer(path: fixture)
    var rows: [JSON] = []
    for name in models {
      let model: Qwen2Model
      if name == "tiny" {
        model = try Qwen2Model.load(directory: fixture)
      } else {
        model = Qwen2Model(config: Qwen2Config(hiddenSize: 256, numHiddenLayers: 10, numAttentionHeads: 4, numKeyValueHeads: 2,
                                               intermediateSize: 1024, vocabSize: tokenizer.vocabSize, maxPositionEmbeddings: 1024))
        model.randomInit(seed: 0)
      }
      model.compute = compute
      var r = try RLVRBench.grpoSteps(model: model, tokenizer: tokenizer, name: name, kkFile: kk, steps: steps, log: { printErr($0) }).json
      if case .object(var o) = r {
        let peer = TRLFigures.table[name]!
        o["trl_reference_step_s_median"] = .double(peer.step)
        o["trl_reference_generation_s_median"] = .double(peer.generation)
        if let trl { o["trl_measured"] = try runTRL(python: trl, model: name) }
        r = .object(o)
      }
      rows.append(r)
    }
    var large: JSON = .null
    if let path = self.large { large = try largeStep(path) }
    return JSON.object(JSONObject(pairs: [("threads", .int(threads)), ("compute", .string(compute.rawValue)), ("models", .array(rows)), ("qwen2_0_5b", large)]))
  }

  /// Runs TRL's GRPO bench on `model` in a scratch folder (its script expects the fixture at
  /// refbench-out/tiny-qwen2) and returns its step and generation seconds.
  func runTRL(python: String, model: String) throws -> JSON {
    let work = NSTemporaryDirectory() + "warmrl-trl-\(getpid())"
    try FileManager.default.createDirectory(atPath: work + "/refbench-out", withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: work) }
    let fixtureAbs = URL(fileURLWithPath: fixture).standardizedFileURL.path
    try FileManager.default.createSymbolicLink(atPath: work + "/refbench-out/tiny-qwen2", withDestinationPath: fixtureAbs)
    let script = URL(fileURLWithPath: "../shared/reference/scripts/bench_trl.py").standardizedFileURL.path
    let p = Process()
    p.executableURL = URL(fileURLWithPath: python)
    p.arguments = [script, "grpo", "--model", model == "tiny" ? "refbench-out/tiny-qwen2" : "10m", "--steps", "\(steps + 1)",
                   "--json", work + "/trl.json"]
    p.currentDirectoryURL = URL(fileURLWithPath: work)
    p.standardOutput = FileHandle.standardError
    printErr("TRL \(model): \(python) \(p.arguments!.joined(separator: " "))")
    try p.run()
    p.waitUntilExit()
    if p.terminationStatus != 0 { throw TrainingError.io(path: script, message: "TRL bench exited with \(p.terminationStatus)") }
    let j = try JSON.read(file: work + "/trl.json")
    // Leave out TRL's first step, as ours leaves out its warm-up step.
    let stepsS = Array((j["step_s"]?.array ?? []).compactMap(\.double).dropFirst())
    let genS = Array((j["gen_s"]?.array ?? []).compactMap(\.double).dropFirst())
    let med = Training.median
    // HF generate's rollout tokens/s per step: 16 completions x the step's mean completion length / its generation time.
    let lengths = Array((j["logs"]?.array ?? []).compactMap { $0["completions/mean_length"]?.double }.dropFirst())
    let genRate = zip(lengths, genS).map { 16 * $0 / max($1, 1e-9) }
    return .object(JSONObject(pairs: [("step_s_median", .double(med(stepsS))), ("step_s_min", .double(stepsS.min() ?? .nan)),
                                      ("step_s_max", .double(stepsS.max() ?? .nan)), ("generation_s_median", .double(med(genS))),
                                      ("generation_tokens_per_s_median", .double(med(genRate))),
                                      ("step_s_all", .array(stepsS.map(JSON.double)))]))
  }

  /// One GRPO step at the 0.5B shape: bf16 weights, fp32 masters and AdamW, 4 x 4 x 256 new tokens
  /// after 64-token random prompts, micro-batches of 2 sequences.
  func largeStep(_ path: String) throws -> JSON {
    PeakRSS.reset()
    let c = try Qwen2Config.load(file: path)
    let model = Qwen2Model(config: c, dtype: .bf16)
    model.randomInit(seed: 1)
    printErr("0.5B: \(model.parameterCount) parameters, RSS \(Int(PeakRSS.megabytes())) MB")
    let tok = try Tokenizer(path: "../shared/fixtures/qwen2.5-tokenizer")
    let r = try RLVRBench.grpoSteps(model: model, tokenizer: tok, name: "0.5B", kkFile: kk, steps: largeSteps, maxNewTokens: 256,
                                    promptTokens: 64, microBatchTokens: 640, warmup: false, log: { printErr($0) })
    let step = r.steps.last!
    let seqs = [Int](repeating: 64 + 256, count: 16)
    let flops = RLVRBench.trainingFLOPs(c, seqLens: seqs)
    let peak = RLVRBench.sgemmPeak(M: 640, N: c.intermediateSize, K: c.hiddenSize)
    let achieved = flops / step.training / 1e9
    var o = r.json.object!
    o["training_gflop"] = .double(flops / 1e9)
    o["training_gflops_per_s"] = .double(achieved)
    o["sgemm_peak_gflops_per_s"] = .double(peak)
    o["fraction_of_peak"] = .double(achieved / peak)
    o["peak_rss_mb"] = .double(PeakRSS.megabytes())
    o["target_peak_rss_mb"] = .double(12 * 1024)
    return .object(o)
  }

  /// The table of `run`'s result, one line per element.
  public func table(_ result: JSON) -> [String] {
    let rows = result["models"]?.array ?? [], large = result["qwen2_0_5b"] ?? .null
    var lines: [String] = []
    func print(_ line: String) { lines.append(line) }
    print("GRPO step, 4 prompts x 4 completions x 64 new tokens, beta 0, DAPO loss, ours \(compute == .bf16 ? "bf16 compute (fp32 masters)" : "fp32") vs TRL fp32, \(threads) threads (medians [min-max] of \(steps) steps after a warm-up)")
    print("model   params     prompt tok  step s                 rollout s  scoring s  training s  rollout tok/s | TRL step s (trl.md)  TRL measured here   speed-up  HF generate tok/s")
    for r in rows {
      let name = r["model"]!.string!
      func v(_ k: String) -> Double { r[k]?.double ?? .nan }
      let trlMeasured = r["trl_measured"]?["step_s_median"]?.double
      let peer = trlMeasured ?? v("trl_reference_step_s_median")
      let measured = trlMeasured.map { fmt($0, 3) + " s" } ?? "-"
      func pad(_ s: String, _ n: Int) -> String { s.padding(toLength: n, withPad: " ", startingAt: 0) }
      let stepCol: String = fmt(v("step_s_median"), 3) + " [" + fmt(v("step_s_min"), 3) + "-" + fmt(v("step_s_max"), 3) + "]"
      var line: String = pad(name, 8) + pad(String(r["parameters"]!.int!), 11) + pad(fmt(v("prompt_tokens_mean"), 1), 12)
      line += pad(stepCol, 23) + pad(fmt(v("rollout_s_median"), 3), 11) + pad(fmt(v("scoring_s_median"), 4), 11)
      line += pad(fmt(v("training_s_median"), 3), 12) + pad(fmt(v("rollout_tokens_per_s_median"), 0), 14)
      line += "| " + pad(fmt(v("trl_reference_step_s_median"), 3), 21) + pad(measured, 19) + pad(fmt(peer / v("step_s_median"), 1) + "x", 10)
      // trl.md's completions averaged ~60 tokens (57.5-64): its reference rate is 16 x 60 / generation s (approximate).
      let hf = r["trl_measured"]?["generation_tokens_per_s_median"]?.double
      line += hf.map { fmt($0, 0) + " (measured)" } ?? (fmt(16 * 60 / v("trl_reference_generation_s_median"), 0) + " (trl.md, ~60 tok/completion)")
      print(line)
    }
    if case .object(let o) = large {
      func v(_ k: String) -> String { fmt(o[k]?.double ?? .nan, 1) }
      print("Qwen2-0.5B shape, one GRPO step (4 x 4 x 256 new tokens, bf16 weights, fp32 masters): step \(v("step_s_median")) s = rollout \(v("rollout_s_median")) + scoring \(fmt(o["scoring_s_median"]?.double ?? .nan, 3)) + training \(v("training_s_median")) s; "
            + "training \(v("training_gflops_per_s")) GFLOP/s = \(fmt((o["fraction_of_peak"]?.double ?? .nan) * 100, 0))% of sgemm peak \(v("sgemm_peak_gflops_per_s")) GFLOP/s; peak RSS \(v("peak_rss_mb")) MB (target 12288)")
    }
    return lines
  }
}
