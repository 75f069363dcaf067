// Checks against the public Logic-RL / mem-kk-logic files (../shared/data/kk): an outside
// reference for the statement format, the solver, the quiz reader, the wording and the short CoT.
import Testing
import JSON
@testable import Puzzles

/// The repository root (two levels above this file's folder).
let repoRoot: String = {
  var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}()

/// Every public K&K file. Unit tests read all test records and every 10th train record (debug
/// builds are slow); `warmrl puzzles solve` checks all 5,000 in release (see puzzles/README.md).
let publicKKFiles: [String] = (3...7).flatMap { n in
  ["train", "test"].map { "\(repoRoot)/../shared/data/kk/logic-rl/\(n)ppl/\($0).jsonl" }
}

@Suite struct KKPublicDataTests {
  @Test func everyPublicRecordIsReproducedFieldForField() throws {
    var total = 0
    for path in publicKKFiles {
      let reader = try JSONLReader(path: path)
      while let rec = try reader.next() {
        if path.hasSuffix("train.jsonl") && reader.lineNumber % 10 != 1 { continue }
        total += 1
        let line = reader.lineNumber
        let puzzle = try KKPuzzle(record: rec, source: path, line: line)
        // The statements string round-trips byte for byte.
        #expect(puzzle.key == rec["statements"]!.string!, "\(path):\(line)")
        // Exactly one solution, equal to the file's.
        let gold = try KKPuzzle.goldSolution(rec, source: path, line: line)
        #expect(puzzle.solution == gold, "\(path):\(line)")
        // Our record equals theirs in every field they have (we add only `id`).
        let split = Split(rawValue: rec["extra_info"]!["split"]!.string!)!
        var ours = puzzle.record(index: rec["index"]!.int!, split: split).object!
        ours["extra_info"] = rec["extra_info"]  // their extra_info.index counts within the split
        for key in rec.object!.keys {
          #expect(ours[key] == rec[key], "\(path):\(line) field \(key)")
        }
      }
    }
    #expect(total == 500 + 450)
  }

  @Test func quizTextAloneGivesTheSameStatements() throws {
    for path in publicKKFiles {
      let reader = try JSONLReader(path: path)
      while let rec = try reader.next() {
        if path.hasSuffix("train.jsonl") && reader.lineNumber % 10 != 3 { continue }
        var stripped = rec.object!
        stripped["statements"] = nil
        stripped["names"] = nil
        stripped["knight_knave"] = nil
        let fromQuiz = try KKPuzzle(record: .object(stripped), source: path, line: reader.lineNumber)
        #expect(fromQuiz.key == rec["statements"]!.string!, "\(path):\(reader.lineNumber)")
        #expect(fromQuiz.names == rec["names"]!.array!.map { $0.string! })
        #expect(fromQuiz.quiz == rec["quiz"]!.string!)
      }
    }
  }
}
