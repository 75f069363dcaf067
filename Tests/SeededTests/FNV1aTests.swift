import Seeded
import Testing

@Suite struct FNV1aTests {
  /// The published FNV-1a 64 test vectors, and the hex form every fingerprint in the project uses.
  @Test func knownVectorsAndHex() {
    #expect(FNV1a64.hash("".utf8).value == 0xcbf2_9ce4_8422_2325)
    #expect(FNV1a64.hash("a".utf8).value == 0xaf63_dc4c_8601_ec8c)
    #expect(FNV1a64.hash("foobar".utf8).value == 0x8594_4171_f739_67e8)
    #expect(FNV1a64.hash("a".utf8).hex == "af63dc4c8601ec8c")
    var h = FNV1a64()
    h.add("foo".utf8); h.add([UInt8]("bar".utf8))
    #expect(h == FNV1a64.hash("foobar".utf8))
    #expect(FNV1a64.hash([0x00]).hex.count == 16)
  }
}
