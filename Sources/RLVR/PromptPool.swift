// The train pool of an RLVR run: at most 100 encoded prompts (the study's limit), visited in a
// seeded order that covers every example once per epoch, with an optional difficulty filter by step
// (the curriculum). The cursor (epoch, position) lives in the resume state, so a resumed run draws
// exactly the prompts the uninterrupted one would have.
import Seeded

public struct PromptPool: Sendable {
  public let prompts: [[Int]]
  /// Difficulty label of each prompt (K&K: people count).
  public let difficulty: [String]
  public let seed: UInt64

  public init(prompts: [[Int]], difficulty: [String], seed: UInt64) {
    precondition(!prompts.isEmpty && prompts.count == difficulty.count, "PromptPool: \(prompts.count) prompts, \(difficulty.count) labels")
    self.prompts = prompts; self.difficulty = difficulty; self.seed = seed
  }

  public var count: Int { prompts.count }

  /// The visiting order of `epoch`: a seeded permutation (Fisher-Yates over SeededRNG).
  public func order(epoch: Int) -> [Int] {
    var rng = SeededRNG(seed: seed, stream: UInt64(epoch) &+ 0x5EED)
    var idx = Array(0..<count)
    if count > 1 { for i in stride(from: count - 1, to: 0, by: -1) { idx.swapAt(i, rng.below(i + 1)) } }
    return idx
  }

  /// Draws the next `count` prompt indices whose difficulty is in `allowed` (nil or empty: any),
  /// advancing the cursor; nil when no prompt of the pool is allowed. Each epoch's order is made once.
  public func draw(_ count: Int, epoch: inout Int, position: inout Int, allowed: [String]?) -> [Int]? {
    let allow = allowed.flatMap { $0.isEmpty ? nil : Set($0) }
    if let allow, !difficulty.contains(where: allow.contains) { return nil }
    var ord = order(epoch: epoch)
    var out: [Int] = []
    while out.count < count {
      if position >= self.count { epoch += 1; position = 0; ord = order(epoch: epoch) }
      let i = ord[position]
      position += 1
      if allow == nil || allow!.contains(difficulty[i]) { out.append(i) }
    }
    return out
  }
}
