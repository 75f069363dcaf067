// No contamination (issue 16, item 6), checked on the committed files: no test or validation
// question of any generated domain appears in a train file, a warmup trace file or the base corpus
// that stages/base.json makes, by normalised text and, for K&K, by names plus statements and by
// statements with names relabelled. The index itself is checked to find planted repeats, so a
// passing check means something.
import Foundation
import JSON
import Puzzles
import Pretrain
import Testing
import TestSupport
import Training

private let domains = ["kk", "arith", "code", "choice"]

private func committed(_ split: String) -> [String] { domains.map { Fixtures.repoRoot + "/puzzles/\($0)-\(split).jsonl" } }

/// "file:line -> held-out place" for every record of `file` that repeats a held-out question.
private func repeats(_ file: String, in index: HeldOutIndex) throws -> [String] {
  let reader = try JSONLReader(path: file)
  var out: [String] = []
  while let r = try reader.next() {
    let hit: HeldOutIndex.Place?
    if let prompt = r["prompt"]?.string, r["quiz"] == nil {
      hit = index.match(prompt: prompt, domain: .kk)  // a trace: its quiz is inside the prompt
    } else {
      hit = index.match(r, domain: try #require(QuestionKey.domain(r), "\(file):\(reader.lineNumber): unknown domain"))
    }
    if let hit { out.append("\(file):\(reader.lineNumber) -> \(hit)") }
  }
  return out
}

@Suite struct ContaminationTests {
  @Test func validationFilesAreCommittedAtTheTestSizes() throws {
    let sizes = try committed("val").map { try JSONLReader.readAll($0).count }
    // kk as kk-test (350, 50 per people count 2-8); arith, code (levels 6-8 since 2026-12-06) and
    // choice as their tests (200).
    #expect(sizes == [350, 200, 200, 200])
    let kk = try JSONLReader.readAll(Fixtures.repoRoot + "/puzzles/kk-val.jsonl")
    #expect(Dictionary(grouping: kk, by: { $0["names"]?.array?.count ?? 0 }).mapValues(\.count) == [2: 50, 3: 50, 4: 50, 5: 50, 6: 50, 7: 50, 8: 50])
  }

  @Test func testAndValidationAreDisjoint() throws {
    let tests = try HeldOutIndex(files: committed("test"))
    for f in committed("val") { #expect(try repeats(f, in: tests) == [], "\(f) repeats test questions") }
  }

  @Test func trainFilesAndTracesRepeatNoHeldOutQuestion() throws {
    let index = try HeldOutIndex(files: committed("test") + committed("val"))
    #expect(index.files.map(\.records) == [350, 200, 200, 200, 350, 200, 200, 200])
    let files = committed("train") + ["kk-traces-train.jsonl", "kk-traces-3to5-terse.jsonl"].map { Fixtures.repoRoot + "/puzzles/" + $0 }
    for f in files {
      let n = try JSONLReader.readAll(f).count
      #expect(n >= 500, "\(f) has only \(n) records")
      #expect(try repeats(f, in: index) == [], "\(f) repeats held-out questions")
    }
  }

  /// The index finds what it must: a held-out record itself, the same K&K puzzle under other names
  /// (relabelled), a trace prompt holding it, and a synthetic question with other spacing and case.
  @Test func indexFindsPlantedRepeats() throws {
    let index = try HeldOutIndex(files: committed("test") + committed("val"))
    let kk = try JSONLReader.readAll(Fixtures.repoRoot + "/puzzles/kk-val.jsonl")[7]
    #expect(index.match(kk, domain: .kk)?.line == 8)
    var p = try KKPuzzle(record: kk, source: "", line: 0)
    p.names = p.names.map { $0 + "x" }
    let renamed = p.record(index: 0, split: .train)
    #expect(index.match(renamed, domain: .kk) != nil)
    #expect(index.match(prompt: try KKDomain().prompt(renamed, format: .r1Base), domain: .kk) != nil)
    let arith = try JSONLReader.readAll(Fixtures.repoRoot + "/puzzles/arith-test.jsonl")[3]
    var o = try #require(arith.object)
    o["question"] = .string("  " + (o["question"]!.string!).uppercased().replacingOccurrences(of: " ", with: "\n "))
    #expect(index.match(.object(o), domain: .arith)?.file.hasSuffix("arith-test.jsonl") == true)
    #expect(index.match(prompt: try ArithDomain().prompt(arith, format: .r1Base), domain: .arith) != nil)
    // A question of another domain does not match.
    #expect(index.match(arith, domain: .choice) == nil)
    // A code question ends in its last example: its prompt matches, but not the prompt of a question
    // that only begins the same ("clamp(50) == 3" against "clamp(50) == 30").
    let codes = try JSONLReader.readAll(Fixtures.repoRoot + "/puzzles/code-test.jsonl")
    let line = try #require(codes.firstIndex { $0["question"]?.string?.last?.isNumber == true })
    let code = codes[line]
    #expect(index.match(prompt: try CodeDomain().prompt(code, format: .r1Base), domain: .code)?.line == line + 1)
    var longer = try #require(code.object)
    longer["question"] = .string(longer["question"]!.string! + "0")
    #expect(index.match(prompt: try CodeDomain().prompt(.object(longer), format: .r1Base), domain: .code) == nil)
  }

  /// The K&K, arith, code and choice items of the corpus stages/base.json makes (its seeds and
  /// counts; drills and math left out: drills pose no question, and math reads an outside file)
  /// repeat no held-out question. The builder checks every item itself; here every prompt is checked
  /// again from the outside.
  @Test(arguments: ["stages/base.json", "stages/base-v5b.json"])
  func baseCorpusAtTheCommittedSeedsRepeatsNoHeldOutQuestion(stage: String) throws {
    let (cfg, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: Fixtures.repoRoot + "/" + stage)
    #expect(Array(cfg.corpus.exclude.prefix(8)) == CorpusConfig.committedHeldOut && cfg.corpus.onOverlap == .stop)
    #expect(cfg.corpus.exclude.dropFirst(8).allSatisfy { $0.hasPrefix("../shared/data/math/") || $0.hasSuffix("-v1.jsonl") })
    var c = cfg.corpus
    c.exclude = c.exclude.map { Fixtures.repoRoot + "/" + $0 }
    c.drills = 0
    c.counts.math = 0
    let items = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(items.count == c.counts.kk + c.counts.arith + c.counts.code + c.counts.choice)
    let v1 = ["test", "val"].map { Fixtures.repoRoot + "/puzzles/code-\($0)-v1.jsonl" }
    let index = try HeldOutIndex(files: committed("test") + committed("val") + v1)
    var hits: [String] = []
    for it in items {
      let d = try #require(Domain(rawValue: it["domain"]?.string ?? ""))
      if let h = index.match(prompt: try #require(it["prompt"]?.string), domain: d) { hits.append("\(it["id"]?.string ?? "?") -> \(h)") }
    }
    #expect(hits == [])
  }

  /// Math: the corpus's math share is drawn from `corpus.mathFile`; no problem of it is one of the
  /// math test sets stages/base.json excludes (MATH-500, AIME 2024, AMC), by normalised text.
  @Test func mathTrainFileRepeatsNoMathTestProblem() throws {
    let (cfg, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: Fixtures.repoRoot + "/stages/base.json")
    let tests = cfg.corpus.exclude.dropFirst(8).filter { $0.hasPrefix("../shared/data/math/") }.map { Fixtures.repoRoot + "/" + $0 }
    #expect(tests.count == 3)
    let index = try HeldOutIndex(files: tests)
    #expect(index.files.map(\.records) == [500, 30, 83])
    let train = try MathDomain.load(path: Fixtures.repoRoot + "/" + cfg.corpus.mathFile)
    #expect(train.count > 7000)
    #expect(train.filter { index.match($0, domain: .math) != nil }.count == 0)
    // The check itself: a test problem re-spaced and upper-cased is found.
    let planted: JSON = ["problem": .string(" " + (try JSONLReader.readAll(tests[0])[9]["problem"]!.string!).uppercased() + "\n")]
    #expect(index.match(planted, domain: .math)?.line == 10)
  }

  /// At the committed seeds the K&K draws are the same with and without the held-out exclusion (no
  /// draw hit a held-out puzzle, so the committed base model's corpus is unchanged by it), and the
  /// draws without it repeat no held-out puzzle either: measured, the old corpus was not contaminated
  /// by these keys; the exclusion makes that a guarantee for other seeds and counts.
  @Test func committedSeedsDrawTheSamePuzzlesWithTheExclusion() throws {
    let (cfg, _) = try Config.load(PretrainConfig.self, defaults: PretrainConfig(), file: Fixtures.repoRoot + "/stages/base.json")
    let index = try HeldOutIndex(files: committed("test") + committed("val"))
    let di = UInt64(Domain.allCases.firstIndex(of: .kk)!)
    for p in cfg.corpus.kkPeople {
      let share = cfg.corpus.counts.kk / cfg.corpus.kkPeople.count
      let seed = (cfg.corpus.seed &+ di &* 1_000_003) &+ UInt64(p)
      let plain = try KKDomain().generate(split: .train, count: share, seed: seed, difficulty: p)
      let excluding = try KKDomain().generate(split: .train, count: share, seed: seed, difficulty: p, exclude: index.kkKeys)
      #expect(plain == excluding, "\(p) people")
      #expect(plain.filter { index.match($0, domain: .kk) != nil }.count == 0, "\(p) people")
    }
  }

  /// `warmrl pretrain`'s refusal: a held-out file holding questions the corpus would draw stops the
  /// build, naming the domain and the count; `drop` leaves them out and counts them. K&K puzzles of
  /// a held-out file are never drawn at all.
  @Test func overlappingConfigIsRefusedOrDropped() throws {
    var c = CorpusConfig(counts: DomainCounts(kk: 6, arith: 5, code: 0, choice: 0, math: 0), kkPeople: [3], exclude: [])
    let seedOf = { (d: Domain) in c.seed &+ UInt64(Domain.allCases.firstIndex(of: d)!) &* 1_000_003 }
    let arith = try ArithDomain().generate(split: .train, count: 5, seed: seedOf(.arith), difficulty: nil)
    let kk = try KKDomain().generate(split: .train, count: 6, seed: seedOf(.kk) &+ 3, difficulty: 3)
    let dir = tempDir("contamination")
    try FS.makeDirectories(dir)
    defer { FS.remove(dir) }
    let held = dir + "/held.jsonl"
    try AtomicFile.write([arith[1], arith[3], kk[0], kk[4]].map { $0.serialized() + "\n" }.joined(), to: held)
    let clean = try ShortAnswerCorpus.build(c, report: { _ in })
    #expect(clean.count == 11)
    c.exclude = [held]
    #expect(throws: TrainingError.badConfig("corpus: items would overlap the test or validation sets in corpus.exclude: arith: 2 items (first: record \(arith[1]["id"]!.string!) repeats \(held):1). Change the seeds or sources, or set corpus.onOverlap to \"drop\" to leave them out")) {
      _ = try ShortAnswerCorpus.build(c, report: { _ in })
    }
    c.onOverlap = .drop
    let (items, dropped) = try ShortAnswerCorpus.buildChecked(c, report: { _ in })
    #expect(dropped == [.arith: 2])
    #expect(items.filter { $0["domain"]?.string == "arith" }.count == 3)
    // K&K: the two held-out puzzles were skipped at generation, so all 6 items are other puzzles.
    let index = try HeldOutIndex(files: [held])
    let kkItems = items.filter { $0["domain"]?.string == "kk" }
    #expect(kkItems.count == 6)
    #expect(kkItems.allSatisfy { index.match(prompt: $0["prompt"]!.string!, domain: .kk) == nil })
    // `warmrl pretrain` itself: the same config refused before any training, naming domain and count.
    c.onOverlap = .stop
    let math = dir + "/math.jsonl"
    try AtomicFile.write((0..<4).map { #"{"problem": "What is \#($0) + 1?", "answer": "\#($0 + 1)"}"# + "\n" }.joined(), to: math)
    do {
      _ = try PretrainStage.run(configFile: nil, overrides: [
        "corpus.counts.kk=0", "corpus.counts.arith=5", "corpus.counts.code=0", "corpus.counts.choice=0", "corpus.counts.math=4",
        "corpus.mathFile=\(math)", "corpus.exclude=[\"\(held)\", \"\(math)\"]", "run.root=\(dir)/runs"], resume: false)
      Issue.record("pretrain accepted a corpus that repeats held-out questions")
    } catch {
      #expect("\(error)".contains("arith: 2 items") && "\(error)".contains("math: 4 items") && "\(error)".contains("corpus.onOverlap"), "\(error)")
    }
    // A missing held-out file is named with its key.
    c.exclude = [dir + "/nope.jsonl"]
    #expect(throws: (any Error).self) { _ = try ShortAnswerCorpus.build(c, report: { _ in }) }
    do { _ = try ShortAnswerCorpus.build(c, report: { _ in }) } catch { #expect("\(error)".contains("corpus.exclude[0]")) }
  }
}
