import Testing
@testable import JSON
#if canImport(Glibc)
import Glibc
#endif

func tempPath(_ name: String) -> String {
  let dir = "/tmp/warmrl-jsontests-\(getpid())"
  mkdir(dir, 0o755)
  return "\(dir)/\(name)"
}

@Suite struct JSONParseTests {
  @Test func parsesAllKindsAndKeepsKeyOrder() throws {
    let j = try JSON.parse(#"{"z": 1, "a": [true, false, null], "m": -2.5, "s": "h\u00e9\n\"x\"", "big": 12345678901234}"#)
    #expect(j["z"] == .int(1))
    #expect(j["a"] == [true, false, nil])
    #expect(j["m"]?.double == -2.5)
    #expect(j["s"]?.string == "hé\n\"x\"")
    #expect(j["big"]?.int == 12_345_678_901_234)
    #expect(j.object?.keys == ["z", "a", "m", "s", "big"])
  }

  @Test func serialisationRoundTripsAndIsDeterministic() throws {
    let j: JSON = ["b": [1, 2.5, "x\u{1}y", ["k": nil]], "a": 0.1, "c": "日本🎉", "d": 1e300, "e": -0.0]
    let s = j.serialized()
    #expect(s == #"{"b":[1,2.5,"x\u0001y",{"k":null}],"a":0.1,"c":"日本🎉","d":1e+300,"e":-0.0}"#)
    #expect(try JSON.parse(s) == j)
    #expect(try JSON.parse(j.serialized(pretty: true)) == j)
    #expect(j.serialized(sortKeys: true).hasPrefix(#"{"a":0.1"#))
  }

  @Test func commentsOnlyWhenAllowed() throws {
    let text = """
    {
      // learning rate
      "lr": 1e-5, /* block
      comment */ "steps": 3
    }
    """
    let j = try JSON.parse(text, source: "c.json", allowComments: true)
    #expect(j["lr"]?.double == 1e-5)
    #expect(j["steps"]?.int == 3)
    #expect(throws: JSONError.self) { try JSON.parse(text, source: "c.json") }
  }

  @Test func truncatedDocumentNamesLine() throws {
    let e = try #require(throws: JSONError.self) { try JSON.parse("{\n  \"a\": [1, 2,\n", source: "t.json") }
    #expect(e.source == "t.json")
    #expect(e.line == 3)  // input ends on line 3 (after the final newline)
    #expect(e.description.contains("t.json:3"))
  }

  @Test func errorPositionIsTheOffendingLine() throws {
    let e = try #require(throws: JSONError.self) { try JSON.parse("{\n\"a\": 1,\n\"b\": tru\n}", source: "p.json") }
    #expect(e.line == 3)
  }

  @Test func invalidUTF8IsAnErrorNotACrash() throws {
    let bytes: [UInt8] = Array(#"{"a": ""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8)
    let e = try #require(throws: JSONError.self) {
      try bytes.withUnsafeBytes { try JSON.parse(bytes: $0, source: "u.json") }
    }
    #expect(e.line == 1)
  }

  @Test func tenThousandDeepNestingIsAnError() throws {
    let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
    let e = try #require(throws: JSONError.self) { try JSON.parse(deep, source: "deep.json") }
    #expect(e.message.contains("nesting"))
    // At the limit it still parses.
    let ok = String(repeating: "[", count: JSON.maxDepth - 1) + String(repeating: "]", count: JSON.maxDepth - 1)
    #expect(throws: Never.self) { try JSON.parse(ok) }
  }

  @Test func trailingGarbageIsRejected() {
    #expect(throws: JSONError.self) { try JSON.parse(#"{"a":1} x"#) }
    #expect(throws: JSONError.self) { try JSON.parse(#"{"a":1}{"b":2}"#) }
    #expect(throws: JSONError.self) { try JSON.parse("") }
    #expect(throws: Never.self) { try JSON.parse(" 42 \n") }
  }

  @Test func atomicWriteReplacesWholeFile() throws {
    let p = tempPath("atomic.json")
    try (["v": 1] as JSON).write(file: p)
    try (["v": 2] as JSON).write(file: p)
    #expect(try JSON.read(file: p)["v"] == 2)
    #expect(access(p + ".tmp-\(getpid())", F_OK) != 0)  // no temporary left behind
  }
}
