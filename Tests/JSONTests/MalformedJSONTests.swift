// Malformed JSON files, configs and JSONL streams: an error naming the file and line (and key),
// never a silent default, a loop or a crash.
import Testing
@testable import JSON
#if canImport(Glibc)
import Glibc
#endif

@Suite struct MalformedJSONTests {
  func configError(_ text: String, overrides: [String] = []) -> JSONError? {
    // One file per call: the tests of this suite run in parallel in one process, and a shared name
    // let one test read another's text (CI saw "{}" accepted where an unterminated comment was written).
    let p = tempPath("malformed-\(UInt64.random(in: 0 ... .max)).json")
    defer { unlink(p) }
    do {
      try AtomicFile.write(text, to: p)
      _ = try Config.load(StageConfig.self, defaults: StageConfig(), file: p, overrides: overrides)
      return nil
    } catch let e as JSONError {
      #expect(e.source.contains("malformed-") || e.source.hasPrefix("--set"), "\(e)")
      return e
    } catch {
      Issue.record("\(error)"); return nil
    }
  }

  /// json-c's lenient mode took an unterminated `/*` as the end of the file: the settings after it
  /// were silently dropped.
  @Test func unterminatedCommentIsAnError() {
    let e = configError("{\n  \"steps\": 7,\n  /* \"seed\": 3\n}\n")
    #expect(e?.line == 3 && e?.message.contains("unterminated /* comment") == true, "\(e.map { "\($0)" } ?? "accepted")")
    let e2 = configError("{\"steps\": 7} /*")
    #expect(e2?.line == 1 && e2?.message.contains("unterminated") == true, "\(e2.map { "\($0)" } ?? "accepted")")
  }

  /// Comments still work, `//` and `/*` inside strings are text, and error lines stay right.
  @Test func commentsAreBlankedNotParsed() throws {
    let p = tempPath("comments.json")
    try AtomicFile.write("// head\n{\n  /* a\n  b */ \"name\": \"http://x/*y*/\", // tail\n  \"steps\": 3 /**/\n}\n// end", to: p)
    let (cfg, _) = try Config.load(StageConfig.self, defaults: StageConfig(), file: p)
    #expect(cfg.name == "http://x/*y*/" && cfg.steps == 3)
    let e = configError("{\n  /* one\n  two */\n  \"steps\": ,\n}")
    #expect(e?.line == 4, "\(e.map { "\($0)" } ?? "accepted")")
  }

  /// NaN, Infinity and overflowing literals are refused in every file and in --set.
  @Test(arguments: ["{\"optim\": {\"lr\": NaN}}", "{\"optim\": {\"lr\": Infinity}}", "{\"optim\": {\"lr\": -Infinity}}",
                    "{\"optim\": {\"lr\": 1e999}}", "{\"optim\": {\"betas\": [0.9, 1e400]}}", "{\"optim\": {\"lr\": nan}}"])
  func nonFiniteNumbersAreRefused(text: String) {
    let e = configError(text)
    #expect(e != nil, "\(text) accepted")
  }

  @Test func nonFiniteOverridesAreRefused() {
    for o in ["optim.lr=NaN", "optim.lr=1e999", "optim.lr=inf", "steps=1e30", "steps=-1.5"] {
      #expect(configError("{}", overrides: [o]) != nil, "\(o) accepted")
    }
  }

  @Test func directoryInsteadOfAFileNamesIt() {
    let dir = tempPath("a-dir")
    mkdir(dir, 0o755)
    defer { rmdir(dir) }
    for body in [{ _ = try JSON.read(file: dir) }, { _ = try JSONLReader(path: dir) }, { _ = try FileBytes(path: dir) }] as [() throws -> Void] {
      do { try body(); Issue.record("read a directory") } catch let e as JSONError {
        #expect(e.description == "\(dir): is a directory, expected a file", "\(e)")
      } catch { Issue.record("\(error)") }
    }
  }

  /// A read error of the file itself (EIO here: /proc/self/mem at offset 0) ends the read: one
  /// error naming the file, then nil, so a caller that counts bad lines and goes on still stops.
  @Test func readErrorEndsTheRead() throws {
    let r = try JSONLReader(path: "/proc/self/mem")
    var errors: [String] = []
    for _ in 0..<5 {
      do { if try r.next() == nil { break } } catch { errors.append("\(error)") }
    }
    #expect(errors.count == 1 && r.failed, "\(errors)")
    #expect(errors.first?.hasPrefix("/proc/self/mem:1: read error:") == true, "\(errors)")
    // A bad line is not a failed read: the reader goes on to the next line.
    let p = tempPath("bad-lines.jsonl")
    try AtomicFile.write("{\"a\": 1}\n{oops\n{\"a\": 3}\n", to: p)
    let ok = try JSONLReader(path: p)
    var got: [Int] = [], bad = 0
    while true {
      do { guard let v = try ok.next() else { break }; got.append(v["a"]?.int ?? -1) } catch { bad += 1; #expect(!ok.failed) }
    }
    #expect(got == [1, 3] && bad == 1)
  }

  @Test func fifoIsRefusedNotWaitedOn() {
    let p = tempPath("fifo")
    unlink(p)
    mkfifo(p, 0o644)
    defer { unlink(p) }
    // O_RDONLY on a FIFO without a writer blocks in open(); refuse it before by its type.
    #expect(throws: JSONError.self) { _ = try JSON.read(file: p) }
  }

  @Test func locatedFillsOnlyMissingPlaces() {
    let e = JSONError(source: "kk record", path: "solution", message: "m").located(in: "f.jsonl", line: 4)
    #expect(e.description == "f.jsonl:4: at solution: m")
    let kept = JSONError(source: "a.jsonl", line: 2, message: "m").located(in: "f.jsonl", line: 4)
    #expect(kept.description == "a.jsonl:2: m")
  }
}
