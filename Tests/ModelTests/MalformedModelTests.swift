// Malformed configs and checkpoints: every out-of-range value is a ModelError naming the file and
// the key or tensor, raised before anything the value sizes is allocated; generation requests that
// the model's positions cannot hold are refused with the numbers.
import Foundation
import JSON
import Testing
@testable import Model

/// The fixture folder and scratch folders, found here rather than through the target's shared
/// helpers so that this file builds unchanged beside either layout of the test support code.
private enum Local {
  static let tiny: String = {
    if let e = ProcessInfo.processInfo.environment["WARMRL_SHARED"] { return e + "/fixtures/tiny-qwen2" }
    var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    for _ in 0..<6 {
      let cand = dir.appendingPathComponent("shared/fixtures/tiny-qwen2").path
      if FileManager.default.fileExists(atPath: cand) { return cand }
      dir = dir.deletingLastPathComponent()
    }
    return "/work/shared/fixtures/tiny-qwen2"
  }()

  static func tempDir(_ tag: String) -> String {
    let d = NSTemporaryDirectory() + "warmrl-malformed-\(tag)-\(getpid())-\(UInt32.random(in: 0..<UInt32.max))"
    try? FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
  }
}

@Suite struct MalformedModelTests {
  func tiny() throws -> JSONObject { try JSON.read(file: Local.tiny + "/config.json").object! }

  func configError(_ changes: [(String, JSON)]) throws -> ModelError? {
    var o = try tiny()
    for (k, v) in changes { o[k] = v }
    do { _ = try Qwen2Config(json: .object(o), source: "cfg.json"); return nil } catch let e as ModelError { return e }
  }

  /// Each value out of its range is refused, naming cfg.json and the key (the same key as the
  /// value, or the key the checked quantity belongs to).
  @Test(arguments: [
    ("vocab_size", JSON.int(1 << 40), "vocab_size"), ("vocab_size", .int(Int.max), "vocab_size"),
    ("head_dim", .int(1 << 30), "head_dim"), ("head_dim", .int(7), "head_dim"),
    ("num_hidden_layers", .int(1_000_000_000), "num_hidden_layers"), ("num_hidden_layers", .int(0), "num_hidden_layers"),
    ("hidden_size", .int(1 << 20), "hidden_size"), ("intermediate_size", .int(1 << 30), "intermediate_size"),
    ("num_attention_heads", .int(100_000), "hidden_size"), ("num_key_value_heads", .int(3), "num_key_value_heads"),
    ("max_position_embeddings", .int(-5), "max_position_embeddings"), ("max_position_embeddings", .int(0), "max_position_embeddings"),
    ("max_position_embeddings", .int(1 << 40), "max_position_embeddings"), ("rope_theta", .double(-1), "rope_theta"),
    ("rope_theta", .double(.infinity), "rope_theta"), ("rms_norm_eps", .double(0), "rms_norm_eps"),
    ("rms_norm_eps", .double(.nan), "rms_norm_eps"), ("eos_token_id", .int(512), "eos_token_id"),
    ("eos_token_id", .array([2, "x"]), "eos_token_id"), ("pad_token_id", .int(-1), "pad_token_id"),
    ("bos_token_id", .int(1 << 50), "bos_token_id"),
  ] as [(String, JSON, String)])
  func outOfRangeValue(key: String, value: JSON, item: String) throws {
    let e = try configError([(key, value)])
    #expect(e?.file == "cfg.json" && e?.item == item, "\(key)=\(value): \(e.map { "\($0)" } ?? "accepted")")
  }

  /// Sizes each inside their range whose product is absurd: the parameter count (overflow-checked).
  @Test func modelTooLargeAsAWhole() throws {
    let sizes: [(String, JSON)] = [("vocab_size", .int(1 << 22)), ("hidden_size", .int(1 << 16)), ("intermediate_size", .int(1 << 18)),
                                   ("num_hidden_layers", 1024), ("num_attention_heads", 1024), ("num_key_value_heads", 1024),
                                   ("head_dim", 4096)]
    let e = try configError(sizes)
    #expect(e?.file == "cfg.json" && e?.description.contains("parameters") == true, "\(e.map { "\($0)" } ?? "accepted")")
  }

  /// A config whose sizes disagree with model.safetensors fails on the shapes before the model is
  /// allocated: vocab_size 4M x hidden 64 would be 1 GB of zeros first.
  @Test func configDisagreeingWithWeightsFailsBeforeAllocation() throws {
    let dir = Local.tempDir("bigvocab")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    var o = try tiny()
    o["vocab_size"] = .int(1 << 22)
    try JSON.object(o).write(file: dir + "/config.json")
    try FileManager.default.copyItem(atPath: Local.tiny + "/model.safetensors", toPath: dir + "/model.safetensors")
    let t0 = Date()
    do { _ = try Qwen2Model.load(directory: dir); Issue.record("loaded") } catch let e as ModelError {
      #expect(e.kind == .shapeMismatch && e.description.contains("model.embed_tokens.weight"), "\(e)")
    }
    #expect(Date().timeIntervalSince(t0) < 5)
    // A directory without config.json names the file.
    try FileManager.default.removeItem(atPath: dir + "/config.json")
    do { _ = try Qwen2Model.load(directory: dir); Issue.record("loaded") } catch let e as ModelError {
      #expect(e.description.contains(dir + "/config.json"), "\(e)")
    }
  }

  /// The tensor list from the config alone is exactly what the model allocates.
  @Test func expectedTensorsMatchTheModel() throws {
    for tied in [true, false] {
      var c = try Qwen2Config.load(file: Local.tiny + "/config.json")
      c.tieWordEmbeddings = tied
      let m = Qwen2Model(config: c)
      let expected = c.expectedTensors()
      #expect(expected.map(\.name) == m.parameters.map(\.name))
      #expect(expected.map(\.shape) == m.parameters.map(\.shape))
      #expect(c.parameterCount() == m.parameterCount)
    }
  }

  // MARK: - safetensors

  /// Writes a safetensors file: length, header text, `data` bytes of data block.
  func writeSafetensors(_ path: String, header: String, data: Int = 0, declaredLength: UInt64? = nil, fileBytes: Int? = nil) throws {
    var bytes = [UInt8]()
    var n = (declaredLength ?? UInt64(header.utf8.count)).littleEndian
    withUnsafeBytes(of: &n) { bytes += $0 }
    bytes += Array(header.utf8) + [UInt8](repeating: 0, count: data)
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    if let fileBytes { truncate(path, off_t(fileBytes)) }
  }

  func safetensorsError(header: String, data: Int = 0, declaredLength: UInt64? = nil, fileBytes: Int? = nil) throws -> ModelError? {
    let dir = Local.tempDir("st")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let path = dir + "/model.safetensors"
    try writeSafetensors(path, header: header, data: data, declaredLength: declaredLength, fileBytes: fileBytes)
    do { _ = try SafetensorsFile(path: path); return nil } catch let e as ModelError {
      #expect(e.file == path, "\(e)")
      return e
    }
  }

  /// Shapes whose element count wraps around 2^64: the product times 4 is 0 (mod 2^64), which
  /// matched an empty span before, and the -Ounchecked kernels then read far out of bounds.
  @Test(arguments: ["[4294967296, 4294967296]", "[4611686018427387904, 4]", "[2147483648, 2147483648, 2]",
                    "[1, 1, 1, 1, 1, 1, 1, 1, 1]"])
  func wrappingShapeIsRefused(shape: String) throws {
    let e = try safetensorsError(header: "{\"w\": {\"dtype\": \"F32\", \"shape\": \(shape), \"data_offsets\": [0, 0]}}")
    #expect(e?.item == "w" && (e?.kind == .shapeMismatch || e?.kind == .badHeader), "\(shape): \(e.map { "\($0)" } ?? "accepted")")
  }

  @Test func headerLengthBeyondTheFileOrTheFormatIsRefused() throws {
    // 2^63 + 8 would be negative as an Int: compared unsigned now.
    for n: UInt64 in [UInt64(1) << 63 + 8, UInt64.max, 1_000] {
      let e = try safetensorsError(header: "{}", declaredLength: n)
      #expect(e?.kind == .badHeader && e?.description.contains("header length") == true, "\(n): \(e.map { "\($0)" } ?? "accepted")")
    }
    // A (sparse) 200 MB header is over the format's 100 MB cap: refused before parsing.
    let e = try safetensorsError(header: "{}", declaredLength: 200_000_000, fileBytes: 200_000_008)
    #expect(e?.kind == .badHeader && e?.description.contains("limit") == true, "\(e.map { "\($0)" } ?? "accepted")")
  }

  @Test func offsetsOutsideTheDataOrMismatchedAreRefused() throws {
    let cases: [(String, Int, ModelError.Kind)] = [
      ("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 16]}}", 8, .badOffsets),
      ("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [-8, 0]}}", 8, .badOffsets),
      ("{\"w\": {\"dtype\": \"F32\", \"shape\": [3], \"data_offsets\": [0, 8]}}", 8, .shapeMismatch),
      ("{\"w\": {\"dtype\": \"F32\", \"shape\": [-2], \"data_offsets\": [0, 8]}}", 8, .badHeader),
      ("{\"w\": {\"dtype\": \"I64\", \"shape\": [1], \"data_offsets\": [0, 8]}}", 8, .unsupportedDType),
      ("{\"w\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 9223372036854775807]}}", 8, .badOffsets),
    ]
    for (h, data, kind) in cases {
      let e = try safetensorsError(header: h, data: data)
      #expect(e?.kind == kind && e?.item == "w", "\(h): \(e.map { "\($0)" } ?? "accepted")")
    }
  }

  // MARK: - generation limits

  @Test func promptPlusNewTokensMustFitThePositions() throws {
    let c = try Qwen2Config.load(file: Local.tiny + "/config.json")  // max_position_embeddings 512
    #expect(throws: Never.self) { try c.checkGeneration(promptTokens: 12, maxNewTokens: 500) }
    for (p, n) in [(12, 501), (1, 1_000_000), (512, 1), (3, Int.max), (0, 5), (5, -1)] {
      do { try c.checkGeneration(promptTokens: p, maxNewTokens: n); Issue.record("\(p) + \(n) accepted") } catch let e as GenerationLimitError {
        #expect(p < 1 || n < 0 || e.message.contains("max_position_embeddings (512)"), "\(e)")
      }
    }
    #expect(try c.newTokenLimit(promptTokens: 12, maxNewTokens: 1_000_000) == 500)
    #expect(try c.newTokenLimit(promptTokens: 12, maxNewTokens: 30) == 30)
    #expect(throws: GenerationLimitError.self) { try c.newTokenLimit(promptTokens: 512, maxNewTokens: 1) }
  }
}
