// The CompletionEngine over the project's own model: a Qwen2 checkpoint, its tokenizer and the
// batched KV-cache Generator. A batch's rows go through one `generate` call: prompts of different
// lengths are prefilled row by row, then the unfinished rows decode together and finished ones drop out.
import Model
import Tokenizer

public final class ModelEngine: CompletionEngine {
  public let model: Qwen2Model
  public let tokenizer: Tokenizer
  /// Token ids that end a completion: the config's EOS ids and the tokenizer's (generation_config.json
  /// may list several, e.g. Qwen's <|endoftext|> and <|im_end|>).
  public let eosTokenIds: [Int]
  /// Rows decoding at once (KV-cache slots): memory is bounded by it; more rows wait for a free slot
  /// (the Generator's continuous batching).
  public var maxRows = 64

  /// Loads `dir` (config.json, *.safetensors, tokenizer.json). The vocabulary check runs before the
  /// weights are read, so a mismatched folder fails at once.
  public convenience init(modelDir dir: String) throws {
    let config = try Qwen2Config.load(file: dir + "/config.json")
    let tokenizer = try Tokenizer(path: dir)
    try Self.checkVocab(dir: dir, modelVocab: config.vocabSize, tokenizerVocab: tokenizer.vocabSize)
    try self.init(model: try Qwen2Model.load(directory: dir), tokenizer: tokenizer, dir: dir)
  }

  public init(model: Qwen2Model, tokenizer: Tokenizer, dir: String = "<model>") throws {
    try Self.checkVocab(dir: dir, modelVocab: model.config.vocabSize, tokenizerVocab: tokenizer.vocabSize)
    self.model = model
    self.tokenizer = tokenizer
    eosTokenIds = Array(Set(model.config.eosTokenIds + tokenizer.specials.eosTokenIds)).sorted()
  }

  /// A model may have more embedding rows than its tokenizer has ids (Qwen2.5 pads 151,665 to
  /// 151,936), never fewer.
  public static func checkVocab(dir: String, modelVocab: Int, tokenizerVocab: Int) throws {
    if modelVocab < tokenizerVocab {
      throw EvalError.vocabMismatch(modelDir: dir, modelVocab: modelVocab, tokenizerVocab: tokenizerVocab)
    }
  }

  public func complete(_ requests: [CompletionRequest], sampling: Sampling,
                       progress: (GenerationProgress) -> Void) throws -> [Completion] {
    if requests.isEmpty { return [] }
    // The k samples of a question share its prompt: encode each distinct prompt once.
    var encoded: [String: [Int]] = [:]
    let prompts = requests.map { r in
      if let ids = encoded[r.prompt] { return ids }
      let ids = tokenizer.encode(r.prompt)
      encoded[r.prompt] = ids
      return ids
    }
    let params = SamplingParams(maxNewTokens: sampling.maxNewTokens, temperature: Float(sampling.temperature),
                                topP: Float(sampling.topP), topK: 0, eosTokenIds: eosTokenIds,
                                stopStrings: sampling.stop)
    // Each row gets the new tokens its prompt leaves within max_position_embeddings (finish
    // `length` at the limit); a prompt that alone fills the positions is an error naming it.
    var limits: [Int] = []
    for (r, p) in zip(requests, prompts) {
      guard let n = try? model.config.newTokenLimit(promptTokens: p.count, maxNewTokens: sampling.maxNewTokens) else {
        throw EvalError.promptTooLong(source: "prompt \"\(r.prompt.prefix(60))...\"", line: 0, tokens: p.count,
                                      limit: model.config.maxPositionEmbeddings)
      }
      limits.append(n)
    }
    let tok = tokenizer
    let gen = Generator(model: model, decode: { tok.decode($0) })
    gen.maxRows = maxRows
    // Each decode step emits one token per row active before it: the count `onStep` gave after the
    // previous step (prefill tokens of admitted rows are left out; this is only for progress).
    var tokens = 0, activeBefore = min(requests.count, maxRows)
    let results = withoutActuallyEscaping(progress) { progress in
      gen.onStep = { _, active in
        tokens += activeBefore
        activeBefore = active
        progress(GenerationProgress(rowsDone: 0, rowsTotal: requests.count, tokens: tokens))
      }
      defer { gen.onStep = nil }  // the progress closure must not outlive this call
      return gen.generate(prompts: prompts, params: params, seeds: requests.map(\.seed), maxNewTokens: limits)
    }
    let eos = Set(eosTokenIds)
    return zip(results, prompts).map { r, prompt in
      // The text leaves out the EOS token (it is not part of the answer); the count keeps it.
      let ids = r.finishReason == .eos && r.tokens.last.map(eos.contains) == true ? Array(r.tokens.dropLast()) : r.tokens
      return Completion(text: tokenizer.decode(ids), tokens: r.tokens.count, finish: r.finishReason, promptTokens: prompt.count)
    }
  }
}
