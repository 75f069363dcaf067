// Teacher traces: every style reaches the gold answer with well-formed tags, responses follow the
// prompt format's <think> convention, the same seed gives the same bytes, and length grows with
// the number of people.
import Testing
import JSON
@testable import Puzzles

@Suite struct TracesTests {
  @Test func everyStyleSolvesPublicTestPuzzles() throws {
    // The first 20 records of each public test file (3..7 people), every style, both formats.
    for n in 3...7 {
      let path = "\(repoRoot)/../shared/data/kk/logic-rl/\(n)ppl/test.jsonl"
      let reader = try JSONLReader(path: path)
      while let rec = try reader.next(), reader.lineNumber <= 20 {
        for style in TraceStyle.allCases {
          for format in PromptFormat.allCases {
            let t = try Traces.make(record: rec, source: path, line: reader.lineNumber, style: style, seed: 1, format: format)
            #expect(t["correct"] == .bool(true) && t["format_ok"] == .bool(true), "\(path):\(reader.lineNumber) \(style)")
            let response = t["response"]!.string!
            #expect(response.hasPrefix("<think>") == !format.prefillsThink)
            #expect(t["prompt"]!.string!.hasSuffix("<think>") == format.prefillsThink)
            // The think part narrates the search and the check of every claim.
            #expect(response.contains(rec["solution_text_format"]!.string!))
          }
        }
      }
    }
  }

  @Test func searchBacktracksAndEndsConsistent() throws {
    // Ann says "Ben is a knave", Ben "Ann is a knave or Cy is a knight", Cy "Ann is a knight iff
    // Ben is a knave": unique solution (knave, knight, knight), so trying Ann as a knight must fail.
    let p = KKPuzzle(statements: [.knave(1), .or([.knave(0), .knight(2)]), .iff(.knight(0), .knave(1))],
                     names: ["Ann", "Ben", "Cy"])
    try #require(p.solutions.count == 1)
    var s = TraceSearch(puzzle: p, knightFirst: true)
    let roles = s.run()
    #expect(roles == p.solution)
    #expect(s.events.last == .consistent)
    #expect(s.events.contains { if case .refuted = $0 { return true }; return false })
    // Every assignment the search reports as consistent really is.
    #expect(KKPuzzle.consistency(p.statements).assignments == [KKPuzzle.assignment(roles!)])
  }

  @Test func deterministicAndSeedVaries() throws {
    let puzzles = try KKGenerator(people: 4).generate(count: 10, seed: 11)
    func run(_ seed: UInt64) throws -> [String] {
      try puzzles.enumerated().map { i, p in
        try Traces.make(record: p.record(index: i, split: .train), source: "gen", line: i + 1, style: nil, seed: seed, format: .r1Base).serialized()
      }
    }
    #expect(try run(5) == run(5))
    #expect(try run(5) != run(6))
    #expect(Set(try run(5).map { try JSON.parse($0)["style"]!.string! }).count > 1)
  }

  @Test func lengthGrowsWithPeople() throws {
    var medians: [Int] = []
    for n in [3, 5, 8] {
      let ps = try KKGenerator(people: n).generate(count: 30, seed: 2)
      var lens = try ps.enumerated().map { i, p in
        try Traces.make(record: p.record(index: i, split: .train), source: "gen", line: i + 1, style: .narrative, seed: 0, format: .r1Base)["response"]!.string!.count
      }
      lens.sort()
      medians.append(lens[lens.count / 2])
    }
    #expect(medians[0] < medians[1] && medians[1] < medians[2], "\(medians)")
  }

  @Test func quizOnlyRecordsWork() throws {
    let p = try KKGenerator(people: 3).generate(count: 1, seed: 4)[0]
    let t = try Traces.make(record: ["quiz": .string(p.quiz)], source: "q", line: 1, style: .terse, seed: 0, format: .qwenChat)
    #expect(t["correct"] == .bool(true))
    #expect(t["id"] == "q:1")
  }
}
