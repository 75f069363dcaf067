// Per-thread, grow-only fp32 workspace for kernels whose inner blocking needs more room than the
// caller's scratch gives (attention backward's query blocks). Grows (allocates) only when a thread
// first needs more; steady-state calls allocate nothing. Freed when the thread exits.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

enum ThreadScratch {
  struct Header {
    var capacity: Int
    var floats: UnsafeMutablePointer<Float>
  }

  /// Independent workspaces per thread: slot 0 for kernels' own blocking, slot 1 for a buffer the
  /// calling thread shares with the workers of one call (BF16Gemm's packed B).
  static let key0 = makeKey(), key1 = makeKey()

  static func makeKey() -> pthread_key_t {
    var k = pthread_key_t()
    pthread_key_create(&k) { raw in
      guard let raw else { return }
      let h = raw.assumingMemoryBound(to: Header.self)
      h.pointee.floats.deallocate()
      h.deallocate()
    }
    return k
  }

  /// At least `count` floats owned by the calling thread (contents undefined). Valid until the next
  /// call on this thread with a larger count.
  static func floats(_ count: Int, slot: Int = 0) -> UnsafeMutablePointer<Float> {
    let key = slot == 0 ? key0 : key1
    if let raw = pthread_getspecific(key) {
      let h = raw.assumingMemoryBound(to: Header.self)
      if h.pointee.capacity >= count { return h.pointee.floats }
      h.pointee.floats.deallocate()
      h.pointee.capacity = count
      h.pointee.floats = allocate(count)
      return h.pointee.floats
    }
    let h = UnsafeMutablePointer<Header>.allocate(capacity: 1)
    h.initialize(to: Header(capacity: count, floats: allocate(count)))
    pthread_setspecific(key, h)
    return h.pointee.floats
  }

  private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer.allocate(byteCount: max(count, 16) * 4, alignment: 64)
      .bindMemory(to: Float.self, capacity: max(count, 16))
  }
}
