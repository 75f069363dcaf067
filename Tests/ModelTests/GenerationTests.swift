// KV-cache decoding against full recompute and HF generate; batching, stopping and seeding rules.
import Foundation
import JSON
import Kernels
import Testing
import TestSupport
@testable import Model

@Suite struct GenerationTests {
  /// A model per test: a Qwen2Model keeps forward state and is not shared between threads.
  static var model: Qwen2Model { try! Qwen2Model.load(directory: Fixtures.tiny) }

  @Test func kvCacheLogitsEqualFullRecompute() throws {
    let model = Self.model
    let V = model.config.vocabSize
    let prompt = Fixtures.ints(try Fixtures.reference()["fp32"]!["prompts"]![1]!["ids"])
    let cache = KVCache(config: model.config, rows: 2, capacity: prompt.count + 8)
    // Row 1 is used (row 0 left empty) to check rows are independent slots.
    var logits = model.forwardCached(cache: cache, rows: [1], tokens: prompt.map { Int32($0) }, Tq: prompt.count)
    var seq = prompt
    for step in 0..<8 {
      let full = model.logits(.padded([seq]))
      let want = Array(full[((seq.count - 1) * V)..<(seq.count * V)])
      let diff = zip(logits, want).map { abs($0 - $1) }.max()!
      // Same kernels, different row grouping in the GEMMs: fp32 rounding only, 1e-4 abs.
      #expect(diff <= 1e-4, "step \(step): max abs diff \(diff)")
      let tok = logits.withUnsafeBufferPointer { Sampler.argmax($0) }
      seq.append(tok)
      logits = model.forwardCached(cache: cache, rows: [1], tokens: [Int32(tok)], Tq: 1)
    }
    #expect(cache.lengths == [0, prompt.count + 8])
  }

  @Test func greedyMatchesHFGenerate() throws {
    let prompts = try Fixtures.reference()["fp32"]!["prompts"]!.array!
    let gen = Generator(model: Self.model)
    let ids = prompts.map { Fixtures.ints($0["ids"]) }
    // Batched, prompts of different lengths, no EOS stop (like the reference).
    let out = gen.generate(prompts: ids, params: SamplingParams(maxNewTokens: 16, eosTokenIds: []),
                           seeds: [1, 2, 3])
    for (p, r) in zip(prompts, out) {
      #expect(r.tokens == Fixtures.ints(p["greedy16_generate_kvcache"]))
      #expect(r.finishReason == .length)
      #expect(r.logprobs.count == 16 && r.logprobs.allSatisfy { $0 <= 0 })
    }
  }

  @Test(arguments: [WeightDType.f32, .bf16])
  func rowsReproduceAlone(dtype: WeightDType) throws {
    let base = try Fixtures.reference()["fp32"]!["prompts"]!.array!.map { Fixtures.ints($0["ids"]) }
    let prompts = base + base.map { Array($0.dropFirst()) }  // 6 rows: the batched GEMV path (>= 4 rows) is used
    let gen = Generator(model: try Qwen2Model.load(directory: Fixtures.tiny, dtype: dtype))
    let params = SamplingParams(maxNewTokens: 12, temperature: 1.0, topP: 0.95, topK: 50, eosTokenIds: [])
    let seeds: [UInt64] = [11, 22, 33, 44, 55, 66]
    let batch = gen.generate(prompts: prompts, params: params, seeds: seeds)
    for i in prompts.indices {
      let alone = gen.generate(prompts: [prompts[i]], params: params, seeds: [seeds[i]])[0]
      if dtype == .f32 || HalfGemv.preferredKernel == .avx512 {
        // fp32 decode of <= 8 rows goes through DecodeGemv, bf16 decode through the AVX-512 HalfGemv
        // (where the CPU has it); both fix each output's summation order whatever the rows: bitwise equal.
        #expect(alone == batch[i], "row \(i)")
      } else {
        // Kernels.HalfGemv rounds differently for 1 and 6 rows: same tokens, log-probs within 1e-5
        // (values ~5: a few ulps through 2 layers).
        #expect(alone.tokens == batch[i].tokens, "row \(i)")
        #expect(zip(alone.logprobs, batch[i].logprobs).allSatisfy { abs($0 - $1) <= 1e-5 }, "row \(i)")
      }
    }
    // Same seeds, same bytes; other seeds, another rollout (12 sampled tokens from 512).
    #expect(gen.generate(prompts: prompts, params: params, seeds: seeds) == batch)
    #expect(gen.generate(prompts: prompts, params: params, seeds: seeds.map { $0 + 1 }).map(\.tokens) != batch.map(\.tokens))
  }

  /// A prompt shared by several rows (a GRPO group, eval's k samples) is prefilled once: each row is
  /// what it would be alone, and the prefill counts the shared prompt's tokens once.
  @Test func sharedPromptsPrefillOnce() throws {
    let base = try Fixtures.reference()["fp32"]!["prompts"]!.array!.map { Fixtures.ints($0["ids"]) }
    let prompts = [base[0], base[0], base[0], base[1], base[0], base[1]]
    let gen = Generator(model: Self.model)
    gen.maxRows = 2  // fewer slots than rows: later rows of a prompt copy the kept prefix into a freed slot
    let params = SamplingParams(maxNewTokens: 9, temperature: 1.0, eosTokenIds: [])
    let seeds: [UInt64] = [1, 2, 3, 4, 5, 6]
    let batch = gen.generate(prompts: prompts, params: params, seeds: seeds)
    #expect(gen.prefillTokens == base[0].count + base[1].count)
    for i in prompts.indices {
      let alone = gen.generate(prompts: [prompts[i]], params: params, seeds: [seeds[i]])[0]
      #expect(alone == batch[i], "row \(i)")  // fp32, <= 8 decode rows: DecodeGemv, bitwise (see rowsReproduceAlone)
    }
    #expect(Set(batch.map(\.tokens)).count > 1)  // different seeds, different samples from one prefill
  }

  @Test func logprobsMatchTeacherForcing() throws {
    let prompt = Fixtures.ints(try Fixtures.reference()["fp32"]!["prompts"]![0]!["ids"])
    let gen = Generator(model: Self.model)
    let r = gen.generate(prompts: [prompt], params: SamplingParams(maxNewTokens: 10, temperature: 1, eosTokenIds: []), seeds: [5])[0]
    let tf = gen.model.completionLogprobs(prompts: [prompt], completions: [r.tokens])[0]
    #expect(zip(r.logprobs, tf).allSatisfy { abs($0 - $1) <= 1e-4 })  // fp32 rounding only
  }

  @Test func stopsPerRow() throws {
    let prompts = try Fixtures.reference()["fp32"]!["prompts"]!.array!.map { Fixtures.ints($0["ids"]) }
    let gen = Generator(model: Self.model, decode: { ids in ids.map { "<\($0)>" }.joined() })
    let free = gen.generate(prompts: prompts, params: SamplingParams(maxNewTokens: 16, eosTokenIds: []), seeds: [0, 0, 0])
    // Per-row limits.
    let limited = gen.generate(prompts: prompts, params: SamplingParams(maxNewTokens: 16, eosTokenIds: []),
                               seeds: [0, 0, 0], maxNewTokens: [3, 0, 7])
    #expect(limited.map(\.tokens.count) == [3, 0, 7])
    #expect(limited[0].tokens == Array(free[0].tokens.prefix(3)))
    // Two KV-cache slots for three prompts of different limits: the waiting prompt takes a freed slot.
    let slotted = Generator(model: gen.model)
    slotted.maxRows = 2
    let waves = slotted.generate(prompts: prompts, params: SamplingParams(maxNewTokens: 16, eosTokenIds: []),
                                 seeds: [0, 0, 0], maxNewTokens: [3, 16, 7])
    #expect(waves.map(\.tokens) == [Array(free[0].tokens.prefix(3)), free[1].tokens, Array(free[2].tokens.prefix(7))])
    // EOS: the 4th greedy token of row 0 as EOS stops it there (EOS kept).
    let eosTok = free[0].tokens[3]
    let firstHit = free[0].tokens.firstIndex(of: eosTok)!
    let e = gen.generate(prompts: [prompts[0]], params: SamplingParams(maxNewTokens: 16, eosTokenIds: [eosTok]), seeds: [0])[0]
    #expect(e.finishReason == .eos && e.tokens == Array(free[0].tokens.prefix(firstHit + 1)))
    // Stop string spanning two tokens.
    let stop = "<\(free[2].tokens[4])><\(free[2].tokens[5])>"
    let s = gen.generate(prompts: [prompts[2]], params: SamplingParams(maxNewTokens: 16, eosTokenIds: [], stopStrings: [stop]), seeds: [0])[0]
    #expect(s.finishReason == .stop)
    #expect(s.tokens.count <= 6 && s.tokens == Array(free[2].tokens.prefix(s.tokens.count)))
  }

  @Test func samplingRules() throws {
    // top-k 1 and a tiny top-p are greedy; temperature 0 is argmax with lowest-id tie-break.
    var rng = SeededRNG(seed: 1)
    let z: [Float] = [0.5, 2.0, 2.0, -1, 1.9]
    z.withUnsafeBufferPointer { zb in
      #expect(Sampler.argmax(zb) == 1)
      for _ in 0..<20 {
        #expect(Sampler.sample(zb, SamplingParams(temperature: 1, topK: 1), &rng) == 1)
        #expect(Sampler.sample(zb, SamplingParams(temperature: 1, topP: 0.01), &rng) == 1)
        let t = Sampler.sample(zb, SamplingParams(temperature: 1, topK: 3), &rng)
        #expect([1, 2, 4].contains(t))
      }
      #expect(Sampler.partialTop(zb, k: 3) == [1, 2, 4])
      // Frequencies at temperature 1 follow softmax within 4 sigma over 4000 draws.
      var counts = [Int](repeating: 0, count: z.count)
      for _ in 0..<4000 { counts[Sampler.sample(zb, SamplingParams(temperature: 1), &rng)] += 1 }
      let e = z.map { exp(Double($0)) }, tot = e.reduce(0, +)
      for i in z.indices {
        let p = e[i] / tot, sd = (4000 * p * (1 - p)).squareRoot()
        #expect(abs(Double(counts[i]) - 4000 * p) <= 4 * sd + 1)
      }
    }
  }
}
import Seeded

@Suite struct NucleusTests {
  /// The pre-filtered candidates contain the exact nucleus of the fully sorted vocabulary, and draws stay in it.
  @Test func nucleusPrefilterIsExact() {
    var gen = SeededRNG(seed: 9)
    let z = (0..<5000).map { _ in 3 * gen.normal() }
    z.withUnsafeBufferPointer { zb in
      for topP: Float in [0.5, 0.9, 0.99] {
        let cand = Sampler.nucleusCandidates(zb, temperature: 0.7, topP: topP)
        // Reference nucleus from a full sort.
        let order = (0..<z.count).sorted { z[$0] > z[$1] || (z[$0] == z[$1] && $0 < $1) }
        let m = Double(z[order[0]])
        let w = order.map { exp((Double(z[$0]) - m) / 0.7) }
        let tot = w.reduce(0, +)
        var acc = 0.0, n = 0
        while acc / tot < Double(topP) { acc += w[n]; n += 1 }
        #expect(Set(order.prefix(n)).isSubset(of: Set(cand)) && cand.count < z.count)
        var rng = SeededRNG(seed: 3)
        let nucleus = Set(order.prefix(n))
        #expect((0..<50).allSatisfy { _ in nucleus.contains(Sampler.sample(zb, SamplingParams(temperature: 0.7, topP: topP), &rng)) })
      }
    }
  }
}
