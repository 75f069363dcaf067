// In Training, not Warmup: pretraining (Sources/Pretrain) and warmup both train through it, and stages are siblings.
// The SFT data pipeline, part 2: epochs, optimizer steps and micro-batches. Each epoch is a seeded
// permutation of the examples (stream = epoch, so any step can be rebuilt from (seed, epoch, step)
// alone: what makes `--resume` exact). An optimizer step takes `batchSize` examples; they are
// sorted by length and cut into length-bucketed micro-batches of at most `microBatchTokens` padded
// tokens, whose gradients accumulate before one update.
import Seeded

public struct SFTBatches {
  public let examples: [SFTExample]
  public let batchSize: Int
  public let microBatchTokens: Int
  public let seed: UInt64
  public let pad: Int
  private var cachedEpoch = -1
  private var order: [Int] = []

  public init(examples: [SFTExample], batchSize: Int, microBatchTokens: Int, seed: UInt64, pad: Int) {
    precondition(!examples.isEmpty && batchSize >= 1 && microBatchTokens >= 1, "SFTBatches: empty data or bad sizes")
    self.examples = examples; self.batchSize = batchSize; self.microBatchTokens = microBatchTokens
    self.seed = seed; self.pad = pad
  }

  /// Steps per epoch (a last partial batch is kept: every example is seen once per epoch).
  public var stepsPerEpoch: Int { (examples.count + batchSize - 1) / batchSize }

  /// The example indices of step `index` of `epoch`.
  public mutating func indices(epoch: Int, step index: Int) -> [Int] {
    precondition(index >= 0 && index < stepsPerEpoch, "SFTBatches: step \(index) out of 0..<\(stepsPerEpoch)")
    if epoch != cachedEpoch {
      order = Array(examples.indices)
      var rng = SeededRNG(seed: seed, stream: UInt64(epoch))
      rng.shuffle(&order)
      cachedEpoch = epoch
    }
    return Array(order[(index * batchSize)..<min((index + 1) * batchSize, order.count)])
  }

  /// The micro-batches of step `index` of `epoch`.
  public mutating func microBatches(epoch: Int, step index: Int) -> [WeightedBatch] {
    let idx = indices(epoch: epoch, step: index)
    return SFTBatches.bucket(idx.map { examples[$0] }, microBatchTokens: microBatchTokens, pad: pad)
  }

  /// Longest first, ties by input order; a micro-batch grows while rows x longest <= the budget
  /// (a single example longer than the budget gets a micro-batch of its own).
  public static func bucket(_ exs: [SFTExample], microBatchTokens: Int, pad: Int) -> [WeightedBatch] {
    let sorted = exs.enumerated().sorted { a, b in
      a.element.count != b.element.count ? a.element.count > b.element.count : a.offset < b.offset
    }.map(\.element)
    var out: [WeightedBatch] = []
    var cur: [SFTExample] = []
    for e in sorted {
      let longest = max(cur.first?.count ?? 0, e.count)
      if !cur.isEmpty && (cur.count + 1) * longest > microBatchTokens {
        out.append(WeightedBatch(sequences: cur.map(\.ids), weights: cur.map(\.weights), pad: pad))
        cur = []
      }
      cur.append(e)
    }
    if !cur.isEmpty { out.append(WeightedBatch(sequences: cur.map(\.ids), weights: cur.map(\.weights), pad: pad)) }
    return out
  }
}
