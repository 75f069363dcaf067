// `warmrl bench kernels`: our kernels beside a baseline measured in the same process.
//   matmul layer (Linear, HalfLinear) vs raw cblas_sgemm at the 1M/10M/50M Qwen2 shapes, 2048 tokens;
//   bf16/f16 GEMV (HalfGemv) vs fp32 cblas_sgemv (1 row) / cblas_sgemm (8 rows) at decode shapes;
//   attention forward+backward vs the sgemm-with-materialised-scores way; cross-entropy vs two-pass libm;
//   heap allocations per call of the hot kernels (malloc calls counted by the interposer below).
// Every figure is "higher is better"; ratio = ours / baseline. Times are the best of several batches,
// ours and baseline interleaved so both see the same machine load.
import CBLAS
import Foundation
import Kernels

/// The kernel benchmark's sections (the threads are the caller's: `Kernels.setThreads` first).
public struct KernelBench {
  /// Seconds of measurement per figure (split into batches; best batch kept).
  public var seconds: Double
  /// Only sections whose name contains this: linear, gemv, attention, cross_entropy, interplay, allocs.
  public var only: String?
  /// Timed sections run this many times; each figure is then the median over the runs.
  public var repeats: Int

  public init(seconds: Double = 0.3, only: String? = nil, repeats: Int = 1) {
    self.seconds = seconds; self.only = only; self.repeats = repeats
  }

  /// The table's first line.
  public static func header(threads: Int) -> String {
    "kernel  shape  ours  baseline  ratio (ours/baseline, higher is better)  [threads \(threads), OpenBLAS core \(OpenBLASCore.name)]"
  }

  /// `{"threads": N, "rows": [...]}`.
  public static func json(threads: Int, rows: [BenchRow]) -> String {
    "{\"threads\": \(threads), \"rows\": [" + rows.map(\.json).joined(separator: ", ") + "]}"
  }

  /// Runs the sections; each row goes to `show` as it is measured (with repeats, the medians at the
  /// end), progress lines to `log`. Returns every row.
  public func run(show: (BenchRow) -> Void, log: (String) -> Void = { _ in }) -> [BenchRow] {
    let timer = BenchTimer(seconds: seconds)
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
      if repeats > 1 { log("(run \(round) of \(repeats) done)") }
    }
    var rows = repeats == 1 ? runs[0] : (0..<runs[0].count).map { i in BenchRow.median(runs.map { $0[i] }) }
    if repeats > 1 { rows.forEach(show) }
    if want("allocs") {
      for row in AllocationCount.runChild(threads: Kernels.threads, log: log) { rows.append(row); show(row) }
    }
    return rows
  }
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
    if BF16Gemm.available {  // bf16 compute (operands rounded to bf16, fp32 accumulation) vs fp32 sgemm
      (o, r) = timer.compare({ Linear.forward(out: y, inp: x, weight: w, bias: nil, N: N, IC: IC, OC: OC, compute: .bf16) },
                             { rawSgemmNT(y, x, w, M: N, N: OC, K: IC) })
      report(BenchRow(kernel: "bf16c_linear_fwd", shape: shape, ours: flops / o * 1e-9, baseline: flops / r * 1e-9, unit: "GFLOP/s"))
      (o, r) = timer.compare({
        Linear.backward(dinp: dx, dweight: dw, dbias: nil, dout: dy, inp: x, weight: w, N: N, IC: IC, OC: OC, compute: .bf16)
      }, {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(N), Int32(IC), Int32(OC), 1, dy, Int32(OC), w, Int32(IC), 0, dx, Int32(IC))
        cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, Int32(OC), Int32(IC), Int32(N), 1, dy, Int32(OC), x, Int32(IC), 1, dw, Int32(IC))
      })
      report(BenchRow(kernel: "bf16c_linear_bwd", shape: shape, ours: 2 * flops / o * 1e-9, baseline: 2 * flops / r * 1e-9, unit: "GFLOP/s"))
    }
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
