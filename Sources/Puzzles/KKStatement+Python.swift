// The `statements` field of the public files: a Python tuple repr such as
// "(('not', ('telling-truth', 2)), ('or', ('telling-truth', 1), ('lying', 2)))".
// We write it byte-for-byte as Python's repr does and read it back (either quote style).

extension KKStatement {
  /// Python repr of this statement.
  public var python: String {
    switch self {
    case .knight(let i): return "('telling-truth', \(i))"
    case .knave(let i): return "('lying', \(i))"
    case .not(let s): return "('not', \(s.python))"
    case .and(let p): return "('and', " + p.map(\.python).joined(separator: ", ") + ")"
    case .or(let p): return "('or', " + p.map(\.python).joined(separator: ", ") + ")"
    case .implies(let a, let b): return "('->', \(a.python), \(b.python))"
    case .iff(let a, let b): return "('<=>', \(a.python), \(b.python))"
    }
  }

  /// Python repr of a whole puzzle's statements (a tuple; one element gets the trailing comma).
  public static func python(_ statements: [KKStatement]) -> String {
    if statements.count == 1 { return "(" + statements[0].python + ",)" }
    return "(" + statements.map(\.python).joined(separator: ", ") + ")"
  }

  /// Parses the `statements` string; errors name the character offset and what was expected.
  public static func parsePython(_ text: String) throws -> [KKStatement] {
    var p = PyTupleParser(Array(text.utf8))
    let root = try p.value()
    p.skipSpace()
    guard p.pos == p.bytes.count else { throw p.error("end of text") }
    guard case .tuple(let items) = root else { throw KKParseError("expected a tuple of statements") }
    return try items.map { try KKStatement(py: $0) }
  }

  init(py: PyValue) throws {
    guard case .tuple(let t) = py, let first = t.first, case .string(let op) = first else {
      throw KKParseError("expected a statement tuple starting with an operator string, got \(py)")
    }
    let args = Array(t.dropFirst())
    func person() throws -> Int {
      guard args.count == 1, case .int(let i) = args[0], i >= 0, i < TruthTable.maxPeople else {
        throw KKParseError("'\(op)' takes one person index in 0..<\(TruthTable.maxPeople), got \(args)")
      }
      return i
    }
    func subs(_ n: ClosedRange<Int>) throws -> [KKStatement] {
      guard n.contains(args.count) else {
        throw KKParseError("'\(op)' takes \(n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "at least \(n.lowerBound)") parts, got \(args.count)")
      }
      var out: [KKStatement] = []
      for a in args { out.append(try KKStatement(py: a)) }
      return out
    }
    switch op {
    case "telling-truth": self = .knight(try person())
    case "lying": self = .knave(try person())
    case "not": self = .not(try subs(1...1)[0])
    case "and": self = .and(try subs(2...Int.max))
    case "or": self = .or(try subs(2...Int.max))
    case "->": let s = try subs(2...2); self = .implies(s[0], s[1])
    case "<=>": let s = try subs(2...2); self = .iff(s[0], s[1])
    default:
      throw KKParseError("unknown operator '\(op)' (expected telling-truth, lying, not, and, or, ->, <=>)")
    }
  }
}

/// A statement-format error (the caller adds file, line and field).
public struct KKParseError: Error, CustomStringConvertible, Equatable {
  public var message: String
  public init(_ message: String) { self.message = message }
  public var description: String { message }
}

/// The subset of Python literals the field uses: tuples, quoted strings, integers.
enum PyValue: CustomStringConvertible {
  case tuple([PyValue]), string(String), int(Int)
  var description: String {
    switch self {
    case .tuple(let t): return "(" + t.map(\.description).joined(separator: ", ") + ")"
    case .string(let s): return "'\(s)'"
    case .int(let i): return "\(i)"
    }
  }
}

struct PyTupleParser {
  let bytes: [UInt8]
  var pos = 0
  var depth = 0
  init(_ bytes: [UInt8]) { self.bytes = bytes }

  func error(_ expected: String) -> KKParseError {
    let found = pos < bytes.count ? "'\(Character(Unicode.Scalar(bytes[pos])))'" : "end of text"
    return KKParseError("at offset \(pos): expected \(expected), found \(found)")
  }

  mutating func skipSpace() {
    while pos < bytes.count, bytes[pos] == 0x20 || bytes[pos] == 0x0A || bytes[pos] == 0x09 || bytes[pos] == 0x0D { pos += 1 }
  }

  mutating func value() throws -> PyValue {
    skipSpace()
    guard pos < bytes.count else { throw error("a value") }
    let c = bytes[pos]
    if c == UInt8(ascii: "(") || c == UInt8(ascii: "[") {
      depth += 1
      guard depth <= 64 else { throw KKParseError("statements nested deeper than 64 levels") }
      let close = c == UInt8(ascii: "(") ? UInt8(ascii: ")") : UInt8(ascii: "]")
      pos += 1
      var items: [PyValue] = []
      while true {
        skipSpace()
        if pos < bytes.count, bytes[pos] == close { pos += 1; break }
        items.append(try value())
        skipSpace()
        guard pos < bytes.count else { throw error("',' or closing bracket") }
        if bytes[pos] == UInt8(ascii: ",") { pos += 1; continue }
        if bytes[pos] == close { pos += 1; break }
        throw error("',' or closing bracket")
      }
      depth -= 1
      return .tuple(items)
    }
    if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") {
      pos += 1
      let start = pos
      while pos < bytes.count, bytes[pos] != c { pos += 1 }
      guard pos < bytes.count else { throw error("closing quote") }
      let s = String(decoding: bytes[start..<pos], as: UTF8.self)
      pos += 1
      return .string(s)
    }
    if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") || c == UInt8(ascii: "-") {
      let start = pos
      pos += 1
      while pos < bytes.count, bytes[pos] >= UInt8(ascii: "0") && bytes[pos] <= UInt8(ascii: "9") { pos += 1 }
      guard let i = Int(String(decoding: bytes[start..<pos], as: UTF8.self)) else { throw error("an integer") }
      return .int(i)
    }
    throw error("a tuple, string or integer")
  }
}
