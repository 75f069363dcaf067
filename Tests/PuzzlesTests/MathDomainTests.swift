import JSON
@testable import Puzzles
import Testing

@Suite struct MathDomainTests {
  @Test func r1Format() {
    #expect(R1Format.check("<think> a </think> <answer> b </answer>"))
    #expect(!R1Format.check("<think> a </think> <answer> b </answer><answer> c </answer>"))  // two answers
    #expect(!R1Format.check("<answer> b </answer><think> a </think>"))  // order
    #expect(!R1Format.check("<think> a <answer> b </answer> </think>"))  // answer inside think
    #expect(!R1Format.check("no tags"))
    #expect(R1Format.check(" a </think> <answer> b </answer>", thinkInPrompt: true))
    #expect(!R1Format.check("<think> a </think> <answer> b </answer>", thinkInPrompt: true))
    #expect(R1Format.answerBlock("x <answer>1</answer> y <answer> 2 </answer>") == " 2 ")
    #expect(R1Format.answerBlock("<answer> unterminated") == nil)
  }

  @Test func verdicts() throws {
    let rec: JSON = ["problem": "What is 1/2 + 1/4?", "answer": "\\frac{3}{4}", "level": 2]
    let d = MathDomain()
    #expect(d.difficulty(rec) == "2")
    let good = try d.verify(rec, completion: "<think> 2/4 + 1/4 </think> <answer> \\boxed{0.75} </answer>")
    #expect(good == Verdict(formatOK: true, status: .correct, parsed: "0.75"))
    let bare = try d.verify(rec, completion: "<think>x</think><answer>3/4</answer>")
    #expect(bare.correct && bare.formatOK)
    let noFormat = try d.verify(rec, completion: "so \\boxed{\\dfrac34}")
    #expect(noFormat.correct && !noFormat.formatOK)
    let wrong = try d.verify(rec, completion: "<think>x</think><answer>\\boxed{3/5}</answer>")
    #expect(wrong.status == .wrong)
    // The box inside <think> does not count when an <answer> block exists.
    let inThink = try d.verify(rec, completion: "<think>\\boxed{3/4}</think><answer>I am not sure about this one at all, sorry, really unsure here, no idea what the value is</answer>")
    #expect(inThink.status == .unparseable)
    #expect(try d.verify(rec, completion: "<think>\\boxed{3/4}</think><answer>no idea</answer>").status == .wrong)
    let unterminated = try d.verify(rec, completion: "<think>x</think><answer>\\boxed{3/4</answer>")
    #expect(unterminated.status == .unparseable)
    let numeric: JSON = ["problem": "p", "answer": 142.0, "difficulty": 2.0]
    #expect(try MathDomain.gold(numeric) == "142" && d.difficulty(numeric) == "2")
    #expect(throws: JSONError.self) { try d.verify(["problem": "p", "answer": nil], completion: "\\boxed{1}") }
  }

  @Test func hostileCompletions() throws {
    let rec: JSON = ["problem": "p", "answer": "7"]
    let d = MathDomain()
    let huge = "<think>" + String(repeating: "ab{(", count: 50_000) + "</think><answer>\\boxed{7}</answer>"
    #expect(try d.verify(rec, completion: huge).correct)
    let hugeBox = "<think>x</think><answer>\\boxed{" + String(repeating: "7+", count: 100_000) + "0}</answer>"
    let v1 = try d.verify(rec, completion: hugeBox), v2 = try d.verify(rec, completion: hugeBox)
    #expect(v1.status == .wrong && v1 == v2)
    #expect(try d.verify(rec, completion: String(repeating: "\\boxed{", count: 30_000)).status == .unparseable)
  }

  /// Every real file: `\boxed{gold}` is judged correct and a neighbour's answer mostly is not.
  @Test(arguments: ["math/math500.jsonl", "math/aime24.json", "math/amc.json", "math/math_train.json"])
  func realFiles(rel: String) throws {
    let rows = try MathDomain.load(path: SharedData.path(rel))
    let d = MathDomain()
    var checked = 0, selfFails: [String] = [], neighbourSame = 0
    for (i, r) in rows.enumerated() {
      guard r["answer"].map({ !$0.isNull }) ?? false else { continue }  // math_train.json has 2 null answers
      try d.validate(r, source: rel, line: i + 1)
      let gold = try MathDomain.gold(r)
      if gold.isEmpty { continue }  // math_train.json has 2 empty answers: nothing can match them
      checked += 1
      if !(try d.verify(r, completion: "<think>.</think><answer>\\boxed{\(gold)}</answer>")).correct { selfFails.append(gold) }
      guard let other = try? MathDomain.gold(rows[(i + 1) % rows.count]) else { continue }
      if MathAnswer.normalize(other) != MathAnswer.normalize(gold), MathAnswer.equivalent(other, gold) { neighbourSame += 1 }
    }
    print("\(rel): \(checked) answers, self-verify failures \(selfFails.count), neighbour false positives \(neighbourSame)")
    #expect(checked > 0)
    #expect(selfFails.isEmpty, "\(selfFails.prefix(20))")
    #expect(neighbourSame == 0)
  }
}
