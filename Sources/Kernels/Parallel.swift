// Our parallel loop: work split into a fixed number of chunks that depends only on the problem size
// (never on the thread count), so any per-chunk partial results combine in the same order and the
// output bytes are identical with 1 or N threads.
import Dispatch
import Foundation

public enum Parallel {
  nonisolated(unsafe) static var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
  /// Test hook: run serial loops last chunk first (results must not change).
  nonisolated(unsafe) static var reverseSerialOrder = false

  /// Number of chunks for `n` items with at least `grain` items per chunk (at most `maxChunks`).
  @inlinable
  public static func chunkCount(_ n: Int, grain: Int, maxChunks: Int = 64) -> Int {
    max(1, min(maxChunks, (n + grain - 1) / max(grain, 1)))
  }

  /// Item range of chunk `c` of `chunks` over `n` items (balanced, contiguous).
  @inlinable @inline(__always)
  public static func range(_ c: Int, of chunks: Int, _ n: Int) -> Range<Int> {
    (c * n / chunks)..<((c + 1) * n / chunks)
  }

  /// Runs `body(c)` for every chunk c in 0..<chunks, spread over the threads (chunk t, t+threads, ...).
  /// `body` must only write memory that chunk `c` owns.
  public static func forEach(_ chunks: Int, _ body: (Int) -> Void) {
    let t = min(threads, chunks)
    if t <= 1 {
      if reverseSerialOrder { for c in (0..<chunks).reversed() { body(c) } } else { for c in 0..<chunks { body(c) } }
      return
    }
    if #available(macOS 15, *) {
      if WorkerPool.shared.run(chunks: chunks, threads: t, body) { return }
      for c in 0..<chunks { body(c) }  // pool busy (nested or concurrent call): same chunks, serially
      return
    }
    withoutActuallyEscaping(body) { body in
      let box = UnsafeSendable(body)
      DispatchQueue.concurrentPerform(iterations: t) { worker in
        var c = worker
        while c < chunks { box.value(c); c += t }
      }
    }
  }

  /// Splits 0..<n into chunks of at least `grain` items and runs `body(range)` on each.
  @inlinable
  public static func forRanges(_ n: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let chunks = chunkCount(n, grain: grain)
    forEach(chunks) { c in body(range(c, of: chunks, n)) }
  }
}

/// Carries a non-Sendable value (a closure over raw pointers whose writes are disjoint) across threads.
struct UnsafeSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}
