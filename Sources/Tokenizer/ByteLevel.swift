// GPT-2's byte-level alphabet: every byte maps to one printable Unicode scalar, so a byte string
// becomes a token string with no spaces or control characters (space -> "Ġ", newline -> "Ċ").

enum ByteLevel {
  /// byte -> scalar value (bytes_to_unicode in GPT-2's encoder.py).
  static let byteToScalar: [UInt32] = {
    var table = [UInt32](repeating: 0, count: 256)
    var printable = [Bool](repeating: false, count: 256)
    for b in 0x21...0x7E { printable[b] = true }
    for b in 0xA1...0xAC { printable[b] = true }
    for b in 0xAE...0xFF { printable[b] = true }
    var n: UInt32 = 0
    for b in 0..<256 {
      if printable[b] { table[b] = UInt32(b) } else { table[b] = 256 + n; n += 1 }
    }
    return table
  }()

  /// scalar value -> byte, for scalars below 324 (the alphabet's range); -1 where none.
  static let scalarToByte: [Int16] = {
    var table = [Int16](repeating: -1, count: 324)
    for b in 0..<256 { table[Int(byteToScalar[b])] = Int16(b) }
    return table
  }()

  /// The byte-level string of raw bytes.
  static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
    var s = String()
    s.reserveCapacity(bytes.count * 2)
    for b in bytes { s.unicodeScalars.append(Unicode.Scalar(byteToScalar[Int(b)])!) }
    return s
  }

  /// The raw bytes of a byte-level string, or nil when a scalar is outside the alphabet.
  static func decode(_ token: String) -> [UInt8]? {
    var out: [UInt8] = []
    out.reserveCapacity(token.utf8.count)
    for u in token.unicodeScalars {
      let v = Int(u.value)
      guard v < scalarToByte.count, scalarToByte[v] >= 0 else { return nil }
      out.append(UInt8(scalarToByte[v]))
    }
    return out
  }

  /// The 256 alphabet strings in code-point order (the order HF's trainer assigns their ids).
  static var sortedAlphabet: [(byte: UInt8, token: String)] {
    (0..<256).map { (UInt8($0), String(Unicode.Scalar(byteToScalar[$0])!)) }
      .sorted { byteToScalar[Int($0.byte)] < byteToScalar[Int($1.byte)] }
  }
}

/// A byte string as a dictionary key, hashed in one call over its bytes ([UInt8]'s own hashing
/// feeds the hasher one element at a time, several times slower on 151k-token vocabularies).
struct ByteKey: Hashable, Sendable {
  var bytes: [UInt8]
  init(_ bytes: [UInt8]) { self.bytes = bytes }
  func hash(into h: inout Hasher) { bytes.withUnsafeBytes { h.combine(bytes: $0) } }
  static func == (a: ByteKey, b: ByteKey) -> Bool { a.bytes == b.bytes }
}
