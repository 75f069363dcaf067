import Testing
import JSON
@testable import Puzzles

@Suite struct KKGeneratorTests {
  @Test(arguments: [2, 3, 5, 8, 9])
  func uniqueSolutionNoDuplicatesGrammar(people: Int) throws {
    let count = people == 2 ? 20 : 40
    let ps = try KKGenerator(people: people).generate(count: count, seed: 7)
    #expect(ps.count == count)
    #expect(Set(ps.map(\.key)).count == count)
    for p in ps {
      #expect(p.solutions.count == 1)
      #expect(Set(p.names).count == people)
      for (i, s) in p.statements.enumerated() {
        #expect(s.depth <= 2)
        // Nobody says "I am a knave" (nor "I am not a knight").
        #expect(s != .knave(i) && s != .not(.knight(i)))
        switch s {
        case .and(let parts), .or(let parts): #expect(parts.count >= 2 && Set(parts).count == parts.count)
        default: break
        }
      }
      // Brute force agrees with the truth-table solver.
      let brute = (0..<(UInt64(1) << UInt64(people))).filter { a in
        p.statements.enumerated().allSatisfy { i, s in s.eval(a) == ((a >> UInt64(i)) & 1 == 1) }
      }
      #expect(brute == p.solutions)
      // The quiz reads back to the same puzzle.
      #expect(try KKQuizParser.parse(p.quiz) == p)
    }
  }

  @Test func sameSeedSameBytesOtherSeedOtherPuzzles() throws {
    let a = try KKGenerator(people: 4).generate(count: 20, seed: 1).map { $0.record(index: 0, split: .train).serialized() }
    let b = try KKGenerator(people: 4).generate(count: 20, seed: 1).map { $0.record(index: 0, split: .train).serialized() }
    let c = try KKGenerator(people: 4).generate(count: 20, seed: 2).map { $0.record(index: 0, split: .train).serialized() }
    #expect(a == b)
    #expect(a != c)
  }

  @Test func widerAndOrAndExclusion() throws {
    let ps = try KKGenerator(people: 5, maxWidth: 4).generate(count: 60, seed: 3)
    let widths = ps.flatMap(\.statements).compactMap { s -> Int? in
      if case .and(let p) = s { return p.count }; if case .or(let p) = s { return p.count }; return nil
    }
    #expect(widths.contains { $0 > 2 } && widths.allSatisfy { (2...4).contains($0) })
    let first = try KKGenerator(people: 3).generate(count: 30, seed: 5)
    let next = try KKGenerator(people: 3).generate(count: 30, seed: 5, exclude: Set(first.map(\.key)))
    #expect(Set(first.map(\.key)).isDisjoint(with: next.map(\.key)))
  }

  @Test func exhaustedSpaceAndBadArgumentsThrow() {
    #expect(throws: JSONError.self) { try KKGenerator(people: 2, maxRetries: 2_000).generate(count: 10_000, seed: 1) }
    #expect(throws: JSONError.self) { try KKGenerator(people: 1).generate(count: 1, seed: 1) }
    #expect(throws: JSONError.self) { try KKGenerator(people: 3, maxDepth: 3).generate(count: 1, seed: 1) }
  }

  @Test func pythonStatementsErrors() throws {
    #expect(throws: KKParseError.self) { try KKStatement.parsePython("(('lying', 1)") }
    #expect(throws: KKParseError.self) { try KKStatement.parsePython("(('maybe', 1),)") }
    #expect(throws: KKParseError.self) { try KKStatement.parsePython("(('and', ('lying', 1)),)") }
    #expect(try KKStatement.parsePython("(('lying', 1),)") == [.knave(1)])
    #expect(KKStatement.python([.knave(1)]) == "(('lying', 1),)")
  }

  @Test func domainGenerateMixesAndKeepsTestOutOfTrain() throws {
    let d = KKDomain()
    let test = try d.generate(split: .test, count: 10, seed: 9, difficulty: nil)
    let train = try d.generate(split: .train, count: 10, seed: 9, difficulty: nil)
    #expect(test.map { d.difficulty($0) } == ["3", "4", "5", "6", "7", "3", "4", "5", "6", "7"])
    #expect(Set(test.map { $0["statements"]!.string! }).isDisjoint(with: train.map { $0["statements"]!.string! }))
  }
}
