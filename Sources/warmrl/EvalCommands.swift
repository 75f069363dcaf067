// `warmrl eval`: evaluate a checkpoint on one or more domains (argument parsing only; the work is
// in the Eval module).
import ArgumentParser
import Eval
import JSON
import Puzzles

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

struct EvalCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "eval",
    abstract: "Evaluate a model on task domains: pass@1 (avg@k), pass@k, maj@k, mean±std, per difficulty.",
    discussion: """
      All protocols come from one set of k samples per question. Without --input each domain's \
      committed test set under puzzles/ is used. The result JSON is byte-identical for the same \
      seed except for its `timing` field. Beside pass@1 stand the domain's baselines (column `base`: \
      the strongest at that row; then a block per domain): constant answers (K&K all knights, all \
      knaves, the train split's most frequent role vector per people count; arith/choice the most \
      frequent train answer per level), the model's own answers shuffled across questions of the \
      same difficulty, and random picks (choice letters, K&K roles), each scored by the domain's \
      verifier; K&K also on mixed-role puzzles alone.
      """)

  @Option(help: "Model directory (HF layout: config.json, *.safetensors, tokenizer.json).")
  var model: String

  @Option(name: .customLong("domain"), help: ArgumentHelp("Domain to evaluate; repeat for several (valid: \(Domain.validNames)).", valueName: "domain"))
  var domains: [String] = []

  @Option(help: "Records file in the domain's format (JSONL, or a JSON array such as aime24.json). Only with one --domain.")
  var input: String?

  @Option(help: "Which committed set to use when --input is not given (train, test or val).")
  var split: String = "test"

  @Option(name: .customLong("baseline-train"), help: "Train records for the constant-answer baselines (default: the domain's committed train set under puzzles/, when there is one). Only with one --domain.")
  var baselineTrain: String?

  @Option(parsing: .unconditional, help: "Evaluate only the first N records of each input.")
  var limit: Int?

  @Option(parsing: .unconditional, help: "Samples per question (k). Forced to 1 when --temperature is 0.")
  var samples: Int = 1

  // Unconditional parsing so that "--temperature -1" reaches validate() instead of reading as a flag.
  @Option(parsing: .unconditional, help: "Sampling temperature; 0 means greedy.")
  var temperature: Double = 0

  @Option(name: .customLong("top-p"), parsing: .unconditional, help: "Nucleus sampling mass in (0, 1].")
  var topP: Double = 1

  @Option(name: .customLong("max-new-tokens"), help: "Token limit per completion (hitting it counts as truncated).")
  var maxNewTokens: Int = 1024

  @Option(help: ArgumentHelp("Stop a completion after this string (kept in the text); repeat for several. Default: none (until EOS or the token limit).", valueName: "string"))
  var stop: [String] = []

  @Option(help: "Run seed: each (question, sample) row draws from its own stream derived from it.")
  var seed: UInt64 = 0

  @Option(help: "Prompt format: r1Base (R1-style base prompt) or qwenChat (Qwen chat template).")
  var format: String = "r1Base"

  @Option(name: .customLong("batch-rows"), help: "Rows (question x sample) decoding at once (KV-cache slots); bounds memory. Finished rows hand their slot to waiting ones.")
  var batchRows: Int = 64

  @Option(help: "Write the result JSON here (atomically).")
  var out: String?

  @Flag(help: "Print the result JSON to stdout instead of the table.")
  var json = false

  @Option(name: .customLong("samples-out"), help: "Write every generation with its parsed answer and verdict to this JSONL file.")
  var samplesOut: String?

  var sampling: Sampling {
    Sampling(samples: temperature == 0 ? 1 : samples, temperature: temperature, topP: topP,
             maxNewTokens: maxNewTokens, stop: stop)
  }

  func validate() throws {
    do {
      let ds = try EvalSettings.domains(domains)
      if input != nil && ds.count != 1 { throw EvalError.invalidSetting("--input needs exactly one --domain (got \(ds.count))") }
      if baselineTrain != nil && ds.count != 1 { throw EvalError.invalidSetting("--baseline-train needs exactly one --domain (got \(ds.count))") }
      _ = try EvalSettings.split(split)
      _ = try EvalSettings.format(format)
      // `samples` as given (before greedy forces 1), so that --samples 0 is refused either way.
      var s = sampling
      s.samples = samples
      try EvalSettings.check(s, limit: limit, batchRows: batchRows)
    } catch let e as EvalError {
      throw ValidationError(e.description)
    }
  }

  func run() throws {
    if temperature == 0 && samples > 1 {
      evalLog("eval: --temperature 0 is greedy: drawing 1 sample per question instead of \(samples)")
    }
    var inputs: [EvalInput] = []
    for d in try EvalSettings.domains(domains) {
      let path = try input ?? EvalSets.defaultPath(domain: d, split: try EvalSettings.split(split))
      var input = try EvalInput.load(domain: d, path: path, limit: limit)
      if let train = try baselineTrain ?? (try? EvalSets.defaultPath(domain: d, split: .train)) { try input.loadTrain(path: train) }
      inputs.append(input)
    }
    let engine = try ModelEngine(modelDir: model)
    engine.maxRows = batchRows
    // 8 slots' worth of rows per engine call: slots stay full under continuous batching, and progress
    // and verification still come every few batches.
    var ev = Evaluator(engine: engine, options: EvalOptions(sampling: sampling, seed: seed, format: try EvalSettings.format(format),
                                                            batchRows: 8 * batchRows))
    let reporter = ProgressLine()
    ev.onProgress = { reporter.update($0) }
    let writer = try samplesOut.map { try JSONLWriter(path: $0) }
    if let writer { ev.onSample = { try writer.write($0) } }
    let result = try ev.run(inputs, model: try Eval.ModelInfo(dir: model), command: Self.shellCommand(CommandLine.arguments))
    try writer?.finish()
    reporter.finish()
    let text = try result.serialized()
    if let out { try AtomicFile.write(text, to: out) }
    print(json ? text : result.table(), terminator: "")
  }

  /// The exact command as one shell-safe line (arguments with spaces or quotes are single-quoted).
  static func shellCommand(_ args: [String]) -> String {
    args.map { a in
      let safe = !a.isEmpty && a.unicodeScalars.allSatisfy {
        ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_./=:,@+%".unicodeScalars.contains($0)
      }
      return safe ? a : "'" + a.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "'\\''") + "'"
    }.joined(separator: " ")
  }
}

private func evalLog(_ s: String) {
  var t = s + "\n"
  t.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// The progress line on stderr: questions done, accuracy so far, generated tokens/s, ETA.
/// At most one line every 2 s (plus the last of each domain), so logs stay short.
private final class ProgressLine {
  var last = -1.0
  var lastDomain: Domain?
  var pending: EvalProgress?

  func update(_ p: EvalProgress) {
    if let d = lastDomain, d != p.domain, let q = pending { print(q) }
    lastDomain = p.domain
    pending = p
    if p.elapsedSeconds - last >= 2 || last < 0 { print(p); last = p.elapsedSeconds }
  }

  func finish() { if let p = pending { print(p) } }

  private func print(_ p: EvalProgress) {
    pending = nil
    let acc = p.samplesDone > 0 ? EvalResultText.pct(Double(p.correctSamples) / Double(p.samplesDone)) + "%" : "-"
    let rate = p.elapsedSeconds > 0 ? Double(p.tokens) / p.elapsedSeconds : 0
    let eta = p.etaSeconds.map(EvalResultText.duration) ?? "-"
    evalLog("eval \(p.domain.rawValue) \(p.questionsDone)/\(p.questionsTotal) questions  acc \(acc)  \(EvalResultText.fixed(rate, 1)) tok/s  \(p.tokens) tokens  ETA \(eta)")
  }
}
