// Persistent worker threads for Parallel.forEach. DispatchQueue.concurrentPerform costs ~7 heap
// allocations and several microseconds per call (measured here), too much for a 20 µs decode GEMV;
// these workers spin briefly on an atomic generation counter after each job, then sleep on a condvar.
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
  private let generation = Atomic<Int>(0)
  private let remaining = Atomic<Int>(0)
  private let busy = Atomic<Bool>(false)
  private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
  private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
  // Written by the caller before `generation` is bumped (release), read by workers after (acquire).
  private var job: UnsafePointer<Job>?

  /// The task lives on the caller's stack; workers reach it through `task` and its type's `invoke`.
  struct Job {
    let task: UnsafeRawPointer
    let type: any ChunkTask.Type
    let width: Int
    let chunks: Int
  }

  static let shared = WorkerPool(workers: max(1, ProcessInfo.processInfo.activeProcessorCount) - 1)

  init(workers: Int) {
    self.workers = workers
    pthread_mutex_init(mutex, nil)
    pthread_cond_init(cond, nil)
    for w in 0..<workers {
      let t = Thread { [self] in self.loop(worker: w + 1) }
      t.name = "warmrl-kernels-\(w + 1)"
      t.start()
    }
  }

  /// Runs body(c) for c in 0..<chunks on up to `threads` threads (thread t takes t, t+width, ...).
  /// Returns false (having run nothing) when the pool is already in use.
  func run<T: ChunkTask>(chunks: Int, threads: Int, _ task: T) -> Bool {
    guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
    defer { busy.store(false, ordering: .releasing) }
    let w = min(threads, workers + 1, chunks)
    withUnsafePointer(to: task) { tp in
      var j = Job(task: UnsafeRawPointer(tp), type: T.self, width: w, chunks: chunks)
      withUnsafePointer(to: &j) { ptr in
        job = ptr
        remaining.store(workers, ordering: .relaxed)
        generation.add(1, ordering: .releasing)
        pthread_mutex_lock(mutex); pthread_cond_broadcast(cond); pthread_mutex_unlock(mutex)
        Self.runShare(ptr, worker: 0)
        while remaining.load(ordering: .acquiring) > 0 {}
        job = nil
      }
    }
    return true
  }

  @inline(never)
  private static func runShare(_ job: UnsafePointer<Job>, worker: Int) {
    let width = job.pointee.width, chunks = job.pointee.chunks, type = job.pointee.type, task = job.pointee.task
    var c = worker
    while c < chunks { type.invoke(task, c); c += width }
  }

  private func loop(worker: Int) {
    var seen = 0
    while true {
      var spins = 0
      while generation.load(ordering: .acquiring) == seen {
        spins += 1
        if spins > 200_000 {  // ~100 µs of spinning, then sleep until the next job
          pthread_mutex_lock(mutex)
          while generation.load(ordering: .acquiring) == seen { pthread_cond_wait(cond, mutex) }
          pthread_mutex_unlock(mutex)
        }
      }
      seen = generation.load(ordering: .acquiring)
      if let job, worker < job.pointee.width { Self.runShare(job, worker: worker) }
      remaining.subtract(1, ordering: .releasing)
    }
  }
}
