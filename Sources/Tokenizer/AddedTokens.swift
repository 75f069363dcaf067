// Added tokens (specials like <|im_end|>, and extra tokens like <tool_call>): found in the text
// before pre-tokenization, leftmost first and longest at a given start, as HF's AddedVocabulary.

public struct AddedToken: Sendable, Equatable {
  public var id: Int
  public var content: String
  /// Skipped by `decode(skipSpecial: true)`.
  public var special: Bool
  /// Swallow whitespace to the left / right of the match.
  public var lstrip: Bool
  public var rstrip: Bool
  /// Match only where no letter or digit touches either side.
  public var singleWord: Bool
  /// Matched in the normalized text (true) or in the raw text (false).
  public var normalized: Bool

  public init(id: Int, content: String, special: Bool, lstrip: Bool = false, rstrip: Bool = false,
              singleWord: Bool = false, normalized: Bool = false) {
    self.id = id; self.content = content; self.special = special
    self.lstrip = lstrip; self.rstrip = rstrip; self.singleWord = singleWord; self.normalized = normalized
  }
}

/// A piece of input: raw text to run through the pipeline, or one added token.
enum Segment {
  case text(Int, Int)  // byte range [start, end)
  case token(Int)
}

/// Finds added tokens in UTF-8 bytes.
struct AddedTokenMatcher: Sendable {
  let tokens: [(bytes: [UInt8], token: AddedToken)]
  /// first byte -> indices into `tokens`, longest first.
  let byFirstByte: [[Int]]
  /// first byte -> whether any token starts with it (the fast path of the scan).
  let starts: [Bool]

  init?(_ list: [AddedToken]) {
    let usable = list.filter { !$0.content.isEmpty }
    guard !usable.isEmpty else { return nil }
    tokens = usable.map { (Array($0.content.utf8), $0) }
    var table = [[Int]](repeating: [], count: 256)
    for (i, t) in tokens.enumerated() { table[Int(t.bytes[0])].append(i) }
    let toks = tokens
    starts = table.map { !$0.isEmpty }
    byFirstByte = table.map { $0.sorted { toks[$0].bytes.count > toks[$1].bytes.count || (toks[$0].bytes.count == toks[$1].bytes.count && $0 < $1) } }
  }

  /// Calls `body` with the segments of `buf` in order.
  func split(_ buf: UnsafeBufferPointer<UInt8>, _ body: (Segment) -> Void) {
    let n = buf.count
    var textStart = 0, i = 0
    while i < n {
      if !starts.withUnsafeBufferPointer({ $0[Int(buf[i])] }) { i += 1; continue }
      let cands = byFirstByte[Int(buf[i])]
      var matched = -1
      for c in cands where matches(tokens[c], buf, at: i) { matched = c; break }
      guard matched >= 0 else { i += 1; continue }
      let t = tokens[matched]
      var s = i, e = i + t.bytes.count
      if t.token.lstrip {
        while s > textStart {
          let p = previousStart(buf, s)
          guard p >= textStart, Self.isSpace(scalarAt(buf, p)) else { break }
          s = p
        }
      }
      if t.token.rstrip {
        while e < n, Self.isSpace(scalarAt(buf, e)) { e += Qwen2Scanner(p: buf.baseAddress!, n: n).scalar(e).1 }
      }
      if s > textStart { body(.text(textStart, s)) }
      body(.token(t.token.id))
      textStart = e
      i = e
    }
    if textStart < n { body(.text(textStart, n)) }
  }

  private func matches(_ t: (bytes: [UInt8], token: AddedToken), _ buf: UnsafeBufferPointer<UInt8>, at i: Int) -> Bool {
    let m = t.bytes.count
    guard i + m <= buf.count else { return false }
    for k in 0..<m where buf[i + k] != t.bytes[k] { return false }
    if t.token.singleWord {
      if i > 0, Self.isWordChar(scalarBefore(buf, i)) { return false }
      if i + m < buf.count, Self.isWordChar(scalarAt(buf, i + m)) { return false }
    }
    return true
  }

  /// Unicode White_Space, as Rust's char::is_whitespace that HF's lstrip/rstrip use.
  @inline(__always) static func isSpace(_ v: UInt32) -> Bool {
    let k = CharClass.of(v)
    return k == .space || k == .newline
  }

  static func isWordChar(_ v: UInt32) -> Bool {
    v == 0x5F || CharClass.of(v) == .letter || CharClass.of(v) == .number
  }

  private func scalarAt(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
    Qwen2Scanner(p: buf.baseAddress!, n: buf.count).scalar(i).0
  }

  private func previousStart(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
    var j = i - 1
    while j > 0 && buf[j] & 0xC0 == 0x80 { j -= 1 }
    return j
  }

  private func scalarBefore(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt32 {
    scalarAt(buf, previousStart(buf, i))
  }
}
