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
      seed except for its `timing` field.
      """)

  @Option(help: "Model directory (HF layout: config.json, *.safetensors, tokenizer.json).")
  var model: String

  @Option(name: .customLong("domain"), help: ArgumentHelp("Domain to evaluate; repeat for several (valid: \(Domain.validNames)).", valueName: "domain"))
  var domains: [String] = []

  @Option(help: "Records file in the domain's format (JSONL, or a JSON array such as aime24.json). Only with one --domain.")
  var input: String?

  @Option(help: "Which committed set to use when --input is not given (train or test).")
  var split: String = "test"

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

  @Option(name: .customLong("batch-rows"), help: "Rows (question x sample) per generator batch; bounds KV-cache memory.")
  var batchRows: Int = 64

  @Option(help: "Write the result JSON here (atomically).")
  var out: String?

  @Flag(help: "Print the result JSON to stdout instead of the table.")
  var json = false

  @Option(name: .customLong("samples-out"), help: "Write every generation with its parsed answer and verdict to this JSONL file.")
  var samplesOut: String?

  var parsedDomains: [Domain] { domains.compactMap(Domain.init(rawValue:)) }

  func validate() throws {
    if domains.isEmpty { throw ValidationError("give at least one --domain (valid: \(Domain.validNames))") }
    for d in domains where Domain(rawValue: d) == nil {
      throw ValidationError("unknown domain '\(d)' (valid: \(Domain.validNames))")
    }
    if Set(domains).count != domains.count { throw ValidationError("a --domain is repeated: \(domains.joined(separator: ", "))") }
    if input != nil && domains.count != 1 { throw ValidationError("--input needs exactly one --domain (got \(domains.count))") }
    if samples < 1 { throw ValidationError("--samples must be at least 1 (got \(samples))") }
    if !(temperature >= 0) || !temperature.isFinite { throw ValidationError("--temperature must be >= 0 (got \(temperature)); 0 means greedy") }
    if !(topP > 0 && topP <= 1) { throw ValidationError("--top-p must be in (0, 1] (got \(topP))") }
    if maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1 (got \(maxNewTokens))") }
    if Split(rawValue: split) == nil { throw ValidationError("unknown --split '\(split)' (valid: \(Split.allCases.map(\.rawValue).joined(separator: ", ")))") }
    if stop.contains("") { throw ValidationError("--stop needs a non-empty string") }
    if let limit, limit < 1 { throw ValidationError("--limit must be at least 1 (got \(limit))") }
    if batchRows < 1 { throw ValidationError("--batch-rows must be at least 1 (got \(batchRows))") }
    if PromptFormat(rawValue: format) == nil {
      throw ValidationError("unknown --format '\(format)' (valid: \(PromptFormat.validNames))")
    }
  }

  func run() throws {
    let sampling = Sampling(samples: temperature == 0 ? 1 : samples, temperature: temperature, topP: topP,
                            maxNewTokens: maxNewTokens, stop: stop)
    if temperature == 0 && samples > 1 {
      evalLog("eval: --temperature 0 is greedy: drawing 1 sample per question instead of \(samples)")
    }
    var inputs: [EvalInput] = []
    for d in parsedDomains {
      let path = try input ?? EvalSets.defaultPath(domain: d, split: Split(rawValue: split)!)
      inputs.append(try EvalInput.load(domain: d, path: path, limit: limit))
    }
    let engine = try ModelEngine(modelDir: model)
    var ev = Evaluator(engine: engine, options: EvalOptions(sampling: sampling, seed: seed, format: PromptFormat(rawValue: format)!,
                                                            batchRows: batchRows))
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
