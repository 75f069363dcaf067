// libFuzzer target: tokenizer.json. Any input must load or throw a TokenizerError/JSONError; a
// loaded tokenizer must encode and decode text without trapping.
import JSON
import Tokenizer

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  guard let root = try? JSON.parse(bytes: bytes, source: "fuzz") else { return 0 }
  guard let tok = try? Tokenizer(tokenizerJSON: root, source: "fuzz") else { return 0 }
  for text in ["Hello world 123", " <|endoftext|>x", "é\u{301}ü 汉字 \n\n  ", String(decoding: bytes.prefix(64), as: UTF8.self)] {
    let ids = tok.encode(text)
    _ = tok.decode(ids)
    _ = try? tok.validate(ids: ids + [tok.vocabSize, -1])
  }
  return 0
}
