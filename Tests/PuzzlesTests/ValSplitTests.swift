// The validation split: disjoint from train and test by construction, and the committed val files
// are exactly what puzzles/README.md's commands make.
import Testing
import JSON
@testable import Puzzles

private func root() -> String {
  var parts = String(#filePath).split(separator: "/", omittingEmptySubsequences: false).map(String.init)
  parts.removeLast(3)
  return parts.joined(separator: "/")
}

private func questions(_ rs: [JSON]) -> Set<String> { Set(rs.compactMap { $0["question"]?.string }) }

@Test func syntheticValIsHeldOutAndDisjointFromTestAndTrain() throws {
  for spec in [ArithDomain(), ChoiceDomain()] as [any DomainSpec] {
    let test = try spec.generate(split: .test, count: 200, seed: 5, difficulty: nil)
    let val = try spec.generate(split: .val, count: 100, seed: 5, difficulty: nil)
    let train = try spec.generate(split: .train, count: 300, seed: 5, difficulty: nil)
    #expect(val.count == 100 && questions(val).count == 100)
    #expect(questions(val).isDisjoint(with: questions(test)), "\(spec.domain)")
    #expect(questions(val).isDisjoint(with: questions(train)), "\(spec.domain)")
    // The held-out fifth, like test: no train set of any seed can draw a val question.
    #expect(questions(val).allSatisfy { TaskSplit.split(ofQuestion: $0) == .test })
    #expect(val.allSatisfy { $0["id"]?.string?.hasPrefix("\(spec.domain.rawValue)-val-s5-") == true })
    // Its own stream: not a reordering of the test stream.
    #expect(questions(Array(val.prefix(20))) != questions(Array(test.prefix(20))))
  }
}

@Test func kkValIsDisjointFromTheSameSeedsTest() throws {
  let test = try KKDomain().generate(split: .test, count: 60, seed: 9, difficulty: 3)
  let val = try KKDomain().generate(split: .val, count: 60, seed: 9, difficulty: 3)
  let keys = { (rs: [JSON]) in Set(rs.compactMap { $0["statements"]?.string }) }
  #expect(keys(val).count == 60 && keys(val).isDisjoint(with: keys(test)))
  #expect(val[0]["id"]?.string == "kk-val-3ppl-0")
}

/// The committed val files are byte for byte what the README's commands make (the CLI runs the same
/// generators; K&K with the --exclude files as keys).
@Test func committedValFilesMatchTheirCommands() throws {
  func lines(_ path: String) throws -> [String] {
    try String(contentsOfFileAt: root() + "/" + path).split(separator: "\n").map(String.init)
  }
  for (spec, count) in [(ArithDomain(), 200), (ChoiceDomain(), 200)] as [(any DomainSpec, Int)] {
    let made = try spec.generate(split: .val, count: count, seed: 1, difficulty: nil).map { $0.serialized() }
    #expect(made == (try lines("puzzles/\(spec.domain.rawValue)-val.jsonl")), "\(spec.domain)")
  }
  // Code since 2026-12-06: level 7 (`--levels 7`); the levels 1-5 files, kept as *-v1, are still
  // what the default (no levels) makes, so adding levels changed no earlier draw.
  for split in [Split.val, .test] {
    let made = try CodeDomain().generate(split: split, count: 200, seed: 1, difficulty: nil, levels: [7]).map { $0.serialized() }
    #expect(made == (try lines("puzzles/code-\(split.rawValue).jsonl")), "code \(split)")
  }
  let v1 = try CodeDomain().generate(split: .val, count: 130, seed: 1, difficulty: nil).map { $0.serialized() }
  #expect(v1 == (try lines("puzzles/code-val-v1.jsonl")))
  let v1Test = try CodeDomain().generate(split: .test, count: 200, seed: 1, difficulty: nil).map { $0.serialized() }
  #expect(v1Test == (try lines("puzzles/code-test-v1.jsonl")))
  func keys(_ path: String) throws -> Set<String> {
    Set(try JSONLReader.readAll(root() + "/" + path).enumerated().map { i, r in try KKPuzzle(record: r, source: path, line: i + 1).key })
  }
  let testTrain = try keys("puzzles/kk-test.jsonl").union(keys("puzzles/kk-train.jsonl"))
  let warmup = try KKGenerator.mixed(people: [3, 4, 5], count: 3000, seed: 2028, exclude: testTrain)
  let val = try KKGenerator.mixed(people: Array(2...8), count: 350, seed: 2029, exclude: testTrain.union(warmup.map(\.key)))
  let compact = val.enumerated().map { i, p -> String in
    var o = p.record(index: i, split: .val).object!
    for k in ["prompt", "reward_model", "cot_head", "cot_repeat_steps", "cot_foot", "ability", "data_source"] { o[k] = nil }
    return JSON.object(o).serialized()
  }
  #expect(compact == (try lines("puzzles/kk-val.jsonl")))
}
