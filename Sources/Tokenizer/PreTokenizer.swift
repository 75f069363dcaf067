// Qwen2's pre-tokenizer split, as a hand-written scanner over the UTF-8 bytes of the text.
// It reproduces Oniguruma's leftmost-first backtracking on the pattern
//   (?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+
// alternative by alternative (numbered 1-7 below). Every scalar is matched by some alternative,
// so pieces tile the text with no gaps ("Isolated" behaviour needs nothing more).

/// The split patterns we implement. Files declaring another pattern are refused at load time.
public enum PreTokenizerKind: Sendable, Equatable {
  case qwen2

  /// The exact regex text that selects this kind in a tokenizer.json.
  public static let qwen2Pattern =
    #"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+"#
}

/// Character classes the pattern distinguishes. `space` is \s minus CR/LF; `other` is
/// [^\s\p{L}\p{N}].
enum CharClass: UInt8 {
  case letter, number, space, newline, other

  /// Classes of the Basic Multilingual Plane, computed once (64 KB; Unicode property lookups
  /// were the top cost of encoding CJK and other non-Latin text).
  static let bmp: [CharClass] = (0..<0x10000).map { classify(UInt32($0)) }

  @inline(__always) static func of(_ v: UInt32) -> CharClass {
    v < 0x10000 ? bmp.withUnsafeBufferPointer { $0[Int(v)] } : classify(v)
  }

  static func classify(_ v: UInt32) -> CharClass {
    if v == 0x0A || v == 0x0D { return .newline }
    guard let u = Unicode.Scalar(v) else { return .other }
    let p = u.properties
    let k: CharClass
    switch p.generalCategory {
    case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: k = .letter
    case .decimalNumber, .letterNumber, .otherNumber: k = .number
    default: return p.isWhitespace ? .space : .other
    }
    return isNewerThanHF(v) ? .other : k
  }

  /// Letters and numbers added in Unicode 17, which Swift 6.3's tables know and HF tokenizers'
  /// Oniguruma (Unicode 16) does not: there they are unassigned, hence [^\s\p{L}\p{N}].
  /// Found by Tests/TokenizerTests/Resources/make_classes.py over every scalar.
  static let unicode17Additions: [ClosedRange<UInt32>] = [
    0x88F...0x88F, 0xC5C...0xC5C, 0xCDC...0xCDC, 0xA7CE...0xA7CF, 0xA7D2...0xA7D2, 0xA7D4...0xA7D4,
    0xA7F1...0xA7F1, 0x10940...0x10959, 0x10EC5...0x10EC7, 0x11DB0...0x11DDB, 0x11DE0...0x11DE9,
    0x16EA0...0x16EB8, 0x16EBB...0x16ED3, 0x16FF2...0x16FF6, 0x187F8...0x187FF, 0x18D09...0x18D1E,
    0x18D80...0x18DF2, 0x1E6C0...0x1E6DE, 0x1E6E0...0x1E6E2, 0x1E6E4...0x1E6E5, 0x1E6E7...0x1E6ED,
    0x1E6F0...0x1E6F4, 0x1E6FE...0x1E6FF, 0x2B73A...0x2B73F, 0x2CEA2...0x2CEAD, 0x323B0...0x33479,
  ]

  static func isNewerThanHF(_ v: UInt32) -> Bool {
    var lo = 0, hi = unicode17Additions.count
    while lo < hi {
      let mid = (lo + hi) / 2
      if unicode17Additions[mid].upperBound < v { lo = mid + 1 } else { hi = mid }
    }
    return lo < unicode17Additions.count && unicode17Additions[lo].contains(v)
  }
}

/// Splits UTF-8 text (valid UTF-8, as from a Swift String) into pre-token byte ranges.
struct Qwen2Scanner {
  let p: UnsafePointer<UInt8>
  let n: Int

  /// Decodes the scalar starting at byte `i`: (value, length in bytes).
  @inline(__always) func scalar(_ i: Int) -> (UInt32, Int) {
    let b0 = UInt32(p[i])
    if b0 < 0x80 { return (b0, 1) }
    if b0 < 0xE0 { return (((b0 & 0x1F) << 6) | (UInt32(p[i + 1]) & 0x3F), 2) }
    if b0 < 0xF0 {
      return (((b0 & 0x0F) << 12) | ((UInt32(p[i + 1]) & 0x3F) << 6) | (UInt32(p[i + 2]) & 0x3F), 3)
    }
    return (((b0 & 0x07) << 18) | ((UInt32(p[i + 1]) & 0x3F) << 12) | ((UInt32(p[i + 2]) & 0x3F) << 6)
      | (UInt32(p[i + 3]) & 0x3F), 4)
  }

  @inline(__always) func cls(_ i: Int) -> CharClass { CharClass.of(scalar(i).0) }

  /// Case folding for the contraction alternative; U+017F (long s) folds to "s" under
  /// Unicode simple case folding, and Oniguruma honours that (checked against HF).
  @inline(__always) static func fold(_ v: UInt32) -> UInt32 {
    if v >= 0x41 && v <= 0x5A { return v + 0x20 }
    if v == 0x17F { return 0x73 }
    return v
  }

  /// Calls `body(start, end)` for each piece, in order.
  func forEachPiece(_ body: (Int, Int) -> Void) {
    var i = 0
    while i < n {
      let e = pieceEnd(i)
      body(i, e)
      i = e
    }
  }

  func pieceEnd(_ i: Int) -> Int {
    let (c, l0) = scalar(i)
    let k0 = CharClass.of(c)
    let i1 = i + l0
    // 1. (?i:'s|'t|'re|'ve|'m|'ll|'d)
    if c == 0x27 && i1 < n {
      let (a, la) = scalar(i1)
      let fa = Self.fold(a)
      switch fa {
      case 0x73, 0x74, 0x6D, 0x64: return i1 + la  // s t m d
      case 0x72, 0x76, 0x6C:  // r v l
        if i1 + la < n {
          let (b, lb) = scalar(i1 + la)
          let want: UInt32 = fa == 0x6C ? 0x6C : 0x65
          if Self.fold(b) == want { return i1 + la + lb }
        }
      default: break
      }
    }
    // 2. [^\r\n\p{L}\p{N}]?\p{L}+
    if k0 == .letter { return letterRun(i1) }
    if k0 != .newline && k0 != .number && i1 < n {
      let (x, lx) = scalar(i1)
      if CharClass.of(x) == .letter { return letterRun(i1 + lx) }
    }
    // 3. \p{N}
    if k0 == .number { return i1 }
    // 4. ' ?[^\s\p{L}\p{N}]+[\r\n]*'
    if k0 == .other { return otherRun(i1) }
    if c == 0x20 && i1 < n && cls(i1) == .other { return otherRun(i1 + scalar(i1).1) }
    // 5-7: c is whitespace. Take the whole run, remembering the last CR/LF and the last scalar.
    var j = i, afterLastNewline = -1, lastStart = i
    while j < n {
      let (x, lx) = scalar(j)
      let k = CharClass.of(x)
      guard k == .space || k == .newline else { break }
      lastStart = j
      j += lx
      if k == .newline { afterLastNewline = j }
    }
    // 5. \s*[\r\n]+ : \s* backtracks to the last CR/LF of the run.
    if afterLastNewline >= 0 { return afterLastNewline }
    // 6. \s+(?!\S) : the whole run at end of text, else the run minus its last scalar.
    if j == n { return j }
    if lastStart > i { return lastStart }
    // 7. \s+
    return j
  }

  @inline(__always) func letterRun(_ from: Int) -> Int {
    var j = from
    while j < n {
      let (x, lx) = scalar(j)
      guard CharClass.of(x) == .letter else { break }
      j += lx
    }
    return j
  }

  /// [^\s\p{L}\p{N}]* then [\r\n]*.
  @inline(__always) func otherRun(_ from: Int) -> Int {
    var j = from
    while j < n {
      let (x, lx) = scalar(j)
      guard CharClass.of(x) == .other else { break }
      j += lx
    }
    while j < n && (p[j] == 0x0A || p[j] == 0x0D) { j += 1 }
    return j
  }
}

extension PreTokenizerKind {
  /// The pieces of `text` as strings (for tests and the trainer).
  public func split(_ text: String) -> [String] {
    var text = text
    return text.withUTF8 { buf -> [String] in
      guard let base = buf.baseAddress, buf.count > 0 else { return [] }
      var out: [String] = []
      Qwen2Scanner(p: base, n: buf.count).forEachPiece { s, e in
        out.append(String(decoding: UnsafeBufferPointer(start: base + s, count: e - s), as: UTF8.self))
      }
      return out
    }
  }
}
