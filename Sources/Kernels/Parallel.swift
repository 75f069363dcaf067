// Our parallel loop: work split into a fixed number of chunks that depends only on the problem size
// (never on the thread count), so any per-chunk partial results combine in the same order and the
// output bytes are identical with 1 or N threads.
//
// Hot kernels describe their loop body as a small struct (ChunkTask / RangeTask) holding the pointers
// it needs, instead of a closure: handing a non-escaping closure to another thread needs
// `withoutActuallyEscaping`, which heap-allocates a box on every call (measured), and kernels must
// not allocate. The closure form stays for code that is not hot.
import Foundation

/// A loop body run once per chunk index; must only write memory that chunk owns.
public protocol ChunkTask {
  func run(chunk c: Int)
}

/// A loop body run once per contiguous item range; must only write memory those items own.
/// Keep conforming types non-generic: workers call them through the witness table, where a generic
/// type's hot loop would run unspecialised.
public protocol RangeTask {
  func run(_ r: Range<Int>)
}

extension ChunkTask {
  /// Type-erased entry used by the worker pool: call `run` on the task stored at `p`.
  static func invoke(_ p: UnsafeRawPointer, _ c: Int) { p.assumingMemoryBound(to: Self.self).pointee.run(chunk: c) }
}

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

  /// Runs `task.run(chunk: c)` for every c in 0..<chunks, on this thread and the pool's workers
  /// (threads > 1) or serially (threads == 1). Which thread runs a chunk never changes the result.
  public static func forEach<T: ChunkTask>(_ chunks: Int, _ task: T) {
    let t = min(threads, chunks)
    if t > 1, #available(macOS 15, *), WorkerPool.shared.run(chunks: chunks, task) { return }
    // One thread, or the pool is busy (a nested or concurrent call): the same chunks, serially.
    if reverseSerialOrder {
      for c in (0..<chunks).reversed() { task.run(chunk: c) }
    } else {
      for c in 0..<chunks { task.run(chunk: c) }
    }
  }

  /// Splits 0..<n into chunks of at least `grain` items (at most `maxChunks`) and runs `task` on each.
  public static func forRanges<T: RangeTask>(_ n: Int, grain: Int, maxChunks: Int = 64, _ task: T) {
    let chunks = chunkCount(n, grain: grain, maxChunks: maxChunks)
    forEach(chunks, RangeChunks(task: task, n: n, chunks: chunks))
  }

  /// Closure form, for code that is not hot (one small heap allocation per call).
  public static func forEach(_ chunks: Int, _ body: (Int) -> Void) {
    withoutActuallyEscaping(body) { body in forEach(chunks, ClosureChunks(body: body)) }
  }

  /// Closure form of `forRanges`, for code that is not hot.
  public static func forRanges(_ n: Int, grain: Int, _ body: (Range<Int>) -> Void) {
    let chunks = chunkCount(n, grain: grain)
    forEach(chunks) { c in body(range(c, of: chunks, n)) }
  }
}

struct RangeChunks<T: RangeTask>: ChunkTask {
  let task: T, n: Int, chunks: Int
  @inline(__always) func run(chunk c: Int) { task.run(Parallel.range(c, of: chunks, n)) }
}

struct ClosureChunks: ChunkTask {
  let body: (Int) -> Void
  func run(chunk c: Int) { body(c) }
}
