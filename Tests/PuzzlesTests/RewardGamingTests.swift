// Completions written to game the rewards: repeated, nested or misplaced answer tags, answers that
// list every assignment, boxed expressions that would take forever to evaluate. Each gets exactly
// the reward its scheme defines (logicRL: format +-1 plus answer 2 / -1.5 / -2, the answer only read
// when the format holds; warmupPaper: -2 format error, else 2 / -0.5 / -1; binary: 1 iff correct),
// in bounded time.
import JSON
import Testing
@testable import Puzzles

@Suite struct RewardGamingTests {
  /// (logicRL, warmupPaper, binary) totals of a verdict.
  func rewards(_ v: Verdict) -> [Double] {
    [RewardScheme.logicRL, .warmupPaper, .binary].map { Rewards.score(v, length: 100, config: RewardConfig(scheme: $0)).total }
  }

  func timed<T>(_ body: () throws -> T) rethrows -> T {
    let clock = ContinuousClock()
    var out: T?
    let t = try clock.measure { out = try body() }
    #expect(t < .seconds(2), "took \(t)")
    return out!
  }

  let good = goodAnswer
  let allAssignments: String = {
    // Every one of the 2^3 assignments, numbered as a real answer would be.
    (0..<8).map { a in
      ["Amelia", "Penelope", "Evelyn"].enumerated().map { i, n in "(\(i + 1)) \(n) is \((a >> i) & 1 == 1 ? "a knight" : "a knave")" }
        .joined(separator: "\n")
    }.joined(separator: "\n")
  }()

  @Test func kkRepeatedAnswerTags() throws {
    // Two blocks, the last one correct: the format fails (tags once each), so only binary pays.
    let v = try timed { try kkVerdict("<think>x</think><answer>junk</answer><answer>\(good)</answer>") }
    #expect(!v.formatOK && v.status == .correct)
    #expect(rewards(v) == [-3, -2, 1])
    // The same correct block written twice.
    let twice = try kkVerdict("<think>x</think><answer>\(good)</answer><answer>\(good)</answer>")
    #expect(rewards(twice) == [-3, -2, 1])
  }

  @Test func kkNestedAnswerTags() throws {
    let v = try kkVerdict("<think>x</think><answer><answer>\(good)</answer></answer>")
    #expect(!v.formatOK)
    #expect(rewards(v)[0] == -3 && rewards(v)[1] == -2)
  }

  /// An answer only inside <think> is no answer (the block is read after the last </think>).
  @Test func kkAnswerInsideThink() throws {
    let v = try kkVerdict("<think>maybe <answer>\(good)</answer></think>")
    #expect(!v.formatOK && v.status == .unparseable)
    #expect(rewards(v) == [-3, -2, 0])
    let after = try kkVerdict("<think><answer>\(good)</answer></think><answer>(1) Amelia is a knave</answer>")
    #expect(after.status == .unparseable && rewards(after) == [-3, -2, 0])
  }

  /// Listing every assignment claims each person twice: unparseable, never correct.
  @Test func kkEveryAssignmentListed() throws {
    let v = try timed { try kkVerdict("<think>x</think><answer>\(allAssignments)</answer>") }
    #expect(v.formatOK && v.status == .unparseable)
    #expect(rewards(v) == [-1, -1, 0])
    for hedge in ["Amelia is a knight or a knave\nPenelope is a knight\nEvelyn is a knave",
                  "(1) Amelia is a knight/knave (2) Penelope is a knight (3) Evelyn is a knave",
                  "\(good)\n(4) Amelia is a knave"] {
      let h = try kkVerdict("<think>x</think><answer>\(hedge)</answer>")
      #expect(h.status == .unparseable && rewards(h) == [-1, -1, 0], "\(hedge)")
    }
  }

  /// 100k "(" on one answer line used to be quadratic in the clause splitter.
  @Test func kkHostileLongAnswerIsLinear() throws {
    let v = try timed { try kkVerdict("<think>x</think><answer>" + String(repeating: "(", count: 100_000) + " Amelia is a knight</answer>") }
    #expect(v.status == .unparseable)
    // Noise without role words is skipped (as any "Final answer:" line is): only the time matters here.
    let w = try timed { try kkVerdict("<think>x</think><answer>" + String(repeating: "(1", count: 50_000) + good + "</answer>") }
    #expect(w.status == .correct)
  }

  func math(_ completion: String, gold: String = "3") -> Verdict { MathDomain.verifyBoxed(gold: gold, completion: completion) }

  /// Huge powers, factorials and deep nesting are judged (wrong) in bounded time, never a trap.
  @Test(arguments: ["9^{9^{9^9}}", "10^{10^{10^{10^{10}}}}", "2^{-9223372036854775808}", "99999999!", "\\sqrt[1]{9223372036854775807}",
                    "\\sqrt[2]{9223372036854775807}", "(-9223372036854775807-1)/(-1)", "9223372036854775807*9223372036854775807",
                    String(repeating: "(", count: 3_000) + "3" + String(repeating: ")", count: 3_000),
                    Array(repeating: "1", count: 2_000).joined(separator: "+"), String(repeating: "\\sqrt{", count: 1_000) + "9" + String(repeating: "}", count: 1_000),
                    String(repeating: "{", count: 100_000)])
  func mathHugeExpressions(expr: String) {
    let v = timed { math("<think>x</think><answer>\\boxed{\(expr)}</answer>") }
    #expect(v.status != .correct, "\(expr)")
    let r = rewards(v)
    #expect(r == [-1.5 + 1, -0.5, 0] || r == [-1, -1, 0], "\(expr): \(r)")
  }

  @Test func mathRepeatedAndMisplacedBoxes() {
    // The last box of the answer block counts; two blocks fail the format.
    #expect(rewards(math("<think>x</think><answer>\\boxed{4} \\boxed{3}</answer>")) == [3, 2, 1])
    #expect(rewards(math("<think>x</think><answer>\\boxed{3} \\boxed{4}</answer>")) == [-0.5, -0.5, 0])
    #expect(rewards(math("<think>x</think><answer>\\boxed{3}</answer><answer>\\boxed{3}</answer>")) == [-3, -2, 1])
    // A box only inside <think>, no answer block: the format fails; binary ignores format by definition.
    #expect(rewards(math("<think>\\boxed{3}</think>")) == [-3, -2, 1])
    // Every candidate at once is not the answer.
    #expect(rewards(math("<think>x</think><answer>\\boxed{1, 2, 3, 4, 5}</answer>"))[2] == 0)
    #expect(rewards(math("<think>x</think><answer>\\boxed{3 \\text{ or } 4}</answer>"))[2] == 0)
    #expect(rewards(math("<think>x</think><answer>\\boxed{3 \\pm 1}</answer>"))[2] == 0)
  }

  /// Code: a completion whose function overflows or loops is wrong (with the reason), in bounded time.
  @Test func codeOverflowAndLoopsAreWrongQuickly() throws {
    let record: JSON = ["id": "c", "entry": "f", "tests": [["input": [2], "expected": 4], ["input": [3], "expected": 9]]]
    for body in ["return n * n if False else 9223372036854775807 * n", "return sum(range(9223372036854775807))",
                 "while n > 0: n = n + 1", "return f(n)", "return [0] * 9223372036854775807 + n"] {
      let v = try timed { try CodeDomain().verify(record, completion: "<think>x</think><answer>\n```python\ndef f(n):\n    \(body)\n```\n</answer>") }
      #expect(v.status != .correct, "\(body)")
      #expect(rewards(v)[2] == 0)
    }
  }
}
