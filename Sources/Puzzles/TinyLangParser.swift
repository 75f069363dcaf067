// Recursive-descent parser for TinyLang (grammar in TinyLang.swift). Nesting is bounded so that a
// hostile program cannot exhaust the stack while being parsed.

struct TinyLangParser {
  let tokens: [TLToken]
  var i = 0
  var nesting = 0
  static let maxNesting = 60
  /// Operator nodes built so far. Left-associative chains (`a + b + c ...`) add depth without
  /// brackets; the evaluator walks them in a loop, and this bound keeps the tree small enough that
  /// building and freeing it (both recursive) cannot exhaust the stack.
  var operators = 0
  static let maxOperators = 5_000
  static let keywords: Set<String> = ["def", "if", "elif", "else", "while", "for", "in", "return", "pass",
                                      "break", "continue", "and", "or", "not", "True", "False", "None"]

  init(tokens: [TLToken]) { self.tokens = tokens }

  var tok: TLToken { tokens[min(i, tokens.count - 1)] }
  var line: Int { tok.line }

  func fail(_ m: String) -> TinyLangError { .syntax(line: line, message: m) }

  func isOp(_ s: String) -> Bool { tok.kind == .op(s) }

  /// Counts one operator node (see `maxOperators`).
  mutating func node() throws {
    operators += 1
    guard operators <= Self.maxOperators else { throw fail("program too large (more than \(Self.maxOperators) operators)") }
  }
  func isName(_ s: String) -> Bool { tok.kind == .name(s) }

  mutating func expectOp(_ s: String) throws {
    guard isOp(s) else { throw fail("expected '\(s)'") }
    i += 1
  }

  mutating func name() throws -> String {
    guard case .name(let n) = tok.kind, !Self.keywords.contains(n) else { throw fail("expected a name") }
    i += 1
    return n
  }

  mutating func program() throws -> [String: TLFunction] {
    var fns: [String: TLFunction] = [:]
    while tok.kind != .eof {
      if tok.kind == .newline { i += 1; continue }
      guard isName("def") else { throw fail("only function definitions (def) are allowed at top level") }
      let l = line
      i += 1
      let n = try name()
      try expectOp("(")
      var params: [String] = []
      if !isOp(")") {
        params.append(try name())
        while isOp(",") { i += 1; params.append(try name()) }
      }
      try expectOp(")"); try expectOp(":")
      guard Set(params).count == params.count else { throw TinyLangError.syntax(line: l, message: "duplicate parameter in \(n)") }
      fns[n] = TLFunction(name: n, params: params, body: try block(), line: l)
    }
    return fns
  }

  mutating func block() throws -> [TLStmt] {
    nesting += 1; defer { nesting -= 1 }
    guard nesting < Self.maxNesting else { throw fail("blocks nested too deeply") }
    if tok.kind != .newline { return [try simple()] }  // `if x: return 1` on one line
    i += 1
    guard tok.kind == .indent else { throw fail("expected an indented block") }
    i += 1
    var body: [TLStmt] = []
    while tok.kind != .dedent && tok.kind != .eof {
      if tok.kind == .newline { i += 1; continue }
      body.append(try statement())
    }
    if tok.kind == .dedent { i += 1 }
    return body
  }

  mutating func statement() throws -> TLStmt {
    let l = line
    if isName("if") {
      var arms: [(TLExpr, [TLStmt])] = []
      i += 1
      let c = try expr(); try expectOp(":")
      arms.append((c, try block()))
      var orElse: [TLStmt] = []
      while isName("elif") { i += 1; let c = try expr(); try expectOp(":"); arms.append((c, try block())) }
      if isName("else") { i += 1; try expectOp(":"); orElse = try block() }
      return TLStmt(line: l, kind: .ifChain(arms, orElse: orElse))
    }
    if isName("while") {
      i += 1
      let c = try expr(); try expectOp(":")
      return TLStmt(line: l, kind: .whileLoop(c, try block()))
    }
    if isName("for") {
      i += 1
      let v = try name()
      guard isName("in") else { throw fail("expected 'in'") }
      i += 1
      let seq = try expr(); try expectOp(":")
      return TLStmt(line: l, kind: .forLoop(v, seq, try block()))
    }
    return try simple()
  }

  /// A one-line statement, consuming its NEWLINE.
  mutating func simple() throws -> TLStmt {
    let l = line
    let kind = try simpleKind()
    guard tok.kind == .newline || tok.kind == .eof || tok.kind == .dedent else { throw fail("unexpected token after statement") }
    if tok.kind == .newline { i += 1 }
    return TLStmt(line: l, kind: kind)
  }

  mutating func simpleKind() throws -> TLStmt.Kind {
    if isName("return") {
      i += 1
      if tok.kind == .newline || tok.kind == .eof { return .ret(nil) }
      return .ret(try expr())
    }
    if isName("pass") { i += 1; return .pass }
    if isName("break") { i += 1; return .brk }
    if isName("continue") { i += 1; return .cont }
    if isName("def") { throw fail("nested functions are not supported") }
    // Parallel assignment `a, b = ...` or plain `a = ...`.
    if case .name(let first) = tok.kind, !Self.keywords.contains(first),
       i + 1 < tokens.count, tokens[i + 1].kind == .op(",") || tokens[i + 1].kind == .op("=") {
      var targets = [try name()]
      while isOp(",") { i += 1; targets.append(try name()) }
      try expectOp("=")
      var values = [try expr()]
      while isOp(",") { i += 1; values.append(try expr()) }
      guard values.count == targets.count else { throw fail("\(targets.count) names but \(values.count) values") }
      return .assign(targets, values)
    }
    if case .name(let n) = tok.kind, i + 1 < tokens.count, case .op(let o) = tokens[i + 1].kind,
       let op = ["+=": TLBinOp.add, "-=": .sub, "*=": .mul, "//=": .floordiv, "%=": .mod][o] {
      i += 2
      return .augAssign(n, op, try expr())
    }
    let e = try expr()
    if isOp("=") {
      guard case .index(let base, let idx) = e else { throw fail("can only assign to a name or an element xs[i]") }
      i += 1
      return .setIndex(base, idx, try expr())
    }
    return .expr(e)
  }

  // MARK: - Expressions

  mutating func expr() throws -> TLExpr {
    nesting += 1; defer { nesting -= 1 }
    guard nesting < Self.maxNesting else { throw fail("expression nested too deeply") }
    var lhs = try andExpr()
    while isName("or") { i += 1; try node(); lhs = .or(lhs, try andExpr()) }
    return lhs
  }

  mutating func andExpr() throws -> TLExpr {
    var lhs = try notExpr()
    while isName("and") { i += 1; try node(); lhs = .and(lhs, try notExpr()) }
    return lhs
  }

  mutating func notExpr() throws -> TLExpr {
    if isName("not") {
      nesting += 1; defer { nesting -= 1 }
      guard nesting < Self.maxNesting else { throw fail("expression nested too deeply") }
      i += 1
      return .not(try notExpr())
    }
    return try comparison()
  }

  mutating func comparison() throws -> TLExpr {
    let first = try sum()
    var rest: [(TLCmpOp, TLExpr)] = []
    while true {
      var op: TLCmpOp? = nil
      if case .op(let o) = tok.kind, let c = TLCmpOp(rawValue: o), c != .isIn { op = c; i += 1 }
      else if isName("in") { op = .isIn; i += 1 }
      else if isName("not"), i + 1 < tokens.count, tokens[i + 1].kind == .name("in") { op = .notIn; i += 2 }
      guard let op else { break }
      try node()
      rest.append((op, try sum()))
    }
    return rest.isEmpty ? first : .compare(first, rest)
  }

  mutating func sum() throws -> TLExpr {
    var lhs = try term()
    while isOp("+") || isOp("-") {
      let op: TLBinOp = isOp("+") ? .add : .sub
      i += 1
      try node()
      lhs = .binary(op, lhs, try term())
    }
    return lhs
  }

  mutating func term() throws -> TLExpr {
    var lhs = try unary()
    while true {
      let op: TLBinOp
      if isOp("*") { op = .mul } else if isOp("//") { op = .floordiv } else if isOp("%") { op = .mod }
      else if isOp("/") { throw fail("'/' is not supported: use '//' (integer division)") }
      else { break }
      i += 1
      try node()
      lhs = .binary(op, lhs, try unary())
    }
    return lhs
  }

  mutating func unary() throws -> TLExpr {
    if isOp("-") || isOp("+") {
      nesting += 1; defer { nesting -= 1 }
      guard nesting < Self.maxNesting else { throw fail("expression nested too deeply") }
      let neg = isOp("-")
      i += 1
      let e = try unary()
      return neg ? .neg(e) : e
    }
    let base = try postfix()
    if isOp("**") {
      // Right-associative: 2 ** 2 ** 2 ... nests on the right, so it counts as nesting.
      nesting += 1; defer { nesting -= 1 }
      guard nesting < Self.maxNesting else { throw fail("expression nested too deeply") }
      i += 1
      try node()
      return .binary(.pow, base, try unary())
    }
    return base
  }

  mutating func postfix() throws -> TLExpr {
    var e = try atom()
    // Each subscript or call wraps the tree once more (xs[0][0]...): counted as nesting.
    let outer = nesting
    defer { nesting = outer }
    while true {
      if isOp("[") || isOp(".") {
        nesting += 1
        guard nesting < Self.maxNesting else { throw fail("expression nested too deeply") }
      }
      if isOp("[") {
        i += 1
        var lo: TLExpr? = nil
        if !isOp(":") { lo = try expr() }
        if isOp(":") {
          i += 1
          let hi: TLExpr? = isOp("]") || isOp(":") ? nil : try expr()
          var by: TLExpr? = nil
          if isOp(":") { i += 1; by = isOp("]") ? nil : try expr() }
          try expectOp("]")
          e = .slice(e, lo, hi, by)
        } else {
          try expectOp("]")
          guard let lo else { throw fail("empty index") }
          e = .index(e, lo)
        }
      } else if isOp(".") {
        i += 1
        let m = try name()
        try expectOp("(")
        e = .method(e, m, try args())
      } else {
        return e
      }
    }
  }

  /// Arguments after `(`, through the closing `)`.
  mutating func args() throws -> [TLExpr] {
    var out: [TLExpr] = []
    if isOp(")") { i += 1; return out }
    out.append(try expr())
    while isOp(",") { i += 1; if isOp(")") { break }; out.append(try expr()) }
    try expectOp(")")
    return out
  }

  mutating func atom() throws -> TLExpr {
    switch tok.kind {
    case .int(let v): i += 1; return .int(v)
    case .name("True"): i += 1; return .bool(true)
    case .name("False"): i += 1; return .bool(false)
    case .name("None"): i += 1; return .none
    case .name(let n) where !Self.keywords.contains(n):
      i += 1
      if isOp("(") { i += 1; return .call(n, try args()) }
      return .name(n)
    case .op("("):
      i += 1
      let e = try expr()
      if isOp(",") { throw fail("tuples are not supported") }
      try expectOp(")")
      return e
    case .op("["):
      i += 1
      var items: [TLExpr] = []
      while !isOp("]") {
        items.append(try expr())
        if isOp(",") { i += 1 } else { break }
      }
      try expectOp("]")
      return .list(items)
    default:
      throw fail("unexpected token")
    }
  }
}
