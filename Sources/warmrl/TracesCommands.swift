// `warmrl traces make|import`: teacher traces for the warmup SFT.
import ArgumentParser
import JSON
import Puzzles
import Tokenizer
import Training

struct TracesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "traces",
    abstract: "Long chain-of-thought traces: make them from K&K puzzles, or import and score another model's.",
    subcommands: [TracesMake.self, TracesImport.self])
}

extension TraceStyle: ExpressibleByArgument {}

struct TracesMake: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "make",
    abstract: "Write one teacher trace per K&K record (prompt, response, source, correct, id, ...).")

  @Option(help: "K&K JSONL file (ours or the public format; quiz-only records are read from the quiz).")
  var input: String
  @Option(help: "Output trace JSONL file (written atomically).")
  var out: String
  @Option(help: "Narration style: \(TraceStyle.validNames); omitted = drawn per puzzle from the seed.")
  var style: TraceStyle?
  @Option(help: "Seed for the style draw and phrase variants (same seed, same bytes).")
  var seed: UInt64 = 0
  @Option(help: "Prompt format: \(PromptFormat.validNames). r1Base prefills <think>, so responses omit it.")
  var format: PromptFormat = .r1Base
  @Option(help: "Tokenizer (model folder or tokenizer.json) to also report token lengths per people count.")
  var tokenizer: String?
  @Option(help: "Aim for responses of at most this many characters: up to 8 seeded draws per puzzle, the first that fits (else the shortest) is kept.")
  var maxChars: Int?

  func validate() throws {
    if let m = maxChars, m < 100 { throw ValidationError("--max-chars must be at least 100, got \(m)") }
  }

  func run() throws {
    let t0 = FS.now()
    let r = try JSONLReader(path: input)
    let w = try JSONLWriter(path: out)
    var n = 0, correct = 0
    var lengths: [Int: [Int]] = [:]
    var tokenLengths: [Int: [Int]] = [:], totalTokens: [Int: [Int]] = [:]
    let tok = try tokenizer.map { try Tokenizer(path: $0) }
    while let rec = try r.next() {
      let t: JSON
      do {
        t = try Traces.make(record: rec, source: input, line: r.lineNumber, style: style, seed: seed, format: format, maxChars: maxChars)
      } catch let e as JSONError {
        throw e.located(in: input, line: r.lineNumber)  // errors raised on the record alone name no file
      }
      try w.write(t)
      n += 1
      if t["correct"]?.bool == true && t["format_ok"]?.bool == true { correct += 1 }
      lengths[t["people"]!.int!, default: []].append(t["response"]!.string!.count)
      if let tok {
        let r = tok.encode(t["response"]!.string!, matchAddedTokens: false).count
        tokenLengths[t["people"]!.int!, default: []].append(r)
        totalTokens[t["people"]!.int!, default: []].append(r + tok.encode(t["prompt"]!.string!, matchAddedTokens: false).count)
      }
      if n % 1000 == 0 { printErr("traces \(n) (\(PuzzlesCLI.fixed( FS.now() - t0)) s)") }
    }
    try w.finish()
    let dt = FS.now() - t0
    printErr("made \(n) traces (\(correct) correct with good format) in \(PuzzlesCLI.fixed( dt)) s -> \(out)")
    func byPeople(_ m: [Int: [Int]]) -> JSON {
      var o = JSONObject()
      for (people, ls) in m.sorted(by: { $0.key < $1.key }) { o["\(people)"] = PuzzlesCLI.lengthStats(ls) }
      return .object(o)
    }
    var result = JSONObject(pairs: [("out", .string(out)), ("count", .int(n)), ("correct", .int(correct)),
                                    ("seconds", .double((dt * 1000).rounded() / 1000)),
                                    ("response_chars_by_people", byPeople(lengths))])
    if tok != nil {
      result["response_tokens_by_people"] = byPeople(tokenLengths)
      result["prompt_plus_response_tokens_by_people"] = byPeople(totalTokens)
    }
    print(JSON.object(result).serialized())
  }
}

extension PuzzlesCLI {
/// min / p10 / median / mean / p90 / max of lengths.
static func lengthStats(_ xs: [Int]) -> JSON {
  let s = xs.sorted()
  func q(_ f: Double) -> Int { s[min(s.count - 1, Int(f * Double(s.count - 1) + 0.5))] }
  let mean = Double(s.reduce(0, +)) / Double(max(1, s.count))
  return .object(JSONObject(pairs: [("n", .int(s.count)), ("min", .int(s.first ?? 0)), ("p10", .int(q(0.1))),
                                    ("median", .int(q(0.5))), ("mean", .int(Int(mean.rounded()))),
                                    ("p90", .int(q(0.9))), ("max", .int(s.last ?? 0))]))
}
}

enum KeepPolicy: String, CaseIterable, ExpressibleByArgument {
  /// Keep traces whose answer is correct and whose tags are well formed.
  case correct
  /// Keep every trace (the warmup paper kept all), each marked with its verdict.
  case all
}

struct TracesImport: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "import",
    abstract: "Score external teacher traces (any model's prompt/response samples) with the K&K verifier.",
    discussion: """
      Each input line has `response` and either the puzzle's gold fields inline (`names` and \
      `solution`, e.g. the whole K&K record plus `response`), or an `id` found in --puzzles (ids as \
      `traces make` writes them: the record's `id`, else kk-<split>-<N>ppl-<index>). `prompt` is kept \
      when present (a string, or Logic-RL's [{content, role}] list); otherwise it is rendered with \
      --format. When the prompt ends with <think> the response is scored with that tag put back.
      """)

  @Option(help: "External traces JSONL (response + gold fields, or response + id).")
  var input: String
  @Option(help: "Output trace JSONL file (written atomically).")
  var out: String
  @Option(help: "K&K JSONL file to look ids up in (for lines without names/solution).")
  var puzzles: String?
  @Option(help: "Which traces to keep: correct (answer right and tags well formed) or all.")
  var keep: KeepPolicy = .correct
  @Option(help: "Prompt format for lines without a prompt: \(PromptFormat.validNames).")
  var format: PromptFormat = .r1Base
  @Option(help: "The `source` written for lines that name no `source` or `model`.")
  var source: String = "import"

  func run() throws {
    var byID: [String: JSON] = [:]
    if let p = puzzles {
      let r = try JSONLReader(path: p)
      while let rec = try r.next() { byID[Traces.id(rec, source: p, line: r.lineNumber)] = rec }
    }
    let r = try JSONLReader(path: input)
    let w = try JSONLWriter(path: out)
    var total = 0, kept = 0, correct = 0, formatOK = 0
    let kk = KKDomain()
    while let line = try r.next() {
      total += 1
      func fail(_ field: String, _ m: String) -> JSONError { JSONError(source: input, line: r.lineNumber, path: field, message: m) }
      guard let response = line["response"]?.string else { throw fail("response", "missing or not a string") }
      var gold = line
      if line["names"] == nil || line["solution"] == nil {
        guard let id = line["id"]?.string else {
          throw fail("names", "no gold fields (names, solution) and no `id` to look up in --puzzles")
        }
        guard let rec = byID[id] else {
          throw fail("id", puzzles == nil ? "gold fields missing: pass --puzzles FILE to look up '\(id)'" : "'\(id)' is not in \(puzzles!)")
        }
        gold = rec
      }
      try kk.validate(gold, source: input, line: r.lineNumber)
      var prompt: String
      if let p = line["prompt"]?.string { prompt = p }
      else if let p = line["prompt"]?[0]?["content"]?.string { prompt = p }
      else { prompt = try kk.prompt(gold, format: format) }
      let prefilled = prompt.trimmingTrailingSpace.hasSuffix("<think>")
      let v = try kk.verify(gold, completion: (prefilled ? "<think>" : "") + response)
      if v.correct { correct += 1 }
      if v.formatOK { formatOK += 1 }
      guard keep == .all || (v.correct && v.formatOK) else { continue }
      kept += 1
      try w.write(.object(JSONObject(pairs: [
        ("id", .string(line["id"]?.string ?? Traces.id(gold, source: input, line: r.lineNumber))),
        ("prompt", .string(prompt)),
        ("response", .string(response)),
        ("source", .string(line["source"]?.string ?? line["model"]?.string ?? source)),
        ("correct", .bool(v.correct)),
        ("format_ok", .bool(v.formatOK)),
        ("parsed", v.parsed.map { .string($0) } ?? .null),
        ("people", .int(gold["names"]?.array?.count ?? 0)),
      ])))
    }
    try w.finish()
    print(JSON.object(JSONObject(pairs: [("total", .int(total)), ("kept", .int(kept)), ("correct", .int(correct)),
                                         ("format_ok", .int(formatOK)), ("out", .string(out))])).serialized())
  }
}

private extension String {
  var trimmingTrailingSpace: Substring {
    var s = self[...]
    while let l = s.last, l.isWhitespace { s = s.dropLast() }
    return s
  }
}
