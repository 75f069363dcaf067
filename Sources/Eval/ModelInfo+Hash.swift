// A cheap identity for a checkpoint folder: hashing gigabytes of weights for every eval would cost
// more than small evals themselves, so the hash covers config.json's bytes and each weight file's
// name and size. Two checkpoints of one training run with equal shapes differ only in their
// directory; the hash is there to catch "same folder name, other model".
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import JSON
import Seeded

extension ModelInfo {
  /// Reads `dir`/config.json and lists its `*.safetensors` files. Throws naming the folder when
  /// config.json is missing.
  public init(dir: String) throws {
    var h = FNV1a64()
    let config = dir + "/config.json"
    h.add(try FileBytes(path: config).bytes)
    for name in try Self.weightFiles(dir) {
      var st = stat()
      guard stat(dir + "/" + name, &st) == 0 else { throw JSONError(source: dir + "/" + name, message: "cannot stat weight file") }
      h.add(Array(name.utf8)); h.add([0])
      h.add(Array(String(st.st_size).utf8)); h.add([0])
    }
    self.init(dir: dir, configHash: h.hex)
  }

  /// The `*.safetensors` files of `dir`, sorted by name (so the hash does not depend on readdir order).
  static func weightFiles(_ dir: String) throws -> [String] {
    guard let d = opendir(dir) else { throw JSONError(source: dir, message: "cannot open model folder: \(String(cString: strerror(errno)))") }
    defer { closedir(d) }
    var names: [String] = []
    while let e = readdir(d) {
      let name = withUnsafePointer(to: e.pointee.d_name) { p in
        p.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
      }
      if name.hasSuffix(".safetensors") { names.append(name) }
    }
    return names.sorted()
  }
}
