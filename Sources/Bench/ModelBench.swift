// `warmrl bench model`: whole-model throughput at the 1M/10M/50M Qwen2 shapes of
// ../shared/reference/perf.md (batch 8 x seq 256 = 2048 tokens per training step), beside the PyTorch
// figures measured there, plus the Qwen2-0.5B shape (random init: save, load, generate, one step).
import Foundation
import JSON
import Kernels
import Model
import Seeded
import Training

/// PyTorch peers from ../shared/reference/perf.md (torch 2.15 CPU, transformers 5.25, 2 threads, batch 8 x
/// 256, sdpa), measured on the current machine class (2026-12-04, 2-core AMD EPYC with AVX512_BF16):
/// best and median tokens/s. The 1M training and the peak-RSS figures exist only from the earlier
/// machine (2026-11-22, Zen 3: fp32 only; its bf16 autocast had no bf16 arithmetic), marked so.
public struct PeerFigures: Sendable {
  public let trainFP32: Double, trainFP32Median: Double
  public let trainBF16Autocast: Double, trainBF16AutocastMedian: Double
  public let peakRSSMB: Double, genB1: Double, genB8: Double
  /// Where the figures come from (printed beside them).
  public let source: String
  public static let current = "perf.md 2026-12-04, 2-core EPYC with AVX512_BF16"
  public static let table: [String: PeerFigures] = [
    "1M": PeerFigures(trainFP32: 11_853, trainFP32Median: 11_554, trainBF16Autocast: .nan, trainBF16AutocastMedian: .nan,
                      peakRSSMB: 1_196, genB1: 610, genB8: 3_912,
                      source: "perf.md: generation 2026-12-04 (AVX512_BF16 machine); training fp32 2026-11-22 (Zen 3)"),
    "10M": PeerFigures(trainFP32: 1_605, trainFP32Median: 1_455, trainBF16Autocast: 2_260, trainBF16AutocastMedian: 2_215,
                       peakRSSMB: 2_057, genB1: 89, genB8: 456, source: current),
    "50M": PeerFigures(trainFP32: 435, trainFP32Median: 396, trainBF16Autocast: 851, trainBF16AutocastMedian: 782,
                       peakRSSMB: 3_536, genB1: 42, genB8: 246, source: current),
  ]
}

/// What a benchmark row runs: weight storage and the matrix products' arithmetic.
public enum BenchMode: String, CaseIterable, Sendable {
  /// fp32 weights, fp32 products.
  case f32
  /// bf16 weights (fp32 masters when training), fp32 products.
  case bf16
  /// f16 weights, fp32 products (generation only).
  case f16
  /// fp32 weights (masters), products with bf16 operands and fp32 accumulation.
  case bf16c

  public var storage: WeightDType {
    switch self {
    case .f32, .bf16c: return .f32
    case .bf16: return .bf16
    case .f16: return .f16
    }
  }
  public var compute: ComputePrecision { self == .bf16c ? .bf16 : .fp32 }
}

/// Best, median and slowest of repeated timings, as tokens/s.
public struct Rate: Sendable {
  public var best: Double, median: Double, worst: Double
  public init(tokens: Int, seconds: [Double]) {
    let s = seconds.sorted()
    best = Double(tokens) / s.first!
    worst = Double(tokens) / s.last!
    median = Double(tokens) / (s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2)
  }
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
  /// Timed training steps (and prefills) per shape and mode (after one warm-up).
  public var steps: Int
  public var skipTrain: Bool, skipGenerate: Bool
  /// Generation batch sizes (each 1...64).
  public var batchSizes: [Int]
  /// Modes of the training, prefill (8 x 256-token prompts) and generation figures.
  public var trainModes: [BenchMode]
  public var prefillModes: [BenchMode]
  public var generationModes: [BenchMode]
  /// Qwen2-0.5B-shape config.json for the memory check (nil: skipped).
  public var large: String?
  /// Python with torch + transformers: run bench_torch.py (`torchScript`) for the training peers in this
  /// run; nil: perf.md's figures.
  public var torch: String?
  public var torchScript: String

  public init(shapes: [BenchShape] = BenchShape.allCases, threads: Int = 2, steps: Int = 3, skipTrain: Bool = false,
              skipGenerate: Bool = false, batchSizes: [Int] = [1, 8],
              trainModes: [BenchMode] = [.f32, .bf16, .bf16c], prefillModes: [BenchMode] = [.f32, .bf16c],
              generationModes: [BenchMode] = [.f32, .bf16, .bf16c],
              large: String? = nil, torch: String? = nil, torchScript: String = TorchPeer.defaultScript) {
    self.shapes = shapes; self.threads = threads; self.steps = steps; self.skipTrain = skipTrain
    self.skipGenerate = skipGenerate; self.batchSizes = batchSizes; self.trainModes = trainModes
    self.prefillModes = prefillModes; self.generationModes = generationModes; self.large = large
    self.torch = torch; self.torchScript = torchScript
  }

  /// Measures; returns {threads, bf16_compute, peer_source, rows, qwen2_0_5b?} (progress lines on stderr).
  public func run() throws -> JSONObject {
    Kernels.setThreads(threads)
    // bf16 compute where this CPU lacks it runs fp32 (with a notice): say so in the result.
    let bf16Runs = ComputePrecision.resolve(.bf16) == .bf16
    var rows: [JSON] = []
    let B = 8, T = 256
    for s in shapes {
      let peer = PeerFigures.table[s.rawValue]!
      var row = JSONObject()
      row["shape"] = .string(s.rawValue)
      var peerObj = JSONObject(pairs: [
        ("source", .string(peer.source)),
        ("train_fp32_tok_s", .double(peer.trainFP32)), ("train_fp32_tok_s_median", .double(peer.trainFP32Median)),
        ("train_bf16_autocast_tok_s", .double(peer.trainBF16Autocast)),
        ("train_bf16_autocast_tok_s_median", .double(peer.trainBF16AutocastMedian)),
        ("peak_rss_mb", .double(peer.peakRSSMB)), ("gen_b1_tok_s", .double(peer.genB1)), ("gen_b8_tok_s", .double(peer.genB8)),
      ])
      if let torch, !skipTrain {
        // The peer in this run, before ours (at least 3 timed steps after two warm-up steps).
        for autocast in [false, true] {
          let f = try TorchPeer.train(python: torch, script: torchScript, size: s.rawValue, autocast: autocast,
                                      repeats: max(steps, 3), threads: threads)
          let k = autocast ? "train_bf16_autocast_tok_s" : "train_fp32_tok_s"
          peerObj[k] = .double(f.best.rounded())
          peerObj[k + "_median"] = .double(f.median.rounded())
          peerObj[k + "_range"] = .array([.double(f.min.rounded()), .double(f.max.rounded())])
          printErr("\(s.rawValue) PyTorch train \(autocast ? "bf16 autocast" : "fp32") (this run): median \(Int(f.median)) tok/s, best \(Int(f.best)), range \(Int(f.min))-\(Int(f.max))")
        }
        peerObj["source"] = .string("bench_torch.py in this run (\(torch))")
      }
      let torchMedian = peerObj["train_fp32_tok_s_median"]?.double ?? .nan
      let torchBF16Median = peerObj["train_bf16_autocast_tok_s_median"]?.double ?? .nan
      for mode in trainModes where !skipTrain {
        PeakRSS.reset()
        let r = try trainRate(s.config, mode: mode, B: B, T: T)
        row["train_\(mode.rawValue)_tok_s"] = .double(r.best.rounded())
        row["train_\(mode.rawValue)_tok_s_median"] = .double(r.median.rounded())
        row["train_\(mode.rawValue)_tok_s_range"] = .array([.double(r.worst.rounded()), .double(r.best.rounded())])
        row["train_\(mode.rawValue)_peak_rss_mb"] = .double(PeakRSS.megabytes())
        let versus = mode == .bf16c
          ? "PyTorch bf16 autocast median \(Int(torchBF16Median.isNaN ? 0 : torchBF16Median)), x\(String(format: "%.2f", r.median / torchBF16Median))"
          : "PyTorch fp32 median \(Int(torchMedian.isNaN ? 0 : torchMedian)), x\(String(format: "%.2f", r.median / torchMedian))"
        printErr("\(s.rawValue) train \(mode.rawValue): median \(Int(r.median)) tok/s (best \(Int(r.best)), worst \(Int(r.worst)); \(versus)), peak RSS \(Int(PeakRSS.megabytes())) MB")
      }
      for mode in prefillModes where !skipGenerate {
        let r = prefillRate(s.config, mode: mode, B: B, T: T)
        row["prefill_b8_\(mode.rawValue)_tok_s"] = .double(r.best.rounded())
        row["prefill_b8_\(mode.rawValue)_tok_s_median"] = .double(r.median.rounded())
        row["prefill_b8_\(mode.rawValue)_tok_s_range"] = .array([.double(r.worst.rounded()), .double(r.best.rounded())])
        printErr("\(s.rawValue) prefill 8 x 256 \(mode.rawValue): median \(Int(r.median)) tok/s (best \(Int(r.best)), worst \(Int(r.worst)))")
      }
      for batch in batchSizes where !skipGenerate {
        for mode in generationModes {
          let g = generateRate(s.config, mode: mode, batch: batch)
          row["gen_b\(batch)_\(mode.rawValue)_tok_s"] = .double(g.best.rounded())
          row["gen_b\(batch)_\(mode.rawValue)_tok_s_median"] = .double(g.median.rounded())
          let peerG = batch == 1 ? peer.genB1 : batch == 8 ? peer.genB8 : nil
          let versus = peerG.map { " (HF generate fp32 \(Int($0)), x\(String(format: "%.2f", g.median / $0)))" } ?? ""
          printErr("\(s.rawValue) generate batch \(batch) \(mode.rawValue): median \(Int(g.median)) new tok/s (best \(Int(g.best)))" + versus)
        }
      }
      row["peer"] = .object(peerObj)
      rows.append(.object(row))
    }
    var result = JSONObject()
    result["threads"] = .int(threads)
    result["bf16_compute"] = .string(bf16Runs ? "AVX512_BF16" : "not available here: bf16c rows ran fp32")
    result["peer_source"] = .string(torch.map { "bench_torch.py in this run (\($0))" }
                                    ?? "../shared/reference/perf.md (PyTorch 2.15 eager/sdpa, HF generate, 2 threads; \(PeerFigures.current))")
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

  /// A model in `mode` (random init, seed 1).
  func model(_ c: Qwen2Config, _ mode: BenchMode) -> Qwen2Model {
    let m = Qwen2Model(config: c, dtype: mode.storage)
    m.randomInit(seed: 1)
    m.compute = mode.compute
    return m
  }

  func trainRate(_ c: Qwen2Config, mode: BenchMode, B: Int, T: Int) throws -> Rate {
    let t = trainable(model(c, mode), lr: 1e-4, weightDecay: 0.01)
    let batch = randomBatch(B: B, T: T, V: c.vocabSize, seed: 2)
    var times: [Double] = []
    for i in 0...steps {
      let t0 = Date()
      _ = try t.accumulateGradients(batch, scale: 1)
      t.optimizer.clipGradients(maxNorm: 1)
      t.optimizer.update()
      let dt = Date().timeIntervalSince(t0)
      if i > 0 { times.append(dt) }  // step 0 warms up (allocations, page faults)
    }
    return Rate(tokens: B * T, seconds: times)
  }

  /// Prefill of B prompts of T tokens in one forwardCached call (B*T rows through every product).
  func prefillRate(_ c: Qwen2Config, mode: BenchMode, B: Int, T: Int) -> Rate {
    let m = model(c, mode)
    var rng = SeededRNG(seed: 4)
    let tokens = (0..<B * T).map { _ in Int32(rng.below(c.vocabSize)) }
    let cache = KVCache(config: c, rows: B, capacity: T)
    var times: [Double] = []
    for i in 0...steps {
      for r in 0..<B { cache.reset(row: r) }
      let t0 = Date()
      _ = m.forwardCached(cache: cache, rows: Array(0..<B), tokens: tokens, Tq: T)
      if i > 0 { times.append(Date().timeIntervalSince(t0)) }
    }
    return Rate(tokens: B * T, seconds: times)
  }

  /// Greedy generation of 128 new tokens after 32-token prompts: 3 timed runs after a short warm-up.
  func generateRate(_ c: Qwen2Config, mode: BenchMode, batch: Int) -> Rate {
    let m = model(c, mode)
    var rng = SeededRNG(seed: 3)
    let prompts = (0..<batch).map { _ in (0..<32).map { _ in rng.below(c.vocabSize) } }
    let gen = Generator(model: m)
    let params = SamplingParams(maxNewTokens: 128, eosTokenIds: [])
    _ = gen.generate(prompts: prompts, params: SamplingParams(maxNewTokens: 8, eosTokenIds: []), seeds: prompts.map { _ in 0 })
    var times: [Double] = []
    for _ in 0..<3 {
      let t0 = Date()
      let r = gen.generate(prompts: prompts, params: params, seeds: prompts.map { _ in 0 })
      precondition(r.allSatisfy { $0.tokens.count == 128 })
      times.append(Date().timeIntervalSince(t0))
    }
    return Rate(tokens: batch * 128, seconds: times)
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

  /// The table of `run`'s result, one line per element (medians; best and range in the JSON).
  public func table(_ result: JSONObject) -> [String] {
    let rows = result["rows"]?.array ?? [], large = result["qwen2_0_5b"]
    var lines: [String] = []
    func print(_ line: String) { lines.append(line) }
    print("WarmRL vs PyTorch (\(result["peer_source"]?.string ?? "?")), \(threads) threads, medians; training 2048 tokens/step; "
          + "prefill 8 x 256-token prompts; generation 32-token prompt, 128 new, greedy; bf16 compute: \(result["bf16_compute"]?.string ?? "?")")
    print("shape | train tok/s f32 / bf16-storage / bf16-compute | torch fp32 / bf16 autocast | bf16c vs torch autocast, vs our f32 | "
          + "peak RSS MB f32/bf16/bf16c | prefill tok/s f32 / bf16c (ratio) | gen b1 f32/bf16/bf16c (HF fp32) | gen b8 f32/bf16/bf16c (HF fp32)")
    for r in rows {
      let p = r["peer"]!
      // A figure that was not measured (--skip-train, --skip-generate, a mode or batch left out) prints "-".
      func d(_ k: String) -> Double? { r[k]?.double }
      func pd(_ k: String) -> Double? { p[k]?.double }
      func f(_ v: Double?, _ digits: Int = 0) -> String { v.flatMap { $0.isNaN ? nil : String(format: "%.\(digits)f", $0) } ?? "-" }
      func x(_ a: Double?, _ b: Double?) -> String {
        guard let a, let b, !a.isNaN, !b.isNaN else { return "-" }
        return "x" + String(format: "%.2f", a / b)
      }
      let t = ["f32", "bf16", "bf16c"].map { d("train_\($0)_tok_s_median") }
      let tf = pd("train_fp32_tok_s_median"), tb = pd("train_bf16_autocast_tok_s_median")
      let rss = ["f32", "bf16", "bf16c"].map { f(d("train_\($0)_peak_rss_mb")) }.joined(separator: "/")
      let pf = d("prefill_b8_f32_tok_s_median"), pb = d("prefill_b8_bf16c_tok_s_median")
      func gen(_ b: Int) -> String {
        ["f32", "bf16", "bf16c"].map { f(d("gen_b\(b)_\($0)_tok_s_median")) }.joined(separator: "/") + " (\(f(pd("gen_b\(b)_tok_s"))))"
      }
      print("\(r["shape"]!.string!) | \(t.map { f($0) }.joined(separator: " / ")) | \(f(tf)) / \(f(tb)) | \(x(t[2], tb)), \(x(t[2], t[0])) | "
            + "\(rss) | \(f(pf)) / \(f(pb)) (\(x(pb, pf))) | \(gen(1)) | \(gen(8))")
    }
    if let large { print("Qwen2-0.5B shape: " + large.serialized(sortKeys: true)) }
    return lines
  }
}
