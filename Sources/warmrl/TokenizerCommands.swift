// `warmrl tokenizer ...`: encode, decode, train, bench. Argument parsing only; the work is in
// the Tokenizer module.
import ArgumentParser
import JSON
import Tokenizer
import Training
#if canImport(Glibc)
import Glibc
#endif

struct TokenizerCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tokenizer",
    abstract: "Byte-level BPE tokenizers (HF tokenizer.json): encode, decode, train, bench, check.",
    subcommands: [TokenizerEncode.self, TokenizerDecode.self, TokenizerTrain.self, TokenizerBench.self, TokenizerCheck.self])
}

/// The tokenizer a command reads.
struct TokenizerSource: ParsableArguments {
  @Option(name: .long, help: "A model folder holding tokenizer.json (and optionally tokenizer_config.json), or a tokenizer.json path.")
  var tokenizer: String

  func load() throws -> Tokenizer { try Tokenizer(path: tokenizer) }
}



struct TokenizerEncode: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "encode", abstract: "Print the token ids of a text.")

  @OptionGroup var source: TokenizerSource
  @Option(help: "The text to encode.") var text: String
  @Flag(help: "Print a JSON object with ids and token strings instead of comma-separated ids.") var json = false
  @Flag(help: "Treat special/added token strings in the text as plain text.") var noSpecial = false

  func run() throws {
    let tok = try source.load()
    let ids = tok.encode(text, matchAddedTokens: !noSpecial)
    if json {
      let out: JSON = ["ids": .array(ids.map { .int($0) }), "tokens": .array(ids.map { .string(tok.token(for: $0) ?? "") }),
                       "count": .int(ids.count)]
      print(out.serialized())
    } else {
      print(ids.map(String.init).joined(separator: ","))
    }
  }
}

struct TokenizerDecode: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "decode", abstract: "Print the text of token ids.")

  @OptionGroup var source: TokenizerSource
  @Option(help: "Comma-separated token ids, e.g. 9707,1879.") var ids: String
  @Flag(help: "Print a JSON object with the text and the token strings.") var json = false
  @Flag(help: "Leave out special tokens (such as <|im_end|>).") var skipSpecial = false

  func parsedIds() throws -> [Int] {
    try ids.split(separator: ",", omittingEmptySubsequences: false).map {
      let t = $0.trimmingSpaces
      guard let v = Int(t) else { throw ValidationError("--ids: \"\(t)\" is not an integer (expected comma-separated ids)") }
      return v
    }
  }

  func validate() throws { _ = try parsedIds() }

  func run() throws {
    let tok = try source.load()
    let list = try parsedIds()
    try tok.validate(ids: list)
    let text = tok.decode(list, skipSpecial: skipSpecial)
    if json {
      print((["text": .string(text), "tokens": .array(list.map { .string(tok.token(for: $0) ?? "") })] as JSON).serialized())
    } else {
      print(text)
    }
  }
}

struct TokenizerTrain: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "train",
    abstract: "Train a byte-level BPE tokenizer (Qwen2 split, NFC) and write tokenizer.json + tokenizer_config.json.",
    discussion: "Inputs: text files (each whole file is one text), .jsonl (one record a line) or .json (an array of records); records give the --field strings.")

  @Option(name: .customLong("input"), parsing: .upToNextOption, help: "Corpus files (text, .jsonl or .json).") var inputs: [String]
  @Option(name: .customLong("field"), help: "Record field(s) to read from .jsonl/.json inputs (repeatable; default: text).") var fields: [String] = []
  @Option(help: "Total vocabulary size: 256 bytes + merges + special tokens.") var vocabSize: Int
  @Option(help: "Output folder (created if missing).") var out: String
  @Option(help: "Pairs seen fewer times than this are never merged.") var minFrequency = 2
  @Option(name: .customLong("special"), help: "Special tokens, in id order after the BPE vocabulary (repeatable; default: <|endoftext|> <|im_start|> <|im_end|>).")
  var specials: [String] = []
  @Option(help: "model_max_length written to tokenizer_config.json.") var modelMaxLength = 32768

  func validate() throws {
    guard !inputs.isEmpty else { throw ValidationError("--input: give at least one corpus file") }
    guard vocabSize >= 256 + max(specials.count, 3) else { throw ValidationError("--vocab-size must be at least 256 + the number of special tokens") }
    guard vocabSize <= Tokenizer.maxVocabSize else { throw ValidationError("--vocab-size must be at most \(Tokenizer.maxVocabSize), got \(vocabSize)") }
    guard minFrequency >= 1 else { throw ValidationError("--min-frequency must be >= 1") }
    guard modelMaxLength > 0 else { throw ValidationError("--model-max-length must be positive") }
  }

  func run() throws {
    let start = FS.now()
    let specialTokens = specials.isEmpty ? Tokenizer.defaultSpecialTokens : specials
    var counter = WordCounter(specialTokens: specialTokens)
    try TrainingCorpus.forEachText(files: inputs, fields: fields.isEmpty ? ["text"] : fields) { counter.add($0) }
    let counted = FS.now()
    printErr("counted \(counter.counts.count) distinct words in \(counter.texts) texts (\(counter.bytes) bytes) in \(fmt(counted - start)) s")
    let tok = try Tokenizer.train(wordCounts: counter.counts, vocabSize: vocabSize, specialTokens: specialTokens,
                                  minFrequency: minFrequency) { done, total in
      let el = FS.now() - counted
      let rate = Double(done - 256) / max(el, 1e-9)
      printErr("vocab \(done)/\(total)  \(fmt(rate)) merges/s  ETA \(fmt(Double(total - done) / max(rate, 1e-9))) s")
    }
    mkdir(out, 0o755)
    try tok.save(directory: out, modelMaxLength: modelMaxLength)
    let end = FS.now()
    let summary: JSON = [
      "out": .string(out), "vocab_size": .int(tok.vocabSize), "merges": .int(tok.mergeCount),
      "special_tokens": .array(specialTokens.map { .string($0) }), "texts": .int(counter.texts), "bytes": .int(counter.bytes),
      "distinct_words": .int(counter.counts.count), "count_seconds": .double(round3(counted - start)),
      "train_seconds": .double(round3(end - counted)),
    ]
    if tok.vocabSize < vocabSize {
      printErr("note: stopped at \(tok.vocabSize) tokens (no pair left with count >= \(minFrequency))")
    }
    print(summary.serialized())
  }
}

struct TokenizerBench: ParsableCommand {
  static let configuration = CommandConfiguration(commandName: "bench", abstract: "Time loading, encoding and decoding (build with -c release).")

  @OptionGroup var source: TokenizerSource
  @Option(name: .customLong("input"), help: "A text file to encode.") var input: String
  @Option(help: "Encode the text this many times (the first pass fills the word cache).") var repeats = 3

  func validate() throws { guard (1...1000).contains(repeats) else { throw ValidationError("--repeats must be in 1...1000, got \(repeats)") } }

  func run() throws {
    let t0 = FS.now()
    let tok = try source.load()
    let loadSeconds = FS.now() - t0
    let text = String(decoding: try FileBytes(path: input).bytes, as: UTF8.self)
    let mb = Double(text.utf8.count) / 1e6
    var rates: [JSON] = []
    var ids: [Int] = []
    for _ in 0..<repeats {
      let s = FS.now()
      ids = tok.encode(text)
      rates.append(.double(round3(mb / (FS.now() - s))))
    }
    let s = FS.now()
    let back = tok.decode(ids)
    let decodeRate = mb / (FS.now() - s)
    let out: JSON = [
      "load_seconds": .double(round3(loadSeconds)), "vocab_size": .int(tok.vocabSize), "input_mb": .double(round3(mb)),
      "tokens": .int(ids.count), "encode_mb_per_s": .array(rates), "decode_mb_per_s": .double(round3(decodeRate)),
      "round_trip_equal": .bool(back == text),
    ]
    print(out.serialized())
  }
}

struct TokenizerCheck: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Compare our ids with reference ids (e.g. from HF tokenizers): JSONL lines {\"text\": ..., \"ids\": [...]}.")

  @OptionGroup var source: TokenizerSource
  @Option(name: .customLong("input"), help: "JSONL reference file, one {\"text\", \"ids\"} object a line.") var input: String
  @Option(help: "Print at most this many mismatches.") var show = 5

  func run() throws {
    let tok = try source.load()
    let reader = try JSONLReader(path: input)
    var total = 0, bad = 0
    while let rec = try reader.next() {
      guard let text = rec["text"]?.string, let ids = rec["ids"]?.array?.compactMap(\.int) else {
        throw JSONError(source: input, line: reader.lineNumber, message: "expected {\"text\": string, \"ids\": [int]}")
      }
      total += 1
      let ours = tok.encode(text)
      if ours != ids {
        bad += 1
        if bad <= show { printErr("line \(reader.lineNumber): \(text.debugDescription)\n  ref  \(ids)\n  ours \(ours)") }
      }
    }
    print((["lines": .int(total), "mismatches": .int(bad)] as JSON).serialized())
    if bad > 0 { throw ExitCode(1) }
  }
}

private func round3(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
private func fmt(_ x: Double) -> String { String(round3(x)) }

extension Substring {
  fileprivate var trimmingSpaces: String {
    String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
  }
}
