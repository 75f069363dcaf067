// FNV-1a, 64 bits: the project's one stable hash (not cryptographic). Fixed here so that what it
// decides never depends on the stdlib's per-process hashing: the train/test partition of generated
// questions, config and data fingerprints, checkpoint identity. Beside the RNG as the other half of
// "same inputs, same bytes".

public struct FNV1a64: Sendable, Equatable {
  public var value: UInt64 = 0xcbf2_9ce4_8422_2325

  public init() {}

  // Inlinable: specialised for each byte sequence at the caller (a trace file is megabytes).
  @inlinable
  public mutating func add<S: Sequence>(_ bytes: S) where S.Element == UInt8 {
    for b in bytes { value = (value ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
  }

  /// The value as 16 lower-case hex digits.
  public var hex: String {
    let s = String(value, radix: 16)
    return String(repeating: "0", count: 16 - s.count) + s
  }

  /// The hash of `bytes` (e.g. a string's `utf8`).
  @inlinable
  public static func hash<S: Sequence>(_ bytes: S) -> FNV1a64 where S.Element == UInt8 {
    var h = FNV1a64()
    h.add(bytes)
    return h
  }
}
