// K&K records as JSON lines with the public field names (Logic-RL's conversion of mem-kk-logic):
// quiz, names, knight_knave, solution, solution_text, solution_text_format, cot_head,
// cot_repeat_steps, cot_foot, statements, index, data_source, prompt, ability, reward_model,
// extra_info; plus our `id`. Reading accepts our files and the public ones alike.
import JSON

extension KKPuzzle {
  /// The full record. `index` is the record's `index` (and `extra_info.index`), as in the public files.
  public func record(index: Int, split: Split) -> JSON {
    guard let roles = solution else {
      preconditionFailure("KKPuzzle.record: puzzle \(key) has no unique solution")
    }
    let tape = cotTape()
    var o = JSONObject()
    o["id"] = .string("kk-\(split.rawValue)-\(people)ppl-\(index)")
    o["quiz"] = .string(quiz)
    o["names"] = .array(names.map { .string($0) })
    o["knight_knave"] = knightKnaveJSON
    o["solution"] = .array(roles.map { .bool($0) })
    o["solution_text"] = .string(solutionText(roles))
    o["solution_text_format"] = .string(solutionTextFormat(roles))
    o["cot_head"] = .string(Self.cotHead)
    o["cot_repeat_steps"] = .array(cotSteps(tape.steps).map { .string($0) })
    o["cot_foot"] = .string(tape.success ? Self.cotFootSuccess : Self.cotFootFail)
    o["statements"] = .string(key)
    o["index"] = .int(index)
    o["data_source"] = "kk_logic"
    o["prompt"] = [["content": .string(KKInstruction.logicRLInstructPrompt(quiz: quiz)), "role": "user"]]
    o["ability"] = "logic"
    o["reward_model"] = ["ground_truth": ["solution_text_format": .string(solutionTextFormat(roles)), "statements": .string(key)],
                         "style": "rule"]
    o["extra_info"] = ["index": .int(index), "split": .string(split.rawValue)]
    return .object(o)
  }

  var knightKnaveJSON: JSON {
    ["Knave": .string(words.capitalizedKnave), "Knight": .string(words.capitalizedKnight),
     "a_knave": .string(words.aKnave), "a_knight": .string(words.aKnight),
     "knave": .string(words.knave), "knight": .string(words.knight)]
  }

  /// Reads a record: `statements` when present, else the quiz text. Errors name file, line and field.
  public init(record: JSON, source: String, line: Int) throws {
    func fail(_ field: String, _ message: String) -> JSONError {
      JSONError(source: source, line: line, path: field, message: message)
    }
    guard record.object != nil else { throw fail("", "expected a K&K record (object), got \(record.kindName)") }
    var words = KKRoleWords.standard
    if let kk = record["knight_knave"] {
      guard let a = kk["a_knight"]?.string, let b = kk["a_knave"]?.string else {
        throw fail("knight_knave", "expected an object with string fields a_knight and a_knave")
      }
      words = KKRoleWords(aKnight: a, aKnave: b)
    }
    var parsedQuiz: KKPuzzle? = nil
    if let q = record["quiz"] {
      guard let text = q.string else { throw fail("quiz", "expected a string, got \(q.kindName)") }
      guard text.utf8.count <= KKLimits.maxQuizBytes else {
        throw fail("quiz", "quiz of \(text.utf8.count) bytes is longer than the limit of \(KKLimits.maxQuizBytes)")
      }
      do { parsedQuiz = try KKQuizParser.parse(text, words: record["knight_knave"] == nil ? nil : words) }
      catch let e as KKParseError {
        // Without statements the quiz is all we have; with them, an odd quiz is no obstacle.
        if record["statements"] == nil { throw fail("quiz", e.message) }
      }
    }
    var names: [String]
    if let n = record["names"] {
      guard let arr = n.array, let ns = Optional(arr.compactMap(\.string)), ns.count == arr.count, !ns.isEmpty else {
        throw fail("names", "expected a non-empty array of strings")
      }
      names = ns
      if let dup = KKLimits.firstDuplicate(names) { throw fail("names", "name \"\(dup)\" appears twice (names must be distinct)") }
    } else if let q = parsedQuiz {
      names = q.names
    } else {
      throw fail("names", "missing (and no quiz to read them from)")
    }
    let statements: [KKStatement]
    if let s = record["statements"] {
      guard let text = s.string else { throw fail("statements", "expected a Python-tuple string, got \(s.kindName)") }
      guard text.utf8.count <= KKLimits.maxQuizBytes else {
        throw fail("statements", "text of \(text.utf8.count) bytes is longer than the limit of \(KKLimits.maxQuizBytes)")
      }
      do { statements = try KKStatement.parsePython(text) }
      catch { throw fail("statements", "\(error)") }
    } else if let q = parsedQuiz {
      guard q.names == names else {
        throw fail("quiz", "names in the quiz \(q.names) differ from the record's names \(names)")
      }
      statements = q.statements
    } else {
      throw fail("statements", "missing, and there is no quiz to read the statements from")
    }
    guard statements.count == names.count else {
      throw fail("statements", "\(statements.count) statements for \(names.count) names")
    }
    guard statements.count <= TruthTable.maxPeople else {
      throw fail("statements", "at most \(TruthTable.maxPeople) people are supported, got \(statements.count)")
    }
    for (i, s) in statements.enumerated() where s.mentioned.contains(where: { $0 >= names.count }) {
      throw fail("statements", "statement \(i) names a person index outside 0..<\(names.count)")
    }
    if let problem = KKLimits.check(statements) { throw fail("statements", problem) }
    self.init(statements: statements, names: names, words: parsedQuiz?.words ?? words,
              sayings: parsedQuiz.flatMap { $0.names == names ? $0.sayings : nil })
  }

  /// The record's gold `solution` (one Bool per name), checked against `names`.
  public static func goldSolution(_ record: JSON, source: String, line: Int?) throws -> [Bool] {
    guard let arr = record["solution"]?.array else {
      throw JSONError(source: source, line: line, path: "solution", message: "missing or not an array of booleans")
    }
    if let k = arr.firstIndex(where: { $0.bool == nil }) {
      throw JSONError(source: source, line: line, path: "solution[\(k)]",
                      message: "expected a boolean (true = knight), got \(arr[k].kindName)")
    }
    let roles = arr.compactMap(\.bool)
    if let names = record["names"]?.array, names.count != roles.count {
      throw JSONError(source: source, line: line, path: "solution",
                      message: "expected one boolean per name (\(names.count) names), got \(roles.count) booleans")
    }
    return roles
  }
}
