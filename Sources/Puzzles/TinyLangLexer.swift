// TinyLang tokens, with Python's INDENT/DEDENT from leading spaces (a tab counts as 4 spaces);
// newlines inside brackets are ignored; `#` starts a comment.

struct TLToken: Equatable {
  enum Kind: Equatable { case name(String), int(Int), op(String), newline, indent, dedent, eof }
  let kind: Kind
  let line: Int
}

enum TinyLangLexer {
  static let ops3: Set<String> = ["//="]
  static let ops2: Set<String> = ["==", "!=", "<=", ">=", "//", "**", "+=", "-=", "*=", "%="]
  static let ops1: Set<UInt8> = Set("+-*/%<>=()[],:.".utf8)

  static func tokenize(_ source: String) throws -> [TLToken] {
    let b = Array(source.utf8)
    var out: [TLToken] = [], indents = [0], line = 1, i = 0, depth = 0, atLineStart = true
    while i < b.count {
      if atLineStart && depth == 0 {
        var width = 0, j = i
        while j < b.count, b[j] == 32 || b[j] == 9 { width += b[j] == 9 ? 4 : 1; j += 1 }
        if j < b.count, b[j] == 10 || b[j] == 13 || b[j] == 35 {  // blank or comment-only line
          while j < b.count, b[j] != 10 { j += 1 }
          i = j + 1; line += 1; continue
        }
        if j >= b.count { break }
        if width > indents.last! {
          indents.append(width); out.append(TLToken(kind: .indent, line: line))
        } else {
          while width < indents.last! { indents.removeLast(); out.append(TLToken(kind: .dedent, line: line)) }
          guard width == indents.last! else { throw TinyLangError.syntax(line: line, message: "inconsistent indentation") }
        }
        i = j; atLineStart = false
        continue
      }
      let c = b[i]
      if c == 10 {
        if depth == 0 { out.append(TLToken(kind: .newline, line: line)); atLineStart = true }
        line += 1; i += 1; continue
      }
      if c == 32 || c == 9 || c == 13 { i += 1; continue }
      if c == 92, i + 1 < b.count, b[i + 1] == 10 { i += 2; line += 1; continue }  // line continuation
      if c == 35 { while i < b.count, b[i] != 10 { i += 1 }; continue }
      if MathText.isDigit(c) {
        var v = 0, j = i
        while j < b.count, MathText.isDigit(b[j]) || b[j] == 95 {
          if b[j] != 95 {
            let (m, o1) = v.multipliedReportingOverflow(by: 10), (s, o2) = m.addingReportingOverflow(Int(b[j]) - 48)
            if o1 || o2 { throw TinyLangError.syntax(line: line, message: "integer literal too large") }
            v = s
          }
          j += 1
        }
        if j < b.count, MathText.isLetter(b[j]) || b[j] == 46 {
          throw TinyLangError.syntax(line: line, message: "only integer literals are supported")
        }
        out.append(TLToken(kind: .int(v), line: line)); i = j; continue
      }
      if MathText.isLetter(c) || c == 95 {
        var j = i
        while j < b.count, MathText.isLetter(b[j]) || MathText.isDigit(b[j]) || b[j] == 95 { j += 1 }
        out.append(TLToken(kind: .name(MathText.string(b[i..<j])), line: line)); i = j; continue
      }
      if i + 3 <= b.count, ops3.contains(MathText.string(b[i..<(i + 3)])) {
        out.append(TLToken(kind: .op(MathText.string(b[i..<(i + 3)])), line: line)); i += 3; continue
      }
      if i + 2 <= b.count, ops2.contains(MathText.string(b[i..<(i + 2)])) {
        out.append(TLToken(kind: .op(MathText.string(b[i..<(i + 2)])), line: line)); i += 2; continue
      }
      if ops1.contains(c) {
        if c == 40 || c == 91 { depth += 1 }
        if c == 41 || c == 93 { depth = max(0, depth - 1) }
        out.append(TLToken(kind: .op(String(UnicodeScalar(c))), line: line)); i += 1; continue
      }
      let shown = c < 128 && c >= 32 ? "'\(String(UnicodeScalar(c)))'" : "byte \(c)"
      throw TinyLangError.syntax(line: line, message: "unexpected character \(shown)")
    }
    if out.last.map({ $0.kind != .newline }) ?? false { out.append(TLToken(kind: .newline, line: line)) }
    while indents.count > 1 { indents.removeLast(); out.append(TLToken(kind: .dedent, line: line)) }
    out.append(TLToken(kind: .eof, line: line))
    return out
  }
}
