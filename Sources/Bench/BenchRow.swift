// What every benchmark shares: the reference shapes, a row of ours beside a baseline (table line,
// JSON, median over repeated runs), the interleaved best-of-batches timer, scratch buffers.
import CBLAS
import Foundation
import Kernels
import Training

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

/// One figure of ours beside a baseline's.
public struct BenchRow {
  public let kernel: String, shape: String, ours: Double, baseline: Double, unit: String
  public var extra: [(String, Double)] = []
  public var overrideRatio: Double?

  public init(kernel: String, shape: String, ours: Double, baseline: Double, unit: String,
              extra: [(String, Double)] = [], overrideRatio: Double? = nil) {
    self.kernel = kernel; self.shape = shape; self.ours = ours; self.baseline = baseline; self.unit = unit
    self.extra = extra; self.overrideRatio = overrideRatio
  }

  public var ratio: Double { overrideRatio ?? (baseline > 0 ? ours / baseline : 0) }
  /// The table line.
  public var text: String {
    let ex = extra.map { "\($0.0)=\(fmt($0.1))" }.joined(separator: " ")
    return "\(kernel)  \(shape)  \(fmt(ours))  \(fmt(baseline)) \(unit)  \(String(format: "%.2fx", ratio))\(ex.isEmpty ? "" : "  " + ex)"
  }
  public var json: String {
    let ex = extra.map { ", \"\($0.0)\": \(num($0.1))" }.joined()
    return "{\"kernel\": \"\(kernel)\", \"shape\": \"\(shape)\", \"ours\": \(num(ours)), \"baseline\": \(num(baseline)), "
      + "\"ratio\": \(num(ratio)), \"unit\": \"\(unit)\"\(ex)}"
  }
  /// The same figure from several runs: medians of ours, baseline, ratio and each extra, plus the
  /// ratio's range (ratio_min, ratio_max) and the number of runs.
  public static func median(_ runs: [BenchRow]) -> BenchRow {
    let med = Training.median
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
