// NFC as HF tokenizers computes it, on top of the stdlib's normaliser. Two repairs:
// 1. Swift 6.3's `_nfcCodeUnits` leaves the marks of decomposed composites in decomposition
//    order instead of canonical order ("t\u{F81}\u{F81}" -> t F71 F80 F71 F80; Unicode says
//    t F71 F71 F80 F80). Runs of combining marks out of canonical order are stably sorted by
//    combining class and the text normalised again (then equal to Python's NFC on 30k fuzzed
//    strings of combining marks).
// 2. HF's normaliser (unicode-normalization-alignments) carries old Unicode tables (before 13):
//    newer combining marks are starters to it and newer compositions do not happen. Such scalars
//    (`olderInHF`, found by probing HF on every scalar and on all pairs of the scripts with new
//    compositions) are passed through verbatim and cut the text into separately normalised runs.

enum NFC {
  /// The NFC form of UTF-8 `bytes` (valid UTF-8), as HF computes it.
  static func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    guard let base = bytes.baseAddress else { return [] }
    let scan = Qwen2Scanner(p: base, n: bytes.count)
    var out: [UInt8] = []
    var runStart = 0, i = 0
    while i < bytes.count {
      let (v, l) = scan.scalar(i)
      if v >= 0x7FD && isOlderInHF(v) {
        out += normalizeRun(UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
        out += bytes[i..<(i + l)]
        runStart = i + l
      }
      i += l
    }
    if runStart == 0 { return normalizeRun(bytes) }
    out += normalizeRun(UnsafeBufferPointer(rebasing: bytes[runStart...]))
    return out
  }

  /// Scalars whose normalisation HF's old tables do not know (see the file header).
  static let olderInHF: [ClosedRange<UInt32>] = [
    0x7FD...0x7FD, 0x897...0x89F, 0x8CA...0x8D3, 0x9FE...0x9FE, 0xC3C...0xC3C, 0xD3B...0xD3C,
    0xEBA...0xEBA, 0x1715...0x1715, 0x1ABF...0x1ADD, 0x1AE0...0x1AEB, 0x1DF6...0x1DFA, 0xA82C...0xA82C,
    0x10D24...0x10D27, 0x10D69...0x10D6D, 0x10EAB...0x10EAC, 0x10EFA...0x10EFB, 0x10EFD...0x10EFF,
    0x10F46...0x10F50, 0x10F82...0x10F85, 0x11070...0x11070, 0x1133B...0x1133B, 0x11382...0x11382,
    0x11384...0x11384, 0x1138B...0x1138B, 0x11390...0x11390, 0x113B8...0x113B8, 0x113BB...0x113BB,
    0x113C2...0x113C2, 0x113C5...0x113C5, 0x113C7...0x113C9, 0x113CE...0x113D0, 0x1145E...0x1145E,
    0x11839...0x1183A, 0x11930...0x11930, 0x11935...0x11935, 0x1193D...0x1193E, 0x11943...0x11943,
    0x119E0...0x119E0, 0x11A34...0x11A34, 0x11A47...0x11A47, 0x11A99...0x11A99, 0x11D42...0x11D42,
    0x11D44...0x11D45, 0x11D97...0x11D97, 0x11F41...0x11F42, 0x1611E...0x16129, 0x1612F...0x1612F,
    0x16D63...0x16D63, 0x16D67...0x16D69, 0x16FF0...0x16FF1, 0x1E08F...0x1E08F, 0x1E130...0x1E136,
    0x1E2AE...0x1E2AE, 0x1E2EC...0x1E2EF, 0x1E4EC...0x1E4EF, 0x1E5EE...0x1E5EF, 0x1E6E3...0x1E6E3,
    0x1E6E6...0x1E6E6, 0x1E6EE...0x1E6EF, 0x1E6F5...0x1E6F5,
  ]

  static func isOlderInHF(_ v: UInt32) -> Bool {
    var lo = 0, hi = olderInHF.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if olderInHF[mid].upperBound < v { lo = mid + 1 } else { hi = mid }
    }
    return lo < olderInHF.count && olderInHF[lo].contains(v)
  }

  static func normalizeRun(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    guard bytes.count > 0 else { return [] }
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
