// Baselines on hand-checked small cases: every expected number below was worked out by hand from
// the records written here.
import Testing
import JSON
import Model
import Puzzles
@testable import Eval

private func kk(_ names: [String], _ roles: [Bool]) -> JSON {
  ["names": .array(names.map { .string($0) }), "solution": .array(roles.map { .bool($0) })]
}

private func answer(_ names: [String], _ roles: [Bool]) -> String {
  zip(names, roles).enumerated().map { "(\($0.offset + 1)) \($0.element.0) is \($0.element.1 ? "a knight" : "a knave")" }.joined(separator: "\n")
}

/// One greedy sample per question with the given parsed answers (nil = unparsed), judged by `spec`.
private func outcomes(_ spec: any DomainSpec, _ records: [JSON], parsed: [String?]) throws -> [QuestionOutcome] {
  try zip(records, parsed).map { r, p in
    let status: AnswerStatus
    if let p {
      status = try spec.verify(r, completion: BaselineAnswer.completion(spec.domain == .kk ? p : BaselineAnswer.plain(domain: spec.domain, answer: p))).status
    } else { status = .unparseable }
    return QuestionOutcome(difficulty: spec.difficulty(r), samples: [SampleOutcome(status: status, parsed: p, formatOK: true, tokens: 1, finish: .eos)])
  }
}

private func score(_ b: DomainBaselines, _ name: String) throws -> BaselineScore {
  try #require(b.scores.first { $0.name == name })
}

@Test func kkConstantBaselinesOnFourPuzzles() throws {
  // All knights is right for exactly 1 of 4 (the first), all knaves for exactly 1 (the last).
  let records = [kk(["Ann", "Bob"], [true, true]), kk(["Cy", "Di"], [true, false]),
                 kk(["Ed", "Flo"], [false, true]), kk(["Gus", "Hal", "Ivy"], [false, false, false])]
  // Train: 2 people -> knight,knave twice against knave,knave once; no 3-person record, and more
  // all-knave than all-knight train puzzles (1 to 0), so 3 people fall back to all knaves.
  let train = [kk(["P", "Q"], [true, false]), kk(["R", "S"], [false, false]), kk(["T", "U"], [true, false])]
  let spec = KKDomain()
  let b = try Baselines.compute(spec: spec, records: records, outcomes: try outcomes(spec, records, parsed: [nil, nil, nil, nil]),
                                train: ("train.jsonl", train), seed: 1)
  #expect(try score(b, "all-knights").accuracy == 0.25)
  #expect(try score(b, "all-knaves").accuracy == 0.25)
  // Mixed-role puzzles are the 2nd and 3rd: neither constant gets one right.
  #expect(try score(b, "all-knights").mixedRole == 0)
  #expect(try score(b, "all-knaves").mixedRole == 0)
  // train-majority: KN for 2 people (right on the 2nd), all knaves for 3 (right on the 4th).
  let tm = try score(b, "train-majority")
  #expect(tm.accuracy == 0.5 && tm.mixedRole == 0.5)
  #expect(tm.byDifficulty.map(\.difficulty) == ["2", "3"] && tm.byDifficulty.map(\.accuracy) == [1.0 / 3, 1])
  // Random roles: 1/4 for the 2-person puzzles, 1/8 for the 3-person one.
  #expect(abs(try score(b, "random-roles").accuracy - (3 * 0.25 + 0.125) / 4) < 1e-12)
  #expect(b.strongest == "train-majority" && b.strongestAccuracy == 0.5)
  #expect(b.train == "train.jsonl")
  // The model answered nothing: 0 overall and on the 2 mixed-role puzzles.
  let m = try #require(b.mixedRole)
  #expect(m.n == 2 && m.pass1 == 0 && m.strongest == "train-majority" && m.strongestAccuracy == 0.5)
  // Without train records there is no train-majority.
  let none = try Baselines.compute(spec: spec, records: records, outcomes: try outcomes(spec, records, parsed: [nil, nil, nil, nil]), train: nil, seed: 1)
  #expect(!none.scores.contains { $0.name == "train-majority" } && none.train == nil)
}

@Test func kkShuffledPermutesWithinAPeopleCountOnly() throws {
  // Each model answer is the gold of the other puzzle of the same size: the model is wrong on all
  // four, and a derangement within a size (a swap, for groups of two) makes every answer right.
  // An answer moved to a puzzle of another size could not be right (its vector has the wrong length).
  let n2 = [["Ann", "Bob"], ["Cy", "Di"]], n3 = [["Ed", "Flo", "Gus"], ["Hal", "Ivy", "Jo"]]
  let g2: [[Bool]] = [[true, false], [false, true]], g3: [[Bool]] = [[true, true, false], [false, false, true]]
  let records = [kk(n2[0], g2[0]), kk(n3[0], g3[0]), kk(n2[1], g2[1]), kk(n3[1], g3[1])]
  let parsed = [answer(n2[0], g2[1]), answer(n3[0], g3[1]), answer(n2[1], g2[0]), answer(n3[1], g3[0])]
  let spec = KKDomain()
  let o = try outcomes(spec, records, parsed: parsed)
  #expect(o.allSatisfy { !$0.samples[0].correct })
  for seed: UInt64 in [0, 1, 2] {
    let s = try score(try Baselines.compute(spec: spec, records: records, outcomes: o, train: nil, seed: seed), "shuffled")
    #expect(s.accuracy == 1)
    #expect(s.byDifficulty.map(\.accuracy) == [1, 1])
  }
}

@Test func shuffledNeverGivesAQuestionItsOwnAnswer() throws {
  // A model right on all three puzzles of one size, whose golds all differ: any derangement scores 0
  // (a question keeping its own answer would score).
  let names = [["A", "B", "C"], ["D", "E", "F"], ["G", "H", "I"]]
  let golds: [[Bool]] = [[true, false, false], [false, true, false], [false, false, true]]
  let records = (0..<3).map { kk(names[$0], golds[$0]) }
  let spec = KKDomain()
  let o = try outcomes(spec, records, parsed: (0..<3).map { answer(names[$0], golds[$0]) })
  #expect(o.allSatisfy { $0.samples[0].correct })
  for seed: UInt64 in 0..<5 {
    let b = try Baselines.compute(spec: spec, records: records, outcomes: o, train: nil, seed: seed)
    #expect(try score(b, "shuffled").accuracy == 0)
    #expect(b.mixedRole?.pass1 == 1)
  }
}

@Test func choiceRandomPickAndTrainMajorityLetter() throws {
  func rec(_ options: Int, _ answer: String, level: Int = 1) -> JSON {
    ["question": "q", "options": .array((0..<options).map { .string("o\($0)") }), "answer": .string(answer), "difficulty": .int(level)]
  }
  let records = [rec(4, "C"), rec(10, "B")]
  let train = [rec(10, "C"), rec(10, "A"), rec(10, "C")]
  let spec = ChoiceDomain()
  let b = try Baselines.compute(spec: spec, records: records, outcomes: try outcomes(spec, records, parsed: ["A", "C"]),
                                train: ("t", train), seed: 3)
  // 1/4 and 1/10, per question.
  #expect(abs(try score(b, "random-pick").accuracy - 0.175) < 1e-12)
  let tm = try score(b, "train-majority")
  #expect(tm.accuracy == 0.5 && tm.detail.contains("1: C"))
  #expect(tm.mixedRole == nil && b.mixedRole == nil)
  // Shuffled: the two questions swap answers: "C" is right for the first, "A" wrong for the second.
  #expect(try score(b, "shuffled").accuracy == 0.5)
  #expect(b.strongest == "train-majority")
}

@Test func arithTrainMajorityIsPerLevelAndScoredByTheMathVerifier() throws {
  func rec(_ answer: String, level: Int) -> JSON { ["question": "q", "answer": .string(answer), "difficulty": .int(level)] }
  // Level 1's most frequent train answer is 12 (2 of 3);
  // level 2 has none in train, so the overall majority (12) stands in.
  let train = [rec("12", level: 1), rec("7", level: 1), rec("12", level: 1), rec("\\frac{1}{2}", level: 3)]
  let records = [rec("12", level: 1), rec("12.0", level: 2), rec("5", level: 1), rec("0.5", level: 3)]
  let spec = ArithDomain()
  let b = try Baselines.compute(spec: spec, records: records, outcomes: try outcomes(spec, records, parsed: [nil, nil, nil, nil]),
                                train: ("t", train), seed: 0)
  // Right: 12 for "12", 12 for "12.0" (same value), \frac{1}{2} for "0.5"; wrong for "5".
  #expect(try score(b, "train-majority").accuracy == 0.75)
  #expect(Baselines.majorityValue(["a", "b", "b", "a"])! == ("a", 2))
}

@Test func evaluatorReportsBaselinesInTheResultAndTable() throws {
  let path = try writeRecords("base.jsonl", count: 6)
  let (r, _) = try runEval(path: path, seed: 5)
  let b = try #require(r.domains.first?.baselines)
  #expect(b.scores.map(\.name) == ["shuffled"])  // the stand-in domain has no train records and no random pick
  #expect(b.strongest == "shuffled")
  let table = r.table()
  #expect(table.contains(" base ") && table.contains("strongest baseline shuffled"))
  // Kept in the JSON, and read back.
  let out = tempPath("base.json")
  try AtomicFile.write(try r.serialized(), to: out)
  #expect(try EvalResult.load(file: out).domains[0].baselines == b)
  #expect(try r.serialized().contains("\"strongest\": \"shuffled\""))
}
