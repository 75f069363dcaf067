// Batched generation with a KV cache.
//
// Public API (for evaluation and RL):
//   let gen = Generator(model: model, decode: { ids in tokenizer.decode(ids) })   // decode optional
//   let out = gen.generate(prompts: [[Int]], params: SamplingParams(maxNewTokens: 256, temperature: 1,
//                          topP: 1, topK: 0, eosTokenIds: nil, stopStrings: ["</answer>"]),
//                          seeds: [UInt64], maxNewTokens: [Int]? /* per-row limits */)
//   out[i].tokens, out[i].logprobs, out[i].finishReason (.eos / .stop / .length)
//   model.completionLogprobs(prompts:completions:) gives teacher-forced log-probs (batched).
//
// Each distinct prompt is prefilled once, on its own (no padding; rows sharing a prompt copy its KV cache), then all unfinished rows decode together one token
// per step; a finished row leaves the active set and costs nothing more, and its KV-cache slot goes to
// the next waiting prompt (at most `maxRows` prompts decode at once; memory is bounded by that). Row i samples from
// SeededRNG(seed: seeds[i], stream: 0) only, so a rollout is reproduced by running its prompt alone with
// its seed. Same batch, same bytes. Alone vs batched: with fp32 weights and <= DecodeGemv.maxRows
// decoding rows (8; 32 on AVX-512 CPUs) the result is bitwise the same (DecodeGemv's rows are
// independent), and so it is with bf16/f16 weights and <= 64 rows on AVX-512 CPUs (Kernels.GemvAVX512);
// with the AVX2 HalfGemv or more rows (sgemm) log-probs agree to ~1e-6 and a sampled token could differ only if the uniform draw
// lands within that rounding of a bucket edge. `logprobs` are log p(token) under the model's unmodified distribution (temperature 1, no
// top-k/top-p), the same quantity `completionLogprobs` returns. The EOS token is kept in `tokens`;
// with a stop string the tokens run through the token that completed it.
import Seeded

public enum FinishReason: String, Sendable, Codable {
  case eos, stop, length
}

public struct GenerationResult: Sendable, Equatable {
  public var tokens: [Int]
  public var logprobs: [Float]
  public var finishReason: FinishReason
}

public final class Generator {
  public let model: Qwen2Model
  /// Token ids -> text, needed for stop strings.
  public let decode: (([Int]) -> String)?
  /// Called after every decode step with (step, active rows): progress reporting.
  public var onStep: ((Int, Int) -> Void)?
  /// Prompts decoded at once (KV-cache slots); more prompts wait and take the slots of finished rows.
  public var maxRows = 64
  /// Prompt tokens the last `generate` call prefilled (a prompt shared by several rows counts once).
  public private(set) var prefillTokens = 0

  public init(model: Qwen2Model, decode: (([Int]) -> String)? = nil) {
    self.model = model
    self.decode = decode
  }

  public func generate(prompts: [[Int]], params: SamplingParams, seeds: [UInt64],
                       maxNewTokens perRow: [Int]? = nil) -> [GenerationResult] {
    let R = prompts.count
    precondition(seeds.count == R, "generate: \(seeds.count) seeds for \(R) prompts")
    precondition(perRow == nil || perRow!.count == R, "generate: per-row limits must match the prompts")
    precondition(prompts.allSatisfy { !$0.isEmpty }, "generate: every prompt needs at least one token")
    precondition(params.stopStrings.isEmpty || decode != nil, "generate: stop strings need a decoder")
    if R == 0 { return [] }
    let V = model.config.vocabSize
    let eos = Set(params.eosTokenIds ?? model.config.eosTokenIds)
    let limits = (0..<R).map { max(0, min(params.maxNewTokens, perRow?[$0] ?? params.maxNewTokens)) }
    let capacity = (0..<R).map { prompts[$0].count + limits[$0] }.max()!
    // Continuous batching: at most `maxRows` prompts hold a KV-cache slot at once; a finished row's
    // slot takes the next waiting prompt, so memory stays bounded and the decode batch stays full.
    let slots = min(R, max(1, maxRows))
    let cache = KVCache(config: model.config, rows: slots, capacity: capacity)
    var rngs = seeds.map { SeededRNG(seed: $0, stream: 0) }
    var results = (0..<R).map { _ in GenerationResult(tokens: [], logprobs: [], finishReason: .length) }
    let maxStop = params.stopStrings.map { $0.utf8.count }.max() ?? 0

    // Emits prompt r's next token from its logits; returns true when it is finished.
    func emit(_ r: Int, _ z: UnsafeBufferPointer<Float>) -> Bool {
      let tok = Sampler.sample(z, params, &rngs[r])
      results[r].tokens.append(tok)
      results[r].logprobs.append(Sampler.logSoftmax(z, at: tok))
      if eos.contains(tok) { results[r].finishReason = .eos; return true }
      if maxStop > 0, let decode {
        let tail = decode(Array(results[r].tokens.suffix(maxStop + 1)))
        if params.stopStrings.contains(where: { tail.contains($0) }) { results[r].finishReason = .stop; return true }
      }
      return results[r].tokens.count >= limits[r]
    }

    var waiting = (0..<R).filter { limits[$0] > 0 }.makeIterator()
    var active: [(slot: Int, prompt: Int)] = []
    var freeSlots = Array((0..<slots).reversed())
    var nextToken = [Int32](repeating: 0, count: R)
    // Rows with the same prompt (a GRPO group, eval's k samples of a question) share one prefill: the
    // first such row prefills into its slot, its K/V and last logits are kept while more rows of that
    // prompt wait, and each later row copies them into its own slot and draws its first token from
    // the same logits with its own RNG. Bitwise what its own prefill would give (same computation).
    var firstOf = [Int](repeating: 0, count: R), waitingOf = [Int](repeating: 0, count: R)
    do {
      var seen: [[Int]: Int] = [:]
      for r in 0..<R where limits[r] > 0 {
        let f = seen[prompts[r]] ?? r
        seen[prompts[r]] = f
        firstOf[r] = f
        waitingOf[f] += 1
      }
    }
    var shared: [Int: (prefix: KVPrefix, logits: [Float])] = [:]
    /// Prompt tokens actually prefilled (shared prompts count once).
    var prefilled = 0
    // Prefills waiting prompts into free slots (each prompt alone: no padding).
    func admit() {
      while let slot = freeSlots.last, let r = waiting.next() {
        let f = firstOf[r]
        waitingOf[f] -= 1
        let logits: [Float]
        if let s = shared[f] {
          cache.restore(s.prefix, row: slot)
          logits = s.logits
        } else {
          cache.reset(row: slot)
          logits = model.forwardCached(cache: cache, rows: [slot], tokens: prompts[r].map { Int32($0) }, Tq: prompts[r].count)
          prefilled += prompts[r].count
          if waitingOf[f] > 0 { shared[f] = (cache.snapshot(row: slot), logits) }
        }
        if waitingOf[f] == 0 { shared[f] = nil }
        if logits.withUnsafeBufferPointer({ emit(r, $0) }) { continue }  // slot stays free
        freeSlots.removeLast()
        active.append((slot, r))
        nextToken[r] = Int32(results[r].tokens.last!)
      }
    }
    admit()
    var step = 0
    while !active.isEmpty {
      let logits = model.forwardCached(cache: cache, rows: active.map(\.slot), tokens: active.map { nextToken[$0.prompt] }, Tq: 1)
      var still: [(slot: Int, prompt: Int)] = []
      logits.withUnsafeBufferPointer { all in
        for (m, a) in active.enumerated() {
          let z = UnsafeBufferPointer(rebasing: all[(m * V)..<((m + 1) * V)])
          if emit(a.prompt, z) { freeSlots.append(a.slot) } else {
            still.append(a)
            nextToken[a.prompt] = Int32(results[a.prompt].tokens.last!)
          }
        }
      }
      active = still
      admit()
      step += 1
      onStep?(step, active.count)
    }
    prefillTokens = prefilled
    return results
  }
}
