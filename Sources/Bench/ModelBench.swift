// `warmrl bench model`: whole-model throughput at the 1M/10M/50M Qwen2 shapes of
// ../shared/reference/perf.md (batch 8 x seq 256 = 2048 tokens per training step), beside the PyTorch
// figures measured there, plus the Qwen2-0.5B shape (random init: save, load, generate, one step).
import Foundation
import JSON
import Kernels
import Model
import Seeded
import Training

/// PyTorch peers from ../shared/reference/perf.md (torch 2.15 CPU, transformers 5.23, 2 threads,
/// same machine class, 2026-11-22): best tokens/s.
public struct PeerFigures: Sendable {
  public let trainFP32: Double, trainBF16Autocast: Double, peakRSSMB: Double, genB1: Double, genB8: Double
  public static let table: [String: PeerFigures] = [
    "1M": PeerFigures(trainFP32: 11_853, trainBF16Autocast: 615, peakRSSMB: 1_196, genB1: 576, genB8: 3_068),
    "10M": PeerFigures(trainFP32: 1_807, trainBF16Autocast: 44, peakRSSMB: 2_057, genB1: 101, genB8: 544),
    "50M": PeerFigures(trainFP32: 502, trainBF16Autocast: 7, peakRSSMB: 3_536, genB1: 51, genB8: 250),
  ]
}

public enum BenchShape: String, CaseIterable, Sendable {
  case m1 = "1M", m10 = "10M", m50 = "50M"

  public var config: Qwen2Config {
    switch self {
    case .m1: return Qwen2Config(hiddenSize: 128, numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2,
                                 intermediateSize: 512, vocabSize: 4096, tieWordEmbeddings: true)
    case .m10: return Qwen2Config(hiddenSize: 256, numHiddenLayers: 10, numAttentionHeads: 4, numKeyValueHeads: 2,
                                  intermediateSize: 1024, vocabSize: 4096, tieWordEmbeddings: true)
    case .m50: return Qwen2Config(hiddenSize: 512, numHiddenLayers: 12, numAttentionHeads: 8, numKeyValueHeads: 2,
                                  intermediateSize: 2048, vocabSize: 4096, tieWordEmbeddings: true)
    }
  }
}

/// Peak resident set since the last reset (VmHWM), in MB; reset by writing 5 to /proc/self/clear_refs.
public enum PeakRSS {
  public static func reset() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }
  public static func megabytes() -> Double {
    guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") { return megabytes(statusLine: String(line)) }
    return 0
  }

  /// MB of a `VmHWM:` line: "VmHWM:\t  1492000 kB", or with no space at all after the tab once the
  /// figure has 8 digits (>= ~9.5 GiB).
  public static func megabytes(statusLine line: String) -> Double {
    Double(line.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first ?? "0").map { $0 / 1024 } ?? 0
  }
}

/// `bench model`'s settings and measurements (the CLI parses the options into it).
public struct ModelBench {
  public var shapes: [BenchShape]
  /// Threads (the peers used 2).
  public var threads: Int
  /// Timed training steps per shape and dtype (after one warm-up step).
  public var steps: Int
  public var skipTrain: Bool, skipGenerate: Bool
  /// Generation batch sizes (each 1...64) and weight storages.
  public var batchSizes: [Int]
  public var generationDTypes: [WeightDType]
  /// Qwen2-0.5B-shape config.json for the memory check (nil: skipped).
  public var large: String?

  public init(shapes: [BenchShape] = BenchShape.allCases, threads: Int = 2, steps: Int = 3, skipTrain: Bool = false,
              skipGenerate: Bool = false, batchSizes: [Int] = [1, 8], generationDTypes: [WeightDType] = [.f32, .bf16],
              large: String? = nil) {
    self.shapes = shapes; self.threads = threads; self.steps = steps; self.skipTrain = skipTrain
    self.skipGenerate = skipGenerate; self.batchSizes = batchSizes; self.generationDTypes = generationDTypes; self.large = large
  }

  /// Measures; returns {threads, peer_source, rows, qwen2_0_5b?} (progress lines on stderr).
  public func run() throws -> JSONObject {
    Kernels.setThreads(threads)
    var rows: [JSON] = []
    let B = 8, T = 256
    for s in shapes {
      let peer = PeerFigures.table[s.rawValue]!
      var row = JSONObject()
      row["shape"] = .string(s.rawValue)
      for dtype in [WeightDType.f32, .bf16] where !skipTrain {
        PeakRSS.reset()
        let tps = try trainTokensPerSecond(s.config, dtype: dtype, B: B, T: T)
        row["train_\(dtype.rawValue)_tok_s"] = .double(tps)
        row["train_\(dtype.rawValue)_peak_rss_mb"] = .double(PeakRSS.megabytes())
        printErr("\(s.rawValue) train \(dtype.rawValue): \(Int(tps)) tok/s (PyTorch fp32 \(Int(peer.trainFP32)), x\(String(format: "%.2f", tps / peer.trainFP32))), peak RSS \(Int(PeakRSS.megabytes())) MB")
      }
      for batch in batchSizes where !skipGenerate {
        for dtype in generationDTypes {
          let g = generateTokensPerSecond(s.config, dtype: dtype, batch: batch)
          row["gen_b\(batch)_\(dtype.rawValue)_tok_s"] = .double(g)
          let peerG = batch == 1 ? peer.genB1 : batch == 8 ? peer.genB8 : nil
          let versus = peerG.map { " (HF generate fp32 \(Int($0)), x\(String(format: "%.2f", g / $0)))" } ?? ""
          printErr("\(s.rawValue) generate batch \(batch) \(dtype.rawValue) weights: \(Int(g)) new tok/s" + versus)
        }
      }
      row["peer"] = .object(JSONObject(pairs: [
        ("train_fp32_tok_s", .double(peer.trainFP32)), ("train_bf16_autocast_tok_s", .double(peer.trainBF16Autocast)),
        ("peak_rss_mb", .double(peer.peakRSSMB)), ("gen_b1_tok_s", .double(peer.genB1)), ("gen_b8_tok_s", .double(peer.genB8)),
      ]))
      rows.append(.object(row))
    }
    var result = JSONObject()
    result["threads"] = .int(threads)
    result["peer_source"] = "../shared/reference/perf.md (PyTorch 2.15 eager/sdpa, HF generate, 2 threads, 2026-11-22)"
    result["rows"] = .array(rows)
    if let large { result["qwen2_0_5b"] = try largeCheck(large) }
    return result
  }

  /// Random tokens (V) for B rows of T, every predicted token weighted 1/(B (T - 1)): a mean loss
  /// (the weighted cross-entropy is Training's, the one the stages train with).
  func randomBatch(B: Int, T: Int, V: Int, seed: UInt64) -> WeightedBatch {
    var rng = SeededRNG(seed: seed)
    let seqs = (0..<B).map { _ in (0..<T).map { _ in rng.below(V) } }
    let w = 1 / Float(B * (T - 1))
    return WeightedBatch(sequences: seqs, weights: seqs.map { $0.map { _ in w } }, pad: 0)
  }

  /// The model under Training's adapter (its Qwen2Optimizer with these settings), saving nothing.
  func trainable(_ model: Qwen2Model, lr: Double, weightDecay: Double) -> Qwen2Trainable {
    Qwen2Trainable(model: model, optim: OptimConfig(schedule: LRSchedule(kind: .constant, peak: lr), weightDecay: weightDecay),
                   tokenizerDirectory: nil)
  }

  func trainTokensPerSecond(_ c: Qwen2Config, dtype: WeightDType, B: Int, T: Int) throws -> Double {
    let model = Qwen2Model(config: c, dtype: dtype)
    model.randomInit(seed: 1)
    let t = trainable(model, lr: 1e-4, weightDecay: 0.01)
    let batch = randomBatch(B: B, T: T, V: c.vocabSize, seed: 2)
    var best = Double.infinity
    for i in 0...steps {
      let t0 = Date()
      _ = try t.accumulateGradients(batch, scale: 1)
      t.optimizer.clipGradients(maxNorm: 1)
      t.optimizer.update()
      let dt = Date().timeIntervalSince(t0)
      if i > 0 { best = min(best, dt) }  // step 0 warms up (allocations, page faults)
    }
    return Double(B * T) / best
  }

  func generateTokensPerSecond(_ c: Qwen2Config, dtype: WeightDType, batch: Int) -> Double {
    let model = Qwen2Model(config: c, dtype: dtype)
    model.randomInit(seed: 1)
    var rng = SeededRNG(seed: 3)
    let prompts = (0..<batch).map { _ in (0..<32).map { _ in rng.below(c.vocabSize) } }
    let gen = Generator(model: model)
    let params = SamplingParams(maxNewTokens: 128, eosTokenIds: [])
    _ = gen.generate(prompts: prompts, params: SamplingParams(maxNewTokens: 8, eosTokenIds: []), seeds: prompts.map { _ in 0 })
    var best = Double.infinity
    for _ in 0..<2 {
      let t0 = Date()
      let r = gen.generate(prompts: prompts, params: params, seeds: prompts.map { _ in 0 })
      precondition(r.allSatisfy { $0.tokens.count == 128 })
      best = min(best, Date().timeIntervalSince(t0))
    }
    return Double(batch * 128) / best
  }

  /// Qwen2-0.5B shape: random init (bf16), save, load, generate 8 tokens, one training step (1 x 128).
  func largeCheck(_ configPath: String) throws -> JSON {
    PeakRSS.reset()
    let c = try Qwen2Config.load(file: configPath)
    let dir = NSTemporaryDirectory() + "warmrl-bench-05b-\(getpid())"
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var t0 = Date()
    do {
      let m = Qwen2Model(config: c, dtype: .bf16)
      m.randomInit(seed: 1)
      try m.save(directory: dir, dtype: .bf16)
    }
    let initS = Date().timeIntervalSince(t0)
    t0 = Date()
    let model = try Qwen2Model.load(directory: dir)
    let loadS = Date().timeIntervalSince(t0)
    printErr("0.5B: init+save \(String(format: "%.1f", initS)) s, load \(String(format: "%.1f", loadS)) s, \(model.parameterCount) parameters, RSS \(Int(PeakRSS.megabytes())) MB")
    t0 = Date()
    var rng = SeededRNG(seed: 3)
    let prompt = (0..<32).map { _ in rng.below(c.vocabSize) }
    let g = Generator(model: model).generate(prompts: [prompt], params: SamplingParams(maxNewTokens: 8, eosTokenIds: []), seeds: [0])[0]
    let genS = Date().timeIntervalSince(t0)
    printErr("0.5B: generated \(g.tokens.count) tokens in \(String(format: "%.1f", genS)) s, RSS \(Int(PeakRSS.megabytes())) MB")
    t0 = Date()
    let t = trainable(model, lr: 1e-5, weightDecay: 0)
    let loss = try t.accumulateGradients(randomBatch(B: 1, T: 128, V: c.vocabSize, seed: 4), scale: 1)
    t.optimizer.update()
    let stepS = Date().timeIntervalSince(t0)
    let peak = PeakRSS.megabytes()
    printErr("0.5B: one training step (1 x 128, bf16 storage, fp32 masters) \(String(format: "%.1f", stepS)) s, loss \(String(format: "%.3f", loss)), peak RSS \(Int(peak)) MB")
    return .object(JSONObject(pairs: [
      ("parameters", .int(model.parameterCount)), ("init_save_s", .double(initS)), ("load_s", .double(loadS)),
      ("generate_8_s", .double(genS)), ("train_step_s", .double(stepS)), ("loss", .double(loss)),
      ("peak_rss_mb", .double(peak)), ("target_peak_rss_mb", .double(12 * 1024)),
    ]))
  }

  /// The table of `run`'s result, one line per element.
  public func table(_ result: JSONObject) -> [String] {
    let rows = result["rows"]?.array ?? [], large = result["qwen2_0_5b"]
    var lines: [String] = []
    func print(_ line: String) { lines.append(line) }
    print("WarmRL vs PyTorch (../shared/reference/perf.md), \(threads) threads, 2048 tokens/step; generation: 32-token prompt, 128 new, greedy")
    print("shape | train fp32 tok/s (torch, ratio) | train bf16-storage tok/s (vs our fp32; torch bf16 autocast) | peak RSS MB fp32/bf16 (torch) | gen b1 tok/s f32/bf16 weights (HF fp32, ratios) | gen b8 tok/s f32/bf16 weights (HF fp32, ratios)")
    for r in rows {
      let p = r["peer"]!
      // A figure that was not measured (--skip-train, --skip-generate, a dtype or batch left out) prints "-".
      func d(_ k: String) -> Double? { r[k]?.double }
      func pd(_ k: String) -> Double { p[k]?.double ?? .nan }
      func f(_ v: Double?, _ digits: Int = 0) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "-" }
      func x(_ a: Double?, _ b: Double?) -> String { a.flatMap { a in b.map { "x" + String(format: "%.2f", a / $0) } } ?? "-" }
      let f32 = d("train_f32_tok_s"), b16 = d("train_bf16_tok_s"), torch = pd("train_fp32_tok_s")
      func gen(_ b: Int) -> String {
        let a = d("gen_b\(b)_f32_tok_s"), h = d("gen_b\(b)_bf16_tok_s"), p = pd("gen_b\(b)_tok_s")
        return "\(f(a))/\(f(h)) (\(f(p)), \(x(a, p))/\(x(h, p)))"
      }
      let slower = f32.flatMap { a in b16.map { String(format: "%.2fx slower", a / $0) } } ?? "-"
      print("\(r["shape"]!.string!) | \(f(f32)) (\(f(torch)), \(x(f32, torch))) | \(f(b16)) (\(slower); \(f(pd("train_bf16_autocast_tok_s")))) | "
            + "\(f(d("train_f32_peak_rss_mb")))/\(f(d("train_bf16_peak_rss_mb"))) (\(f(pd("peak_rss_mb")))) | \(gen(1)) | \(gen(8))")
    }
    if let large { print("Qwen2-0.5B shape: " + large.serialized(sortKeys: true)) }
    return lines
  }
}
