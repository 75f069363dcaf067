// Operators, comparisons, built-in functions and list methods of TinyLang. Every operation that
// touches n list elements pays n steps, and every new list pays its cells, so no built-in escapes
// the budgets.

extension TinyLangInterpreter {
  func binary(_ op: TLBinOp, _ a: TLValue, _ b: TLValue) throws -> TLValue {
    if case .list(let l) = a, case .list(let r) = b, op == .add {
      try allocate(l.items.count + r.items.count + 1); try step(l.items.count + r.items.count)
      return .list(made(l.items + r.items))
    }
    if op == .mul, case .list(let l) = a { return try repeatList(l, try intValue(b, "list repetition")) }
    if op == .mul, case .list(let l) = b { return try repeatList(l, try intValue(a, "list repetition")) }
    let x = try intValue(a, "'\(op.rawValue)'"), y = try intValue(b, "'\(op.rawValue)'")
    func checked(_ r: (partialValue: Int, overflow: Bool)) throws -> TLValue {
      guard !r.overflow else { throw fail("integer overflow in '\(op.rawValue)'") }
      return .int(r.partialValue)
    }
    switch op {
    case .add: return try checked(x.addingReportingOverflow(y))
    case .sub: return try checked(x.subtractingReportingOverflow(y))
    case .mul: return try checked(x.multipliedReportingOverflow(by: y))
    case .floordiv, .mod:
      guard y != 0 else { throw fail("integer division or modulo by zero") }
      guard !(x == Int.min && y == -1) else { throw fail("integer overflow in '\(op.rawValue)'") }
      var q = x / y, r = x % y
      if r != 0 && ((r < 0) != (y < 0)) { q -= 1; r += y }  // Python floors toward -infinity
      return .int(op == .floordiv ? q : r)
    case .pow:
      guard y >= 0 else { throw fail("negative exponents are not supported (integers only)") }
      var result = 1, base = x, e = y
      while e > 0 {
        try step()
        if e & 1 == 1 { result = try checked(result.multipliedReportingOverflow(by: base)).intPayload }
        e >>= 1
        if e > 0 { base = try checked(base.multipliedReportingOverflow(by: base)).intPayload }
      }
      return .int(result)
    }
  }

  func repeatList(_ l: TLList, _ n: Int) throws -> TLValue {
    let total = l.items.count.multipliedReportingOverflow(by: max(0, n))
    guard !total.overflow else { throw TinyLangError.memoryLimit(limits.cells) }
    try allocate(total.partialValue); try allocate(1); try step(total.partialValue)
    // The loop runs n times only when the result has n copies of something: [] * 10**18 is [] at once.
    var out: [TLValue] = []
    if !l.items.isEmpty { for _ in 0..<max(0, n) { out += l.items } }
    return .list(made(out))
  }

  /// Elements of range(start, stop, by), computed in unsigned arithmetic: the distance between two
  /// Ints always fits a UInt, so range(-2**63, 2**63 - 1) counts without overflow.
  static func rangeCount(start: Int, stop: Int, by: Int) throws -> Int {
    let (lo, hi) = by > 0 ? (start, stop) : (stop, start)
    guard hi > lo else { return 0 }
    let span = UInt(bitPattern: hi &- lo)  // hi - lo as an exact unsigned distance
    let step = by.magnitude
    let n = (span - 1) / step + 1
    guard n <= UInt(Int.max) else { return Int.max }
    return Int(n)
  }

  func compare(_ op: TLCmpOp, _ a: TLValue, _ b: TLValue) throws -> Bool {
    switch op {
    case .eq: return try equal(a, b, depth: 0)
    case .ne: return try !equal(a, b, depth: 0)
    case .isIn, .notIn:
      guard case .list(let l) = b else { throw fail("'in' needs a list on the right, got \(b.kindName)") }
      try step(l.items.count)
      var found = false
      for x in l.items { if try equal(a, x, depth: 0) { found = true; break } }
      return op == .isIn ? found : !found
    case .lt, .le, .gt, .ge:
      let c = try order(a, b, depth: 0)
      switch op {
      case .lt: return c < 0
      case .le: return c <= 0
      case .gt: return c > 0
      default: return c >= 0
      }
    }
  }

  /// Python equality: numbers by value (1 == True), lists element-wise, None only to None.
  func equal(_ a: TLValue, _ b: TLValue, depth: Int) throws -> Bool {
    guard depth < 100 else { throw fail("lists nested too deeply to compare") }
    switch (a, b) {
    case (.none, .none): return true
    case (.list(let x), .list(let y)):
      guard x.items.count == y.items.count else { return false }
      if x === y { return true }
      try step(x.items.count)
      for (p, q) in zip(x.items, y.items) { if try !equal(p, q, depth: depth + 1) { return false } }
      return true
    case (.int, _), (.bool, _):
      guard case .int(let i) = a.numeric, case .int(let j) = b.numeric else { return false }
      return i == j
    default: return false
    }
  }

  /// -1, 0, 1 ordering of two ints (bools count as ints) or two lists (lexicographic).
  func order(_ a: TLValue, _ b: TLValue, depth: Int) throws -> Int {
    guard depth < 100 else { throw fail("lists nested too deeply to compare") }
    if case .list(let x) = a, case .list(let y) = b {
      try step(min(x.items.count, y.items.count))
      for (p, q) in zip(x.items, y.items) {
        let c = try order(p, q, depth: depth + 1)
        if c != 0 { return c }
      }
      return x.items.count < y.items.count ? -1 : (x.items.count > y.items.count ? 1 : 0)
    }
    guard case .int(let i) = a.numeric, case .int(let j) = b.numeric else {
      throw fail("cannot order \(a.kindName) and \(b.kindName)")
    }
    return i < j ? -1 : (i > j ? 1 : 0)
  }

  func list(_ v: TLValue, _ fn: String) throws -> TLList {
    guard case .list(let l) = v else { throw fail("\(fn)() needs a list, got \(v.kindName)") }
    return l
  }

  func builtin(_ name: String, _ args: [TLValue]) throws -> TLValue {
    func arity(_ n: ClosedRange<Int>) throws {
      guard n.contains(args.count) else { throw fail("\(name)() takes \(n.lowerBound)...\(n.upperBound) arguments, got \(args.count)") }
    }
    switch name {
    case "len":
      try arity(1...1)
      return .int(try list(args[0], name).items.count)
    case "range":
      try arity(1...3)
      let v = try args.map { try intValue($0, "range()") }
      let (start, stop, by) = v.count == 1 ? (0, v[0], 1) : (v[0], v[1], v.count == 3 ? v[2] : 1)
      guard by != 0 else { throw fail("range() step must not be zero") }
      let n = try Self.rangeCount(start: start, stop: stop, by: by)
      // Cells first: allocate(n) fails before n + 1 could overflow or the list could be built.
      try allocate(n); try allocate(1); try step(n)
      return .list(made((0..<n).map { .int(start + $0 * by) }))
    case "abs":
      try arity(1...1)
      let v = try intValue(args[0], name)
      guard v != Int.min else { throw fail("integer overflow in abs()") }
      return .int(abs(v))
    case "min", "max":
      try arity(1...Int.max)
      let items = args.count == 1 ? try list(args[0], name).items : args
      guard var best = items.first else { throw fail("\(name)() of an empty list") }
      try step(items.count)
      for x in items.dropFirst() {
        let c = try order(x, best, depth: 0)
        if (name == "min" && c < 0) || (name == "max" && c > 0) { best = x }
      }
      return best
    case "sum":
      try arity(1...1)
      var total: TLValue = .int(0)
      for x in try list(args[0], name).items { try step(); total = try binary(.add, total, x) }
      return total
    case "sorted":
      try arity(1...1)
      let items = try list(args[0], name).items
      try allocate(items.count + 1); try step(items.count * max(1, Int.bitWidth - items.count.leadingZeroBitCount))
      var failure: TinyLangError? = nil
      let out = items.sorted { x, y in
        do { return try order(x, y, depth: 0) < 0 } catch { failure = error as? TinyLangError; return false }
      }
      if let failure { throw failure }
      return .list(made(out))
    case "reversed", "list":
      try arity(1...1)
      let items = try list(args[0], name).items
      try allocate(items.count + 1); try step(items.count)
      return .list(made(name == "list" ? items : items.reversed()))
    case "bool":
      try arity(1...1)
      return .bool(try truthy(args[0]))
    case "int":
      try arity(1...1)
      return .int(try intValue(args[0], name))
    default:
      throw fail("name '\(name)' is not defined (TinyLang has no \(name)(); built-ins: len, range, abs, min, max, sum, sorted, reversed, list, bool, int)")
    }
  }

  func method(_ target: TLValue, _ name: String, _ args: [TLValue]) throws -> TLValue {
    guard case .list(let l) = target else { throw fail("\(target.kindName) has no method '\(name)'") }
    switch (name, args.count) {
    case ("append", 1):
      try allocate(1)
      l.items.append(args[0])
      return .none
    case ("pop", 0), ("pop", 1):
      guard !l.items.isEmpty else { throw fail("pop from an empty list") }
      let k = args.isEmpty ? l.items.count - 1 : try index(args[0], count: l.items.count)
      try step(l.items.count - k)
      return l.items.remove(at: k)
    default:
      throw fail("list has no method '\(name)' with \(args.count) arguments (methods: append(x), pop(), pop(i))")
    }
  }
}

extension TLValue {
  /// Bools as ints (Python's bool is an int), others unchanged.
  var numeric: TLValue {
    if case .bool(let b) = self { return .int(b ? 1 : 0) }
    return self
  }
  var intPayload: Int { if case .int(let i) = self { return i }; return 0 }
}
