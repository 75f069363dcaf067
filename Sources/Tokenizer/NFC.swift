// NFC through the stdlib's normaliser, plus one repair: Swift 6.3's `_nfcCodeUnits` leaves the
// marks of decomposed composites in decomposition order instead of canonical order
// ("t\u{F81}\u{F81}" -> t F71 F80 F71 F80, where Unicode (and HF's Rust normaliser) give
// t F71 F71 F80 F80). Runs of combining marks out of canonical order are stably sorted by
// combining class and the text normalised again.

enum NFC {
  /// The NFC form of UTF-8 `bytes` (valid UTF-8).
  static func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    var out = String(decoding: bytes, as: UTF8.self)._nfcCodeUnits
    for _ in 0..<4 {
      guard let fixed = reordered(out) else { return out }
      out = String(decoding: fixed, as: UTF8.self)._nfcCodeUnits
    }
    return out
  }

  @inline(__always) static func ccc(_ u: Unicode.Scalar) -> UInt8 {
    u.value < 0x300 ? 0 : UInt8(u.properties.canonicalCombiningClass.rawValue)
  }

  /// The text with every run of non-starters in canonical order, or nil when it already was.
  static func reordered(_ bytes: [UInt8]) -> [UInt8]? {
    let s = String(decoding: bytes, as: UTF8.self)
    // Quick check: any mark whose class is below the previous mark's class?
    var prev: UInt8 = 0, bad = false
    for u in s.unicodeScalars {
      let c = ccc(u)
      if c != 0 && c < prev { bad = true; break }
      prev = c
    }
    guard bad else { return nil }
    var scalars = Array(s.unicodeScalars)
    var i = 0
    while i < scalars.count {
      guard ccc(scalars[i]) != 0 else { i += 1; continue }
      var j = i
      while j < scalars.count && ccc(scalars[j]) != 0 { j += 1 }
      // Stable sort of the run by combining class (canonical ordering algorithm).
      let run = scalars[i..<j].enumerated().sorted { (ccc($0.element), $0.offset) < (ccc($1.element), $1.offset) }.map(\.element)
      scalars.replaceSubrange(i..<j, with: run)
      i = j
    }
    var out = String()
    out.unicodeScalars.append(contentsOf: scalars)
    return Array(out.utf8)
  }
}
