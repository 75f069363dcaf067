// NFC exactly as HF tokenizers computes it. The stdlib's normaliser (`_nfcCodeUnits`, also behind
// Foundation's) is not usable here: Swift 6.3 leaves the marks of decomposed composites out of
// canonical order ("t\u{F81}\u{F81}" -> t F71 F80 F71 F80, Unicode says t F71 F71 F80 F80) and
// composes across blocking marks; and HF's normaliser carries tables older than Unicode 13, so
// newer marks and compositions must be left alone anyway. This is the UAX #15 algorithm over
// the tables of NFCData.swift (generated from Python's unicodedata, minus what HF does not know):
// full canonical decomposition, canonical ordering, canonical composition.

enum NFC {
  /// NFC of UTF-8 `bytes` (valid UTF-8); input with nothing to normalize is returned as is.
  static func normalize(_ bytes: UnsafeBufferPointer<UInt8>) -> [UInt8] {
    guard let base = bytes.baseAddress else { return [] }
    let scan = Qwen2Scanner(p: base, n: bytes.count)
    var i = 0, quiet = true
    while i < bytes.count {
      let (v, l) = scan.scalar(i)
      if v >= 0x300 && tables.needsWork(v) { quiet = false; break }
      i += l
    }
    if quiet { return Array(bytes) }
    var scalars: [UInt32] = []
    scalars.reserveCapacity(bytes.count)
    i = 0
    while i < bytes.count {
      let (v, l) = scan.scalar(i)
      tables.decompose(v, into: &scalars)
      i += l
    }
    tables.reorder(&scalars)
    tables.compose(&scalars)
    var s = String()
    s.unicodeScalars.append(contentsOf: scalars.map { Unicode.Scalar($0)! })
    return Array(s.utf8)
  }

  static let tables = Tables()

  struct Tables: Sendable {
    var decomposition: [UInt32: (UInt32, UInt32)] = [:]  // second == 0: singleton
    var composition: [UInt64: UInt32] = [:]
    var combiningClass: [UInt32: UInt8] = [:]
    /// BMP scalars that may change under NFC: decomposable, combining, or second in a pair.
    var bmpWork = [Bool](repeating: false, count: 0x10000)
    var secondOfPair = Set<UInt32>()

    // Hangul syllables are composed and decomposed algorithmically (Unicode 3.12).
    static let sBase: UInt32 = 0xAC00, lBase: UInt32 = 0x1100, vBase: UInt32 = 0x1161, tBase: UInt32 = 0x11A7
    static let lCount: UInt32 = 19, vCount: UInt32 = 21, tCount: UInt32 = 28, sCount: UInt32 = 11172

    init() {
      for item in NFC.decompositionText.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let excluded = item.hasSuffix("!")
        let parts = item.dropLast(excluded ? 1 : 0).split(separator: ":")
        let cp = UInt32(parts[0], radix: 16)!
        let d = parts[1].split(separator: ",").map { UInt32($0, radix: 16)! }
        decomposition[cp] = (d[0], d.count > 1 ? d[1] : 0)
        if d.count == 2 && !excluded {
          composition[UInt64(d[0]) << 32 | UInt64(d[1])] = cp
          secondOfPair.insert(d[1])
        }
      }
      for item in NFC.combiningClassText.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
        let parts = item.split(separator: ":")
        let range = parts[0].split(separator: "-").map { UInt32($0, radix: 16)! }
        for v in range[0]...range[1] { combiningClass[v] = UInt8(parts[1])! }
      }
      for v in decomposition.keys where v < 0x10000 { bmpWork[Int(v)] = true }
      for v in combiningClass.keys where v < 0x10000 { bmpWork[Int(v)] = true }
      for v in secondOfPair where v < 0x10000 { bmpWork[Int(v)] = true }
      for v in Self.vBase..<(Self.vBase + Self.vCount) { bmpWork[Int(v)] = true }
      for v in (Self.tBase + 1)..<(Self.tBase + Self.tCount) { bmpWork[Int(v)] = true }
      for v in Self.sBase..<(Self.sBase + Self.sCount) { bmpWork[Int(v)] = true }
    }

    @inline(__always) func needsWork(_ v: UInt32) -> Bool {
      if v < 0x10000 { return bmpWork.withUnsafeBufferPointer { $0[Int(v)] } }
      return decomposition[v] != nil || combiningClass[v] != nil || secondOfPair.contains(v)
    }

    @inline(__always) func ccc(_ v: UInt32) -> UInt8 { v < 0x300 ? 0 : combiningClass[v] ?? 0 }

    /// Appends the full canonical decomposition of `v`.
    func decompose(_ v: UInt32, into out: inout [UInt32]) {
      if v >= Self.sBase && v < Self.sBase + Self.sCount {
        let s = v - Self.sBase
        out.append(Self.lBase + s / (Self.vCount * Self.tCount))
        out.append(Self.vBase + (s % (Self.vCount * Self.tCount)) / Self.tCount)
        if s % Self.tCount != 0 { out.append(Self.tBase + s % Self.tCount) }
        return
      }
      guard v >= 0xC0, let (a, b) = decomposition[v] else { out.append(v); return }
      decompose(a, into: &out)
      if b != 0 { decompose(b, into: &out) }
    }

    /// Canonical ordering: each run of non-starters stably sorted by combining class.
    func reorder(_ s: inout [UInt32]) {
      var i = 0
      while i < s.count {
        guard ccc(s[i]) != 0 else { i += 1; continue }
        var j = i + 1
        while j < s.count && ccc(s[j]) != 0 { j += 1 }
        if j - i > 1 {
          // Insertion sort: stable, and runs are short.
          for k in (i + 1)..<j {
            let x = s[k], cx = ccc(x)
            var m = k
            while m > i && ccc(s[m - 1]) > cx { s[m] = s[m - 1]; m -= 1 }
            s[m] = x
          }
        }
        i = j
      }
    }

    func composePair(_ a: UInt32, _ b: UInt32) -> UInt32? {
      if a >= Self.lBase && a < Self.lBase + Self.lCount && b >= Self.vBase && b < Self.vBase + Self.vCount {
        return Self.sBase + ((a - Self.lBase) * Self.vCount + (b - Self.vBase)) * Self.tCount
      }
      if a >= Self.sBase && a < Self.sBase + Self.sCount && (a - Self.sBase) % Self.tCount == 0
        && b > Self.tBase && b < Self.tBase + Self.tCount {
        return a + (b - Self.tBase)
      }
      return composition[UInt64(a) << 32 | UInt64(b)]
    }

    /// Canonical composition: a mark joins the last starter unless blocked by a mark between
    /// them whose class is not lower than its own (or by a starter).
    func compose(_ s: inout [UInt32]) {
      var out: [UInt32] = []
      out.reserveCapacity(s.count)
      var starter = -1
      var lastClass: Int = -1  // -1: nothing appended since the starter
      for v in s {
        let c = Int(ccc(v))
        if starter >= 0 && (lastClass == -1 || lastClass < c), let m = composePair(out[starter], v) {
          out[starter] = m
          continue
        }
        if c == 0 { starter = out.count; lastClass = -1 } else { lastClass = c }
        out.append(v)
      }
      s = out
    }
  }
}
