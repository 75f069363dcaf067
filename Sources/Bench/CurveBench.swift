// `warmrl bench curve`: the same training run in fp32 and in bf16 compute (bf16 operands, fp32
// accumulation), side by side: same init, same batches, same optimizer; the per-step losses and how far
// apart they drift. The data is learnable (random tokens would keep the loss at ln V): each row walks a
// fixed random Markov chain over the vocabulary (every token has `branches` equally likely successors),
// so the loss falls from ~ln V towards ln(branches) as the model learns the table.
import Foundation
import JSON
import Kernels
import Model
import Seeded
import Training

public enum CurveBench {
  public struct Result: Sendable {
    /// Per-step training loss (mean over predicted tokens), fp32 then bf16 compute.
    public var fp32: [Double], bf16: [Double]
    /// Seconds per run.
    public var fp32Seconds: Double, bf16Seconds: Double
    /// Moving average of `window` steps.
    public static func smooth(_ x: [Double], window: Int) -> [Double] {
      var out: [Double] = [], s = 0.0
      for (i, v) in x.enumerated() {
        s += v
        if i >= window { s -= x[i - window] }
        out.append(s / Double(min(i + 1, window)))
      }
      return out
    }
  }

  /// Rows of `length` tokens from the chain (seeded; the same for both runs).
  static func chainBatch(table: [[Int]], rows: Int, length: Int, rng: inout SeededRNG) -> WeightedBatch {
    let V = table.count, w = 1 / Float(rows * (length - 1))
    let seqs = (0..<rows).map { _ -> [Int] in
      var t = rng.below(V), s: [Int] = []
      for _ in 0..<length {
        s.append(t)
        t = table[t][rng.below(table[t].count)]
      }
      return s
    }
    return WeightedBatch(sequences: seqs, weights: seqs.map { $0.map { _ in w } }, pad: 0)
  }

  /// Trains `steps` steps in each precision (one after the other) and returns both curves.
  public static func run(shape: Qwen2Config, rows: Int, length: Int, steps: Int, lr: Double, branches: Int = 4,
                         seed: UInt64 = 0, log: (String) -> Void = { _ in }) throws -> Result {
    var rng = SeededRNG(seed: seed, stream: 1)
    let V = shape.vocabSize
    let table = (0..<V).map { _ in (0..<branches).map { _ in rng.below(V) } }
    var curves: [[Double]] = [], seconds: [Double] = []
    for compute in [ComputePrecision.fp32, .bf16] {
      let model = Qwen2Model(config: shape, dtype: .f32)
      model.randomInit(seed: seed)
      model.compute = compute
      let t = Qwen2Trainable(model: model, optim: OptimConfig(schedule: LRSchedule(kind: .constant, peak: lr), weightDecay: 0.01),
                             tokenizerDirectory: nil)
      var data = SeededRNG(seed: seed, stream: 2)
      var losses: [Double] = []
      let t0 = FS.now()
      for step in 0..<steps {
        let batch = chainBatch(table: table, rows: rows, length: length, rng: &data)
        t.zeroGradients()
        let loss = try t.accumulateGradients(batch, scale: 1)
        let norm = t.gradientNorm()
        t.optimizerStep(lr: lr, gradScale: GradClip.coefficient(norm: norm, maxNorm: 1))
        losses.append(Double(loss))
        if step % 50 == 0 || step == steps - 1 { log("\(model.compute.rawValue) step \(step): loss \(String(format: "%.4f", loss))") }
      }
      seconds.append(FS.now() - t0)
      curves.append(losses)
    }
    return Result(fp32: curves[0], bf16: curves[1], fp32Seconds: seconds[0], bf16Seconds: seconds[1])
  }

  /// Summary: the smoothed curves' largest gap (absolute and relative to fp32) after `skip` steps, and at
  /// checkpoints along the run.
  public static func summary(_ r: Result, window: Int = 10, skip: Int = 10) -> JSONObject {
    let a = Result.smooth(r.fp32, window: window), b = Result.smooth(r.bf16, window: window)
    var worstAbs = 0.0, worstRel = 0.0, at = 0
    for i in min(skip, a.count - 1)..<a.count {
      let d = abs(a[i] - b[i])
      if d > worstAbs { worstAbs = d; at = i }
      worstRel = max(worstRel, d / a[i])
    }
    var o = JSONObject()
    o["steps"] = .int(r.fp32.count)
    o["window"] = .int(window)
    o["max_abs_gap_smoothed"] = .double(worstAbs)
    o["max_abs_gap_step"] = .int(at)
    o["max_rel_gap_smoothed"] = .double(worstRel)
    var marks = [0, 10, 25, 50, 100, 150, 200, 250].filter { $0 < a.count - 1 }
    marks.append(a.count - 1)
    o["checkpoints"] = .array(marks.map { i in
      .object(JSONObject(pairs: [("step", .int(i)), ("fp32", .double((a[i] * 1e4).rounded() / 1e4)),
                                 ("bf16_compute", .double((b[i] * 1e4).rounded() / 1e4))]))
    })
    o["fp32_seconds"] = .double((r.fp32Seconds * 10).rounded() / 10)
    o["bf16_compute_seconds"] = .double((r.bf16Seconds * 10).rounded() / 10)
    return o
  }
}
