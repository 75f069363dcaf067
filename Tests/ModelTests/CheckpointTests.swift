// Config and safetensors validation (typed errors naming file and key/tensor), round trips, shards.
import Foundation
import JSON
import Kernels
import Testing
import TestSupport
@testable import Model

@Suite struct CheckpointTests {
  func expectError(_ kind: ModelError.Kind, mentioning item: String, _ body: () throws -> Void) {
    do {
      try body()
      Issue.record("expected a \(kind) error about \(item)")
    } catch let e as ModelError {
      #expect(e.kind == kind, "\(e)")
      #expect(e.description.contains(item), "\(e)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  func tinyConfigJSON() throws -> JSON { try JSON.read(file: Fixtures.tiny + "/config.json") }

  func with(_ j: JSON, _ key: String, _ value: JSON?) -> JSON {
    var o = j.object!
    o[key] = value
    if value == nil { o = JSONObject(pairs: o.filter { $0.key != key }.map { ($0.key, $0.value) }) }
    return .object(o)
  }

  @Test func configParsing() throws {
    let c = try Qwen2Config.load(file: Fixtures.tiny + "/config.json")
    #expect(c.hiddenSize == 64 && c.numHiddenLayers == 2 && c.numAttentionHeads == 4 && c.numKeyValueHeads == 2)
    #expect(c.headDim == 16 && c.intermediateSize == 176 && c.vocabSize == 512 && c.tieWordEmbeddings)
    #expect(c.ropeTheta == 10000 && c.rmsNormEps == 1e-6 && c.eosTokenIds == [2] && c.bosTokenId == nil)
    let big = try Qwen2Config.load(file: Fixtures.shared + "/fixtures/qwen2-0.5b-shape/config.json")
    #expect(big.ropeTheta == 1_000_000 && big.headDim == 64 && big.torchDType == .bf16 && big.eosTokenIds == [151645])
    // rope_theta only under rope_parameters; explicit head_dim differing from hidden/heads.
    var j = with(try tinyConfigJSON(), "rope_theta", nil)
    j = with(j, "rope_parameters", ["rope_theta": 5000.0, "rope_type": "default"])
    j = with(j, "head_dim", 32)
    let c2 = try Qwen2Config(json: j, source: "x.json")
    #expect(c2.ropeTheta == 5000 && c2.headDim == 32 && c2.qDim == 128 && c2.kvDim == 64)
    // Round trip through our own config.json.
    #expect(try Qwen2Config(json: c.json(dtype: .f32), source: "rt") == Qwen2Config(
      hiddenSize: 64, numHiddenLayers: 2, numAttentionHeads: 4, numKeyValueHeads: 2, intermediateSize: 176,
      vocabSize: 512, ropeTheta: 10000, rmsNormEps: 1e-6, tieWordEmbeddings: true, maxPositionEmbeddings: 512,
      eosTokenIds: [2], padTokenId: 0, torchDType: .f32))
  }

  @Test func configErrors() throws {
    let base = try tinyConfigJSON()
    expectError(.missingKey, mentioning: "hidden_size") { _ = try Qwen2Config(json: with(base, "hidden_size", nil), source: "c.json") }
    expectError(.missingKey, mentioning: "vocab_size") { _ = try Qwen2Config(json: with(base, "vocab_size", nil), source: "c.json") }
    expectError(.unsupportedModelType, mentioning: "llama") { _ = try Qwen2Config(json: with(base, "model_type", "llama"), source: "c.json") }
    expectError(.badValue, mentioning: "num_key_value_heads") { _ = try Qwen2Config(json: with(base, "num_key_value_heads", 3), source: "c.json") }
    expectError(.badValue, mentioning: "hidden_size") { _ = try Qwen2Config(json: with(base, "hidden_size", "64"), source: "c.json") }
    expectError(.unsupportedDType, mentioning: "torch_dtype") { _ = try Qwen2Config(json: with(base, "torch_dtype", "int8"), source: "c.json") }
    do { _ = try Qwen2Config(json: with(base, "num_hidden_layers", nil), source: "cfg/config.json") } catch let e as ModelError {
      #expect(e.description.hasPrefix("cfg/config.json: num_hidden_layers"))
    }
  }

  /// Writes a safetensors file with a hand-made header and `dataBytes` zero bytes of data.
  func rawFile(_ dir: String, header: String, dataBytes: Int, lengthOverride: UInt64? = nil) -> String {
    var bytes = [UInt8]()
    var n = (lengthOverride ?? UInt64(header.utf8.count)).littleEndian
    withUnsafeBytes(of: &n) { bytes += $0 }
    bytes += Array(header.utf8) + [UInt8](repeating: 0, count: dataBytes)
    let path = dir + "/bad.safetensors"
    FileManager.default.createFile(atPath: path, contents: Data(bytes))
    return path
  }

  @Test func safetensorsErrors() throws {
    let dir = tempDir("st")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let ok = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#
    #expect(try SafetensorsFile(path: rawFile(dir, header: ok, dataBytes: 8)).floats("a") == [0, 0])
    expectError(.badHeader, mentioning: "header length") { _ = try SafetensorsFile(path: rawFile(dir, header: ok, dataBytes: 8, lengthOverride: 1 << 20)) }
    expectError(.badOffsets, mentioning: "a") { _ = try SafetensorsFile(path: rawFile(dir, header: ok, dataBytes: 4)) }  // truncated data
    expectError(.unsupportedDType, mentioning: "a") {
      _ = try SafetensorsFile(path: rawFile(dir, header: #"{"a":{"dtype":"I8","shape":[2],"data_offsets":[0,2]}}"#, dataBytes: 2))
    }
    expectError(.shapeMismatch, mentioning: "a") {
      _ = try SafetensorsFile(path: rawFile(dir, header: #"{"a":{"dtype":"BF16","shape":[3],"data_offsets":[0,4]}}"#, dataBytes: 4))
    }
    expectError(.badOffsets, mentioning: "overlap") {
      let h = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
      _ = try SafetensorsFile(path: rawFile(dir, header: h, dataBytes: 12))
    }
    expectError(.badHeader, mentioning: "bad.safetensors") { _ = try SafetensorsFile(path: rawFile(dir, header: "{nope", dataBytes: 0)) }
  }

  @Test func saveLoadRoundTripAndStrictness() throws {
    let dir = tempDir("ckpt")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let src = try Qwen2Model.load(directory: Fixtures.tiny)
    try src.save(directory: dir + "/f32", tokenizerDirectory: Fixtures.tiny)
    let back = try Qwen2Model.load(directory: dir + "/f32")
    for (a, b) in zip(src.parameters, back.parameters) { #expect(a.name == b.name && a.floats() == b.floats()) }
    #expect(FileManager.default.fileExists(atPath: dir + "/f32/tokenizer.json"))
    #expect(!FileManager.default.fileExists(atPath: dir + "/f32/lm_head.weight"))
    // Header: sorted keys, format pt, 8-byte aligned data start.
    let st = try SafetensorsFile(path: dir + "/f32/model.safetensors")
    #expect(st.metadata["format"] == "pt")
    #expect(st.names == st.names.sorted())
    // bf16 save equals the fixture's bf16 twin (same rounding: nearest even).
    try src.save(directory: dir + "/bf16", dtype: .bf16)
    let b16 = try Qwen2Model.load(directory: dir + "/bf16")
    let twin = try Qwen2Model.load(directory: Fixtures.tinyBF16)
    #expect(b16.dtype == .bf16)
    for (a, b) in zip(b16.parameters, twin.parameters) { #expect(a.floats() == b.floats(), "\(a.name)") }
    // Saving over an existing directory replaces it (trailing slash included).
    try twin.save(directory: dir + "/f32/", dtype: .f32)
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains(".tmp-") || $0.contains(".old-") }.isEmpty)
    #expect(try Qwen2Model.load(directory: dir + "/f32").embed.floats() == twin.embed.floats())

    // Strict load: a config with 3 layers names the missing tensors; one with 1 layer the unexpected ones.
    var cfg = try JSON.read(file: Fixtures.tiny + "/config.json").object!
    try FileManager.default.createDirectory(atPath: dir + "/three", withIntermediateDirectories: true)
    try FileManager.default.copyItem(atPath: Fixtures.tiny + "/model.safetensors", toPath: dir + "/three/model.safetensors")
    cfg["num_hidden_layers"] = 3
    try JSON.object(cfg).write(file: dir + "/three/config.json")
    expectError(.missingTensor, mentioning: "model.layers.2.mlp.down_proj.weight") { _ = try Qwen2Model.load(directory: dir + "/three") }
    cfg["num_hidden_layers"] = 1
    try JSON.object(cfg).write(file: dir + "/three/config.json")
    expectError(.unexpectedTensor, mentioning: "model.layers.1.self_attn.q_proj.bias") { _ = try Qwen2Model.load(directory: dir + "/three") }
    cfg["num_hidden_layers"] = 2
    cfg["intermediate_size"] = 128
    try JSON.object(cfg).write(file: dir + "/three/config.json")
    expectError(.shapeMismatch, mentioning: "model.layers.0.mlp.up_proj.weight") { _ = try Qwen2Model.load(directory: dir + "/three") }
  }

  @Test func shardedLoad() throws {
    let dir = tempDir("shard")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let src = try Qwen2Model.load(directory: Fixtures.tiny)
    // Two shards split by parameter index, mixed dtypes (F16 and F32).
    var map = JSONObject()
    for (s, dt) in [(0, DType.f16), (1, DType.f32)] {
      let ps = src.parameters.enumerated().filter { $0.offset % 2 == s }.map(\.element)
      let file = "model-0000\(s + 1)-of-00002.safetensors"
      try SafetensorsWriter.write(ps.map { p in SafetensorsOutput(name: p.name, shape: p.shape, dtype: dt) { p.copyFloats(into: $0) } },
                                  to: dir + "/" + file)
      for p in ps { map[p.name] = .string(file) }
    }
    try JSON.object(JSONObject(pairs: [("metadata", [:]), ("weight_map", .object(map))])).write(file: dir + "/model.safetensors.index.json")
    try FileManager.default.copyItem(atPath: Fixtures.tiny + "/config.json", toPath: dir + "/config.json")
    let m = try Qwen2Model.load(directory: dir)
    for (i, (a, b)) in zip(src.parameters, m.parameters).enumerated() {
      let x = a.floats(), y = b.floats()
      // f16 shard: round to nearest f16 (relative 2^-11); f32 shard: exact.
      #expect(zip(x, y).allSatisfy { abs($0 - $1) <= (i % 2 == 0 ? abs($0) * 4.9e-4 + 6e-8 : 0) }, "\(a.name)")
    }
  }
}

@Suite struct BundleTests {
  @Test func tokenizerOptionalAndVocabChecked() throws {
    let dir = tempDir("bundle")
    defer { try? FileManager.default.removeItem(atPath: dir) }
    let withTok = try ModelBundle.load(directory: Fixtures.tiny)
    #expect(withTok.tokenizer?.vocabSize == 512 && withTok.eosTokenIds == [2])
    // No tokenizer files: loads, works on ids.
    var cfg = try JSON.read(file: Fixtures.tiny + "/config.json").object!
    cfg["vocab_size"] = 256
    let small = Qwen2Model(config: try Qwen2Config(json: .object(cfg), source: "c"))
    small.randomInit(seed: 1)
    try small.save(directory: dir + "/ids")
    let b = try ModelBundle.load(directory: dir + "/ids")
    #expect(b.tokenizer == nil && b.model.config.vocabSize == 256)
    // vocab_size 256 with the 512-token tokenizer is refused, naming both numbers.
    try small.save(directory: dir + "/tok", tokenizerDirectory: Fixtures.tiny)
    do {
      _ = try ModelBundle.load(directory: dir + "/tok")
      Issue.record("expected a vocab mismatch")
    } catch let e as ModelError {
      #expect(e.kind == .vocabMismatch && e.description.contains("256") && e.description.contains("512"))
    }
  }
}
