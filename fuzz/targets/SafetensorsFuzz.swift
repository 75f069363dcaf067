// libFuzzer target: the safetensors reader. The input is written to a file and opened as a
// checkpoint: any bytes must give a validated file or a ModelError, never a trap or an out-of-bounds
// read; a file that opens has every tensor readable as fp32 within the file's bytes.
import Model
#if canImport(Glibc)
import Glibc
#endif

let path = "/tmp/warmrl-fuzz-safetensors-\(getpid()).safetensors"

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSafetensors(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  guard let f = fopen(path, "wb") else { return 0 }
  _ = fwrite(data, 1, size, f)
  fclose(f)
  guard let st = try? SafetensorsFile(path: path) else { return 0 }
  for (name, e) in st.entries where e.count <= 1 << 20 {
    guard let v = try? st.floats(name) else { continue }
    if v.count != e.count { fatalError("tensor \(name): \(v.count) values for \(e.count) elements") }
  }
  return 0
}
