// `warmrl model init|info`, `warmrl generate`, `warmrl score`: Qwen2 checkpoints in HF layout.
import ArgumentParser
import Foundation
import JSON
import Kernels
import Training
import Model
import Tokenizer

struct ModelCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "model",
    abstract: "Create and inspect Qwen2 checkpoints (HF layout).",
    subcommands: [ModelInit.self, ModelInfoCommand.self])
}


extension WeightDType: ExpressibleByArgument {}

struct ModelInit: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "init", abstract: "Random-init a Qwen2 model from an HF config.json and write it as a checkpoint.")

  @Option(help: "HF config.json (model_type qwen2).") var config: String
  @Option(help: "Output checkpoint directory (replaced atomically).") var out: String
  @Option(help: "Seed of the initialisation.") var seed: UInt64 = 0
  @Option(help: "Weight dtype written: f32, bf16 or f16.") var dtype: WeightDType = .f32
  @Option(help: "Tokenizer directory or tokenizer.json whose files are copied into the checkpoint.") var tokenizer: String?
  @Option(help: "Std of the normal init (default: the config's initializer_range, else 0.02).") var std: Float?

  func validate() throws {
    if let std, !(std > 0) || !std.isFinite { throw ValidationError("--std must be a finite number > 0") }
  }

  func run() throws {
    let cfg = try Qwen2Config.load(file: config)
    try cfg.checkFitsMemory(dtype: dtype, source: config)
    let raw = try? JSON.read(file: config)
    let model = Qwen2Model(config: cfg, dtype: dtype)
    model.randomInit(seed: seed, std: std ?? Float(raw?["initializer_range"]?.double ?? 0.02))
    var tokDir: String?
    if let tokenizer {
      var isDir: ObjCBool = false
      FileManager.default.fileExists(atPath: tokenizer, isDirectory: &isDir)
      tokDir = isDir.boolValue ? tokenizer : (tokenizer as NSString).deletingLastPathComponent
      try ModelBundle.checkVocab(cfg, try Tokenizer(path: tokenizer), directory: tokenizer)
    }
    try model.save(directory: out, dtype: dtype, tokenizerDirectory: tokDir)
    print(try JSON(encoding: ["directory": out, "parameters": String(model.parameterCount), "dtype": dtype.rawValue])
      .serialized(sortKeys: true))
  }
}

struct ModelInfoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "info", abstract: "Shapes, parameter count, dtype and memory of a checkpoint (JSON on stdout).")

  @Argument(help: "Checkpoint directory.") var directory: String

  func run() throws {
    let st = try SafetensorsCheckpoint(directory: directory)
    let cfg = try Qwen2Config.load(file: directory + "/config.json")
    var tensors = JSONObject()
    var count = 0, bytes = 0
    var dtypes = Set<String>()
    for name in st.names {
      let (_, e) = st.entry(name)!
      tensors[name] = .object(JSONObject(pairs: [("shape", .array(e.shape.map { .int($0) })), ("dtype", .string(e.dtype.rawValue))]))
      count += e.count
      bytes += e.end - e.begin
      dtypes.insert(e.dtype.rawValue)
    }
    // Loading checks the tensors against the config strictly.
    let bundle = try ModelBundle.load(directory: directory)
    var o = JSONObject()
    o["directory"] = .string(directory)
    o["model_type"] = "qwen2"
    o["hidden_size"] = .int(cfg.hiddenSize)
    o["num_hidden_layers"] = .int(cfg.numHiddenLayers)
    o["num_attention_heads"] = .int(cfg.numAttentionHeads)
    o["num_key_value_heads"] = .int(cfg.numKeyValueHeads)
    o["head_dim"] = .int(cfg.headDim)
    o["intermediate_size"] = .int(cfg.intermediateSize)
    o["vocab_size"] = .int(cfg.vocabSize)
    o["tie_word_embeddings"] = .bool(cfg.tieWordEmbeddings)
    o["rope_theta"] = .double(cfg.ropeTheta)
    o["parameters"] = .int(count)
    o["dtypes"] = .array(dtypes.sorted().map { .string($0) })
    o["weights_bytes"] = .int(bytes)
    o["memory_f32_bytes"] = .int(count * 4)
    o["memory_bf16_bytes"] = .int(count * 2)
    o["tokenizer"] = bundle.tokenizer.map { .int($0.vocabSize) } ?? .null
    o["tensors"] = .object(tensors)
    print(JSON.object(o).serialized(pretty: true))
  }
}

/// Options shared by commands that load a checkpoint.
struct ModelLoadOptions: ParsableArguments {
  @Option(help: "Checkpoint directory (HF layout).") var model: String
  @Option(help: "Compute threads (default: all cores).") var threads: Int?
  @Option(help: "Weight storage when loading: f32, bf16 or f16 (default: the checkpoint's).") var dtype: WeightDType?

  func validate() throws {
    if let threads, threads < 1 || threads > 1024 { throw ValidationError("--threads must be in 1...1024, got \(threads)") }
  }

  func load() throws -> ModelBundle {
    Kernels.setThreads(threads ?? ProcessInfo.processInfo.activeProcessorCount)
    return try ModelBundle.load(directory: model, dtype: dtype)
  }
}

/// "1, 2,3" -> [1, 2, 3].
func parseIds(_ s: String) throws -> [Int] {
  let parts = s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
  let ids = parts.compactMap { Int($0) }
  guard !ids.isEmpty, ids.count == parts.count, ids.allSatisfy({ $0 >= 0 }) else {
    throw ValidationError("--prompt-ids must be comma-separated non-negative integers, got \"\(s)\"")
  }
  return ids
}

func checkIds(_ ids: [Int], vocab: Int, what: String) throws {
  if let bad = ids.first(where: { $0 < 0 || $0 >= vocab }) {
    throw ValidationError("\(what): token id \(bad) is outside the model's vocabulary 0..<\(vocab)")
  }
}

struct GenerateCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate", abstract: "Generate a completion with the KV cache (greedy unless --temperature > 0).")

  @OptionGroup var load: ModelLoadOptions
  @Option(help: "Prompt text (needs tokenizer files in the model directory).") var prompt: String?
  @Option(help: "Prompt as comma-separated token ids, e.g. 1,2,3.") var promptIds: String?
  @Option(help: "Maximum new tokens.") var maxNewTokens: Int = 128
  @Option(help: "Sampling temperature; 0 is greedy.") var temperature: Float = 0
  @Option(help: "Nucleus (top-p) mass in (0, 1].") var topP: Float = 1
  @Option(help: "Top-k; 0 disables.") var topK: Int = 0
  @Option(help: "Seed of the sampler.") var seed: UInt64 = 0
  @Option(help: "Stop string (repeatable; needs the tokenizer).") var stop: [String] = []
  @Flag(help: "Print JSON: prompt ids, completion ids, text, per-token log-probs, finish reason.") var json = false

  func validate() throws {
    if (prompt == nil) == (promptIds == nil) { throw ValidationError("give exactly one of --prompt or --prompt-ids") }
    if let promptIds { _ = try parseIds(promptIds) }
    if maxNewTokens < 0 { throw ValidationError("--max-new-tokens must be >= 0") }
    if !(temperature >= 0) || !temperature.isFinite { throw ValidationError("--temperature must be a finite number >= 0, got \(temperature)") }
    if !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1], got \(topP)") }
    if topK < 0 { throw ValidationError("--top-k must be >= 0") }
  }

  func run() throws {
    let bundle = try load.load()
    let tok = bundle.tokenizer
    let ids: [Int]
    if let prompt {
      guard let tok else {
        throw ValidationError("\(load.model) has no tokenizer.json: pass --prompt-ids instead of --prompt")
      }
      ids = tok.encode(prompt)
      guard !ids.isEmpty else { throw ValidationError("--prompt encodes to no tokens") }
    } else {
      ids = try parseIds(promptIds!)
    }
    try checkIds(ids, vocab: bundle.model.config.vocabSize, what: "prompt")
    do { try bundle.model.config.checkGeneration(promptTokens: ids.count, maxNewTokens: maxNewTokens) } catch {
      throw ValidationError("--max-new-tokens \(maxNewTokens): \(error) (\(load.model)/config.json)")
    }
    if !stop.isEmpty && tok == nil { throw ValidationError("--stop needs tokenizer files in \(load.model)") }
    let gen = Generator(model: bundle.model, decode: tok.map { t in { t.decode($0) } })
    let params = SamplingParams(maxNewTokens: maxNewTokens, temperature: temperature, topP: topP, topK: topK,
                                eosTokenIds: bundle.eosTokenIds, stopStrings: stop)
    let start = Date()
    let r = gen.generate(prompts: [ids], params: params, seeds: [seed])[0]
    let secs = Date().timeIntervalSince(start)
    printErr("generated \(r.tokens.count) tokens in \(String(format: "%.2f", secs)) s (\(String(format: "%.1f", Double(r.tokens.count) / max(secs, 1e-9))) tok/s), finish: \(r.finishReason.rawValue)")
    let text = tok?.decode(r.tokens)
    if json {
      var o = JSONObject()
      o["prompt_ids"] = .array(ids.map { .int($0) })
      o["completion_ids"] = .array(r.tokens.map { .int($0) })
      o["text"] = text.map { .string($0) } ?? .null
      o["logprobs"] = .array(r.logprobs.map { .double(Double($0)) })
      o["finish_reason"] = .string(r.finishReason.rawValue)
      print(JSON.object(o).serialized())
    } else {
      print(text ?? r.tokens.map(String.init).joined(separator: ","))
    }
  }
}

struct ScoreCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "score",
    abstract: "Teacher-forced log-probs of each JSONL line's completion given its prompt (JSONL on stdout).",
    discussion: """
      Each input line has `prompt` and `completion`, as text (tokenized separately; needs tokenizer files) \
      or as arrays of ids (also accepted as `prompt_ids` / `completion_ids`). Output per line: `line`, `id` \
      (when the input has one), `completion_ids`, `logprobs`, `sum`.
      """)

  @OptionGroup var load: ModelLoadOptions
  @Option(help: "Input JSONL file.") var input: String
  @Option(help: "Write JSONL here instead of stdout.") var output: String?
  @Option(help: "Padded tokens per forward batch.") var batchTokens: Int = 8192

  func validate() throws {
    if batchTokens < 1 { throw ValidationError("--batch-tokens must be >= 1") }
  }

  func ids(_ v: JSON?, _ key: String, line: Int, tokenizer: Tokenizer?, vocab: Int) throws -> [Int] {
    guard let v else { throw JSONError(source: input, line: line, path: key, message: "missing") }
    if let s = v.string {
      guard let tokenizer else {
        throw JSONError(source: input, line: line, path: key, message: "text needs tokenizer files in \(load.model); give ids instead")
      }
      return tokenizer.encode(s)
    }
    guard let a = v.array, a.allSatisfy({ $0.int != nil }) else {
      throw JSONError(source: input, line: line, path: key, message: "expected a string or an array of token ids, got \(v.kindName)")
    }
    let out = a.map { $0.int! }
    if let bad = out.first(where: { $0 < 0 || $0 >= vocab }) {
      throw JSONError(source: input, line: line, path: key, message: "token id \(bad) outside the vocabulary 0..<\(vocab)")
    }
    return out
  }

  func run() throws {
    let bundle = try load.load()
    let V = bundle.model.config.vocabSize
    let reader = try JSONLReader(path: input)
    var rows: [(line: Int, id: JSON?, prompt: [Int], completion: [Int])] = []
    while let v = try reader.next() {
      let n = reader.lineNumber
      let p = try ids(v["prompt"] ?? v["prompt_ids"], "prompt", line: n, tokenizer: bundle.tokenizer, vocab: V)
      let c = try ids(v["completion"] ?? v["completion_ids"], "completion", line: n, tokenizer: bundle.tokenizer, vocab: V)
      guard !p.isEmpty else { throw JSONError(source: input, line: n, path: "prompt", message: "prompt has no tokens") }
      do { try bundle.model.config.checkGeneration(promptTokens: p.count, maxNewTokens: c.count) } catch {
        throw JSONError(source: input, line: n, path: "completion", message: "\(error) (\(load.model)/config.json)")
      }
      rows.append((n, v["id"], p, c))
    }
    let start = Date()
    var lines: [String] = []
    var done = 0
    let chunk = 64
    while done < rows.count {
      let part = Array(rows[done..<min(rows.count, done + chunk)])
      let lps = bundle.model.completionLogprobs(prompts: part.map(\.prompt), completions: part.map(\.completion),
                                                maxTokensPerChunk: batchTokens)
      for (r, lp) in zip(part, lps) {
        var o = JSONObject()
        o["line"] = .int(r.line)
        if let id = r.id { o["id"] = id }
        o["completion_ids"] = .array(r.completion.map { .int($0) })
        o["logprobs"] = .array(lp.map { .double(Double($0)) })
        o["sum"] = .double(lp.reduce(0.0) { $0 + Double($1) })
        lines.append(JSON.object(o).serialized())
      }
      done += part.count
      let el = Date().timeIntervalSince(start)
      printErr("score \(done)/\(rows.count) lines, \(String(format: "%.1f", Double(done) / max(el, 1e-9))) lines/s, ETA \(String(format: "%.0f", el / Double(done) * Double(rows.count - done))) s")
    }
    let text = lines.map { $0 + "\n" }.joined()
    if let output { try AtomicFile.write(text, to: output) } else { print(text, terminator: "") }
  }
}
