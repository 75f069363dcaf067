// Malformed input on the command line: each case runs the real binary and checks the exit status
// (non-zero, not a crash, within its time limit), that stderr names the file, line, key or option,
// that the message is one message (no loop), and that nothing already written was damaged.
import Foundation
import JSON
import Training
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite(.serialized) struct MalformedInputCLITests {
  /// Non-zero exit (not killed), stderr mentioning each of `mentions`, at most `maxStderr` bytes.
  func expectRefused(_ r: CLIResult, _ mentions: [String], maxStderr: Int = 4_000,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(r.status != nil, "crashed or timed out after \(r.seconds) s; stderr: \(r.stderr.prefix(500))", sourceLocation: sourceLocation)
    #expect(r.status != 0, "exit 0; stdout: \(r.stdout.prefix(300)) stderr: \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
    for m in mentions {
      #expect(r.stderr.contains(m), "stderr does not mention \(m): \(r.stderr.prefix(600))", sourceLocation: sourceLocation)
    }
    #expect(r.stderr.utf8.count <= maxStderr, "stderr of \(r.stderr.utf8.count) bytes: \(r.stderr.prefix(300))", sourceLocation: sourceLocation)
  }

  /// Runs the command and checks the scratch folder is byte-for-byte what it was (no output
  /// replaced, no temporary file left behind).
  func refusedWithoutDamage(_ args: [String], _ s: Scratch, _ mentions: [String], seconds: Double = 60,
                            sourceLocation: SourceLocation = #_sourceLocation) throws {
    let before = s.snapshot()
    let r = try CLI.run(args, seconds: seconds, in: s)
    expectRefused(r, mentions, sourceLocation: sourceLocation)
    let after = s.snapshot()
    let changed = Set(after.keys).symmetricDifference(before.keys).sorted() + after.filter { before[$0.key] != $0.value }.keys.sorted()
    #expect(after == before, "files changed: \(changed)", sourceLocation: sourceLocation)
  }

  static let kkLine = #"{"names": ["A", "B"], "solution": [true, false], "statements": "(('telling-truth', 0), ('lying', 0))"}"#

  // MARK: - read errors: a directory or a missing file is one message and a non-zero exit

  @Test func solveOnADirectory() throws {
    let s = Scratch("solve-dir")
    let d = s.path("records"); try FS.makeDirectories(d)
    try refusedWithoutDamage(["puzzles", "solve", "--input", d], s, [d, "is a directory"], seconds: 20)
  }

  @Test func verifyOnADirectory() throws {
    let s = Scratch("verify-dir")
    let d = s.path("completions"); try FS.makeDirectories(d)
    try refusedWithoutDamage(["verify", "--domain", "kk", "--input", d], s, [d, "is a directory"], seconds: 20)
    try refusedWithoutDamage(["verify", "--domain", "kk", "--input", s.path("missing.jsonl")], s, ["missing.jsonl", "cannot open"], seconds: 20)
  }

  @Test func otherReadersOnADirectory() throws {
    let s = Scratch("dirs")
    let d = s.path("d"); try FS.makeDirectories(d)
    let prior = s.write("out.jsonl", "keep me\n")
    try refusedWithoutDamage(["traces", "make", "--input", d, "--out", prior], s, [d, "is a directory"], seconds: 20)
    try refusedWithoutDamage(["puzzles", "generate", "--people", "3", "--count", "2", "--exclude", d, "--out", prior], s,
                             [d, "is a directory"], seconds: 20)
    try refusedWithoutDamage(["eval", "--model", d, "--domain", "kk", "--input", d], s, [d], seconds: 20)
  }

  // MARK: - numeric options

  /// --index-start near Int.max overflowed after the output's temporary file was created: a trap
  /// that left `.tmp-PID` behind. The output file from before must survive untouched.
  @Test(arguments: ["9223372036854775807", "9223372036854775800", "-1"])
  func generateIndexStartOverflow(start: String) throws {
    let s = Scratch("index")
    let out = s.write("kk.jsonl", "previous content\n")
    try refusedWithoutDamage(["puzzles", "generate", "--people", "3", "--count", "20", "--index-start", start, "--out", out], s,
                             ["--index-start"], seconds: 30)
  }

  @Test(arguments: [
    (["verify", "--domain", "kk", "--input", "x.jsonl", "--cosine-weight", "nan"], "--cosine-weight"),
    (["verify", "--domain", "kk", "--input", "x.jsonl", "--max-length", "0"], "--max-length"),
    (["puzzles", "generate", "--people", "3", "--count", "0", "--out", "o.jsonl"], "--count"),
    (["puzzles", "generate", "--people", "3", "--count", "100000000000", "--out", "o.jsonl"], "--count"),
    (["puzzles", "generate", "--people", "99", "--count", "1", "--out", "o.jsonl"], "--people"),
    (["tasks", "generate", "--domain", "arith", "--split", "train", "--count", "99999999999", "--seed", "1", "--out", "o.jsonl"], "--count"),
    (["tasks", "generate", "--domain", "kk", "--split", "train", "--count", "1", "--seed", "1", "--difficulty=-3", "--out", "o.jsonl"], "--difficulty"),
    (["tasks", "generate", "--domain", "arith", "--split", "train", "--count", "1", "--seed", "1", "--difficulty", "9", "--out", "o.jsonl"], "--difficulty"),
    (["tasks", "drills", "--kinds", "tries", "--count", "0", "--out", "o.jsonl"], "--count"),
    (["tasks", "drills", "--kinds", "tries", "--count", "99999999999", "--out", "o.jsonl"], "--count"),
    (["tasks", "drills", "--kinds", "tries", "recite", "--count", "5", "--out", "o.jsonl"], "--kinds"),
    (["tokenizer", "train", "--input", "c.txt", "--vocab-size", "1000000000000", "--out", "t"], "--vocab-size"),
    (["eval", "--model", "m", "--domain", "kk", "--temperature", "nan"], "--temperature"),
    (["eval", "--model", "m", "--domain", "kk", "--samples", "1000000000"], "--samples"),
    (["eval", "--model", "m", "--domain", "kk", "--top-p", "nan"], "--top-p"),
    (["generate", "--model", "m", "--prompt-ids", "1,2", "--temperature", "nan"], "--temperature"),
    (["generate", "--model", "m", "--prompt-ids", "1,2", "--top-p", "1.5"], "--top-p"),
    (["generate", "--model", "m", "--prompt-ids", "1,2", "--threads", "100000"], "--threads"),
    (["generate", "--model", "m", "--prompt-ids", "1,-2"], "--prompt-ids"),
    (["generate", "--model", "m", "--prompt-ids", "1,99999999999999999999"], "--prompt-ids"),
    (["model", "init", "--config", "c.json", "--out", "o", "--std", "nan"], "--std"),
  ] as [([String], String)])
  func numericOptionRefused(args: [String], option: String) throws {
    let s = Scratch("opt")
    s.write("x.jsonl", Self.kkLine + "\n")
    s.write("o.jsonl", "old\n")
    let before = s.snapshot()
    let r = try CLI.run(args.map { ["x.jsonl", "o.jsonl", "c.txt", "c.json"].contains($0) ? s.path($0) : $0 }, seconds: 20, in: s)
    expectRefused(r, [option])
    // The usage lines list every option: the refusal itself (the first line) must name this one.
    let first = r.stderr.split(separator: "\n").first.map(String.init) ?? ""
    #expect(first.contains(option) && !first.contains("Missing") && !first.contains("Unknown"), "first line: \(first)")
    #expect(s.snapshot() == before)
  }

  /// The model's positions: 512 for the tiny fixture. 1,000,000 new tokens is refused up front.
  @Test func generatePastThePositionLimit() throws {
    let s = Scratch("gen")
    let m = try s.model()
    try refusedWithoutDamage(["generate", "--model", m, "--prompt-ids", "1,2,3", "--max-new-tokens", "1000000"], s,
                             ["max_position_embeddings (512)", "config.json"], seconds: 30)
    let ok = try CLI.run(["generate", "--model", m, "--prompt-ids", "1,2,3", "--max-new-tokens", "4"], in: s)
    #expect(ok.status == 0, "\(ok.stderr)")
  }

  @Test func scorePastThePositionLimit() throws {
    let s = Scratch("score")
    let m = try s.model()
    let rec: JSON = ["prompt": [1, 2, 3], "completion": .array((0..<600).map { .int($0 % 500) })]
    let input = s.write("score.jsonl", #"{"prompt": [1], "completion": [2]}"# + "\n" + rec.serialized() + "\n")
    let out = s.write("scores.jsonl", "old scores\n")
    try refusedWithoutDamage(["score", "--model", m, "--input", input, "--output", out], s,
                             [input + ":2:", "max_position_embeddings (512)"], seconds: 30)
    let d = s.path("d"); try FS.makeDirectories(d)
    try refusedWithoutDamage(["score", "--model", m, "--input", d, "--output", out], s, [d, "is a directory"], seconds: 30)
  }

  // MARK: - configs and checkpoints

  @Test(arguments: [
    ("vocab_size", JSON.int(1 << 40)), ("head_dim", .int(1 << 30)), ("num_hidden_layers", .int(1_000_000_000)),
    ("max_position_embeddings", .int(-5)), ("eos_token_id", .int(100_000)),
  ] as [(String, JSON)])
  func badModelConfig(key: String, value: JSON) throws {
    let s = Scratch("cfg")
    let m = try s.model(config: [key: value])
    try refusedWithoutDamage(["model", "info", m], s, [m + "/config.json", key], seconds: 30)
    try refusedWithoutDamage(["generate", "--model", m, "--prompt-ids", "1,2"], s, [m + "/config.json", key], seconds: 30)
    try refusedWithoutDamage(["model", "init", "--config", m + "/config.json", "--out", s.path("new")], s, [key], seconds: 30)
  }

  /// A shape whose byte count wraps around 2^64 (0 mod 2^64) matched an empty span and the
  /// -Ounchecked GEMV then read out of bounds (SIGSEGV).
  @Test func wrappingTensorShape() throws {
    let s = Scratch("shape")
    let m = try s.model()
    let header = #"{"model.embed_tokens.weight": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 0]}}"#
    var bytes = [UInt8]()
    var n = UInt64(header.utf8.count).littleEndian
    withUnsafeBytes(of: &n) { bytes += $0 }
    bytes += Array(header.utf8)
    FileManager.default.createFile(atPath: m + "/model.safetensors", contents: Data(bytes))
    try refusedWithoutDamage(["generate", "--model", m, "--prompt-ids", "1,2"], s, ["model.safetensors", "model.embed_tokens.weight"], seconds: 30)
  }

  @Test(arguments: [
    ("model.vocab", #""Ġt": 2000000000"#), ("added_tokens[0].id", #""id": 9223372036854775807"#),
  ])
  func badTokenizerIds(key: String, replacement: String) throws {
    let s = Scratch("tok")
    let m = try s.model()
    var text = String(decoding: FileManager.default.contents(atPath: m + "/tokenizer.json")!, as: UTF8.self)
    if key == "model.vocab" {
      let r = try #require(text.range(of: #""model": {"#))
      let v = try #require(text.range(of: #""vocab": {"#, range: r.upperBound..<text.endIndex))
      text.insert(contentsOf: #""Ġzzzq": 2000000000, "#, at: v.upperBound)
    } else {
      let r = try #require(text.range(of: #""id": "#))
      let end = try #require(text[r.upperBound...].firstIndex(of: ","))
      text.replaceSubrange(r.lowerBound..<end, with: replacement)
    }
    FileManager.default.createFile(atPath: m + "/tokenizer.json", contents: Data(text.utf8))
    try refusedWithoutDamage(["tokenizer", "encode", "--tokenizer", m, "--text", "hi"], s, [m + "/tokenizer.json", key], seconds: 30)
  }

  @Test(arguments: [
    ("{\n  \"optim\": {\"maxGradNorm\": 0.1}\n  /* eval: off\n}\n", "line 3"),
    ("{\n  \"optim\": {\"maxGradNorm\": NaN}\n}\n", ":2:"),
    ("{\n  \"optim\": {\"maxGradNorm\": 1e999}\n}\n", "maxGradNorm"),
  ])
  func badStageConfig(text: String, mention: String) throws {
    let s = Scratch("stage")
    let cfg = s.write("warmup.json", text)
    let mention = mention == "line 3" ? ":3" : mention
    try refusedWithoutDamage(["warmup", "--config", cfg, "--set", "run.root=\(s.path("runs"))"], s, ["warmup.json", mention], seconds: 30)
  }

  // MARK: - records

  /// A 1 MB K&K line (24 people, statements of 2,000 parts) kept `puzzles solve` busy without limit.
  @Test func solveHugeRecord() throws {
    let s = Scratch("huge")
    let wide = "('and', " + (0..<2_000).map { "('telling-truth', \($0 % 24))" }.joined(separator: ", ") + ")"
    let rec: JSON = ["names": .array((0..<24).map { .string("P\($0)") }),
                     "statements": .string("(" + Array(repeating: wide, count: 24).joined(separator: ", ") + ")")]
    let input = s.write("kk.jsonl", Self.kkLine + "\n" + rec.serialized() + "\n")
    try refusedWithoutDamage(["puzzles", "solve", "--input", input], s, [input + ":2:", "statements"], seconds: 20)
  }

  @Test(arguments: [
    (#"{"names": ["A", "B", "C", "D"], "solution": ["true", "false", "true", "true"], "completion": "x"}"#, "at solution[0]: expected a boolean"),
    (#"{"names": ["A", "B", "A"], "solution": [true, false, true], "completion": "x"}"#, "at names"),
    (#"{"names": ["A", "B"], "solution": [true], "completion": "x"}"#, "(2 names), got 1"),
    (#"{"names": "A", "solution": [true], "completion": "x"}"#, "at names"),
  ])
  func verifyBadRecords(line: String, mention: String) throws {
    let s = Scratch("vrec")
    let input = s.write("c.jsonl", line + "\n")
    try refusedWithoutDamage(["verify", "--domain", "kk", "--input", input], s, [input + ":1:", mention], seconds: 20)
  }

  @Test func tracesOfARecordWithoutQuiz() throws {
    let s = Scratch("traces")
    let input = s.write("kk.jsonl", Self.kkLine + "\n")
    let out = s.write("traces.jsonl", "old traces\n")
    try refusedWithoutDamage(["traces", "make", "--input", input, "--out", out], s, [input + ":1:", "quiz"], seconds: 20)
  }

  @Test func solveDuplicateNamesAndBadLines() throws {
    let s = Scratch("dups")
    let input = s.write("kk.jsonl", Self.kkLine + "\n{oops\n" + #"{"names": ["A", "A"], "statements": "(('lying', 1), ('lying', 0))"}"# + "\n")
    try refusedWithoutDamage(["puzzles", "solve", "--input", input], s, [input + ":2:", input + ":3:", "appears twice"], seconds: 20)
  }
}
