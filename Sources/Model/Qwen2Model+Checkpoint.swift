// Checkpoints in HF layout: load `config.json` + `model.safetensors` (or shards) with a strict name and
// shape check; save into a folder (`writeFiles`), or replace a folder atomically (`save`: everything
// written into DIR.tmp-PID, then swapped in; see JSON's FileSystem.swift for who swaps what).
import JSON
import Kernels

extension Qwen2Model {
  /// Files copied from a tokenizer directory into saved checkpoints when present.
  public static let tokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "special_tokens_map.json",
                                      "vocab.json", "merges.txt", "added_tokens.json", "chat_template.jinja"]

  /// Loads a checkpoint directory. `dtype` nil keeps the checkpoint's dtype (its config's torch_dtype,
  /// else the dtype of its embedding tensor).
  public static func load(directory dir: String, dtype: WeightDType? = nil) throws -> Qwen2Model {
    let config = try Qwen2Config.load(file: dir + "/config.json")
    let st = try SafetensorsCheckpoint(directory: dir)
    var storage = dtype ?? config.torchDType
    if storage == nil, let e = st.entry("model.embed_tokens.weight") {
      storage = e.entry.dtype == .f32 ? .f32 : (e.entry.dtype == .bf16 ? .bf16 : .f16)
    }
    // Names and shapes are checked against the config before the model is allocated, so a config
    // that disagrees with its weights costs nothing, whatever sizes it declares.
    try checkTensors(config, st, directory: dir)
    try config.checkFitsMemory(dtype: storage ?? .f32, source: dir + "/config.json")
    let model = Qwen2Model(config: config, dtype: storage ?? .f32)
    try model.loadWeights(from: st, directory: dir)
    return model
  }

  /// The strict name and shape check of `loadWeights`, from the config alone (nothing allocated).
  static func checkTensors(_ config: Qwen2Config, _ st: SafetensorsCheckpoint, directory dir: String) throws {
    let tensors = config.expectedTensors()
    try report(problems(tensors, st, tied: config.tieWordEmbeddings), directory: dir)
  }

  static func problems(_ expected: [(name: String, shape: [Int])], _ st: SafetensorsCheckpoint, tied: Bool) -> [String] {
    var problems: [String] = []
    for p in expected {
      guard let (file, e) = st.entry(p.name) else { problems.append("missing \(p.name) \(p.shape)"); continue }
      if e.shape != p.shape {
        problems.append("\(p.name) in \(file.path) has shape \(e.shape), expected \(p.shape)")
      }
    }
    let names = Set(expected.map(\.name))
    for name in st.names where !names.contains(name) {
      if name == "lm_head.weight" && tied { continue }
      if name.hasSuffix("rotary_emb.inv_freq") { continue }
      problems.append("unexpected \(name)")
    }
    return problems
  }

  static func report(_ problems: [String], directory dir: String) throws {
    guard !problems.isEmpty else { return }
    let kind: ModelError.Kind = problems.contains { $0.hasPrefix("missing") } ? .missingTensor
      : problems.contains { $0.hasPrefix("unexpected") } ? .unexpectedTensor : .shapeMismatch
    // The first 20 problems are enough to see what is wrong (a 10^9-layer config lists billions).
    let shown = problems.prefix(20).joined(separator: "; ") + (problems.count > 20 ? "; ..." : "")
    throw ModelError(kind, file: dir, "checkpoint does not match the config (\(problems.count) problems): " + shown)
  }

  /// Strict load: every parameter must be present with its shape; nothing unexpected may remain.
  /// Dropped like mlx-lm's `sanitize`: `lm_head.weight` when tied, rotary `inv_freq` buffers.
  public func loadWeights(from st: SafetensorsCheckpoint, directory dir: String) throws {
    try Self.report(Self.problems(parameters.map { ($0.name, $0.shape) }, st, tied: config.tieWordEmbeddings), directory: dir)
    for p in parameters {
      let (file, e) = st.entry(p.name)!
      let src = file.data(p.name)!
      if e.dtype == p.dtype && Int(bitPattern: src) % 4 == 0 {
        UnsafeMutableRawPointer(p.value.storage.raw + p.value.offset * p.dtype.byteSize)
          .copyMemory(from: src, byteCount: p.count * p.dtype.byteSize)
      } else {
        let tmp = AlignedBuffer(byteCount: p.count * 4)
        SafetensorsFile.convert(tmp.floats(p.count), from: src, dtype: e.dtype, count: p.count)
        p.setFloats(tmp.floats(p.count))
      }
    }
  }

  /// Writes an HF checkpoint into `dir`, replacing the folder atomically (`FS.replaceDirectory`): for a
  /// model saved on its own (`model save`, pretrain's output). Checkpoints of a run go through
  /// `writeFiles(into:)` inside the Checkpointer's own swap instead.
  public func save(directory dir: String, dtype: WeightDType? = nil, tokenizerDirectory: String? = nil,
                   extraFiles: [String: JSON] = [:]) throws {
    do {
      try FS.replaceDirectory(dir) { tmp in
        try writeFiles(into: tmp, dtype: dtype, tokenizerDirectory: tokenizerDirectory, extraFiles: extraFiles)
      }
    } catch {
      if let e = error as? ModelError { throw e }
      throw ModelError(.io, file: dir, "cannot write checkpoint: \(error)")
    }
  }

  /// Writes the checkpoint's files (config.json, model.safetensors, generation_config.json, tokenizer
  /// files from `tokenizerDirectory`, and `extraFiles` name -> JSON) into folder `dir`, created if
  /// absent, each file atomically; the folder itself is not swapped.
  public func writeFiles(into dir: String, dtype: WeightDType? = nil, tokenizerDirectory: String? = nil,
                         extraFiles: [String: JSON] = [:]) throws {
    let out = dtype ?? self.dtype
    try FS.makeDirectories(dir)
    try config.json(dtype: out).write(file: dir + "/config.json")
    var gen = JSONObject()
    if let b = config.bosTokenId { gen["bos_token_id"] = .int(b) }
    if !config.eosTokenIds.isEmpty {
      gen["eos_token_id"] = config.eosTokenIds.count == 1 ? .int(config.eosTokenIds[0]) : .array(config.eosTokenIds.map { .int($0) })
    }
    if let p = config.padTokenId { gen["pad_token_id"] = .int(p) }
    try JSON.object(gen).write(file: dir + "/generation_config.json")
    let tensors = parameters.map { p in
      SafetensorsOutput(name: p.name, shape: p.shape, dtype: out.kernelDType) { p.copyFloats(into: $0) }
    }
    try SafetensorsWriter.write(tensors, to: dir + "/model.safetensors")
    if let tdir = tokenizerDirectory {
      for f in Self.tokenizerFiles where FS.exists(tdir + "/" + f) { try FS.copyFile(tdir + "/" + f, dir + "/" + f) }
    }
    for (name, json) in extraFiles { try json.write(file: dir + "/" + name) }
  }
}
