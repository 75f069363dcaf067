import Testing
@testable import JSON
#if canImport(Glibc)
import Glibc
#endif

@Suite struct JSONLTests {
  func write(_ text: String, _ name: String) throws -> String {
    let p = tempPath(name)
    try AtomicFile.write(text, to: p)
    return p
  }

  @Test func streamsLinesSkipsBlanksAndNamesBadLine() throws {
    let p = try write("{\"i\":1}\n\n{\"i\":2}\r\n{\"i\": 3,\n{\"i\":4}", "a.jsonl")
    let r = try JSONLReader(path: p)
    #expect(try r.next()?["i"] == 1)
    #expect(try r.next()?["i"] == 2)
    #expect(r.lineNumber == 3)
    let e = try #require(throws: JSONError.self) { try r.next() }
    #expect(e.source == p)
    #expect(e.line == 4)
    // The reader goes on after a bad line: the caller may skip and count.
    #expect(try r.next()?["i"] == 4)  // last line without trailing newline
    #expect(try r.next() == nil)
  }

  @Test func hundredThousandLinesInBoundedMemory() throws {
    let p = tempPath("big.jsonl")
    let w = try JSONLWriter(path: p)
    for i in 0..<100_000 { try w.write(["id": .int(i), "quiz": "Zoey says that Oliver is a knight."]) }
    try w.finish()
    let r = try JSONLReader(path: p)
    var n = 0, sum = 0
    try r.forEach { _, v in n += 1; sum += v["id"]!.int! }
    #expect(n == 100_000)
    #expect(sum == 99_999 * 100_000 / 2)
  }

  @Test func overlongLineIsAnErrorWithItsLineNumber() throws {
    // Stands in for a 1 GB line: the same code path with a 4 KiB limit instead of 256 MiB.
    let long = "{\"x\":\"" + String(repeating: "a", count: 100_000) + "\"}"
    let p = try write("{\"a\":1}\n" + long + "\n{\"a\":3}\n", "long.jsonl")
    let r = try JSONLReader(path: p, maxLineBytes: 4096)
    #expect(try r.next()?["a"] == 1)
    let e = try #require(throws: JSONError.self) { try r.next() }
    #expect(e.line == 2)
    #expect(e.message.contains("longer than 4096"))
    #expect(try r.next()?["a"] == 3)
  }

  @Test func missingFileIsNamed() throws {
    let e = try #require(throws: JSONError.self) { try JSONLReader(path: "/nonexistent/x.jsonl") }
    #expect(e.description.contains("/nonexistent/x.jsonl"))
  }
}
