@testable import Puzzles
import Testing

@Suite struct TinyLangTests {
  func run(_ src: String, _ fn: String = "f", _ args: [TLValue] = [], limits: TinyLangLimits = TinyLangLimits()) throws -> String {
    try TinyLangInterpreter(program: TinyLangProgram(source: src), limits: limits).call(fn, args).description
  }

  /// Expected values are what CPython 3 prints for the same source.
  @Test func pythonSemantics() throws {
    #expect(try run("def f():\n    return [-7 // 2, -7 % 2, 7 // -2, 7 % -2, 2 ** 10]") == "[-4, 1, -4, -1, 1024]")
    #expect(try run("def f():\n    xs = [1, 2]\n    ys = xs\n    ys.append(3)\n    return xs") == "[1, 2, 3]")
    #expect(try run("def f():\n    xs = list(range(10))\n    return [xs[2:5], xs[-3:], xs[:-8], xs[-1]]") == "[[2, 3, 4], [7, 8, 9], [0, 1], 9]")
    #expect(try run("def f():\n    return [1 < 2 < 3, 3 > 2 > 2, 0 or 5, 4 and 0, not [], 2 in [1, 2], 3 not in [3]]")
            == "[True, False, 5, 0, True, True, False]")
    #expect(try run("def f(n):\n    if n < 2: return n\n    return f(n - 1) + f(n - 2)", "f", [.int(15)]) == "610")
    #expect(try run("def f():\n    a, b = 0, 1\n    for _ in range(10):\n        a, b = b, a + b\n    return a") == "55")
    #expect(try run("def f():\n    t = 0\n    i = 0\n    while True:\n        i += 1\n        if i % 2 == 0:\n            continue\n        if i > 9:\n            break\n        t += i\n    return t") == "25")
    #expect(try run("def g(x):\n    return x * 2\n\n# comment\ndef f():\n    return sorted([3, g(1), -1]) + reversed([1, 2]) + [min(4, 2), max([1, 9]), sum([]), abs(-3), len([[]])]")
            == "[-1, 2, 3, 2, 1, 2, 9, 0, 3, 1]")
    #expect(try run("def f():\n    xs = [5, 6, 7]\n    xs[-1] = 0\n    x = xs.pop(0)\n    return [x, xs, 1 == True, [1, [2]] == [1, [2]], None == 0]") == "[5, [6, 0], True, True, False]")
  }

  @Test func errorsNameTheLine() {
    #expect(throws: TinyLangError.syntax(line: 2, message: "expected ':'")) { try TinyLangProgram(source: "def f():\n    if x\n        return 1") }
    #expect(throws: TinyLangError.runtime(line: 3, message: "integer division or modulo by zero")) { try run("def f():\n    x = 0\n    return 1 // x") }
    #expect(throws: TinyLangError.runtime(line: 2, message: "list index 3 out of range (length 2)")) { try run("def f():\n    return [1, 2][3]") }
    #expect(throws: TinyLangError.self) { try run("def f():\n    return print(1)") }
    #expect(throws: TinyLangError.self) { try run("import os") }
    #expect(throws: TinyLangError.self) { try run("def f():\n    return 2 ** 100") }  // 64-bit overflow
    #expect(throws: TinyLangError.self) { try run("def f():\n    return 'a'") }
  }

  @Test func limitsStopRunawayPrograms() {
    let small = TinyLangLimits(steps: 10_000, cells: 5_000, depth: 20)
    let roomy = TinyLangLimits(steps: 1_000_000, cells: 5_000, depth: 20)
    #expect(throws: TinyLangError.stepLimit(10_000)) { try run("def f():\n    while 1: pass", limits: small) }
    #expect(throws: TinyLangError.stepLimit(10_000)) { try run("def f():\n    while True:\n        x = 1", limits: small) }
    #expect(throws: TinyLangError.memoryLimit(5_000)) { try run("def f():\n    xs = []\n    while True:\n        xs.append(1)", limits: roomy) }
    #expect(throws: TinyLangError.memoryLimit(5_000)) { try run("def f():\n    xs = [1]\n    while True:\n        xs = xs + xs", limits: small) }
    #expect(throws: TinyLangError.memoryLimit(5_000)) { try run("def f():\n    return [0] * 1000000000000", limits: small) }
    #expect(throws: TinyLangError.memoryLimit(5_000)) { try run("def f():\n    return range(10 ** 15)", limits: small) }
    #expect(throws: TinyLangError.memoryLimit(5_000)) { try run("def f():\n    xs = [1]\n    while True:\n        xs.append(xs)\n        xs += xs", limits: small) }
    #expect(throws: TinyLangError.recursionLimit(20)) { try run("def f():\n    return f()", limits: small) }
    #expect(throws: TinyLangError.stepLimit(10_000)) { try run("def f():\n    return sum(range(4000)) + sum(range(4000)) + sum(range(4000))", limits: TinyLangLimits(steps: 10_000, cells: 100_000, depth: 20)) }
    // Default limits stop the same programs too (and quickly).
    #expect(throws: TinyLangError.stepLimit(TinyLangLimits().steps)) { try run("def f():\n    while 1: pass") }
    #expect(throws: TinyLangError.self) { try run("def f():\n    xs = []\n    while True:\n        xs.append(1)") }
  }

  @Test func hostileSources() {
    let deep = "def f():\n    return " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
    #expect(throws: TinyLangError.self) { try TinyLangProgram(source: deep) }
    let deepBlocks = "def f():\n" + (1...200).map { String(repeating: " ", count: $0) + "if 1:\n" }.joined() + String(repeating: " ", count: 201) + "pass\n"
    #expect(throws: TinyLangError.self) { try TinyLangProgram(source: deepBlocks) }
    #expect(throws: TinyLangError.self) { try TinyLangProgram(source: "def f():\n    return 99999999999999999999999") }
    #expect(throws: TinyLangError.self) { try TinyLangProgram(source: "def f():\n  return 1\n return 2") }
    #expect(throws: TinyLangError.self) { try TinyLangProgram(source: "def f():\n    return \u{2014}1") }
    let nested = try? run("def f():\n    xs = []\n    xs.append(xs)\n    return xs == xs")
    #expect(nested == "True")
    // Two distinct self-containing lists: CPython raises RecursionError; we stop at depth 100.
    #expect(throws: TinyLangError.self) { try run("def f():\n    a = []\n    a.append(a)\n    b = []\n    b.append(b)\n    return a == b") }
  }
}


/// 400 random programs (valid Python) whose values CPython computed (TinyLangCPythonCases.swift,
/// made by puzzles/tools/make_tinylang_cases.py): TinyLang must print exactly what CPython printed.
@Test func agreesWithCPython() throws {
  var fails: [String] = []
  for c in tinyLangCPythonCases {
    do {
      let got = try TinyLangInterpreter(program: TinyLangProgram(source: c.source)).call("f", []).description
      if got != c.python { fails.append("\(c.source)-> \(got), CPython \(c.python)") }
    } catch {
      fails.append("\(c.source)-> error \(error), CPython \(c.python)")
    }
  }
  print("TinyLang vs CPython: \(tinyLangCPythonCases.count - fails.count)/\(tinyLangCPythonCases.count) agree")
  #expect(fails.isEmpty, "\(fails.prefix(5))")
}
