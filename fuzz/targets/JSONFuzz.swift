// libFuzzer target: the JSON reader (json-c strict mode and our comment blanking for configs).
// Any input must give a value or a JSONError; a value must serialize and parse back.
import JSON

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  for comments in [false, true] {
    if let v = try? JSON.parse(bytes: bytes, source: "fuzz", allowComments: comments) {
      let text = v.serialized()
      guard (try? JSON.parse(text, source: "fuzz-roundtrip")) != nil else { fatalError("serialized value does not parse: \(text.prefix(200))") }
    }
  }
  return 0
}
