import Foundation
import Testing
@testable import Kernels

/// Writes c * 1000 + i into its chunk's slots of a (chunks, 1000) buffer, optionally running a nested
/// parallel loop inside (which must fall back to serial, not deadlock).
private struct Fill: ChunkTask {
  let out: UnsafeMutablePointer<Int>, nested: Bool
  func run(chunk c: Int) {
    if nested {
      Parallel.forEach(10, Inner(out: out + c * 1000, base: c * 1000))
    } else {
      for i in 0..<1000 { out[c * 1000 + i] = c * 1000 + i }
    }
  }
}

private struct Inner: ChunkTask {
  let out: UnsafeMutablePointer<Int>, base: Int
  func run(chunk c: Int) { for i in (c * 100)..<((c + 1) * 100) { out[i] = base + i } }
}

@Sendable private func fillAndCheck(nested: Bool) -> Bool {
  let chunks = 300
  var a = [Int](repeating: -1, count: chunks * 1000)
  a.withUnsafeMutableBufferPointer { Parallel.forEach(chunks, Fill(out: $0.baseAddress!, nested: nested)) }
  return a == Array(0..<(chunks * 1000))
}

@Test func everyChunkRunsExactlyOnceIncludingNestedAndConcurrentCalls() {
  #expect(withThreads(2) { fillAndCheck(nested: false) })
  #expect(withThreads(2) { fillAndCheck(nested: true) })
  // Two threads using the pool at once: one gets it, the other runs serially; both complete correctly.
  let results = UnsafeMutablePointer<Bool>.allocate(capacity: 2)
  defer { results.deallocate() }
  let box = UnsafeSendable(results)
  DispatchQueue.concurrentPerform(iterations: 2) { t in
    var ok = true
    for _ in 0..<20 { ok = ok && fillAndCheck(nested: t == 1) }
    box.value[t] = ok
  }
  #expect(results[0] && results[1])
}

@Test func rangeChunksDependOnlyOnSize() {
  // Chunk boundaries are a function of (n, grain, maxChunks): the reduction order cannot change.
  #expect(Parallel.chunkCount(1000, grain: 64) == 16)
  #expect(Parallel.chunkCount(0, grain: 64) == 1)
  #expect(Parallel.chunkCount(1 << 20, grain: 1, maxChunks: 64) == 64)
  let n = 1001, chunks = 7
  let covered = (0..<chunks).flatMap { Array(Parallel.range($0, of: chunks, n)) }
  #expect(covered == Array(0..<n))
}

private struct UnsafeSendable<T>: @unchecked Sendable {
  let value: T
  init(_ value: T) { self.value = value }
}

/// Marks each chunk it runs with whether a thread other than `caller` ran it, after ~0.2 ms of work.
private struct Mark: ChunkTask {
  let ranElsewhere: UnsafeMutablePointer<Bool>, caller: pthread_t
  func run(chunk c: Int) {
    let t0 = DispatchTime.now().uptimeNanoseconds
    while DispatchTime.now().uptimeNanoseconds - t0 < 200_000 {}
    ranElsewhere[c] = pthread_equal(pthread_self(), caller) == 0
  }
}

@Test func sleepingWorkersWakeForTheNextJob() {
  // Jobs 5 ms apart: the workers spin briefly, then sleep on the condvar, and the next job must wake
  // them (the caller signals only when some worker counts itself asleep). A missed wake-up would leave
  // the caller running every chunk of every later job. Other tests may hold the pool meanwhile (a job
  // then runs serially), so this asks for 3 helped jobs within 60, not for all of them.
  let marks = UnsafeMutablePointer<Bool>.allocate(capacity: 8)
  defer { marks.deallocate() }
  let helped = withThreads(2) { () -> Int in
    var n = 0
    for _ in 0..<60 where n < 3 {
      usleep(5_000)
      marks.initialize(repeating: false, count: 8)
      Parallel.forEach(8, Mark(ranElsewhere: marks, caller: pthread_self()))
      if (0..<8).contains(where: { marks[$0] }) { n += 1 }
    }
    return n
  }
  #expect(helped == 3, "a worker took part in only \(helped) of 60 jobs that followed a sleep")
}
