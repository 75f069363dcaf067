// A `code` task: a function to write in TinyLang, its hidden tests (inputs and expected outputs,
// computed in Swift independently of the interpreter) and a reference solution in TinyLang (which the
// tests run through the interpreter, so the two implementations check each other).
import JSON
import Seeded

public struct CodeTask: Sendable {
  public var name: String
  public var params: [String]
  /// What the function returns, as the end of "Write a TinyLang function `f(x)` that ...".
  public var spec: String
  public var reference: String
  public var inputs: [[JSON]]
  public var expected: [JSON]
  /// Levels 6-8: the one-line derivation of the constant the question leaves out (a corpus may show
  /// it inside <think>); nil for levels 1-5, whose questions state every constant.
  public var worked: String? = nil

  init(_ name: String, _ params: [String], _ spec: String, _ reference: String, inputs: [[JSON]], _ f: ([JSON]) -> JSON) {
    self.name = name; self.params = params; self.spec = spec; self.reference = reference
    self.inputs = inputs; self.expected = inputs.map(f)
  }

  public var signature: String { "\(name)(\(params.joined(separator: ", ")))" }

  /// The stored question: the task and two examples (the prompt body adds `languageSummary`).
  public var question: String {
    let examples = zip(inputs, expected).prefix(2).map { "\(name)(\($0.map(CodeTask.python).joined(separator: ", "))) == \(CodeTask.python($1))" }
    return "Write a TinyLang function `\(signature)` that \(spec)\n\nExamples:\n" + examples.joined(separator: "\n")
  }

  public static let languageSummary = """
    TinyLang is a small subset of Python: integers, booleans, None and lists; def, if/elif/else, while, \
    for ... in, return, break, continue, parallel assignment (a, b = b, a); operators + - * // % ** == != \
    < <= > >= and or not in, indexing and slices; built-ins len, range, abs, min, max, sum, sorted, \
    reversed, list, bool, int; list methods append and pop. No strings, imports or printing.
    Answer with the complete function in a ```python code block.
    """

  /// Python spelling of a test value: `[1, 2]`, `True`, `None`.
  public static func python(_ j: JSON) -> String {
    switch j {
    case .int(let i): return String(i)
    case .bool(let b): return b ? "True" : "False"
    case .null: return "None"
    case .array(let a): return "[" + a.map(python).joined(separator: ", ") + "]"
    case .double(let d): return String(d)
    case .string(let s): return JSON.string(s).serialized()
    case .object: return j.serialized()
    }
  }

  /// The `tests` field: a list of {"input": [args], "expected": value}.
  public var testsJSON: JSON {
    .array(zip(inputs, expected).map { .object(JSONObject(["input": .array($0), "expected": $1])) })
  }
}

// MARK: - Input helpers for the task families

extension CodeTask {
  static func ints(_ xs: [Int]) -> JSON { .array(xs.map { .int($0) }) }
  static func list(_ rng: inout SeededRNG, _ n: ClosedRange<Int>, _ v: ClosedRange<Int>) -> JSON {
    let k = rng.int(in: n)
    return ints((0..<k).map { _ in rng.int(in: v) })
  }
  /// `count` argument lists made by `make`, after the fixed `edge` cases.
  static func cases(_ rng: inout SeededRNG, _ edge: [[JSON]], count: Int = 8, _ make: (inout SeededRNG) -> [JSON]) -> [[JSON]] {
    edge + (0..<max(0, count - edge.count)).map { _ in make(&rng) }
  }
}

extension JSON {
  /// Test helpers: the int payload (bools as 0/1) and the int list payload of task values.
  var i: Int { if case .int(let v) = self { return v }; if case .bool(let b) = self { return b ? 1 : 0 }; return 0 }
  var ints: [Int] { array?.map(\.i) ?? [] }
}
