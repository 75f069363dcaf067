// Key/value cache for decoding: per layer, K and V of shape (R, S, KVH*HS) for R rows of capacity S
// positions each; every row has its own length, so prompts of different lengths need no padding.
import Kernels

public final class KVCache {
  public let rows: Int      // R
  public let capacity: Int  // S
  let kvDim: Int
  let keys: [AlignedBuffer]    // L x (R, S, KVH*HS), after RoPE
  let values: [AlignedBuffer]  // L x (R, S, KVH*HS)
  /// Cached positions per row.
  public internal(set) var lengths: [Int]

  public init(config c: Qwen2Config, rows: Int, capacity: Int) {
    precondition(rows >= 1 && capacity >= 1, "KVCache: rows \(rows) and capacity \(capacity) must be >= 1")
    self.rows = rows
    self.capacity = capacity
    kvDim = c.kvDim
    keys = (0..<c.numHiddenLayers).map { _ in AlignedBuffer(byteCount: rows * capacity * c.kvDim * 4) }
    values = (0..<c.numHiddenLayers).map { _ in AlignedBuffer(byteCount: rows * capacity * c.kvDim * 4) }
    lengths = [Int](repeating: 0, count: rows)
  }

  /// Bytes held by the cache.
  public var byteCount: Int { 2 * keys.count * rows * capacity * kvDim * 4 }

  func k(_ layer: Int, row: Int) -> UnsafeMutablePointer<Float> { keys[layer].floats() + row * capacity * kvDim }
  func v(_ layer: Int, row: Int) -> UnsafeMutablePointer<Float> { values[layer].floats() + row * capacity * kvDim }

  /// Forgets row `r` (its slot can take a new sequence).
  public func reset(row r: Int) { lengths[r] = 0 }
}

/// The cached keys and values of one row's first `length` positions (a prompt prefilled once and
/// shared by every sample drawn from it).
public struct KVPrefix {
  public let length: Int
  let keys: [[Float]], values: [[Float]]  // L x (length * kvDim)
}

extension KVCache {
  /// Copies row `r`'s cached positions out.
  public func snapshot(row r: Int) -> KVPrefix {
    let n = lengths[r] * kvDim
    return KVPrefix(length: lengths[r],
                    keys: keys.indices.map { Array(UnsafeBufferPointer(start: k($0, row: r), count: n)) },
                    values: values.indices.map { Array(UnsafeBufferPointer(start: v($0, row: r), count: n)) })
  }

  /// Makes row `r` hold exactly `p`'s positions (bitwise the K/V its own prefill would have written).
  public func restore(_ p: KVPrefix, row r: Int) {
    precondition(p.length <= capacity, "KVCache.restore: prefix of \(p.length) positions > capacity \(capacity)")
    for l in keys.indices {
      p.keys[l].withUnsafeBufferPointer { k(l, row: r).update(from: $0.baseAddress!, count: $0.count) }
      p.values[l].withUnsafeBufferPointer { v(l, row: r).update(from: $0.baseAddress!, count: $0.count) }
    }
    lengths[r] = p.length
  }
}
