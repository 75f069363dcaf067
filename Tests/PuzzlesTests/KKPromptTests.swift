// Prompt formats and other role words.
import Testing
import JSON
@testable import Puzzles

@Suite struct KKPromptTests {
  @Test func formatsWrapTheQuestion() throws {
    let rec: JSON = ["quiz": "QUIZ", "names": ["A"], "solution": [true]]
    let q = try KKDomain().question(rec)
    #expect(q.hasPrefix("QUIZ\n\n") && q.contains("(1) Zoey is a knight\n(2) Oliver is a knight"))
    let base = try KKDomain().prompt(rec, format: .r1Base)
    #expect(base == PromptFormat.systemText + "\n\nUser: " + q + "\nAssistant: <think>")
    let chat = try KKDomain().prompt(rec, format: .qwenChat)
    #expect(chat == "<|im_start|>system\n" + PromptFormat.systemText + "<|im_end|>\n<|im_start|>user\n" + q + "<|im_end|>\n<|im_start|>assistant\n")
    #expect(PromptFormat.r1Base.fullCompletion(" x") == "<think> x" && PromptFormat.qwenChat.fullCompletion(" x") == " x")
    #expect(throws: JSONError.self) { try KKDomain().question(["names": ["A"]]) }
  }

  @Test func otherRoleWordsRoundTrip() throws {
    var gen = KKGenerator(people: 4)
    gen.words = KKRoleWords(aKnight: "an angel", aKnave: "a devil")
    let p = try gen.generate(count: 5, seed: 3)[0]
    #expect(p.quiz.hasPrefix("A very special island is inhabited only by angels and devils. Angels always tell the truth, and devils always lie."))
    #expect(try KKQuizParser.parse(p.quiz) == p)
    let rec = p.record(index: 0, split: .test)
    #expect(rec["knight_knave"]?["Knight"] == "Angel")
    let answer = p.solutionTextFormat(p.solution!)
    #expect(answer.contains("an angel") || answer.contains("a devil"))
    #expect(try KKDomain().verify(rec, completion: "<think>x</think><answer>\(answer)</answer>").status == .correct)
    // The standard words are not this puzzle's words.
    let std = answer.replacing("an angel", with: "a knight").replacing("a devil", with: "a knave")
    #expect(try KKDomain().verify(rec, completion: "<think>x</think><answer>\(std)</answer>").status == .unparseable)
    let t = try Traces.make(record: rec, source: "g", line: 1, style: .narrative, seed: 0, format: .r1Base)
    #expect(t["correct"] == .bool(true) && t["response"]!.string!.contains("angel"))
  }
}
