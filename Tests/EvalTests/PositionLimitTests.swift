// Evaluation never generates past the model's positions: rows are cut at max_position_embeddings
// (finish `length`), and a prompt that alone fills them is an error with its size, not a trap.
import Testing
@testable import Eval
import Model

@Suite struct PositionLimitTests {
  @Test func newTokensStopAtThePositionLimit() throws {
    let engine = try ModelEngine(modelDir: tinyModel)  // max_position_embeddings 512
    let prompt = "Q: 2+2=?"
    let promptTokens = engine.tokenizer.encode(prompt).count
    let eos = engine.eosTokenIds
    // A huge budget is cut to the positions left; EOS may end a row earlier.
    let out = try engine.complete([CompletionRequest(prompt: prompt, seed: 1)],
                                  sampling: Sampling(samples: 1, temperature: 1, maxNewTokens: 1_000_000), progress: { _ in })
    #expect(out[0].tokens <= 512 - promptTokens, "\(out[0].tokens) tokens, finish \(out[0].finish)")
    #expect(out[0].finish == .length ? out[0].tokens == 512 - promptTokens : !eos.isEmpty)
    // A prompt longer than the positions is refused, naming its size and the limit.
    let long = String(repeating: "word ", count: 2_000)
    do {
      _ = try engine.complete([CompletionRequest(prompt: long, seed: 1)], sampling: Sampling(samples: 1, temperature: 0, maxNewTokens: 4),
                              progress: { _ in })
      Issue.record("a prompt past the positions was accepted")
    } catch let e as EvalError {
      #expect("\(e)".contains("the model's limit is 512"), "\(e)")
    }
  }
}
