// Teacher traces: (prompt, response) pairs for the warmup SFT, made from K&K records by our own
// search (`make`) or read from another model's samples and scored by the verifier (`score`).
//
// Response layout (R1): "<think>\n...reasoning...\n</think>\n<answer>\n(1) A is a knight\n...\n</answer>".
// With `.r1Base` the prompt already ends with "<think>", so the response omits it (and training
// on prompt + response sees the tag once); with `.qwenChat` the response starts with "<think>".
import JSON
import Seeded

public enum Traces {
  /// The think text (without tags) and the roles it concludes.
  public static func think(_ puzzle: KKPuzzle, style: TraceStyle, rng: inout SeededRNG) -> (text: String, roles: [Bool])? {
    if style == .enumerate { return KKEnumeration.think(puzzle) }
    var search = TraceSearch(puzzle: puzzle, knightFirst: rng.below(4) != 0)
    guard let roles = search.run() else { return nil }
    var w = TraceWriter(puzzle: puzzle, style: style, rng: rng)
    w.intro()
    w.events(search.events)
    w.verify(roles)
    w.conclusion(roles)
    rng = w.rng
    return (w.lines.joined(separator: "\n"), roles)
  }

  /// The full response in `format` (see the layout above).
  public static func response(think: String, answer: String, format: PromptFormat) -> String {
    (format.prefillsThink ? "" : "<think>") + "\n" + think + "\n</think>\n<answer>\n" + answer + "\n</answer>"
  }

  /// The puzzle id: the record's `id`, else built from split and index, else file:line.
  public static func id(_ record: JSON, source: String, line: Int) -> String {
    if let id = record["id"]?.string { return id }
    if let split = record["extra_info"]?["split"]?.string, let i = record["extra_info"]?["index"]?.int,
       let n = record["names"]?.array?.count {
      return "kk-\(split)-\(n)ppl-\(i)"
    }
    return "\(source):\(line)"
  }

  /// One trace line for a K&K record: `id`, `prompt`, `response`, `source`, `correct`,
  /// `format_ok`, `style`, `people`, `format`. `style` nil = drawn from the seed for each line.
  /// `maxChars`: when the response is longer, up to 7 other draws (style when not fixed, which
  /// role is tried first, wording) are tried in a fixed order and the first that fits is kept, else
  /// the shortest: this keeps small-model SFT data inside its context without changing the logic.
  public static func make(record: JSON, source: String, line: Int, style: TraceStyle?, seed: UInt64,
                          format: PromptFormat, maxChars: Int? = nil) throws -> JSON {
    let puzzle = try KKPuzzle(record: record, source: source, line: line)
    var best: (think: String, roles: [Bool], style: TraceStyle)? = nil
    for attempt in 0..<(maxChars == nil ? 1 : 8) {
      var rng = SeededRNG(seed: seed, stream: UInt64(line) &+ (UInt64(attempt) << 40))
      let st = style ?? TraceStyle.narrated[rng.below(TraceStyle.narrated.count)]
      guard let (t, r) = think(puzzle, style: st, rng: &rng) else {
        throw JSONError(source: source, line: line, path: "statements", message: "the puzzle has no consistent assignment")
      }
      if best == nil || t.count < best!.think.count { best = (t, r, st) }
      if let m = maxChars, t.count + 40 * puzzle.people <= m { best = (t, r, st); break }
    }
    let (think, roles, st) = best!
    var rec = record
    if rec["names"] == nil || rec["solution"] == nil, var o = rec.object {
      // A quiz-only record: the solver's roles stand in as gold (scored against themselves).
      o["names"] = .array(puzzle.names.map { .string($0) })
      if o["solution"] == nil { o["solution"] = .array(roles.map { .bool($0) }) }
      rec = .object(o)
    }
    let kk = KKDomain()
    let response = response(think: think, answer: puzzle.solutionTextFormat(roles), format: format)
    let v = try kk.verify(rec, completion: response, format: format)
    return .object(JSONObject(pairs: [
      ("id", .string(id(record, source: source, line: line))),
      ("prompt", .string(format.render(question: try kk.question(rec)))),
      ("response", .string(response)),
      ("source", .string("teacher-\(st.rawValue)")),
      ("correct", .bool(v.correct)),
      ("format_ok", .bool(v.formatOK)),
      ("style", .string(st.rawValue)),
      ("people", .int(puzzle.people)),
      ("format", .string(format.rawValue)),
    ]))
  }
}
