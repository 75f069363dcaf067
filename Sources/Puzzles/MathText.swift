// Byte-level text helpers for the math verifier. Answers are LaTeX, i.e. ASCII in practice; working
// on UTF-8 bytes keeps a 200k-character completion linear and needs no Foundation.

typealias Bytes = [UInt8]

enum MathText {
  static func bytes(_ s: String) -> Bytes { Array(s.utf8) }
  static func string(_ b: some Collection<UInt8>) -> String { String(decoding: b, as: UTF8.self) }

  static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
  static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
  static func isSpace(_ c: UInt8) -> Bool { c == 32 || c == 9 || c == 10 || c == 13 }

  /// Whether `pat` occurs in `b` at `i`.
  static func hasPrefix(_ b: Bytes, _ pat: Bytes, at i: Int) -> Bool {
    guard i >= 0, i + pat.count <= b.count else { return false }
    for k in 0..<pat.count where b[i + k] != pat[k] { return false }
    return true
  }

  /// Replaces every occurrence of `pat` (left to right, non-overlapping). When `wordEnd` is set, a
  /// match must not be followed by a letter (so `\left` does not eat `\leftarrow`).
  static func replace(_ b: Bytes, _ pat: String, _ rep: String, wordEnd: Bool = false) -> Bytes {
    let p = bytes(pat), r = bytes(rep)
    guard !p.isEmpty, b.count >= p.count else { return b }
    var out = Bytes(); out.reserveCapacity(b.count)
    var i = 0
    while i < b.count {
      if b[i] == p[0], hasPrefix(b, p, at: i),
         !wordEnd || i + p.count >= b.count || !isLetter(b[i + p.count]) {
        out += r; i += p.count
      } else {
        out.append(b[i]); i += 1
      }
    }
    return out
  }

  /// Index of the brace closing the one at `open` (`b[open] == {`), skipping escaped `\{` `\}`.
  static func matchingBrace(_ b: Bytes, from open: Int) -> Int? {
    var depth = 0, i = open
    while i < b.count {
      let c = b[i]
      if c == 92 { i += 2; continue }  // backslash: skip the escaped character
      if c == 123 { depth += 1 } else if c == 125 { depth -= 1; if depth == 0 { return i } }
      i += 1
    }
    return nil
  }

  static func trim(_ b: Bytes) -> Bytes {
    var lo = 0, hi = b.count
    while lo < hi, isSpace(b[lo]) { lo += 1 }
    while hi > lo, isSpace(b[hi - 1]) { hi -= 1 }
    return Array(b[lo..<hi])
  }

  /// Splits at top-level occurrences of `sep` (outside (), [], {}); escaped braces do not nest.
  static func splitTopLevel(_ b: Bytes, on sep: UInt8) -> [Bytes] {
    var parts: [Bytes] = [], cur = Bytes(), depth = 0, i = 0
    while i < b.count {
      let c = b[i]
      if c == 92, i + 1 < b.count { cur.append(c); cur.append(b[i + 1]); i += 2; continue }
      if c == 40 || c == 91 || c == 123 { depth += 1 }
      if c == 41 || c == 93 || c == 125 { depth -= 1 }
      if c == sep && depth == 0 { parts.append(cur); cur = [] } else { cur.append(c) }
      i += 1
    }
    parts.append(cur)
    return parts
  }

  /// Splits at top-level occurrences of the multi-byte `sep` (e.g. `\cup`).
  static func splitTopLevel(_ b: Bytes, onWord sep: String) -> [Bytes] {
    let p = bytes(sep)
    var parts: [Bytes] = [], cur = Bytes(), depth = 0, i = 0
    while i < b.count {
      let c = b[i]
      if depth == 0, hasPrefix(b, p, at: i) { parts.append(cur); cur = []; i += p.count; continue }
      if c == 92, i + 1 < b.count { cur.append(c); cur.append(b[i + 1]); i += 2; continue }
      if c == 40 || c == 91 || c == 123 { depth += 1 }
      if c == 41 || c == 93 || c == 125 { depth -= 1 }
      cur.append(c); i += 1
    }
    parts.append(cur)
    return parts
  }
}
