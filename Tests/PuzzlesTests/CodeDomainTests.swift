import JSON
@testable import Puzzles
import Testing

@Suite struct CodeDomainTests {
  /// Every task's TinyLang reference passes the hidden tests that Swift computed, and a constant
  /// answer fails (the tests discriminate).
  @Test(arguments: 1...CodeDomain.maxLevel) func referencesPassTheirTests(level: Int) throws {
    let d = CodeDomain()
    let rows = try d.generate(split: .train, count: 60, seed: 11, difficulty: level)
    var constantPasses = 0
    for r in rows {
      let ref = try #require(r["solution"]?.string), entry = try #require(r["entry"]?.string)
      let v = try d.verify(r, completion: "<think>ok</think><answer>\n```python\n\(ref)```\n</answer>")
      #expect(v == Verdict(formatOK: true, status: .correct, parsed: ref), "\(r["question"]!.string!)")
      let params = try #require(r["signature"]?.string).between("(", ")")
      let constant = "```\ndef \(entry)(\(params)):\n    return 0\n```"
      if try d.verify(r, completion: constant).correct { constantPasses += 1 }
    }
    #expect(constantPasses == 0)
  }

  @Test func deterministicBalancedDisjoint() throws {
    let d = CodeDomain()
    let a = try d.generate(split: .train, count: 100, seed: 5, difficulty: nil)
    #expect(a.map { $0.serialized() } == (try d.generate(split: .train, count: 100, seed: 5, difficulty: nil)).map { $0.serialized() })
    for level in 1...5 { #expect(a.filter { $0["difficulty"]?.int == level }.count == 20) }
    let test = try d.generate(split: .test, count: 200, seed: 5, difficulty: nil)
    let trainQ = Set(a.compactMap { $0["question"]?.string })
    #expect(test.allSatisfy { !trainQ.contains($0["question"]!.string!) && TaskSplit.split(ofQuestion: $0["question"]!.string!) == .test })
  }

  /// Levels 6-8 leave the constant out of the question: one sentence per family whatever the
  /// constant, the first example (level 8: both) is where the worked line reads it, and the worked
  /// line's values are the reference's constants; a program with the constant one off fails.
  @Test(arguments: 6...8) func inferLevelsLeaveTheConstantToTheExamples(level: Int) throws {
    let d = CodeDomain()
    let rows = try d.generate(split: .train, count: 80, seed: 3, difficulty: level)
    var sentences: [String: Set<String>] = [:]
    for r in rows {
      let q = try #require(r["question"]?.string), entry = try #require(r["entry"]?.string)
      let worked = try #require(r["worked"]?.string, "level \(level) record without worked")
      let ref = try #require(r["solution"]?.string)
      sentences[entry, default: []].insert(String(q.split(separator: "\n")[0]))
      let examples = q.components(separatedBy: "Examples:\n")[1].split(separator: "\n").map(String.init)
      #expect(worked.hasPrefix(examples[0]), "\(worked) | \(examples[0])")
      if level == 8 { #expect(worked.contains(". " + examples[1] + ","), "\(worked)") }
      // Each sentence ends "so NAME = ... = VALUE." or "so NAME = VALUE.": VALUE is in the reference.
      let values = worked.split(separator: ".").compactMap { s -> Int? in
        guard s.contains("so ") else { return nil }
        return Int(s.components(separatedBy: "= ").last!.trimmingCharacters(in: .whitespaces))
      }
      #expect(values.count == (level == 8 ? 2 : 1), "\(worked)")
      let last = try #require(values.last)
      #expect(ref.contains(" \(abs(last))") || ref.contains("-\(abs(last))"), "\(ref) lacks \(last)")
      // The tests pin the constant: the reference with the last constant one larger fails.
      let bumped = ref.replacingOccurrences(of: " \(abs(last))\n", with: " \(abs(last) + 1)\n")
      if bumped != ref {
        #expect(!(try d.verify(r, completion: "```python\n\(bumped)```")).correct, "\(bumped)")
      }
    }
    for (entry, s) in sentences { #expect(s.count == 1, "\(entry): \(s)") }
    // Levels 1-5 carry no worked line.
    let plain = try d.generate(split: .train, count: 10, seed: 3, difficulty: nil)
    #expect(plain.allSatisfy { $0["worked"] == nil })
  }

  @Test func levelsCycleAndAreChecked() throws {
    let d = CodeDomain()
    let a = try d.generate(split: .train, count: 30, seed: 4, difficulty: nil, levels: [6, 7, 8])
    #expect(a.map { $0["difficulty"]?.int ?? 0 } == Array(repeating: [6, 7, 8], count: 10).flatMap { $0 })
    #expect(try d.generate(split: .train, count: 20, seed: 4, difficulty: nil).map { $0.serialized() }
            == (try d.generate(split: .train, count: 20, seed: 4, difficulty: nil, levels: [1, 2, 3, 4, 5])).map { $0.serialized() })
    #expect(throws: JSONError.self) { try d.generate(split: .train, count: 1, seed: 1, difficulty: 9) }
    #expect(throws: JSONError.self) { try d.generate(split: .train, count: 1, seed: 1, difficulty: nil, levels: [6, 0]) }
    #expect(throws: JSONError.self) { try d.generate(split: .train, count: 1, seed: 1, difficulty: nil, levels: []) }
    #expect(throws: JSONError.self) { try ArithDomain().generate(split: .train, count: 1, seed: 1, difficulty: 6) }
  }

  @Test func extraction() {
    #expect(CodeDomain.extractCode("<answer>\n```python\ndef f():\n    return 1\n```\n</answer>") == "def f():\n    return 1\n")
    #expect(CodeDomain.extractCode("```\ndef f(): return 0\n``` then ```python\ndef f(): return 2\n```") == "def f(): return 2\n")
    #expect(CodeDomain.extractCode("```\ndef f(): return 0\n``` and ```python\ndef f(): ret") == "def f(): return 0\n")  // unterminated last fence
    #expect(CodeDomain.extractCode("<answer>\n    def f(x):\n        return x\n</answer>") == "\ndef f(x):\n    return x\n")
    #expect(CodeDomain.extractCode("no code") == nil)
  }

  @Test func hostileCompletions() throws {
    let d = CodeDomain()
    let r = try #require(d.generate(split: .test, count: 1, seed: 2, difficulty: 2).first)
    let entry = r["entry"]!.string!, params = r["signature"]!.string!.between("(", ")")
    func verdict(_ body: String) throws -> Verdict {
      try d.verify(r, completion: "<think>x</think><answer>```python\ndef \(entry)(\(params)):\n\(body)\n```</answer>")
    }
    #expect(try verdict("    while 1: pass").status == .wrong)
    #expect(try verdict("    xs = []\n    while True:\n        xs.append(xs)").status == .wrong)
    #expect(try verdict("    return \(entry)(\(params))").status == .wrong)  // unbounded recursion
    #expect(try verdict("    return (((((").status == .unparseable)
    let huge = "<think>" + String(repeating: "```", count: 70_001) + "</think>"
    let v1 = try d.verify(r, completion: huge), v2 = try d.verify(r, completion: huge)
    #expect(v1 == v2 && !v1.correct)
    let long = "```python\ndef \(entry)(\(params)):\n" + String(repeating: "    x = 1\n", count: 20_000) + "```"
    #expect(try d.verify(r, completion: long).status == .unparseable)  // over maxCodeBytes
    #expect(throws: JSONError.self) { try d.verify(["entry": "f", "tests": [["input": [1.5], "expected": 1]]], completion: "```\ndef f(x): return 1\n```") }
  }
}
