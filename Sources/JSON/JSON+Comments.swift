// Comments in config files, handled before json-c sees the text: `//` to the end of the line and
// `/* ... */` become spaces (newlines kept, so error lines and columns stay right), and the rest is
// parsed strictly. json-c's own lenient mode also accepted an unterminated `/*` at the end of a file
// and the words NaN and Infinity, so a typo could end a config early or put NaN into a setting.

extension JSON {
  /// `bytes` with comments blanked out; throws on an unterminated `/*`, naming its line.
  static func blankComments(_ bytes: UnsafeRawBufferPointer, source: String) throws -> [UInt8] {
    var out = [UInt8](bytes)
    var i = 0, inString = false, line = 1
    while i < out.count {
      let c = out[i]
      if c == 0x0A { line += 1 }
      if inString {
        if c == 0x5C { i += 2; continue }          // backslash escape
        if c == 0x22 { inString = false }
        i += 1; continue
      }
      if c == 0x22 { inString = true; i += 1; continue }
      guard c == 0x2F, i + 1 < out.count else { i += 1; continue }
      if out[i + 1] == 0x2F {                      // `//` to the end of the line
        while i < out.count, out[i] != 0x0A { out[i] = 0x20; i += 1 }
      } else if out[i + 1] == 0x2A {               // `/* ... */`
        let startLine = line
        out[i] = 0x20; out[i + 1] = 0x20; i += 2
        var closed = false
        while i < out.count {
          if out[i] == 0x2A, i + 1 < out.count, out[i + 1] == 0x2F { out[i] = 0x20; out[i + 1] = 0x20; i += 2; closed = true; break }
          if out[i] == 0x0A { line += 1 } else { out[i] = 0x20 }
          i += 1
        }
        guard closed else {
          throw JSONError(source: source, line: startLine, message: "unterminated /* comment (no closing */ before the end of the file)")
        }
      } else {
        i += 1
      }
    }
    return out
  }
}
