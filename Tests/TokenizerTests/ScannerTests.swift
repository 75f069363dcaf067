// The Qwen2 split scanner: character classes of every Unicode scalar against HF's Oniguruma
// (Resources/scalar_classes.json, probed from the real pre-tokenizer), and piece boundaries.
import JSON
import Testing
import TestSupport
@testable import Tokenizer

@Suite struct ScannerTests {
  @Test func everyScalarClassMatchesHF() throws {
    let ref = try JSON.read(file: Fixtures.resources + "/scalar_classes.json")
    let ranges = try #require(ref["ranges"]?.array)
    var mismatched: [UInt32] = []
    var checked = 0
    for r in ranges {
      let lo = UInt32(r[0]!.int!), hi = UInt32(r[1]!.int!), want = r[2]!.string!
      for v in lo...hi where !(0xD800...0xDFFF).contains(v) {
        let ours: String
        switch CharClass.of(v) {
        case .letter: ours = "L"
        case .number: ours = "N"
        case .space, .newline: ours = "S"
        case .other: ours = "O"
        }
        if ours != want { mismatched.append(v) }
        checked += 1
      }
    }
    #expect(checked == 0x110000 - 0x800)
    // Exact: a class is a category, no tolerance.
    var runs: [(UInt32, UInt32)] = []
    for v in mismatched {
      if let last = runs.last, last.1 + 1 == v { runs[runs.count - 1].1 = v } else { runs.append((v, v)) }
    }
    let count = mismatched.count
    #expect(count == 0, "\(count) scalars differ: \(runs.prefix(60).map { String($0.0, radix: 16) + "-" + String($0.1, radix: 16) })")
  }
}

@Suite struct MergeTests {
  /// The heap merge (used for long pre-tokens) against the naive O(n^2) loop, its specification,
  /// on odd lengths 1..257 of real-ish words and runs, with the real Qwen2.5 merges.
  @Test func heapMergeEqualsNaiveMerge() throws {
    let tok = try #require(Fixtures.qwenTokenizer)
    let samples = ["a", "the", " international", "                                   ", "=====-----=====",
                   "ababababababababab", "中文字符测试汉语中文字符测试", "😀😀😀😀", " indivisibility", "1234567"]
    var checked = 0
    for s in samples {
      for n in [1, 2, 7, 33, 64, 257] {
        var bytes: [UInt8] = []
        while bytes.count < n { bytes += Array(s.utf8) }
        bytes = Array(bytes.prefix(n))
        var a = bytes.withUnsafeBufferPointer { tok.model.initialSymbols($0) }
        var b = a
        tok.model.mergeNaive(&a)
        tok.model.mergeHeap(&b)
        #expect(a == b, "\(s.debugDescription) x \(n)")
        checked += 1
      }
    }
    #expect(checked == 60)
  }
}

@Suite struct SplitTests {
  /// Boundaries from HF's pre_tokenize_str on the same strings (tokenizers 0.23.3).
  @Test func piecesMatchHF() {
    let split = PreTokenizerKind.qwen2.split
    #expect(split("  \n  hi") == ["  \n", " ", " hi"])
    #expect(split("x'ſ 'RE'Ll'D") == ["x", "'ſ", " '", "RE", "'Ll", "'D"])
    #expect(split("a\u{00A0}b") == ["a", "\u{00A0}b"])
    #expect(split("Step 42: x") == ["Step", " ", "4", "2", ":", " x"])
    #expect(split("end.\r\n\r\nNext") == ["end", ".\r\n\r\n", "Next"])
    #expect(split("a  \t b") == ["a", "  \t", " b"])
    #expect(split("trail   ") == ["trail", "   "])
  }
}

@Suite struct NFCTests {
  static func nfc(_ s: String) -> [UInt32] {
    var s = s
    let out = s.withUTF8 { NFC.normalize($0) }
    return String(decoding: out, as: UTF8.self).unicodeScalars.map(\.value)
  }

  /// Expected values: HF tokenizers' normalizer (equal to Python's unicodedata NFC here).
  @Test func canonicalOrderingAndBlockingMatchHF() {
    #expect(Self.nfc("t\u{F81}\u{F81}") == [0x74, 0xF71, 0xF71, 0xF80, 0xF80])  // stdlib gives F71 F80 F71 F80
    // z + 0301 is blocked by 1ABC (class 230 >= 230): no "ź" (the stdlib composes it).
    #expect(Self.nfc("z\u{1ABC}\u{1D166}\u{F81}\u{341}") == [0x7A, 0xF71, 0xF80, 0x1D166, 0x1ABC, 0x301])
    #expect(Self.nfc("e\u{301}") == [0xE9])
    #expect(Self.nfc("\u{1100}\u{1161}\u{11A8}") == [0xAC01])  // Hangul L V T
    #expect(Self.nfc("\u{212B}\u{2126}") == [0xC5, 0x3A9])  // singletons
    #expect(Self.nfc("a\u{301}\u{316}") == [0xE1, 0x316])
    // Marks and compositions newer than HF's tables stay as they are.
    #expect(Self.nfc("\u{11935}\u{11930}") == [0x11935, 0x11930])
    #expect(Self.nfc("C\u{302B}\u{1ABF}\u{1D166}") == [0x43, 0x302B, 0x1ABF, 0x1D166])
    #expect(Self.nfc("plain ascii") == Array("plain ascii".unicodeScalars.map(\.value)))
  }
}
