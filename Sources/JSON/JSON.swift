// JSON values: the one in-memory form every module passes around. Parsing goes through json-c
// (JSON+Parse.swift); writing is our own (JSON+Write.swift) so that output is deterministic.

/// A JSON value. Objects keep their keys in insertion order so that files we write read like
/// files people wrote, and so that output bytes are deterministic.
public enum JSON: Sendable, Equatable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSON])
  case object(JSONObject)
}

/// An insertion-ordered JSON object.
public struct JSONObject: Sendable, Equatable, Sequence {
  public private(set) var keys: [String] = []
  private var values: [String: JSON] = [:]

  public init() {}
  public init(_ pairs: KeyValuePairs<String, JSON>) {
    for (k, v) in pairs { self[k] = v }
  }
  public init(pairs: [(String, JSON)]) {
    for (k, v) in pairs { self[k] = v }
  }

  public var count: Int { keys.count }
  public var isEmpty: Bool { keys.isEmpty }

  public subscript(key: String) -> JSON? {
    get { values[key] }
    set {
      if let newValue {
        if values.updateValue(newValue, forKey: key) == nil { keys.append(key) }
      } else if values.removeValue(forKey: key) != nil {
        keys.removeAll { $0 == key }
      }
    }
  }

  public func makeIterator() -> AnyIterator<(key: String, value: JSON)> {
    var i = 0
    return AnyIterator {
      guard i < keys.count else { return nil }
      defer { i += 1 }
      return (keys[i], values[keys[i]]!)
    }
  }

  public static func == (a: JSONObject, b: JSONObject) -> Bool {
    a.keys == b.keys && a.values == b.values
  }
}

// MARK: - Accessors

extension JSON {
  public subscript(key: String) -> JSON? {
    if case .object(let o) = self { return o[key] }
    return nil
  }
  public subscript(index: Int) -> JSON? {
    if case .array(let a) = self, a.indices.contains(index) { return a[index] }
    return nil
  }
  public var string: String? { if case .string(let s) = self { return s }; return nil }
  public var bool: Bool? { if case .bool(let b) = self { return b }; return nil }
  /// Integers, and doubles that hold an exact integer.
  public var int: Int? {
    switch self {
    case .int(let i): return i
    case .double(let d) where d.rounded() == d && abs(d) < 9.0e15: return Int(d)
    default: return nil
    }
  }
  /// Any number as a Double.
  public var double: Double? {
    switch self {
    case .int(let i): return Double(i)
    case .double(let d): return d
    default: return nil
    }
  }
  public var array: [JSON]? { if case .array(let a) = self { return a }; return nil }
  public var object: JSONObject? { if case .object(let o) = self { return o }; return nil }
  public var isNull: Bool { if case .null = self { return true }; return false }

  /// The name of this value's kind, for error messages.
  public var kindName: String {
    switch self {
    case .null: return "null"
    case .bool: return "a boolean"
    case .int: return "an integer"
    case .double: return "a number"
    case .string: return "a string"
    case .array: return "an array"
    case .object: return "an object"
    }
  }
}

extension JSON: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
  ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
  public init(stringLiteral value: String) { self = .string(value) }
  public init(integerLiteral value: Int) { self = .int(value) }
  public init(floatLiteral value: Double) { self = .double(value) }
  public init(booleanLiteral value: Bool) { self = .bool(value) }
  public init(arrayLiteral elements: JSON...) { self = .array(elements) }
  public init(dictionaryLiteral elements: (String, JSON)...) { self = .object(JSONObject(pairs: elements)) }
  public init(nilLiteral: ()) { self = .null }
}

// MARK: - Errors

/// An error in a JSON document or in the typed value decoded from it. `description` names the
/// file, the line (and column where known) and the key path, then says what was expected.
public struct JSONError: Error, CustomStringConvertible, Sendable, Equatable {
  public var source: String
  public var line: Int?
  public var column: Int?
  public var path: String
  public var message: String

  public init(source: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
    self.source = source; self.line = line; self.column = column; self.path = path; self.message = message
  }

  /// This error placed in `source` at `line` when it has no line yet (errors raised on a record
  /// alone name the field; the reader of the file knows where the record came from).
  public func located(in source: String, line: Int) -> JSONError {
    guard self.line == nil || self.line == 0 else { return self }
    var e = self
    e.source = source; e.line = line
    return e
  }

  public var description: String {
    var s = source
    if let line { s += ":\(line)" + (column.map { ":\($0)" } ?? "") }
    if !path.isEmpty { s += ": at \(path)" }
    return s + ": " + message
  }
}
