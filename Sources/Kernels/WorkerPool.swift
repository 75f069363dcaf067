// Persistent worker threads for Parallel.forEach. DispatchQueue.concurrentPerform costs ~7 heap
// allocations and several microseconds per call (measured here), too much for a 20 µs decode GEMV.
// Chunks are claimed dynamically from one atomic ticket (generation | front | back): the caller claims
// from the front, the workers from the back, so with a stable timing each core runs the same columns
// on every call and re-reads its weights from its own L2 (decode GEMV, issue #3). A worker the OS has
// not scheduled yet simply finds no chunk left and the caller does the work; results do not depend on
// who runs which chunk. Idle workers spin briefly, then sleep on a condvar.
// Starting a job allocates nothing. Nested or concurrent callers run serially (no deadlock).
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Foundation
import Synchronization

@available(macOS 15, *)
final class WorkerPool: @unchecked Sendable {
  /// Extra threads beside the caller's.
  let workers: Int
  /// generation (high 32 bits) | first unclaimed chunk (16 bits) | one past the last unclaimed (low 16 bits).
  private let ticket = Atomic<UInt64>(0)
  private let done = Atomic<Int>(0)
  private let busy = Atomic<Bool>(false)
  /// Workers inside (or about to enter) pthread_cond_wait.
  private let sleepers = Atomic<Int>(0)
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  // The current job; valid while any of its chunks is unclaimed or running (the caller waits for all).
  private var task: UnsafeRawPointer?
  private var type: (any ChunkTask.Type)?
  private var generation: UInt64 = 0

  static let shared = WorkerPool(workers: max(1, ProcessInfo.processInfo.activeProcessorCount) - 1)
  static let maxChunks = 0xFFFF
  /// Idle polls (a few µs) before a worker sleeps: long spinning steals a core from the OpenBLAS GEMM
  /// that usually follows our kernels, and a late-waking worker costs little since the caller claims
  /// chunks too (bench rows sgemm_then_rmsnorm and *_gemv were no worse with 0 polls than with 100k).
  static let spinLimit = 10_000

  init(workers: Int) {
    self.workers = workers
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(cond, nil)
    for w in 0..<workers {
      let t = Thread { [self] in self.loop() }
      t.name = "warmrl-kernels-\(w + 1)"
      t.start()
    }
  }

  /// Runs task.run(chunk:) for c in 0..<chunks on this thread and the workers.
  /// Returns false (having run nothing) when the pool is already in use or there are too many chunks.
  func run<T: ChunkTask>(chunks: Int, _ task: T) -> Bool {
    guard workers > 0, chunks <= Self.maxChunks,
          busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
    defer { busy.store(false, ordering: .releasing) }
    withUnsafePointer(to: task) { tp in
      self.task = UnsafeRawPointer(tp)
      self.type = T.self
      generation &+= 1
      let gen = generation & 0xFFFF_FFFF
      done.store(0, ordering: .relaxed)
      ticket.store(gen << 32 | UInt64(chunks), ordering: .sequentiallyConsistent)
      // Only a sleeping worker needs the condvar; spinning ones see the ticket (the store above is
      // ordered before this load, and a worker counts itself asleep under the mutex before rechecking).
      if sleepers.load(ordering: .sequentiallyConsistent) > 0 {
        pthread_mutex_lock(mutex); pthread_cond_broadcast(cond); pthread_mutex_unlock(mutex)
      }
      work(gen: gen, fromFront: true)
      var spins = 0
      while done.load(ordering: .acquiring) < chunks {
        spins += 1
        if spins & 1023 == 0 { sched_yield() }  // a claimed chunk's worker may be descheduled
      }
      self.task = nil
      self.type = nil
    }
    return true
  }

  /// Claims and runs chunks of generation `gen` until none is left: the first unclaimed one
  /// (`fromFront`, the caller) or the last (workers).
  private func work(gen: UInt64, fromFront: Bool) {
    while true {
      let t = ticket.load(ordering: .acquiring)
      let front = (t >> 16) & 0xFFFF, back = t & 0xFFFF
      guard t >> 32 == gen, front < back else { return }
      let (desired, chunk) = fromFront ? (t + (1 << 16), front) : (t - 1, back - 1)
      guard ticket.compareExchange(expected: t, desired: desired, ordering: .acquiringAndReleasing).exchanged else { continue }
      if let type, let task { type.invoke(task, Int(chunk)) }
      done.add(1, ordering: .releasing)
    }
  }

  private func loop() {
    var seen: UInt64 = 0
    while true {
      var spins = 0
      var gen = ticket.load(ordering: .acquiring) >> 32
      while gen == seen {
        spins += 1
        if spins > WorkerPool.spinLimit {  // spin briefly, then sleep until the next job
          pthread_mutex_lock(mutex)
          sleepers.add(1, ordering: .sequentiallyConsistent)
          while ticket.load(ordering: .sequentiallyConsistent) >> 32 == seen { pthread_cond_wait(cond, mutex) }
          sleepers.subtract(1, ordering: .relaxed)
          pthread_mutex_unlock(mutex)
        }
        gen = ticket.load(ordering: .acquiring) >> 32
      }
      seen = gen
      work(gen: gen, fromFront: false)
    }
  }
}
