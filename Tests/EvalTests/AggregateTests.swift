import Testing
import Puzzles
import Model
import JSON
@testable import Eval

func s(_ status: AnswerStatus, _ parsed: String?, tokens: Int = 10, finish: FinishReason = .eos, formatOK: Bool = true) -> SampleOutcome {
  SampleOutcome(status: status, parsed: parsed, formatOK: formatOK, tokens: tokens, finish: finish)
}

@Test func statsOfHandMadeOutcomes() throws {
  // Q1 (difficulty 3): samples correct, wrong, correct, unparseable -> c = 2 of 4; votes "A" x2 (correct).
  // Q2 (difficulty 10): wrong "B", wrong "C", correct "D", wrong "C" -> c = 1; majority "C" (wrong).
  let q1 = QuestionOutcome(difficulty: "3", samples: [
    s(.correct, "A", tokens: 20), s(.wrong, "B", tokens: 40), s(.correct, "A", tokens: 30),
    s(.unparseable, nil, tokens: 100, finish: .length, formatOK: false)])
  let q2 = QuestionOutcome(difficulty: "10", samples: [
    s(.wrong, "B", tokens: 10), s(.wrong, "C", tokens: 10), s(.correct, "D", tokens: 50), s(.wrong, "C", tokens: 10)])
  let st = EvalStats([q1, q2])
  #expect(st.n == 2 && st.samples == 4)
  #expect(st.pass1 == (0.5 + 0.25) / 2)
  // pass@2: q1 = 1 - C(2,2)/C(4,2) = 5/6; q2 = 1 - C(3,2)/C(4,2) = 1/2. pass@4 = 1 for both.
  #expect(abs(st.passAtK[2]! - (5.0 / 6 + 0.5) / 2) < 1e-12)
  #expect(st.passAtK[4] == 1)
  #expect(st.passAtK.values.map(\.k) == [1, 2, 4])
  #expect(st.majAtK == 0.5)
  // Sample sets: j=0 {T,F} .5, j=1 {F,F} 0, j=2 {T,T} 1, j=3 {F,F} 0 -> mean .375, var = (.015625+.140625+.390625+.140625)/4.
  #expect(abs(st.mean - 0.375) < 1e-12)
  #expect(abs(st.std - (0.6875 / 4).squareRoot()) < 1e-12)
  #expect(st.lengthTokens.all == 270.0 / 8)
  #expect(st.lengthTokens.correct == 100.0 / 3)
  #expect(st.lengthTokens.wrong == 170.0 / 5)
  #expect(st.formatErrorRate == 1.0 / 8)
  #expect(st.tagFormatOK == 7.0 / 8)
  #expect(st.truncatedRate == 1.0 / 8)

  let by = DifficultyResult.breakdown([q2, q1])
  #expect(by.map(\.difficulty) == ["3", "10"])  // numeric order, not "10" < "3"
  #expect(by[0].stats.majAtK == 1 && by[1].stats.majAtK == 0)
}

@Test func lengthsAreNullWhenAGroupIsEmpty() throws {
  let st = EvalStats([QuestionOutcome(difficulty: "1", samples: [s(.wrong, "x", tokens: 7)])])
  #expect(st.lengthTokens.correct == nil && st.lengthTokens.wrong == 7)
  let j = try JSON(encoding: st)
  #expect(j["length_tokens"]?["correct"]?.isNull == true)
  #expect(j["pass@k"]?["1"]?.double == 0)
}

@Test func fixedPointFormatting() {
  #expect(EvalResultText.fixed(0.0, 1) == "0.0")
  #expect(EvalResultText.fixed(12.345, 1) == "12.3")
  #expect(EvalResultText.fixed(99.96, 1) == "100.0")
  #expect(EvalResultText.fixed(-0.04, 1) == "0.0")
  #expect(EvalResultText.fixed(-1.25, 2) == "-1.25")
  #expect(EvalResultText.fixed(37.5, 0) == "38")
}

@Test func durationFormatting() {
  #expect(EvalResultText.duration(42.4) == "42s")
  #expect(EvalResultText.duration(185) == "3m05s")
  #expect(EvalResultText.duration(3720) == "1h02m")
}
