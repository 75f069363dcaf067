// 64-byte aligned, uninitialised-then-zeroed heap storage owned by a class (freed on deinit).

/// A fixed-size, 64-byte aligned byte buffer. Reference type: views share it without copying.
public final class AlignedBuffer: @unchecked Sendable {
  public static let alignment = 64
  public let byteCount: Int
  public let raw: UnsafeMutableRawPointer

  /// Allocates `byteCount` bytes, zero-filled.
  public init(byteCount: Int) {
    precondition(byteCount >= 0, "AlignedBuffer: negative byte count \(byteCount)")
    self.byteCount = byteCount
    raw = UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: Self.alignment)
    raw.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
  }

  deinit { raw.deallocate() }

  public func floats(_ count: Int? = nil) -> UnsafeMutablePointer<Float> {
    precondition((count ?? 0) * 4 <= byteCount, "AlignedBuffer: \(count ?? 0) floats exceed \(byteCount) bytes")
    return raw.assumingMemoryBound(to: Float.self)
  }

  public func halves(_ count: Int? = nil) -> UnsafeMutablePointer<UInt16> {
    precondition((count ?? 0) * 2 <= byteCount, "AlignedBuffer: \(count ?? 0) halves exceed \(byteCount) bytes")
    return raw.assumingMemoryBound(to: UInt16.self)
  }
}
