// Hostile TinyLang programs (a model's completion is untrusted): every overflow and every limit is a
// typed error of the program, never a trap, a hang or a stack overflow.
@testable import Puzzles
import JSON
import Testing

@Suite struct TinyLangLimitTests {
  func run(_ src: String, _ args: [TLValue] = [], limits: TinyLangLimits = TinyLangLimits()) throws -> TLValue {
    try TinyLangInterpreter(program: TinyLangProgram(source: src), limits: limits).call("f", args)
  }

  /// `range(2**63 - 1)` used to compute n + 1 cells and trap; now it is the cell limit.
  @Test func hugeRangesAreMemoryErrors() {
    let limits = TinyLangLimits()
    for src in ["range(9223372036854775807)", "range(-9223372036854775807 - 1, 9223372036854775807)",
                "range(9223372036854775807, -9223372036854775807 - 1, -1)", "range(0, 9223372036854775807, 2)"] {
      #expect(throws: TinyLangError.memoryLimit(limits.cells), "\(src)") { try run("def f():\n    return \(src)") }
    }
    // Empty and tiny ranges at the extremes are fine (and exact).
    #expect((try? run("def f():\n    return range(9223372036854775807, 9223372036854775807)"))?.description == "[]")
    #expect((try? run("def f():\n    return range(9223372036854775806, 9223372036854775807)"))?.description == "[9223372036854775806]")
    #expect((try? run("def f():\n    return range(-9223372036854775807 - 1, -9223372036854775807 + 1)"))?.description
            == "[-9223372036854775808, -9223372036854775807]")
    #expect((try? run("def f():\n    return range(5, -9223372036854775807 - 1, -4611686018427387904)"))?.description
            == "[5, -4611686018427387899, -9223372036854775803]")
  }

  @Test func hugeRepetitionsAreMemoryErrors() {
    let limits = TinyLangLimits()
    for src in ["[1] * 9223372036854775807", "9223372036854775807 * [1]", "[1, 2] * 4611686018427387904",
                "[] * 9223372036854775807 + [1] * 9223372036854775807"] {
      #expect(throws: TinyLangError.memoryLimit(limits.cells), "\(src)") { try run("def f():\n    return \(src)") }
    }
    #expect((try? run("def f():\n    return [] * 9223372036854775807"))?.description == "[]")
  }

  /// Every arithmetic overflow is a runtime error naming the line.
  @Test func integerOverflowIsARuntimeError() {
    let cases = ["9223372036854775807 + 1", "-9223372036854775807 - 2", "9223372036854775807 * 2", "2 ** 63",
                 "(-9223372036854775807 - 1) // -1", "-(-9223372036854775807 - 1)", "abs(-9223372036854775807 - 1)",
                 "sum([9223372036854775807, 1])", "3 ** 40"]
    for c in cases {
      #expect(throws: TinyLangError.self, "\(c)") { try run("def f():\n    x = 0\n    return \(c)") }
      do { _ = try run("def f():\n    x = 0\n    return \(c)"); Issue.record("\(c) gave a value") } catch let e as TinyLangError {
        guard case .runtime(let line, let m) = e else { Issue.record("\(c): \(e)"); continue }
        #expect(line == 3 && m.contains("overflow"), "\(c): \(e)")
      } catch { Issue.record("\(c): \(error)") }
    }
    #expect(throws: TinyLangError.syntax(line: 2, message: "integer literal too large")) {
      try run("def f():\n    return 99999999999999999999")
    }
  }

  /// Long operator chains are evaluated in a loop (no deep recursion), and a program with more
  /// operators than the parser allows is a syntax error, not a stack overflow.
  @Test func longChainsAndDeepNesting() throws {
    let chain = Array(repeating: "1", count: 4_000).joined(separator: " + ")
    #expect(try run("def f():\n    return \(chain)").description == "4000")
    let bools = Array(repeating: "x", count: 3_000).joined(separator: " and ") + " or 7"
    #expect(try run("def f(x):\n    return \(bools)", [.int(0)]).description == "7")
    // Recursion at the bottom of a long chain: depth x chain length frames if chains recursed.
    let deep = "def f(n):\n    if n == 0: return 0\n    return " + Array(repeating: "0", count: 1_000).joined(separator: " + ") + " + f(n - 1)"
    #expect(try run(deep, [.int(45)]).description == "0")
    let huge = Array(repeating: "1", count: 200_000).joined(separator: "+")
    #expect(throws: TinyLangError.syntax(line: 2, message: "program too large (more than 5000 operators)")) {
      try run("def f():\n    return \(huge)")
    }
    for src in [String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000),
                String(repeating: "-", count: 100_000) + "1", String(repeating: "not ", count: 100_000) + "1",
                Array(repeating: "2", count: 100_000).joined(separator: " ** "),
                "[0]" + String(repeating: "[0]", count: 100_000), String(repeating: "[", count: 100_000)] {
      #expect(throws: TinyLangError.self) { try run("def f():\n    return \(src)") }
    }
  }

  /// libFuzzer (scripts/fuzz.sh tinylang, 1 s): `ys[-1] = ys.pop(0)` computed the index before the
  /// value shrank the list, then stored past its end (a trap). Python evaluates the value first.
  /// Expected values are CPython's.
  @Test func targetsChangedWhileEvaluated() throws {
    #expect(try run("def f():\n    ys = [1, 2, 3]\n    ys[-1] = ys.pop(0)\n    return ys").description == "[2, 1]")
    #expect(try run("def f():\n    ys = [5, 6, 7]\n    return ys[ys.pop()  - 7]").description == "5")
    #expect(try run("def f():\n    xs = [0, 1, 2, 3]\n    return xs[:xs.pop()]").description == "[0, 1, 2]")
    #expect(try run("def f():\n    xs = [0, 1, 2, 3]\n    return xs[xs.pop(0) + xs.pop(0):]").description == "[3]")
    #expect(throws: TinyLangError.runtime(line: 3, message: "list index 0 out of range (length 0)")) {
      try run("def f():\n    xs = [1]\n    xs[0] = xs.pop()\n    return xs")
    }
  }

  /// libFuzzer (leak detection, 32 s): `ys[-1] = [ys[0:3], ys]` puts ys inside itself, a reference
  /// cycle that was never freed (up to the cell budget per completion, for every completion of an
  /// RLVR run). releaseLists() empties every list the run made or received, so all of them go.
  @Test func cyclesAreFreedAfterTheRun() throws {
    weak var input: TLList?
    weak var made: TLList?
    do {
      let arg = TLList([.int(3), .int(1)])
      input = arg
      let program = try TinyLangProgram(source: "def g(xs):\n    ys = [xs]\n    ys.append(ys)\n    xs.append(xs)\n    return ys")
      let vm = TinyLangInterpreter(program: program)
      let out = try vm.call("g", [.list(arg)])
      guard case .list(let l) = out else { Issue.record("\(out)"); return }
      made = l
      #expect(out.description.hasPrefix("[[3, 1, [3, 1, [3, 1, ["))
      vm.releaseLists()
    }
    #expect(input == nil && made == nil)
    // Through the verifier (CodeDomain.failure releases after judging).
    let record: JSON = ["id": "c", "entry": "f", "tests": [["input": [[1]], "expected": 0]]]
    let v = try CodeDomain().verify(record, completion: "<answer>\n```python\ndef f(xs):\n    xs.append(xs)\n    return len(xs)\n```\n</answer>")
    #expect(v.status == .wrong)
  }

  /// The same list held 1000 times at each of 20 levels is 20k cells but 1000^20 values to print:
  /// printing (failure reasons, `verify --json`) stops after ~10k values.
  @Test func sharedListsPrintInBoundedTime() throws {
    let v = try run("def f():\n    a = [0]\n    for _ in range(20):\n        a = [a] * 1000\n    return a")
    let text = v.description
    #expect(text.count < 200_000 && text.hasPrefix("[[[[") && text.contains("..."))
    #expect(try run("def f():\n    return [1, [2, [3]], True, None]").description == "[1, [2, [3]], True, None]")
  }

  /// A list nested 100k deep (within the cell budget) is freed without recursing once per level.
  @Test func deeplyNestedListsAreFreed() throws {
    let src = "def f():\n    xs = []\n    for _ in range(90000):\n        xs = [xs]\n    return len(xs)"
    let roomy = TinyLangLimits(steps: 2_000_000, cells: 1_000_000, depth: 50)
    #expect(try run(src, limits: roomy).description == "1")
    let chain = "def f():\n    root = []\n    cur = root\n    for _ in range(90000):\n        nxt = []\n        cur.append(nxt)\n        cur = nxt\n    return len(root)"
    #expect(try run(chain, limits: roomy).description == "1")
  }

  /// A completion that overflows, loops or recurses is a wrong answer with its reason, never a trap.
  @Test func codeDomainJudgesHostileCompletionsWrong() throws {
    let record: JSON = ["id": "c1", "entry": "f", "tests": [["input": [3], "expected": 6]]]
    for body in ["return len(range(9223372036854775807))", "return len([1] * 9223372036854775807)",
                 "return n * 9223372036854775807", "return f(n)", "while True: pass",
                 "xs = []\n    while True: xs = [xs]"] {
      let completion = "<think>t</think><answer>\n```python\ndef f(n):\n    \(body)\n```\n</answer>"
      let v = try CodeDomain().verify(record, completion: completion)
      #expect(v.status == .wrong, "\(body)")
      let program = try TinyLangProgram(source: "def f(n):\n    \(body)")
      #expect(CodeDomain.failure(program, entry: "f", tests: try CodeDomain.tests(record)) != nil, "\(body)")
    }
    let good = try TinyLangProgram(source: "def f(n):\n    return 2 * n")
    #expect(CodeDomain.failure(good, entry: "f", tests: try CodeDomain.tests(record)) == nil)
    let overflow = try TinyLangProgram(source: "def f(n):\n    return n * 9223372036854775807")
    #expect(CodeDomain.failure(overflow, entry: "f", tests: try CodeDomain.tests(record))?.contains("integer overflow") == true)
    let answer = { (body: String) in "<think>t</think><answer>\n```python\ndef f(n):\n    \(body)\n```\n</answer>" }
    #expect(try CodeDomain().reason(record, completion: answer("return n * 9223372036854775807")) == "test 0: line 2: integer overflow in '*'")
    #expect(try CodeDomain().reason(record, completion: answer("while True: pass")) == "test 0: step limit of 200000 exceeded")
    #expect(try CodeDomain().reason(record, completion: answer("return n + 1")) == "test 0: expected 6, got 4")
    #expect(try CodeDomain().reason(record, completion: answer("return 2 * n")) == nil)
    // A record with 100k tests would run a looping completion 100k times: refused by count.
    let many: JSON = ["id": "c2", "entry": "f", "tests": .array(Array(repeating: ["input": [3], "expected": 6], count: 100_000))]
    #expect(throws: JSONError.self) { try CodeDomain().verify(many, completion: answer("while True: pass")) }
  }
}
