// The sandboxed TinyLang evaluator: a tree walker with a step budget, a cumulative list-cell budget
// and a call-depth bound, each overrun a typed error. Semantics follow Python for the subset:
// floor division and modulo round toward negative infinity, `and`/`or` return an operand, lists
// compare element-wise, 1 == True.

public final class TinyLangInterpreter {
  let program: TinyLangProgram
  public let limits: TinyLangLimits
  public private(set) var steps = 0
  public private(set) var cells = 0
  var depth = 0
  var line = 0
  /// Every list this interpreter made or was called with. Lists are reference-counted, so a cycle
  /// (`xs.append(xs)`, found by libFuzzer) would never be freed: `releaseLists()` breaks them all.
  var arena: [TLList] = []

  public init(program: TinyLangProgram, limits: TinyLangLimits = TinyLangLimits()) {
    self.program = program; self.limits = limits
  }

  enum Flow { case normal, ret(TLValue), brk, cont }

  /// Calls function `name` with `args`. The budgets are shared by every call on this interpreter.
  public func call(_ name: String, _ args: [TLValue]) throws -> TLValue {
    guard let f = program.functions[name] else { throw TinyLangError.runtime(line: 0, message: "no function named '\(name)'") }
    var seen = Set<ObjectIdentifier>(), pending = args
    while let v = pending.popLast() {  // the argument lists too: a program may append a list to itself
      if case .list(let l) = v, seen.insert(ObjectIdentifier(l)).inserted { arena.append(l); pending += l.items }
    }
    return try invoke(f, args)
  }

  /// Empties every list made by this interpreter or passed to `call`, which frees the cycles a
  /// program built. Values returned by `call` are emptied too: use them first. (Without this call
  /// everything is freed as before, except lists in a cycle.)
  public func releaseLists() {
    for l in arena { l.items = [] }
    arena = []
  }

  /// A new list, kept in the arena.
  func made(_ items: [TLValue]) -> TLList {
    let l = TLList(items)
    arena.append(l)
    return l
  }

  func invoke(_ f: TLFunction, _ args: [TLValue]) throws -> TLValue {
    guard args.count == f.params.count else {
      throw TinyLangError.runtime(line: line, message: "\(f.name)() takes \(f.params.count) arguments but \(args.count) were given")
    }
    guard depth < limits.depth else { throw TinyLangError.recursionLimit(limits.depth) }
    depth += 1; defer { depth -= 1 }
    try step()
    var frame: [String: TLValue] = [:]
    for (p, a) in zip(f.params, args) { frame[p] = a }
    if case .ret(let v) = try run(f.body, &frame) { return v }
    return .none
  }

  /// Pays `n` steps. Compared before adding, so a huge `n` (a range or repetition of 2^63 - 1
  /// elements) is a step-limit error, never an overflow trap.
  @inline(__always) func step(_ n: Int = 1) throws {
    guard n <= limits.steps - steps else { steps = limits.steps + 1; throw TinyLangError.stepLimit(limits.steps) }
    steps += max(0, n)
  }

  /// Pays `n` list cells (checked before anything is built, so the memory is never touched).
  func allocate(_ n: Int) throws {
    guard n <= limits.cells - cells else { throw TinyLangError.memoryLimit(limits.cells) }
    cells += max(0, n)
  }

  func fail(_ m: String) -> TinyLangError { .runtime(line: line, message: m) }

  // MARK: - Statements

  func run(_ body: [TLStmt], _ frame: inout [String: TLValue]) throws -> Flow {
    for s in body {
      line = s.line
      try step()
      switch s.kind {
      case .pass: break
      case .brk: return .brk
      case .cont: return .cont
      case .ret(let e): return .ret(try e.map { try eval($0, &frame) } ?? .none)
      case .expr(let e): _ = try eval(e, &frame)
      case .assign(let names, let exprs):
        let values = try exprs.map { try eval($0, &frame) }
        for (n, v) in zip(names, values) { frame[n] = v }
      case .augAssign(let n, let op, let e):
        guard let cur = frame[n] else { throw fail("name '\(n)' is not defined") }
        let rhs = try eval(e, &frame)
        if op == .add, case .list(let l) = cur, case .list(let r) = rhs {  // xs += ys extends in place
          try allocate(r.items.count); l.items += r.items
        } else {
          frame[n] = try binary(op, cur, rhs)
        }
      case .setIndex(let base, let idx, let e):
        // Python's order: the value first, then the target. The index is checked against the list
        // as it is at the store (libFuzzer: `ys[-1] = ys.pop(0)` stored past the end, a trap).
        let value = try eval(e, &frame)
        guard case .list(let l) = try eval(base, &frame) else { throw fail("only lists support item assignment") }
        let i = try eval(idx, &frame)
        let k = try index(i, count: l.items.count)
        l.items[k] = value
      case .ifChain(let arms, let orElse):
        var chosen: [TLStmt]? = nil
        for (c, b) in arms {
          if try truthy(eval(c, &frame)) { chosen = b; break }
        }
        let f = try run(chosen ?? orElse, &frame)
        if case .normal = f {} else { return f }
      case .whileLoop(let c, let b):
        loop: while try truthy(eval(c, &frame)) {
          try step()
          switch try run(b, &frame) {
          case .ret(let v): return .ret(v)
          case .brk: break loop
          case .normal, .cont: continue
          }
        }
      case .forLoop(let v, let seq, let b):
        guard case .list(let l) = try eval(seq, &frame) else { throw fail("for loops need a list (use range)") }
        loop: for item in l.items {
          try step()
          frame[v] = item
          switch try run(b, &frame) {
          case .ret(let r): return .ret(r)
          case .brk: break loop
          case .normal, .cont: continue
          }
        }
      }
    }
    return .normal
  }

  // MARK: - Expressions

  func eval(_ e: TLExpr, _ frame: inout [String: TLValue]) throws -> TLValue {
    switch e {
    case .int(let v): return .int(v)
    case .bool(let v): return .bool(v)
    case .none: return .none
    case .name(let n):
      guard let v = frame[n] else { throw fail("name '\(n)' is not defined") }
      return v
    case .list(let items):
      try allocate(items.count + 1)
      return .list(made(try items.map { try eval($0, &frame) }))
    case .neg(let a):
      let v = try intValue(eval(a, &frame), "unary -")
      guard v != Int.min else { throw fail("integer overflow") }
      return .int(-v)
    case .not(let a): return .bool(!(try truthy(eval(a, &frame))))
    case .and, .or:
      // A chain `a and b and c` is left-deep: walked in a loop so its length costs no stack.
      var rights: [(isAnd: Bool, TLExpr)] = []
      var left = e
      while true {
        if case .and(let l, let r) = left { rights.append((true, r)); left = l }
        else if case .or(let l, let r) = left { rights.append((false, r)); left = l }
        else { break }
      }
      var x = try eval(left, &frame)
      for (isAnd, r) in rights.reversed() { if try truthy(x) == isAnd { x = try eval(r, &frame) } }
      return x
    case .binary(let op, let a, let b):
      guard case .binary = a else { return try binary(op, eval(a, &frame), eval(b, &frame)) }
      // A left-deep chain (a + b + c ...): operands left to right, in a loop rather than recursion.
      var rights: [(TLBinOp, TLExpr)] = [(op, b)]
      var left = a
      while case .binary(let o, let l, let r) = left { rights.append((o, r)); left = l }
      var x = try eval(left, &frame)
      for (o, r) in rights.reversed() { x = try binary(o, x, eval(r, &frame)) }
      return x
    case .compare(let first, let rest):
      var lhs = try eval(first, &frame)
      for (op, re) in rest {
        let rhs = try eval(re, &frame)
        guard try compare(op, lhs, rhs) else { return .bool(false) }
        lhs = rhs
      }
      return .bool(true)
    case .index(let base, let idx):
      guard case .list(let l) = try eval(base, &frame) else { throw fail("only lists can be indexed") }
      let i = try eval(idx, &frame)  // may change the list (xs[xs.pop()]): checked against it after
      let k = try index(i, count: l.items.count)
      return l.items[k]
    case .slice(let base, let lo, let hi, let by):
      guard case .list(let l) = try eval(base, &frame) else { throw fail("only lists can be sliced") }
      // Bounds are evaluated before the length is read: they may change the list (xs[:xs.pop()]).
      let loV = try lo.map { try intValue(eval($0, &frame), "slice bound") }
      let hiV = try hi.map { try intValue(eval($0, &frame), "slice bound") }
      let stride = try by.map { try intValue(eval($0, &frame), "slice step") } ?? 1
      guard stride != 0 else { throw fail("slice step cannot be zero") }
      let n = l.items.count
      // Python's bounds: clamped into [0, n] going forward, into [-1, n - 1] going backward.
      func bound(_ x: Int?, _ dflt: Int) -> Int {
        guard var v = x else { return dflt }
        if v < 0 { v += n }
        return stride > 0 ? min(max(v, 0), n) : min(max(v, -1), n - 1)
      }
      let a = bound(loV, stride > 0 ? 0 : n - 1), z = bound(hiV, stride > 0 ? n : -1)
      var part: [TLValue] = [], k = a
      while stride > 0 ? k < z : k > z {
        part.append(l.items[k])
        let (next, overflow) = k.addingReportingOverflow(stride)
        if overflow { break }
        k = next
      }
      try allocate(part.count + 1); try step(part.count)
      return .list(made(part))
    case .call(let name, let argExprs):
      let args = try argExprs.map { try eval($0, &frame) }
      if let f = program.functions[name] {
        let saved = line
        defer { line = saved }
        return try invoke(f, args)
      }
      return try builtin(name, args)
    case .method(let base, let name, let argExprs):
      let target = try eval(base, &frame)
      let args = try argExprs.map { try eval($0, &frame) }
      return try method(target, name, args)
    }
  }

  func truthy(_ v: TLValue) throws -> Bool {
    switch v {
    case .int(let i): return i != 0
    case .bool(let b): return b
    case .none: return false
    case .list(let l): return !l.items.isEmpty
    }
  }

  func intValue(_ v: TLValue, _ what: String) throws -> Int {
    switch v {
    case .int(let i): return i
    case .bool(let b): return b ? 1 : 0
    default: throw fail("\(what) needs an int, got \(v.kindName)")
    }
  }

  func index(_ v: TLValue, count: Int) throws -> Int {
    let k = try intValue(v, "index")
    let j = k < 0 ? count + k : k
    guard j >= 0, j < count else { throw fail("list index \(k) out of range (length \(count))") }
    return j
  }
}
