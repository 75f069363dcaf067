// Adversarial completions against the K&K verifier: each gets a fixed verdict and no crash.
import Testing
import JSON
@testable import Puzzles

/// Amelia (knight), Penelope (knight), Evelyn (knave): the first public 3-person test record's gold.
let goldRecord: JSON = [
  "names": ["Amelia", "Penelope", "Evelyn"], "solution": [true, true, false],
  "knight_knave": ["Knave": "Knave", "Knight": "Knight", "a_knave": "a knave", "a_knight": "a knight", "knave": "knave", "knight": "knight"],
]
let goodAnswer = "(1) Amelia is a knight\n(2) Penelope is a knight\n(3) Evelyn is a knave"

func kkVerdict(_ completion: String) throws -> Verdict { try KKDomain().verify(goldRecord, completion: completion) }

@Suite struct KKAnswerTests {
  @Test func wellFormedCorrectAndWrong() throws {
    let v = try kkVerdict("<think> reasoning </think> <answer> \(goodAnswer) </answer>")
    #expect(v == Verdict(formatOK: true, status: .correct, parsed: goodAnswer))
    let w = try kkVerdict("<think>x</think><answer>(1) Amelia is a knight\n(2) Penelope is a knave\n(3) Evelyn is a knave</answer>")
    #expect(w.formatOK && w.status == .wrong)
    // Numbering styles, bare role words, case of the role word, final periods, any order of lines.
    let loose = try kkVerdict("<think>x</think><answer>3. Evelyn is KNAVE.\n1) Amelia is a Knight\nPenelope is knight</answer>")
    #expect(loose.status == .correct)
    // All on one line, cut at the "(k)" markers.
    #expect(try kkVerdict("<think>x</think><answer>(1) Amelia is a knight (2) Penelope is a knight (3) Evelyn is a knave</answer>").status == .correct)
  }

  @Test func prefilledThinkIsPutBackByTheFormat() throws {
    let response = " reasoning </think> <answer> \(goodAnswer) </answer>"
    #expect(try KKDomain().verify(goldRecord, completion: response).formatOK == false)
    let v = try KKDomain().verify(goldRecord, completion: response, format: .r1Base)
    #expect(v.formatOK && v.status == .correct)
    // qwenChat does not prefill: the model must write <think> itself.
    #expect(try KKDomain().verify(goldRecord, completion: response, format: .qwenChat).formatOK == false)
    // Repeating <think> after a prefilled one is two <think> tags.
    #expect(try KKDomain().verify(goldRecord, completion: "<think>" + response, format: .r1Base).formatOK == false)
  }

  @Test func twoAnswerBlocksReadTheLastAndFailTheFormat() throws {
    let wrongFirst = "<answer>(1) Amelia is a knave\n(2) Penelope is a knave\n(3) Evelyn is a knave</answer>"
    let v = try kkVerdict("<think>x</think>\(wrongFirst) <answer>\(goodAnswer)</answer>")
    #expect(v == Verdict(formatOK: false, status: .correct, parsed: goodAnswer))
    let u = try kkVerdict("<think>x</think><answer>\(goodAnswer)</answer>\(wrongFirst)")
    #expect(!u.formatOK && u.status == .wrong)
  }

  @Test func answerOnlyInsideThinkIsNoAnswer() throws {
    let v = try kkVerdict("<think> maybe <answer>\(goodAnswer)</answer> </think> I am done.")
    #expect(v == Verdict(formatOK: false, status: .unparseable, parsed: nil))
    // Without any </think>, the whole text is searched (and the format fails).
    #expect(try kkVerdict("<think> <answer>\(goodAnswer)</answer>").status == .correct)
  }

  @Test func namesNotInThePuzzleExtraMissingAndDuplicates() throws {
    func problem(_ block: String) throws -> KKAnswer.Problem? {
      try KKDomain().problem(goldRecord, completion: "<think>x</think><answer>\(block)</answer>")
    }
    #expect(try problem(goodAnswer + "\n(4) Zoey is a knight") == .unknownName("Zoey"))
    #expect(try problem("(1) Amelia is a knight\n(2) Penelope is a knight") == .missing(["Evelyn"]))
    #expect(try problem(goodAnswer + "\n(4) Amelia is a knight") == .duplicate("Amelia"))
    #expect(try problem(goodAnswer + "\n(4) Amelia is a knave") == .duplicate("Amelia"))
    #expect(try kkVerdict("<think>x</think><answer>\(goodAnswer)\n(4) Zoey is a knight</answer>").status == .unparseable)
    #expect(try problem(goodAnswer) == nil)
  }

  @Test func unicodeLookAlikesAreOtherNames() throws {
    // Greek capital alpha for "A", Cyrillic "е" in Penelope, Cyrillic "і" in knight.
    #expect(try KKDomain().problem(goldRecord, completion: "<think>x</think><answer>(1) \u{391}melia is a knight\n(2) Penelope is a knight\n(3) Evelyn is a knave</answer>") == .unknownName("\u{391}melia"))
    #expect(try kkVerdict("<think>x</think><answer>(1) Amelia is a knight\n(2) P\u{435}nelope is a knight\n(3) Evelyn is a knave</answer>").status == .unparseable)
    // A look-alike role word is no role word: the line is skipped and Amelia goes missing.
    #expect(try KKDomain().problem(goldRecord, completion: "<think>x</think><answer>(1) Amelia is a kn\u{456}ght\n(2) Penelope is a knight\n(3) Evelyn is a knave</answer>") == .missing(["Amelia"]))
  }

  @Test func knightAndKnaveOnOneLineIsUnparseable() throws {
    let v = try kkVerdict("<think>x</think><answer>(1) Amelia is a knight or a knave\n(2) Penelope is a knight\n(3) Evelyn is a knave</answer>")
    #expect(v.status == .unparseable)
    #expect(try kkVerdict("<think>x</think><answer>Amelia is a knight and Evelyn is a knave\nPenelope is a knight</answer>").status == .unparseable)
    #expect(try kkVerdict("<think>x</think><answer>(1) Amelia is a knight/knave\n(2) Penelope is a knight\n(3) Evelyn is a knave</answer>").status == .unparseable)
  }

  @Test func unterminatedTagsAndHugeCompletions() throws {
    #expect(try kkVerdict("<think>x</think><answer>\(goodAnswer)") == Verdict(formatOK: false, status: .unparseable, parsed: nil))
    #expect(try kkVerdict("<think>x</think>\(goodAnswer)</answer>").status == .unparseable)
    #expect(try kkVerdict("") == Verdict(formatOK: false, status: .unparseable, parsed: nil))
    // 200k characters of noise, then a correct answer; and 200k characters inside the answer block.
    let noise = String(repeating: "knight knave <think ( ) \n", count: 8_000)
    #expect(noise.count == 200_000)
    let v = try kkVerdict("<think>\(noise)</think><answer>\(goodAnswer)</answer>")
    #expect(v == Verdict(formatOK: true, status: .correct, parsed: goodAnswer))
    let big = try kkVerdict("<think>x</think><answer>\(noise)</answer>")
    #expect(big.status == .unparseable)
    // Deterministic: the same text gives the same verdict.
    #expect(try kkVerdict("<think>x</think><answer>\(noise)</answer>") == big)
  }

  @Test func tagOrderMatters() {
    #expect(R1Format.check("<think></think><answer></answer>"))
    #expect(!R1Format.check("<answer></answer><think></think>"))
    #expect(!R1Format.check("<think><answer></think></answer>"))
    #expect(!R1Format.check("<think></think><answer></answer></answer>"))
  }

  @Test func badRecordsThrowNamingTheField() {
    #expect(throws: JSONError.self) { try KKDomain().verify(["names": ["A"]], completion: "x") }
    #expect(throws: JSONError.self) { try KKDomain().verify(["solution": [true]], completion: "x") }
    #expect(throws: JSONError.self) { try KKDomain().verify(["names": ["A", "B"], "solution": [true]], completion: "x") }
  }
}
