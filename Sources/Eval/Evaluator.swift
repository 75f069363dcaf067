// Runs an evaluation: prompts every question of a domain, draws k samples per question through a
// CompletionEngine in large batches, verifies each sample and aggregates the protocols.
import JSON
import Puzzles

/// Progress of an evaluation, reported after every engine progress tick and every batch.
public struct EvalProgress: Sendable {
  public var domain: Domain
  public var questionsDone: Int
  public var questionsTotal: Int
  /// Correct samples / samples verified so far (the accuracy so far).
  public var correctSamples: Int
  public var samplesDone: Int
  /// Tokens generated so far in this domain.
  public var tokens: Int
  /// Rows (question x sample) finished / in all, over the domain.
  public var rowsDone: Int
  public var rowsTotal: Int
  /// Token limit per row (with `rowsTotal`, the most this domain can generate).
  public var maxNewTokens: Int
  public var elapsedSeconds: Double

  /// Fraction of the work done: rows finished, or the token budget used, whichever says more
  /// (rows mostly finish at the end of a batch, tokens flow steadily).
  public var fractionDone: Double {
    guard rowsTotal > 0 else { return 1 }
    let budget = Double(rowsTotal) * Double(max(1, maxNewTokens))
    return min(1, max(Double(rowsDone) / Double(rowsTotal), Double(tokens) / budget))
  }
  /// Seconds left at the rate so far; nil before anything was measured.
  public var etaSeconds: Double? {
    let f = fractionDone
    guard f > 0 else { return nil }
    return elapsedSeconds * (1 - f) / f
  }
}

public struct EvalOptions: Sendable {
  public var sampling: Sampling
  public var seed: UInt64
  /// How a question becomes a prompt; verification re-attaches what the prompt prefilled (`<think>`).
  public var format: PromptFormat
  /// Rows (question x sample) per engine call, in whole questions: the granularity of verification and
  /// progress. The engine bounds memory itself (ModelEngine.maxRows slots; the rest wait for a slot).
  public var batchRows: Int
  /// Compute the baselines (`Baselines`) beside the model's figures.
  public var baselines: Bool
  public init(sampling: Sampling, seed: UInt64, format: PromptFormat = .r1Base, batchRows: Int = 64, baselines: Bool = true) {
    self.sampling = sampling; self.seed = seed; self.format = format; self.batchRows = batchRows; self.baselines = baselines
  }
  /// k actually drawn: 1 when greedy (more greedy samples would be identical).
  public var k: Int { sampling.greedy ? 1 : sampling.samples }
}

public struct Evaluator {
  public var engine: any CompletionEngine
  public var options: EvalOptions
  public var onProgress: (EvalProgress) -> Void = { _ in }
  /// Receives every generation with its verdict (for `--samples-out`), in question/sample order.
  public var onSample: ((JSON) throws -> Void)? = nil

  public init(engine: any CompletionEngine, options: EvalOptions) {
    self.engine = engine; self.options = options
  }

  /// Evaluates one domain's records.
  public func run(_ input: EvalInput) throws -> DomainResult {
    let spec = input.spec
    let k = options.k
    precondition(k >= 1 && options.batchRows >= 1)
    // Build every prompt first, so a bad record fails before any generation.
    var prompts: [String] = []
    for (r, line) in zip(input.records, input.lines) {
      do { prompts.append(try spec.prompt(r, format: options.format)) } catch let e as JSONError {
        throw JSONError(source: input.source, line: line, path: e.path, message: e.message)
      }
    }
    var sampling = options.sampling
    sampling.samples = k
    let clock = ContinuousClock()
    let start = clock.now
    func elapsed() -> Double {
      let d = (clock.now - start).components
      return Double(d.seconds) + Double(d.attoseconds) * 1e-18
    }
    let perBatch = max(1, options.batchRows / k)
    var outcomes: [QuestionOutcome] = []
    var tokens = 0, promptTokens = 0, correct = 0, done = 0
    let rowsTotal = input.records.count * k
    var q0 = 0
    while q0 < input.records.count {
      let q1 = min(input.records.count, q0 + perBatch)
      var requests: [CompletionRequest] = []
      for q in q0..<q1 {
        for j in 0..<k {
          requests.append(CompletionRequest(prompt: prompts[q], seed: RowSeed.make(seed: options.seed, domain: input.domain.rawValue, question: q, sample: j)))
        }
      }
      let tokensBefore = tokens
      let completions = try engine.complete(requests, sampling: sampling) { p in
        onProgress(EvalProgress(domain: input.domain, questionsDone: q0, questionsTotal: input.records.count,
                                correctSamples: correct, samplesDone: done, tokens: tokensBefore + p.tokens,
                                rowsDone: done + p.rowsDone, rowsTotal: rowsTotal,
                                maxNewTokens: sampling.maxNewTokens, elapsedSeconds: elapsed()))
      }
      precondition(completions.count == requests.count, "engine returned \(completions.count) completions for \(requests.count) requests")
      for q in q0..<q1 {
        let record = input.records[q]
        let difficulty = spec.difficulty(record)
        var samples: [SampleOutcome] = []
        for j in 0..<k {
          let c = completions[(q - q0) * k + j]
          let v: Verdict
          do { v = try spec.verify(record, completion: c.text, format: options.format) } catch let e as JSONError {
            throw JSONError(source: input.source, line: input.lines[q], path: e.path, message: e.message)
          }
          let s = SampleOutcome(status: v.status, parsed: v.parsed, formatOK: v.formatOK, tokens: c.tokens, finish: c.finish)
          samples.append(s)
          tokens += c.tokens; promptTokens += c.promptTokens; done += 1
          if s.correct { correct += 1 }
          try onSample?(Self.sampleLog(input: input, question: q, sample: j, seed: requests[(q - q0) * k + j].seed,
                                       difficulty: difficulty, prompt: prompts[q], completion: c, outcome: s))
        }
        outcomes.append(QuestionOutcome(difficulty: difficulty, samples: samples))
      }
      q0 = q1
      onProgress(EvalProgress(domain: input.domain, questionsDone: q0, questionsTotal: input.records.count,
                              correctSamples: correct, samplesDone: done, tokens: tokens,
                              rowsDone: done, rowsTotal: rowsTotal, maxNewTokens: sampling.maxNewTokens, elapsedSeconds: elapsed()))
    }
    var result = DomainResult(domain: input.domain, input: input.source, records: input.records.count,
                              overall: EvalStats(outcomes), byDifficulty: DifficultyResult.breakdown(outcomes),
                              generatedTokens: tokens, promptTokens: promptTokens)
    if options.baselines {
      result.baselines = try Baselines.compute(spec: spec, records: input.records, outcomes: outcomes, train: input.train, seed: options.seed)
    }
    return result
  }

  static func sampleLog(input: EvalInput, question q: Int, sample j: Int, seed: UInt64, difficulty: String,
                        prompt: String, completion c: Completion, outcome s: SampleOutcome) -> JSON {
    var o = JSONObject()
    o["domain"] = .string(input.domain.rawValue)
    o["source"] = .string(input.source)
    o["line"] = .int(input.lines[q])
    o["question"] = .int(q)
    o["id"] = input.records[q]["id"] ?? .null
    o["difficulty"] = .string(difficulty)
    o["sample"] = .int(j)
    o["seed"] = .string(String(seed, radix: 16))
    o["prompt"] = .string(prompt)
    o["completion"] = .string(c.text)
    o["tokens"] = .int(c.tokens)
    o["prompt_tokens"] = .int(c.promptTokens)
    o["finish"] = .string(c.finish.rawValue)
    o["parsed"] = s.parsed.map(JSON.string) ?? .null
    o["status"] = .string(s.status.rawValue)
    o["format_ok"] = .bool(s.formatOK)
    return .object(o)
  }
}

/// Evaluates several domains and assembles the result.
extension Evaluator {
  public func run(_ inputs: [EvalInput], model: ModelInfo, command: String) throws -> EvalResult {
    let clock = ContinuousClock()
    let start = clock.now
    var domains: [DomainResult] = []
    for input in inputs { domains.append(try run(input)) }
    let d = (clock.now - start).components
    let wall = Double(d.seconds) + Double(d.attoseconds) * 1e-18
    let tokens = domains.reduce(0) { $0 + $1.generatedTokens }
    var sampling = options.sampling
    sampling.samples = options.k
    return EvalResult(model: model, command: command, seed: options.seed, sampling: sampling,
                      promptFormat: options.format, domains: domains,
                      timing: Timing(wallSeconds: wall, tokensPerSecond: wall > 0 ? Double(tokens) / wall : 0))
  }
}
