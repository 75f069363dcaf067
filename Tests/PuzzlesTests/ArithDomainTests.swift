import JSON
@testable import Puzzles
import Testing

@Suite struct ArithDomainTests {
  @Test func deterministicBalancedDisjoint() throws {
    let d = ArithDomain()
    let a = try d.generate(split: .train, count: 200, seed: 7, difficulty: nil)
    let b = try d.generate(split: .train, count: 200, seed: 7, difficulty: nil)
    #expect(a.map { $0.serialized() } == b.map { $0.serialized() })
    let c = try d.generate(split: .train, count: 200, seed: 8, difficulty: nil)
    #expect(a.map { $0.serialized() } != c.map { $0.serialized() })
    for level in 1...5 { #expect(a.filter { $0["difficulty"]?.int == level }.count == 40) }
    let test = try d.generate(split: .test, count: 200, seed: 7, difficulty: nil)
    let trainQ = Set(a.compactMap { $0["question"]?.string })
    #expect(test.allSatisfy { !trainQ.contains($0["question"]!.string!) })
    #expect(Set(test.compactMap { $0["question"]?.string }).count == 200)
    #expect(try d.generate(split: .test, count: 20, seed: 1, difficulty: 3).allSatisfy { d.difficulty($0) == "3" })
    #expect(throws: JSONError.self) { try d.generate(split: .test, count: 1, seed: 1, difficulty: 6) }
  }

  /// Answers checked independently of the templates' own arithmetic: "Evaluate $E$" questions by
  /// evaluating E with the verifier's expression parser, equations by substituting the answer.
  @Test func answersCheckIndependently() throws {
    let d = ArithDomain()
    let rows = try d.generate(split: .train, count: 500, seed: 3, difficulty: nil)
    var evaluated = 0, substituted = 0
    for r in rows {
      let q = try #require(r["question"]?.string), ans = try #require(r["answer"]?.string)
      #expect(try d.verify(r, completion: "<think>work</think><answer>\\boxed{\(ans)}</answer>").correct)
      #expect(try !d.verify(r, completion: "<think>work</think><answer>\\boxed{\(ans) + 1}</answer>").correct)
      let math = q.between("$", "$")
      if q.hasPrefix("Evaluate $") {
        let e = try #require(MathExpr.parse(MathAnswer.normalizeBytes(Array(math.utf8))))
        #expect(MathAnswer.equivalent(ans, render(e.evaluate([:]))), "\(q) -> \(ans)")
        evaluated += 1
      } else if q.hasPrefix("Solve for $x$") || q.hasPrefix("Find all solutions") {
        let eq = q.hasPrefix("Solve") ? q.after("$: $").between("", "$") : math
        let sides = eq.split(separator: "=").map { MathAnswer.normalizeBytes(Array($0.utf8)) }
        let l = try #require(MathExpr.parse(sides[0])), rr = try #require(MathExpr.parse(sides[1]))
        for root in ans.split(separator: ",") {
          let x = try #require(MathExpr.parse(MathAnswer.normalizeBytes(Array(root.utf8)))).evaluate([:]).double
          // Exact inputs, so only rounding separates the sides: 1e-9 absolute.
          #expect(abs(l.evaluate(["x": x]).double - rr.evaluate(["x": x]).double) < 1e-9, "\(q) -> \(ans)")
        }
        substituted += 1
      }
    }
    #expect(evaluated > 40 && substituted > 80)
  }

  @Test func hostileCompletions() throws {
    let d = ArithDomain()
    let r = try #require(try d.generate(split: .test, count: 1, seed: 3, difficulty: 5).first)
    let ans = try #require(r["answer"]?.string)
    let cases = [
      "<think>" + String(repeating: "\\boxed{\\frac{", count: 20_000) + "</think><answer>\\boxed{\(ans)}</answer>",  // 200k+ chars
      "<think>x</think><answer>\\boxed{\(ans)</answer>",  // unterminated box
      "<think>\\boxed{\(ans)}</think><answer>\\boxed{0}</answer><answer>\\boxed{\(ans)}</answer>",  // two answer blocks
      "<think>x</think><answer>\\boxed{\u{FF11}\u{FF12}}</answer>",  // fullwidth digits are not digits
    ]
    let verdicts = try cases.map { try d.verify(r, completion: $0) }
    #expect(verdicts[0].correct && verdicts[0].formatOK)
    #expect(verdicts[1].status == .unparseable)
    #expect(!verdicts[2].formatOK)  // the last block decides the answer, the format reward still fails it
    #expect(!verdicts[3].correct)
    #expect(try cases.map { try d.verify(r, completion: $0) } == verdicts)  // deterministic
  }

  func render(_ v: MathValue) -> String {
    if case .exact(let n, let d) = v { return d == 1 ? String(n) : "\(n)/\(d)" }
    return String(v.double)
  }
}
