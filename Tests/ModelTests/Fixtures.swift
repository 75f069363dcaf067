// Locating the shared fixtures (made by HF transformers, see ../shared/fixtures/README.md).
import Foundation
import JSON
@testable import Model

enum Fixtures {
  /// The shared folder: $WARMRL_SHARED, else the first `shared` beside an ancestor of this file, else /work/shared.
  static let shared: String = {
    if let e = ProcessInfo.processInfo.environment["WARMRL_SHARED"] { return e }
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    for _ in 0..<6 {
      let cand = dir.appendingPathComponent("shared/fixtures").path
      if FileManager.default.fileExists(atPath: cand) { return dir.appendingPathComponent("shared").path }
      dir = dir.deletingLastPathComponent()
    }
    return "/work/shared"
  }()

  static var tiny: String { shared + "/fixtures/tiny-qwen2" }
  static var tinyBF16: String { shared + "/fixtures/tiny-qwen2-bf16" }

  nonisolated(unsafe) static var referenceCache: JSON?
  static func reference() throws -> JSON {
    if let r = referenceCache { return r }
    let r = try JSON.read(file: tiny + "/reference.json")
    referenceCache = r
    return r
  }

  static func ints(_ j: JSON?) -> [Int] { j?.array?.compactMap(\.int) ?? [] }
  static func floats(_ j: JSON?) -> [Float] { j?.array?.compactMap { $0.double.map(Float.init) } ?? [] }

  /// A temporary directory removed by the caller.
  static func tempDir(_ tag: String) -> String {
    let d = NSTemporaryDirectory() + "warmrl-model-\(tag)-\(getpid())-\(UInt64.random(in: 0..<UInt64.max, using: &sysRNG))"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }
  nonisolated(unsafe) static var sysRNG = SystemRandomNumberGenerator()
}
