// `warmrl bench kernels`: our kernels beside a baseline measured in the same process.
//   matmul layer (Linear, HalfLinear) vs raw cblas_sgemm at the 1M/10M/50M Qwen2 shapes, 2048 tokens;
//   bf16/f16 GEMV (HalfGemv) vs fp32 cblas_sgemv (1 row) / cblas_sgemm (8 rows) at decode shapes;
//   attention forward+backward vs the sgemm-with-materialised-scores way; cross-entropy vs two-pass libm;
//   heap allocations per call of the hot kernels (malloc calls counted by the interposer below).
// Every figure is "higher is better"; ratio = ours / baseline. Times are the best of several batches,
// ours and baseline interleaved so both see the same machine load.
import ArgumentParser
import CBLAS
import Foundation
import Kernels
import Training

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
    let timer = BenchTimer(seconds: seconds)
    let show = { (row: BenchRow) in if !json { printErr(row.text) } }
    if !json {
      printErr("kernel  shape  ours  baseline  ratio (ours/baseline, higher is better)  [threads \(Kernels.threads)]")
    }
    let want = { (section: String) in only.map { section.contains($0) } ?? true }
    // The machine's load changes from second to second (a shared host: the noise_* rows compare a call
    // with itself), so with --repeat every timed figure is measured that many times, far apart, and the
    // median kept.
    var runs: [[BenchRow]] = []
    for round in 1...repeats {
      var got: [BenchRow] = []
      let report: (BenchRow) -> Void = { row in
        got.append(row)
        if repeats == 1 { show(row) }
      }
      if want("linear") { for c in BenchConfig.all { benchLinear(c, timer, report) } }
      if want("gemv") { for c in BenchConfig.all { benchGemv(c, timer, report) } }
      if want("attention") { for c in BenchConfig.all { benchAttention(c, timer, report) } }
      if want("cross_entropy") { benchCrossEntropy(timer, report) }
      if want("interplay") { benchInterplay(timer, report) }
      runs.append(got)
      if repeats > 1 { printErr("(run \(round) of \(repeats) done)") }
    }
    var rows = repeats == 1 ? runs[0] : (0..<runs[0].count).map { i in BenchRow.median(runs.map { $0[i] }) }
    if repeats > 1 { rows.forEach(show) }
    if want("allocs") {
      for row in AllocationCount.runChild(threads: Kernels.threads) { rows.append(row); show(row) }
    }
    if json { print("{\"threads\": \(Kernels.threads), \"rows\": [" + rows.map(\.json).joined(separator: ", ") + "]}") }
  }
}

/// Qwen2 configs of shared/reference/perf.md.
struct BenchConfig {
  let name: String, C: Int, I: Int, NH: Int, KVH: Int, V: Int
  var HS: Int { C / NH }
  static let all = [BenchConfig(name: "1M", C: 128, I: 512, NH: 4, KVH: 2, V: 4096),
                    BenchConfig(name: "10M", C: 256, I: 1024, NH: 4, KVH: 2, V: 4096),
                    BenchConfig(name: "50M", C: 512, I: 2048, NH: 8, KVH: 2, V: 4096)]
  /// (label, IC, OC, has bias) of each linear in a layer plus the lm_head.
  var linears: [(String, Int, Int, Bool)] {
    [("q_proj", C, C, true), ("k_proj", C, KVH * HS, true), ("o_proj", C, C, false),
     ("mlp_up", C, I, false), ("mlp_down", I, C, false), ("lm_head", C, V, false)]
  }
}

struct BenchRow {
  let kernel: String, shape: String, ours: Double, baseline: Double, unit: String
  var extra: [(String, Double)] = []
  var overrideRatio: Double?
  var ratio: Double { overrideRatio ?? (baseline > 0 ? ours / baseline : 0) }
  var text: String {
    let ex = extra.map { "\($0.0)=\(fmt($0.1))" }.joined(separator: " ")
    return "\(kernel)  \(shape)  \(fmt(ours))  \(fmt(baseline)) \(unit)  \(String(format: "%.2fx", ratio))\(ex.isEmpty ? "" : "  " + ex)"
  }
  var json: String {
    let ex = extra.map { ", \"\($0.0)\": \(num($0.1))" }.joined()
    return "{\"kernel\": \"\(kernel)\", \"shape\": \"\(shape)\", \"ours\": \(num(ours)), \"baseline\": \(num(baseline)), "
      + "\"ratio\": \(num(ratio)), \"unit\": \"\(unit)\"\(ex)}"
  }
  /// The same figure from several runs: medians of ours, baseline, ratio and each extra, plus the
  /// ratio's range (ratio_min, ratio_max) and the number of runs.
  static func median(_ runs: [BenchRow]) -> BenchRow {
    func med(_ v: [Double]) -> Double {
      let s = v.sorted(), n = s.count
      return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2
    }
    let first = runs[0]
    precondition(runs.allSatisfy { $0.kernel == first.kernel && $0.shape == first.shape }, "bench rows out of step")
    let ratios = runs.map(\.ratio)
    var extra = first.extra.indices.map { i in (first.extra[i].0, med(runs.map { $0.extra[i].1 })) }
    extra += [("ratio_min", ratios.min()!), ("ratio_max", ratios.max()!), ("runs", Double(runs.count))]
    return BenchRow(kernel: first.kernel, shape: first.shape, ours: med(runs.map(\.ours)), baseline: med(runs.map(\.baseline)),
                    unit: first.unit, extra: extra, overrideRatio: med(ratios))
  }

  private func fmt(_ x: Double) -> String { String(format: x >= 100 ? "%.0f" : "%.2f", x) }
  private func num(_ x: Double) -> String { x.isFinite ? String(format: "%.4g", x) : "null" }
}

/// Best-of-batches timing, ours and baseline taking turns (three batches each per turn). Before each
/// turn the process idles for `pause` seconds so the other side's threads are asleep: OpenBLAS's
/// workers spin for ~0.1 s after a call (2^28 cycles, its default THREAD_TIMEOUT) and our pool's for a
/// moment; without the pause the side measured second shares its second core with the first side's
/// spinning thread (measured: 1-row GEMV ratios swung 0.74-1.53x from run to run).
struct BenchTimer {
  let seconds: Double
  var pause: Double = 0.15

  static func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

  /// Seconds per call of `ours` and of `base` (best batch of each).
  func compare(_ ours: () -> Void, _ base: () -> Void) -> (Double, Double) {
    ours(); base()  // warm-up (scratch touched, OpenBLAS threads started)
    let t0 = Self.now(); ours(); let one = max(Self.now() - t0, 1e-7)
    let perBatch = max(1, Int(seconds / 20 / one))
    var bestO = Double.infinity, bestB = Double.infinity
    let deadline = Self.now() + seconds + 8 * pause
    var turns = 0
    func turn(_ f: () -> Void, _ best: inout Double) {
      if pause > 0 { usleep(UInt32(pause * 1e6)) }
      for _ in 0..<3 {
        let s = Self.now(); for _ in 0..<perBatch { f() }; best = min(best, (Self.now() - s) / Double(perBatch))
      }
    }
    while turns < 4 || (Self.now() < deadline && turns < 16) {
      turn(ours, &bestO)
      turn(base, &bestB)
      turns += 1
    }
    return (bestO, bestB)
  }
}

/// Aligned fp32 scratch filled with small deterministic values.
func benchFloats(_ n: Int, seed: Int = 1) -> UnsafeMutablePointer<Float> {
  let p = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1) * 4, alignment: 64).bindMemory(to: Float.self, capacity: max(n, 1))
  var s = UInt32(truncatingIfNeeded: seed &* 2654435761)
  for i in 0..<n { s = s &* 1664525 &+ 1013904223; p[i] = Float(Int32(bitPattern: s) >> 8) / Float(1 << 23) * 0.5 }
  return p
}

func benchHalves(_ src: UnsafePointer<Float>, _ n: Int, _ dtype: DType) -> UnsafeMutablePointer<UInt16> {
  let p = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1) * 2, alignment: 64).bindMemory(to: UInt16.self, capacity: max(n, 1))
  Half.fromFloat(p, src, count: n, dtype: dtype)
  return p
}

func rawSgemmNT(_ c: UnsafeMutablePointer<Float>, _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, M: Int, N: Int, K: Int) {
  cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(M), Int32(N), Int32(K), 1, a, Int32(K), b, Int32(K), 0, c, Int32(N))
}

func benchLinear(_ c: BenchConfig, _ timer: BenchTimer, _ report: (BenchRow) -> Void) {
  let N = 2048
  for (label, IC, OC, hasBias) in c.linears {
    let x = benchFloats(N * IC), w = benchFloats(OC * IC, seed: 2), bias = benchFloats(OC, seed: 3)
    let y = benchFloats(N * OC), dy = benchFloats(N * OC, seed: 4), dx = benchFloats(N * IC), dw = benchFloats(OC * IC)
    defer { for p in [x, w, bias, y, dy, dx, dw] { p.deallocate() } }
    let flops = 2.0 * Double(N * IC * OC)
    let shape = "\(c.name) \(label) \(N)x\(IC)->\(OC)"
    if c.name == "10M" && label == "q_proj" {  // the measurement's own spread: a call vs itself
      let sgemm = { rawSgemmNT(y, x, w, M: N, N: OC, K: IC) }
      let (o, r) = timer.compare(sgemm, sgemm)
      report(BenchRow(kernel: "noise_sgemm", shape: shape + " sgemm vs itself", ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s"))
    }
    var (o, r) = timer.compare({ Linear.forward(out: y, inp: x, weight: w, bias: nil, N: N, IC: IC, OC: OC) },
                               { rawSgemmNT(y, x, w, M: N, N: OC, K: IC) })
    report(BenchRow(kernel: "linear_fwd", shape: shape, ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s"))
    if hasBias {  // q/k/v carry a bias in Qwen2; the raw sgemm baseline does not add one
      (o, r) = timer.compare({ Linear.forward(out: y, inp: x, weight: w, bias: bias, N: N, IC: IC, OC: OC) },
                             { rawSgemmNT(y, x, w, M: N, N: OC, K: IC) })
      report(BenchRow(kernel: "linear_fwd+bias", shape: shape, ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s"))
    }
    (o, r) = timer.compare({
      Linear.backward(dinp: dx, dweight: dw, dbias: nil, dout: dy, inp: x, weight: w, N: N, IC: IC, OC: OC)
    }, {
      cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(N), Int32(IC), Int32(OC), 1, dy, Int32(OC), w, Int32(IC), 0, dx, Int32(IC))
      cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(OC), Int32(IC), Int32(N), 1, dy, Int32(OC), x, Int32(IC), 1, dw, Int32(IC))
    })
    report(BenchRow(kernel: "linear_bwd", shape: shape, ours: 2 * flops / o * 1e-9, baseline: 2 * flops / r * 1e-9, unit: "GFLOP/s"))
    if label == "mlp_up" || label == "lm_head" {  // bf16 weights at training shapes: widen + sgemm
      let wh = benchHalves(w, OC * IC, .bf16), scratch = benchFloats(OC * IC)
      defer { wh.deallocate(); scratch.deallocate() }
      (o, r) = timer.compare({
        HalfLinear.forward(out: y, inp: x, weight: wh, dtype: .bf16, bias: nil, N: N, IC: IC, OC: OC, scratch: scratch)
      }, { rawSgemmNT(y, x, w, M: N, N: OC, K: IC) })
      report(BenchRow(kernel: "bf16_linear_fwd", shape: shape, ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s"))
    }
  }
}

func benchGemv(_ c: BenchConfig, _ timer: BenchTimer, _ report: (BenchRow) -> Void) {
  for (label, IC, OC) in [("mlp_up", c.C, c.I), ("mlp_down", c.I, c.C), ("lm_head", c.C, c.V)] {
    let w = benchFloats(OC * IC, seed: 5)
    defer { w.deallocate() }
    for M in [1, 8] {
      let x = benchFloats(M * IC, seed: 6), y = benchFloats(M * OC)
      defer { x.deallocate(); y.deallocate() }
      let flops = 2.0 * Double(M * IC * OC)
      if c.name == "10M" && label == "mlp_down" && M == 1 {  // the measurement's own spread: a call vs itself
        let sgemv = { cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(OC), Int32(IC), 1, w, Int32(IC), x, 1, 0, y, 1) }
        let (o, r) = timer.compare(sgemv, sgemv)
        report(BenchRow(kernel: "noise_sgemv", shape: "\(c.name) \(label) \(M)x\(IC)->\(OC) sgemv vs itself",
                        ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s"))
      }
      for dtype in [DType.bf16, .f16] {
        let wh = benchHalves(w, OC * IC, dtype)
        defer { wh.deallocate() }
        let (o, r) = timer.compare({
          HalfGemv.forward(out: y, x: x, w: wh, dtype: dtype, bias: nil, M: M, IC: IC, OC: OC)
        }, {
          if M == 1 {
            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(OC), Int32(IC), 1, w, Int32(IC), x, 1, 0, y, 1)
          } else {
            rawSgemmNT(y, x, w, M: M, N: OC, K: IC)
          }
        })
        let bytes = Double(OC * IC)
        report(BenchRow(kernel: "\(dtype)_gemv", shape: "\(c.name) \(label) \(M)x\(IC)->\(OC) vs fp32 \(M == 1 ? "sgemv" : "sgemm")",
                        ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s",
                        extra: [("ours_weights_GBps", 2 * bytes / o * 1e-9), ("baseline_weights_GBps", 4 * bytes / r * 1e-9)]))
      }
      if c.name != "1M" { benchGemvCold(c.name, label, M: M, IC: IC, OC: OC, x: x, y: y, timer, report) }
    }
  }
}

/// Decode as it really runs: each call reads a different weight matrix (a model's worth, > L3), so
/// weights stream from DRAM instead of sitting in cache between calls as in the rows above.
func benchGemvCold(_ name: String, _ label: String, M: Int, IC: Int, OC: Int, x: UnsafePointer<Float>,
                   y: UnsafeMutablePointer<Float>, _ timer: BenchTimer, _ report: (BenchRow) -> Void) {
  let copies = max(2, min(64, (96 << 20) / (OC * IC * 4)))  // >= 96 MiB of fp32 weights in rotation
  let ws = (0..<copies).map { benchFloats(OC * IC, seed: 20 + $0) }
  let hs = ws.map { benchHalves($0, OC * IC, .bf16) }
  defer { ws.forEach { $0.deallocate() }; hs.forEach { $0.deallocate() } }
  var i = 0, j = 0
  let (o, r) = timer.compare({
    HalfGemv.forward(out: y, x: x, w: hs[i], dtype: .bf16, bias: nil, M: M, IC: IC, OC: OC)
    i = (i + 1) % copies
  }, {
    if M == 1 {
      cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(OC), Int32(IC), 1, ws[j], Int32(IC), x, 1, 0, y, 1)
    } else {
      rawSgemmNT(y, x, ws[j], M: M, N: OC, K: IC)
    }
    j = (j + 1) % copies
  })
  let flops = 2.0 * Double(M * IC * OC), bytes = Double(OC * IC)
  report(BenchRow(kernel: "bf16_gemv_cold", shape: "\(name) \(label) \(M)x\(IC)->\(OC) x\(copies) matrices vs fp32 \(M == 1 ? "sgemv" : "sgemm")",
                  ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s",
                  extra: [("ours_weights_GBps", 2 * bytes / o * 1e-9), ("baseline_weights_GBps", 4 * bytes / r * 1e-9)]))
}

func benchAttention(_ c: BenchConfig, _ timer: BenchTimer, _ report: (BenchRow) -> Void) {
  let B = 8, T = 256, HS = c.HS
  let nq = B * T * c.NH * HS, nk = B * T * c.KVH * HS
  let q = benchFloats(nq, seed: 7), k = benchFloats(nk, seed: 8), v = benchFloats(nk, seed: 9), dy = benchFloats(nq, seed: 10)
  let out = benchFloats(nq), lse = benchFloats(B * c.NH * T), dq = benchFloats(nq), dk = benchFloats(nk), dv = benchFloats(nk)
  let scratch = benchFloats(max(Attention.forwardScratchCount(B: B, NH: c.NH, Tk: T),
                                Attention.backwardScratchCount(B: B, KVH: c.KVH, T: T), BenchBaselines.attentionScratchCount(T: T)))
  defer { for p in [q, k, v, dy, out, lse, dq, dk, dv, scratch] { p.deallocate() } }
  let (o, r) = timer.compare({
    Attention.forward(out: out, lse: lse, q: q, k: k, v: v, segments: nil, scratch: scratch, B: B, T: T, NH: c.NH, KVH: c.KVH, HS: HS)
    Attention.backward(dq: dq, dk: dk, dv: dv, dout: dy, q: q, k: k, v: v, out: out, lse: lse, segments: nil, scratch: scratch,
                       B: B, T: T, NH: c.NH, KVH: c.KVH, HS: HS)
  }, {
    BenchBaselines.attentionForwardBackward(out: out, dq: dq, dk: dk, dv: dv, q: q, k: k, v: v, dout: dy, scratch: scratch,
                                            B: B, T: T, NH: c.NH, KVH: c.KVH, HS: HS)
  })
  let flops = 12.0 * Double(B * c.NH * HS) * Double(T * (T + 1) / 2)  // causal: 2 fwd + 4 bwd matmuls
  report(BenchRow(kernel: "attention_fwd+bwd", shape: "\(c.name) B\(B) T\(T) NH\(c.NH) KVH\(c.KVH) HS\(HS) vs sgemm+softmax",
                  ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s (causal)"))
}

func benchCrossEntropy(_ timer: BenchTimer, _ report: (BenchRow) -> Void) {
  let N = 2048, V = 4096
  let z = benchFloats(N * V, seed: 11), d = benchFloats(N * V), losses = benchFloats(N), lse = benchFloats(N), ent = benchFloats(N)
  let targets = UnsafeMutablePointer<Int32>.allocate(capacity: N)
  defer { for p in [z, d, losses, lse, ent] { p.deallocate() }; targets.deallocate() }
  for n in 0..<N { targets[n] = Int32((n * 7919) % V) }
  var (o, r) = timer.compare({
    CrossEntropy.forwardBackward(losses: losses, dlogits: d, logits: z, targets: targets, weights: nil, lossScale: 1 / Float(N), N: N, V: V)
  }, {
    BenchBaselines.crossEntropy(losses: losses, dlogits: d, logits: z, targets: targets, lossScale: 1 / Float(N), N: N, V: V)
  })
  report(BenchRow(kernel: "cross_entropy_fwd+bwd", shape: "N\(N) V\(V) vs two-pass libm", ours: Double(N) / o * 1e-3,
                  baseline: Double(N) / r * 1e-3, unit: "ktok/s"))
  (o, r) = timer.compare({
    CrossEntropy.logProbs(logp: losses, lse: lse, entropy: ent, logits: z, targets: targets, N: N, V: V)
    CrossEntropy.logProbsBackward(dlogits: d, dlogp: losses, dentropy: nil, logits: z, targets: targets, lse: lse, entropy: ent, N: N, V: V)
  }, {
    BenchBaselines.crossEntropy(losses: losses, dlogits: d, logits: z, targets: targets, lossScale: 1, N: N, V: V)
  })
  report(BenchRow(kernel: "logprobs+entropy_fwd+bwd", shape: "N\(N) V\(V) vs two-pass libm", ours: Double(N) / o * 1e-3,
                  baseline: Double(N) / r * 1e-3, unit: "ktok/s"))
}

/// Our parallel loops right after OpenBLAS threaded GEMMs (OpenBLAS's threads spin after each call):
/// time of (sgemm + RMSNorm) alternating vs the two measured back to back alone.
func benchInterplay(_ timer: BenchTimer, _ report: (BenchRow) -> Void) {
  let N = 2048, C = 256, OC = 1024
  let x = benchFloats(N * C), w = benchFloats(OC * C, seed: 2), y = benchFloats(N * OC), nw = benchFloats(C, seed: 3)
  let r = benchFloats(N), o = benchFloats(N * C)
  defer { for p in [x, w, y, nw, r, o] { p.deallocate() } }
  let (gemm, _) = timer.compare({ rawSgemmNT(y, x, w, M: N, N: OC, K: C) }, {})
  let (norm, _) = timer.compare({ RMSNorm.forward(out: o, rstd: r, inp: x, weight: nw, N: N, C: C, eps: 1e-6) }, {})
  let (both, _) = timer.compare({
    rawSgemmNT(y, x, w, M: N, N: OC, K: C)
    RMSNorm.forward(out: o, rstd: r, inp: x, weight: nw, N: N, C: C, eps: 1e-6)
  }, {})
  report(BenchRow(kernel: "sgemm_then_rmsnorm", shape: "\(N)x\(C)->\(OC) + rmsnorm (ours: alternating, base: alone summed)",
                  ours: 1 / both, baseline: 1 / (gemm + norm), unit: "pairs/s",
                  extra: [("gemm_us", gemm * 1e6), ("rmsnorm_us", norm * 1e6), ("alternating_us", both * 1e6)]))
}
