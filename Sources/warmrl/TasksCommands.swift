// `warmrl tasks ...`: seeded task sets of the target domains (arith, code, choice; kk through the
// K&K generator) as JSONL records.
import ArgumentParser
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import JSON
import Puzzles
import Training

struct TasksCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tasks",
    abstract: "Target-domain task sets (arith, code, choice, kk).",
    subcommands: [TasksGenerate.self, TasksDrills.self])
}

/// Domains that have a generator (math reads real files instead).
enum TasksDomainArgument: String, CaseIterable, ExpressibleByArgument {
  case arith, code, choice, kk
  var domain: Domain { Domain(rawValue: rawValue)! }
}

enum TasksSplitArgument: String, CaseIterable, ExpressibleByArgument {
  case train, test, val
  var split: Split { Split(rawValue: rawValue)! }
}

struct TasksGenerate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Write COUNT seeded records of a domain's train, test or val split as JSONL.",
    discussion: """
      Train and test never share a question: a record belongs to `test` exactly when a stable hash of its \
      question falls in one fifth of the range, whatever the seed; `val` draws from that fifth too, on its own \
      stream, and leaves out the same seed's first 200 test questions. Without --difficulty, levels 1-5 come \
      in turn (balanced); for code, --levels picks others (6-8: the constant is left for the examples to show). Same arguments, same bytes. Prints a JSON summary to stdout.
      """)

  @Option(help: "Domain: arith, code, choice or kk.")
  var domain: TasksDomainArgument

  @Option(help: "Split: train, test or val (val: the held-out fifth like test, on its own stream, never a question of the same seed's test set).")
  var split: TasksSplitArgument

  @Option(help: "Number of records to write.")
  var count: Int

  @Option(help: "Random seed (unsigned 64-bit).")
  var seed: UInt64

  @Option(help: "Output JSONL file (written atomically).")
  var out: String

  @Option(help: "Only this difficulty level (1-5 for arith/choice, 1-8 for code; for kk, as its generator defines).")
  var difficulty: Int?

  @Option(parsing: .upToNextOption, help: "code only: the levels to take in turn (default 1 2 3 4 5; 6-8 leave a constant for the examples to show).")
  var levels: [Int] = []

  var maxLevel: Int { domain == .code ? CodeDomain.maxLevel : 5 }

  func validate() throws {
    guard count > 0, count <= 1_000_000 else { throw ValidationError("--count must be in 1...1000000, got \(count)") }
    if let d = difficulty, domain != .kk, !(1...maxLevel).contains(d) {
      throw ValidationError("--difficulty must be 1...\(maxLevel) for \(domain.rawValue), got \(d)")
    }
    if !levels.isEmpty {
      guard domain == .code else { throw ValidationError("--levels is for --domain code only") }
      guard difficulty == nil else { throw ValidationError("give --difficulty or --levels, not both") }
      for l in levels where !(1...maxLevel).contains(l) {
        throw ValidationError("--levels must be in 1...\(maxLevel) for code, got \(l)")
      }
    }
    if let d = difficulty, domain == .kk, !KKGenerator.peopleRange.contains(d) {
      throw ValidationError("--difficulty (people) must be in \(KKGenerator.peopleRange) for kk, got \(d)")
    }
    guard !out.isEmpty else { throw ValidationError("--out must name a file") }
  }

  func run() throws {
    let start = ContinuousClock.now
    let records = domain == .code && !levels.isEmpty
      ? try CodeDomain().generate(split: split.split, count: count, seed: seed, difficulty: nil, levels: levels)
      : try domain.domain.spec.generate(split: split.split, count: count, seed: seed, difficulty: difficulty)
    let writer = try JSONLWriter(path: out)
    var levels = JSONObject()
    for r in records {
      try writer.write(r)
      let l = domain.domain.spec.difficulty(r)
      levels[l] = .int((levels[l]?.int ?? 0) + 1)
    }
    try writer.finish()
    let elapsed = ContinuousClock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    printErr("tasks generate: \(records.count) \(domain.rawValue) \(split.rawValue) records in \(String(format3: seconds)) s -> \(out)")
    let summary: JSON = ["domain": .string(domain.rawValue), "split": .string(split.rawValue), "count": .int(records.count),
                         "seed": .string(String(seed)), "out": .string(out), "levels": .object(levels)]
    print(summary.serialized())
  }
}

struct TasksDrills: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "drills",
    abstract: "Write the base corpus's reading drills as JSONL {id, prompt, response, completion} (to read or score).",
    discussion: """
      The same items `corpus.drillKinds` / `replay.drillKinds` put in training for the same count, seed and kinds \
      (kinds taken in turn). `completion` repeats `response`, the key `warmrl score` reads.
      """)

  @Option(parsing: .upToNextOption, help: "Drill kinds, taken in turn (\(ReadingDrills.kinds.joined(separator: ", "))).")
  var kinds: [String] = ReadingDrills.defaultKinds

  @Option(help: "Number of drills (1-1000000).")
  var count: Int = 10

  @Option(help: "Random seed (unsigned 64-bit).")
  var seed: UInt64 = 0

  @Option(help: "Output JSONL file (written atomically).")
  var out: String

  func validate() throws {
    guard (1...1_000_000).contains(count) else { throw ValidationError("--count must be 1-1000000, got \(count)") }
    guard !kinds.isEmpty else { throw ValidationError("--kinds: give at least one kind") }
    if let refusal = ReadingDrills.unknownKind(in: kinds) { throw ValidationError("--kinds: \(refusal)") }
  }

  func run() throws {
    let writer = try JSONLWriter(path: out)
    for d in ReadingDrills.make(count: count, seed: seed, kinds: kinds) {
      guard case .object(var o) = d else { continue }
      o["completion"] = o["response"]
      try writer.write(.object(o))
    }
    try writer.finish()
    printErr("tasks drills: \(count) drills (\(kinds.joined(separator: " "))) -> \(out)")
  }
}

fileprivate extension String {
  /// `x` with 3 decimals, without Foundation.
  init(format3 x: Double) {
    let m = Int((x * 1000).rounded())
    let frac = String(m % 1000)
    self = "\(m / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
  }
}
