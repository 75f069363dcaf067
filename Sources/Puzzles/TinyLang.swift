// TinyLang: the language of the `code` domain, a small subset of Python (so that a model's Python
// habits carry over) run by our own sandboxed interpreter. Grammar (EBNF; INDENT/DEDENT as Python):
//
//   program    = { funcdef | NEWLINE }                      (only `def` at top level)
//   funcdef    = "def" NAME "(" [ NAME { "," NAME } ] ")" ":" block
//   block      = NEWLINE INDENT { stmt } DEDENT | simple NEWLINE
//   stmt       = "if" expr ":" block { "elif" expr ":" block } [ "else" ":" block ]
//              | "while" expr ":" block | "for" NAME "in" expr ":" block | simple NEWLINE
//   simple     = "return" [ expr ] | "pass" | "break" | "continue"
//              | NAME { "," NAME } "=" expr { "," expr }    (parallel assignment: a, b = b, a + b)
//              | postfix "[" expr "]" "=" expr | NAME ("+="|"-="|"*="|"//="|"%=") expr | expr
//   expr       = and { "or" and } ;  and = not { "and" not } ;  not = "not" not | comparison
//   comparison = sum { ("=="|"!="|"<"|"<="|">"|">="|"in"|"not" "in") sum }     (chained as Python)
//   sum        = term { ("+"|"-") term } ;  term = unary { ("*"|"//"|"%") unary }
//   unary      = "-" unary | power ;  power = postfix [ "**" unary ]
//   postfix    = atom { "[" expr "]" | "[" [expr] ":" [expr] [":" [expr]] "]" | "." NAME "(" args ")" }
//   atom       = INT | "True" | "False" | "None" | NAME [ "(" args ")" ] | "(" expr ")"
//              | "[" [ expr { "," expr } [","] ] "]"
//
// Values: 64-bit integers (overflow is an error), booleans, None, lists (shared references, as in
// Python). Built-ins: len, range, abs, min, max, sum, sorted, reversed, list, bool, int; list
// methods append, pop. `for` iterates over a snapshot of the list. No strings, no I/O, no imports,
// no globals: nothing outside the interpreter can be reached. Limits (TinyLangLimits) bound steps,
// allocated list cells and call depth; each overrun is a typed TinyLangError, as is an integer
// overflow (a runtime error of the program): a hostile program is a wrong answer, never a trap.

public enum TinyLangError: Error, Equatable, Sendable, CustomStringConvertible {
  case syntax(line: Int, message: String)
  case runtime(line: Int, message: String)
  case stepLimit(Int)
  case memoryLimit(Int)
  case recursionLimit(Int)

  public var description: String {
    switch self {
    case .syntax(let l, let m): return "line \(l): syntax error: \(m)"
    case .runtime(let l, let m): return "line \(l): \(m)"
    case .stepLimit(let n): return "step limit of \(n) exceeded"
    case .memoryLimit(let n): return "allocation limit of \(n) list cells exceeded"
    case .recursionLimit(let n): return "call depth limit of \(n) exceeded"
    }
  }
}

public struct TinyLangLimits: Sendable, Equatable {
  /// Statements, loop iterations, calls and per-element work of built-ins.
  public var steps: Int
  /// List cells allocated over the whole call (cumulative, so churn counts too).
  public var cells: Int
  /// Nested calls of TinyLang functions.
  public var depth: Int
  public init(steps: Int = 200_000, cells: Int = 200_000, depth: Int = 50) {
    self.steps = steps; self.cells = cells; self.depth = depth
  }
}

/// A TinyLang value. Lists are reference types, so `ys = xs; ys.append(1)` changes `xs` as in Python.
public enum TLValue: Sendable, CustomStringConvertible {
  case int(Int)
  case bool(Bool)
  case none
  case list(TLList)

  /// Python's repr, cut to about `maxRenderedItems` values: a list may hold the same list many
  /// times at every level (`a = [a] * 1000` twenty times costs 20k cells), and its full text would
  /// never finish.
  public var description: String {
    var out = "", budget = Self.maxRenderedItems
    render(into: &out, depth: 0, budget: &budget)
    return out
  }

  static let maxRenderedItems = 10_000

  func render(into out: inout String, depth: Int, budget: inout Int) {
    budget -= 1
    switch self {
    case .int(let i): out += String(i)
    case .bool(let b): out += b ? "True" : "False"
    case .none: out += "None"
    case .list(let l):
      if depth > 20 || budget <= 0 { out += "[...]"; return }
      out += "["
      for (k, x) in l.items.enumerated() {
        if k > 0 { out += ", " }
        if budget <= 0 { out += "..."; break }
        x.render(into: &out, depth: depth + 1, budget: &budget)
      }
      out += "]"
    }
  }

  var kindName: String {
    switch self {
    case .int: return "int"
    case .bool: return "bool"
    case .none: return "NoneType"
    case .list: return "list"
    }
  }
}

public final class TLList: @unchecked Sendable {
  public var items: [TLValue]
  public init(_ items: [TLValue]) { self.items = items }

  /// Frees nested lists with an explicit stack: a program can build [[[...]]] 100k deep within its
  /// cell budget, and the default (recursive) release would overflow the thread's stack.
  deinit {
    var pending: [TLList] = []
    for case .list(let l) in items { pending.append(l) }
    items = []
    while var l = pending.popLast() {
      guard isKnownUniquelyReferenced(&l) else { continue }
      for case .list(let c) in l.items { pending.append(c) }
      l.items = []
    }
  }
}

indirect enum TLExpr {
  case int(Int), bool(Bool), none
  case name(String)
  case list([TLExpr])
  case neg(TLExpr), not(TLExpr)
  case binary(TLBinOp, TLExpr, TLExpr)
  case compare(TLExpr, [(TLCmpOp, TLExpr)])
  case and(TLExpr, TLExpr), or(TLExpr, TLExpr)
  case call(String, [TLExpr])
  case method(TLExpr, String, [TLExpr])
  case index(TLExpr, TLExpr)
  case slice(TLExpr, TLExpr?, TLExpr?, TLExpr?)
}

enum TLBinOp: String { case add = "+", sub = "-", mul = "*", floordiv = "//", mod = "%", pow = "**" }
enum TLCmpOp: String { case eq = "==", ne = "!=", lt = "<", le = "<=", gt = ">", ge = ">=", isIn = "in", notIn = "not in" }

struct TLStmt {
  let line: Int
  let kind: Kind
  indirect enum Kind {
    case assign([String], [TLExpr])
    case setIndex(TLExpr, TLExpr, TLExpr)
    case augAssign(String, TLBinOp, TLExpr)
    case expr(TLExpr)
    case ifChain([(TLExpr, [TLStmt])], orElse: [TLStmt])
    case whileLoop(TLExpr, [TLStmt])
    case forLoop(String, TLExpr, [TLStmt])
    case ret(TLExpr?)
    case pass, brk, cont
  }
}

struct TLFunction {
  let name: String
  let params: [String]
  let body: [TLStmt]
  let line: Int
}

/// A parsed TinyLang program: its functions by name.
public struct TinyLangProgram {
  let functions: [String: TLFunction]
  public var functionNames: [String] { functions.keys.sorted() }

  /// Parses `source`; throws `TinyLangError.syntax` naming the line.
  public init(source: String) throws {
    var parser = TinyLangParser(tokens: try TinyLangLexer.tokenize(source))
    functions = try parser.program()
  }
}
