// Malformed K&K records: each is an error naming the source, the line and the field, found in
// bounded time (a 24-person record with statements of thousands of parts is refused, not solved).
import JSON
import Testing
@testable import Puzzles

@Suite struct MalformedPuzzleTests {
  static let names24 = (0..<24).map { "P\($0)" }

  func recordError(_ record: JSON) -> JSONError? {
    do { _ = try KKPuzzle(record: record, source: "kk.jsonl", line: 7); return nil } catch let e as JSONError {
      #expect(e.source == "kk.jsonl" && e.line == 7, "\(e)")
      return e
    } catch { Issue.record("\(error)"); return nil }
  }

  func record(names: [String], statements: String) -> JSON {
    ["names": .array(names.map { .string($0) }), "statements": .string(statements)]
  }

  @Test func duplicateNamesAreRefused() {
    let e = recordError(record(names: ["Ann", "Bob", "Ann"],
                               statements: "(('telling-truth', 1), ('lying', 0), ('telling-truth', 2))"))
    #expect(e?.path == "names" && e?.message.contains("\"Ann\" appears twice") == true, "\(e.map { "\($0)" } ?? "accepted")")
    // The verifier refuses them too (a duplicate name makes every claim about it ambiguous).
    let v = JSON.object(JSONObject(pairs: [("names", ["Ann", "Ann"]), ("solution", [true, false])]))
    #expect(throws: JSONError.self) { try KKDomain().verify(v, completion: "<answer>Ann is a knight</answer>") }
  }

  /// The audit's 1 MB line: 24 people whose statements have 2,000 parts each. Refused by size
  /// before any truth table is built (solving it would cost ~10^10 word operations).
  @Test func hugeStatementsAreRefusedQuickly() {
    let wide = "('and', " + (0..<2_000).map { "('telling-truth', \($0 % 24))" }.joined(separator: ", ") + ")"
    let text = "(" + Array(repeating: wide, count: 24).joined(separator: ", ") + ")"
    let clock = ContinuousClock()
    let t = clock.measure {
      let e = recordError(record(names: Self.names24, statements: text))
      #expect(e?.path == "statements" && e?.message.contains("longer than the limit") == true, "\(e.map { "\($0)" } ?? "accepted")")
    }
    #expect(t < .seconds(2))
    // Under the text limit but over the per-statement part limit.
    let mid = "(" + (0..<3).map { _ in "('or', " + (0..<100).map { "('lying', \($0 % 3))" }.joined(separator: ", ") + ")" }.joined(separator: ", ") + ")"
    let e2 = recordError(record(names: ["A", "B", "C"], statements: mid))
    #expect(e2?.message.contains("statement 0 has more than 64 parts") == true, "\(e2.map { "\($0)" } ?? "accepted")")
  }

  /// Within each statement's limit, 24 people x 40 parts is still 960 x 2^18 table words: refused
  /// with the cost, not solved for minutes.
  @Test func solveWorkIsBounded() {
    let s = "('or', " + (0..<39).map { "('telling-truth', \($0 % 24))" }.joined(separator: ", ") + ")"
    let e = recordError(record(names: Self.names24, statements: "(" + Array(repeating: s, count: 24).joined(separator: ", ") + ")"))
    #expect(e?.path == "statements" && e?.message.contains("table operations") == true, "\(e.map { "\($0)" } ?? "accepted")")
    // 24 people with short statements remain fine.
    let ok = "(" + (0..<24).map { "('lying', \(($0 + 1) % 24))" }.joined(separator: ", ") + ")"
    #expect(recordError(record(names: Self.names24, statements: ok)) == nil)
  }

  @Test func hugeQuizIsRefused() {
    let quiz = "A very special island is inhabited only by knights and knaves. " + String(repeating: "x", count: 100_000)
    let e = recordError(["quiz": .string(quiz)])
    #expect(e?.path == "quiz" && e?.message.contains("longer than the limit") == true, "\(e.map { "\($0)" } ?? "accepted")")
  }

  /// libFuzzer (scripts/fuzz.sh kk): a quiz whose inhabitant list ends after the closing question
  /// made the parser build a backwards range (a trap). Now a KKParseError.
  @Test func quizWithTheListAfterTheQuestion() {
    let quiz = "So who is a knight and who is a knave? You meet 2 inhabitants: Henry and Jack is a knight\". So who is(' a k and who is a is) a knave?"
    #expect(throws: KKParseError.self) { try KKQuizParser.parse(quiz) }
    let crash = "((Ae0iv ceal island is i onlyts: Henrylyn is Jack is a knight and Henry is a knight\". So who is by knights and knaves. "
      + "Knightsh, and knave%',<=> s alwaysv\u{0}\u{0}\u{0}. You meet 2 inhabitants: Henrylyn is Jack is a knight and Henry is a knight\". "
      + "So who is(' a kjig-ght and who is a is) a knave?"
    #expect(throws: KKParseError.self) { try KKQuizParser.parse(crash) }
    let e = recordError(["quiz": .string(crash)])
    #expect(e?.path == "quiz", "\(e.map { "\($0)" } ?? "accepted")")
  }

  /// A negative people count trapped in the stream seed (UInt64(-3)) before the generator's check.
  @Test func generatorRefusesBadDifficulty() {
    for d in [-3, 0, 1, 17, Int.max, Int.min] {
      #expect(throws: JSONError.self, "\(d)") { try KKDomain().generate(split: .train, count: 1, seed: 1, difficulty: d) }
    }
  }

  @Test func deeplyNestedStatementsAreRefused() {
    let deep = String(repeating: "('not', ", count: 100) + "('lying', 0)" + String(repeating: ")", count: 100)
    let e = recordError(record(names: ["A"], statements: "(\(deep),)"))
    #expect(e?.path == "statements", "\(e.map { "\($0)" } ?? "accepted")")
    let idx = recordError(record(names: ["A", "B"], statements: "(('lying', 1), ('lying', 9223372036854775807))"))
    #expect(idx?.path == "statements", "\(idx.map { "\($0)" } ?? "accepted")")
  }

  /// "got 4 values" for four strings did not say what was wrong: now the element and its kind.
  @Test func goldSolutionMessagesNameTheProblem() {
    let names: JSON = ["A", "B", "C", "D"]
    func err(_ solution: JSON) -> String? {
      do { _ = try KKPuzzle.goldSolution(["names": names, "solution": solution], source: "kk.jsonl", line: 3); return nil } catch { return "\(error)" }
    }
    #expect(err(["true", "false", "true", "true"]) == "kk.jsonl:3: at solution[0]: expected a boolean (true = knight), got a string")
    #expect(err([true, false, true]) == "kk.jsonl:3: at solution: expected one boolean per name (4 names), got 3 booleans")
    #expect(err([true, false, true, true]) == nil)
    #expect(err("TTTT")?.contains("at solution") == true)
  }

  /// The verifier's record errors carry no file; the caller places them (verify, eval).
  @Test func verifierErrorsArePlacedByTheCaller() {
    let bad: JSON = ["names": ["A", "B"], "solution": ["yes", "no"]]
    do { _ = try KKDomain().verify(bad, completion: "x"); Issue.record("accepted") } catch let e as JSONError {
      #expect(e.located(in: "c.jsonl", line: 9).description == "c.jsonl:9: at solution[0]: expected a boolean (true = knight), got a string")
    } catch { Issue.record("\(error)") }
  }
}
