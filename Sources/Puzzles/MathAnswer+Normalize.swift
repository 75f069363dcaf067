// String normalisation of a MATH-style answer, after Hendrycks et al.'s `_strip_string`
// (modeling/math_equivalence.py) with more units, `\text{}` unwrapping and thousands separators.

extension MathAnswer {
  /// Canonical text of an answer: no spaces, `\frac{a}{b}` for every fraction form, no `\left`/`\right`,
  /// no `\text{}` wrappers, no units, degrees, `\%`, `\$`, thousands separators or trailing `.`.
  public static func normalize(_ s: String) -> String {
    MathText.string(normalizeBytes(MathText.bytes(s)))
  }

  /// `stripLHS: false` keeps `x = ...` whole, for comparing two equations.
  static func normalizeBytes(_ input: Bytes, stripLHS: Bool = true) -> Bytes {
    var b = input
    for (from, to) in unicodeMap { b = MathText.replace(b, from, to) }
    b = MathText.replace(b, "\n", " ")
    b = doubleBackslashes(b)
    for (from, to) in relations { b = MathText.replace(b, from, to, wordEnd: true) }
    b = MathText.replace(b, "{bmatrix}", "{pmatrix}")
    for cmd in ["\\!", "\\,", "\\;", "\\:", "\\ "] { b = MathText.replace(b, cmd, " ") }
    for cmd in ["\\displaystyle", "\\qquad", "\\quad"] { b = MathText.replace(b, cmd, " ", wordEnd: true) }
    b = MathText.replace(b, "~", " ")
    b = MathText.replace(b, "\\tfrac", "\\frac")
    b = MathText.replace(b, "\\dfrac", "\\frac")
    b = MathText.replace(b, "\\cfrac", "\\frac")
    b = MathText.replace(b, "\\left", "", wordEnd: true)
    b = MathText.replace(b, "\\right", "", wordEnd: true)
    for deg in ["^{\\circ}", "^\\circ", "{}^\\circ", "\\circ", "\\degree"] { b = MathText.replace(b, deg, "") }
    b = MathText.replace(b, "\\$", "")
    b = MathText.replace(b, "$", "")
    b = MathText.replace(b, "\\%", "")
    b = MathText.replace(b, "%", "")
    b = unwrapText(b)
    b = stripTrailingDots(MathText.trim(b))
    b = stripUnits(b)
    if stripLHS { b = stripShortLHS(b) }
    b = b.filter { !MathText.isSpace($0) }
    b = MathText.replace(b, "{,}", "")
    b = stripThousands(b)
    b = bracePrefixedArgs(b, command: "\\frac", args: 2)
    b = bracePrefixedArgs(b, command: "\\sqrt", args: 1)
    b = leadingZeros(b)
    b = stripTrailingDots(b)
    b = slashToFrac(b)
    return b
  }

  /// `\\` before a letter is an escaped command (`\\frac`, JSON written twice) and becomes `\`;
  /// any other `\\` is a row break (matrices, aligned lists) and becomes `;`.
  static func doubleBackslashes(_ b: Bytes) -> Bytes {
    var out = Bytes(), i = 0
    out.reserveCapacity(b.count)
    while i < b.count {
      if b[i] == 92, i + 1 < b.count, b[i + 1] == 92 {
        if i + 2 < b.count, MathText.isLetter(b[i + 2]) { out.append(92) } else { out.append(59) }
        i += 2
      } else {
        out.append(b[i]); i += 1
      }
    }
    return out
  }

  static let relations: [(String, String)] = [
    ("\\geq", ">="), ("\\ge", ">="), ("\\leq", "<="), ("\\le", "<="), ("\\neq", "!="), ("\\ne", "!="),
    ("\\lt", "<"), ("\\gt", ">"),
  ]

  static let unicodeMap: [(String, String)] = [
    ("\u{2212}", "-"), ("\u{03C0}", "\\pi "), ("\u{221E}", "\\infty "), ("\u{00B0}", ""),
    ("\u{221A}", "\\sqrt"), ("\u{00D7}", "\\times "), ("\u{00B7}", "\\cdot "), ("\u{00A0}", " "),
    ("\u{2265}", ">="), ("\u{2264}", "<="), ("\u{2260}", "!="),
  ]

  static let textCommands = ["\\text", "\\textbf", "\\textrm", "\\textit", "\\textnormal", "\\mbox",
                             "\\mathrm", "\\mathbf", "\\mathit", "\\operatorname", "\\boxed"]

  /// `\text{abc}` -> ` abc` (the space keeps a unit apart from the number before it).
  static func unwrapText(_ input: Bytes) -> Bytes {
    var b = input
    for cmd in textCommands {
      let p = MathText.bytes(cmd + "{")
      var i = 0
      while i < b.count {
        if b[i] == 92, MathText.hasPrefix(b, p, at: i), let close = MathText.matchingBrace(b, from: i + p.count - 1) {
          let inner = Array(b[(i + p.count)..<close])
          b = Array(b[..<i]) + [32] + inner + Array(b[(close + 1)...])
          i += 1
        } else {
          i += 1
        }
      }
    }
    return b
  }

  /// Unit words removed at the end of an answer when they follow a number or a closing brace.
  static let unitWords: Set<String> = [
    "unit", "units", "sq", "square", "cubic", "cm", "mm", "km", "m", "meter", "meters", "metre", "metres",
    "centimeter", "centimeters", "inch", "inches", "in", "ft", "foot", "feet", "yard", "yards", "mile",
    "miles", "mph", "degree", "degrees", "dollar", "dollars", "cent", "cents", "second", "seconds", "sec",
    "minute", "minutes", "min", "hour", "hours", "hr", "day", "days", "week", "weeks", "year", "years",
    "pound", "pounds", "lb", "lbs", "ounce", "ounces", "oz", "gram", "grams", "g", "kg", "liter", "liters",
    "gallon", "gallons", "percent", "people", "students", "ways", "points", "coins", "marbles", "apples",
  ]

  static func stripUnits(_ input: Bytes) -> Bytes {
    var b = input
    while true {
      // Optional power after the unit: cm^2, cm^{3}.
      var end = b.count
      if end >= 2, b[end - 2] == 94, MathText.isDigit(b[end - 1]) { end -= 2 }
      else if end >= 4, b[end - 4] == 94, b[end - 3] == 123, b[end - 1] == 125 { end -= 4 }
      var start = end
      while start > 0, MathText.isLetter(b[start - 1]) { start -= 1 }
      guard start < end, start > 0, MathText.isSpace(b[start - 1]) else { return b }
      guard unitWords.contains(MathText.string(b[start..<end])) else { return b }
      let head = MathText.trim(Array(b[..<start]))
      guard let last = head.last, MathText.isDigit(last) || last == 125 || last == 41 else { return b }
      b = head
    }
  }

  /// `x = 5` -> `5` when the left side is one short name (Hendrycks: at most 2 characters).
  static func stripShortLHS(_ b: Bytes) -> Bytes {
    // `x \in [2, 5)` -> `[2, 5)`
    let inCmd = MathText.bytes("\\in")
    if let k = (0..<b.count).first(where: { MathText.hasPrefix(b, inCmd, at: $0) && ($0 + 3 >= b.count || !MathText.isLetter(b[$0 + 3])) }) {
      let lhs = MathText.trim(Array(b[..<k]))
      if !lhs.isEmpty, lhs.count <= 2, lhs.allSatisfy(MathText.isLetter) { return MathText.trim(Array(b[(k + 3)...])) }
    }
    let parts = MathText.splitTopLevel(b, on: 61)  // '='
    guard parts.count == 2 else { return b }
    let lhs = MathText.trim(parts[0]).filter { !MathText.isSpace($0) }
    let isName = lhs.count <= 2 && lhs.allSatisfy(MathText.isLetter)
      || (lhs.first == 92 && lhs.count <= 7 && lhs.dropFirst().allSatisfy(MathText.isLetter))
    return isName && !lhs.isEmpty ? MathText.trim(parts[1]) : b
  }

  /// `1,234,567` -> `1234567`, only when the whole answer is one such number.
  static func stripThousands(_ b: Bytes) -> Bytes {
    var i = 0
    if i < b.count, b[i] == 45 { i += 1 }
    var lead = 0
    while i < b.count, MathText.isDigit(b[i]) { i += 1; lead += 1 }
    guard lead >= 1, lead <= 3, i < b.count, b[i] == 44 else { return b }
    while i < b.count, b[i] == 44 {
      // a separator is a comma followed by exactly three digits
      guard i + 3 < b.count, (1...3).allSatisfy({ MathText.isDigit(b[i + $0]) }) else { return b }
      i += 4
      if i < b.count, MathText.isDigit(b[i]) { return b }
    }
    if i < b.count {
      guard b[i] == 46, i + 1 < b.count, b[(i + 1)...].allSatisfy(MathText.isDigit) else { return b }
    }
    return b.filter { $0 != 44 }
  }

  /// `\frac12` -> `\frac{1}{2}`, `\sqrt3` -> `\sqrt{3}`: each bare argument (one character or one
  /// `\command`) gets braces, so that both spellings normalise to the same text.
  static func bracePrefixedArgs(_ b: Bytes, command: String, args: Int) -> Bytes {
    let p = MathText.bytes(command)
    var out = Bytes(), i = 0
    while i < b.count {
      guard b[i] == 92, MathText.hasPrefix(b, p, at: i)
      else { out.append(b[i]); i += 1; continue }
      out += p; i += p.count
      if command == "\\sqrt", i < b.count, b[i] == 91 {  // \sqrt[n]{x}: copy the index
        while i < b.count, b[i] != 93 { out.append(b[i]); i += 1 }
        if i < b.count { out.append(b[i]); i += 1 }
      }
      for _ in 0..<args {
        guard i < b.count else { break }
        if b[i] == 123 {
          guard let close = MathText.matchingBrace(b, from: i) else { break }
          // the group may hold more bare forms (\frac{\frac12}{3}): normalise it too
          out.append(123); out += bracePrefixedArgs(Array(b[(i + 1)..<close]), command: command, args: args); out.append(125)
          i = close + 1
        } else if b[i] == 92 {
          var j = i + 1
          while j < b.count, MathText.isLetter(b[j]) { j += 1 }
          if j == i + 1, j < b.count { j += 1 }
          out.append(123); out += b[i..<j]; out.append(125); i = j
        } else {
          out.append(123); out.append(b[i]); out.append(125); i += 1
        }
      }
    }
    return out
  }

  /// `.5` -> `0.5` wherever a decimal point starts a number.
  static func leadingZeros(_ b: Bytes) -> Bytes {
    var out = Bytes(); out.reserveCapacity(b.count + 2)
    for i in 0..<b.count {
      if b[i] == 46, i + 1 < b.count, MathText.isDigit(b[i + 1]), i == 0 || !MathText.isDigit(b[i - 1]) { out.append(48) }
      out.append(b[i])
    }
    return out
  }

  static func stripTrailingDots(_ input: Bytes) -> Bytes {
    var b = input
    while let last = b.last, last == 46 || MathText.isSpace(last) { b.removeLast() }
    while b.count >= 2, b[b.count - 1] == 92, b[b.count - 2] == 92 { b.removeLast(2) }
    return b
  }

  /// `3/4` -> `\frac{3}{4}` for a whole answer that is one integer ratio.
  static func slashToFrac(_ b: Bytes) -> Bytes {
    let parts = b.split(separator: 47, omittingEmptySubsequences: false)
    guard parts.count == 2 else { return b }
    func isInt(_ s: ArraySlice<UInt8>) -> Bool {
      let d = s.first == 45 ? s.dropFirst() : s
      return !d.isEmpty && d.allSatisfy(MathText.isDigit)
    }
    guard isInt(parts[0]), isInt(parts[1]) else { return b }
    return MathText.bytes("\\frac{") + parts[0] + MathText.bytes("}{") + parts[1] + MathText.bytes("}")
  }
}
