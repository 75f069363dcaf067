// `warmrl puzzles generate|solve`: K&K puzzles in the public file format.
import ArgumentParser
import JSON
import Puzzles
import Training

#if canImport(Glibc)
import Glibc
#endif

struct PuzzlesCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "puzzles",
    abstract: "Knights & Knaves puzzles: generate (seeded, unique solution) and solve.",
    subcommands: [PuzzlesGenerate.self, PuzzlesSolve.self])
}

/// Helpers of the puzzles/traces/verify commands (namespaced so other command files may have their own).
enum PuzzlesCLI {
  /// `x` rounded to `digits` decimals, as text (no Foundation).
  static func fixed(_ x: Double, digits: Int = 3) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    return "\((x * scale).rounded() / scale)"
  }
}

struct PuzzlesGenerate: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "generate",
    abstract: "Generate distinct K&K puzzles with exactly one solution, as JSONL in the public format.")

  @Option(parsing: .upToNextOption,
          help: "People per puzzle (\(KKGenerator.peopleRange.lowerBound)...\(KKGenerator.peopleRange.upperBound)); several values (--people 3 4 5) mix them evenly, interleaved.")
  var people: [Int]
  @Option(help: "Number of puzzles (in all).")
  var count: Int
  @Option(help: "Random seed (same seed and options give the same bytes).")
  var seed: UInt64 = 0
  @Option(help: "Output JSONL file (written atomically).")
  var out: String
  @Option(help: "Split recorded in each record's extra_info and id: train, test or val (only a label: disjointness comes from --exclude).")
  var split: Split = .train
  @Option(help: "Most parts of an and/or claim (>= 2; the public files use 2).")
  var maxWidth: Int = 2
  @Option(help: "Nesting depth limit, 1 (leaves only) or 2 (the public files).")
  var maxDepth: Int = 2
  @Option(help: "First record index (the record's `index` field).")
  var indexStart: Int = 0
  @Option(help: "K&K JSONL files whose puzzles must not be repeated (e.g. the test set when making train).")
  var exclude: [String] = []
  @Option(help: "Role words as \"a knight/a knave\" (e.g. \"a saint/a sinner\", \"an angel/a devil\").")
  var roleWords: String = "a knight/a knave"
  @Flag(help: "Leave out the fields every reader derives again (prompt, reward_model, cot_*, ability, data_source) to keep committed files small.")
  var compact = false

  func validate() throws {
    guard !people.isEmpty, people.allSatisfy({ KKGenerator.peopleRange.contains($0) }), Set(people).count == people.count else {
      throw ValidationError("--people takes distinct values in \(KKGenerator.peopleRange), got \(people)")
    }
    guard count >= 1 else { throw ValidationError("--count must be at least 1, got \(count)") }
    let w = roleWords.split(separator: "/")
    guard w.count == 2, w.allSatisfy({ $0.split(separator: " ").count == 2 }), w[0] != w[1] else {
      throw ValidationError("--role-words must be two different \"article noun\" phrases split by '/', got \"\(roleWords)\"")
    }
    guard maxWidth >= 2 else { throw ValidationError("--max-width must be at least 2, got \(maxWidth)") }
    guard count <= 10_000_000 else { throw ValidationError("--count must be at most 10000000, got \(count)") }
    // Record indices run indexStart ..< indexStart + count: refused here rather than overflowing
    // (a trap) after the temporary output file was created.
    guard indexStart >= 0, indexStart.addingReportingOverflow(count).overflow == false else {
      throw ValidationError("--index-start must be >= 0 and leave room for --count \(count) indices, got \(indexStart)")
    }
    guard (1...2).contains(maxDepth) else { throw ValidationError("--max-depth must be 1 or 2, got \(maxDepth)") }
  }

  func run() throws {
    let t0 = FS.now()
    var excluded = Set<String>()
    for path in exclude {
      let r = try JSONLReader(path: path)
      while let rec = try r.next() { excluded.insert(try KKPuzzle(record: rec, source: path, line: r.lineNumber).key) }
    }
    let rw = roleWords.split(separator: "/").map(String.init)
    let words = KKRoleWords(aKnight: rw[0], aKnave: rw[1])
    var single = KKGenerator(people: people[0], maxDepth: maxDepth, maxWidth: maxWidth)
    single.words = words
    let puzzles = people.count == 1
      ? try single.generate(count: count, seed: seed, exclude: excluded)
      : try KKGenerator.mixed(people: people, count: count, seed: seed, maxDepth: maxDepth, maxWidth: maxWidth,
                              words: words, exclude: excluded)
    let w = try JSONLWriter(path: out)
    for (i, p) in puzzles.enumerated() {
      var rec = p.record(index: indexStart + i, split: split)
      if compact, var o = rec.object {
        for k in ["prompt", "reward_model", "cot_head", "cot_repeat_steps", "cot_foot", "ability", "data_source"] { o[k] = nil }
        rec = .object(o)
      }
      try w.write(rec)
    }
    try w.finish()
    let dt = FS.now() - t0
    printErr("generated \(count) puzzles of \(people.map(String.init).joined(separator: ",")) people in \(PuzzlesCLI.fixed( dt)) s -> \(out)")
    print(JSON.object(JSONObject(pairs: [("out", .string(out)), ("count", .int(count)), ("people", .array(people.map { .int($0) })),
                                         ("seconds", .double((dt * 1000).rounded() / 1000))])).serialized())
  }
}

struct PuzzlesSolve: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "solve",
    abstract: "Solve every puzzle of a K&K JSONL file and compare with its own `solution`.")

  @Option(help: "K&K JSONL file (ours or the public Logic-RL / mem-kk-logic files). Exit status 1 when a line cannot be read (each is reported with its line number).")
  var input: String
  @Flag(help: "Print one JSON object {total, solved, matched, ...} instead of text.")
  var json = false
  @Flag(help: "Ignore `statements` (and names, knight_knave) and read each puzzle from its quiz text alone.")
  var fromQuiz = false

  func run() throws {
    let r = try JSONLReader(path: input)
    var total = 0, solved = 0, matched = 0, noSolution = 0, multiple = 0, unreadable = 0, noGold = 0
    while true {
      let rec: JSON
      do {
        guard let v = try r.next() else { break }
        rec = v
      } catch {
        // A bad line is counted and skipped; a failed read of the file itself ends the command.
        if r.failed { throw error }
        total += 1; unreadable += 1
        printErr("\(error)")
        continue
      }
      total += 1
      var input = rec
      if fromQuiz, var o = rec.object {
        o["statements"] = nil; o["names"] = nil; o["knight_knave"] = nil
        input = .object(o)
      }
      do {
        let p = try KKPuzzle(record: input, source: self.input, line: r.lineNumber)
        let sols = p.solutions
        if sols.isEmpty { noSolution += 1; continue }
        if sols.count > 1 { multiple += 1; continue }
        solved += 1
        guard rec["solution"] != nil else { noGold += 1; continue }
        let gold = try KKPuzzle.goldSolution(rec, source: self.input, line: r.lineNumber)
        if KKPuzzle.roles(sols[0], people: p.people) == gold { matched += 1 } else {
          printErr("\(self.input):\(r.lineNumber): solution differs from the file's `solution`")
        }
      } catch {
        unreadable += 1
        printErr("\(error)")
      }
    }
    if json {
      print(JSON.object(JSONObject(pairs: [
        ("total", .int(total)), ("solved", .int(solved)), ("matched", .int(matched)),
        ("no_solution", .int(noSolution)), ("multiple_solutions", .int(multiple)),
        ("unreadable", .int(unreadable)), ("no_gold", .int(noGold)),
      ])).serialized())
    } else {
      print("\(input): \(total) puzzles, \(solved) solved (unique solution), \(matched) match the file's solution"
        + " (\(noSolution) without solution, \(multiple) with several, \(unreadable) unreadable)")
    }
    // Unreadable lines were reported above (file, line, field): the summary is printed, then status 1.
    if unreadable > 0 { throw ExitCode(1) }
  }
}

extension Split: ExpressibleByArgument {}
extension PromptFormat: ExpressibleByArgument {}
