// Typed decoding of `JSON` into `Decodable` values. Errors carry the key path (`train.lr`) and
// what was expected, and name the file through `source`.

extension JSON {
  /// Decodes `T` from this value. `source` names the file in errors.
  public func decode<T: Decodable>(_ type: T.Type, source: String = "<json>") throws -> T {
    try T(from: ValueDecoder(value: self, path: [], source: source))
  }
}

struct PathKey: CodingKey {
  var stringValue: String
  var intValue: Int?
  init(stringValue: String) { self.stringValue = stringValue }
  init(intValue: Int) { self.stringValue = "[\(intValue)]"; self.intValue = intValue }
}

func pathString(_ path: [any CodingKey]) -> String {
  var s = ""
  for k in path {
    if let i = k.intValue { s += "[\(i)]" } else { s += s.isEmpty ? k.stringValue : "." + k.stringValue }
  }
  return s
}

struct ValueDecoder: Decoder {
  let value: JSON
  let path: [any CodingKey]
  let source: String
  var codingPath: [any CodingKey] { path }
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func fail(_ message: String, at path: [any CodingKey]? = nil) -> JSONError {
    JSONError(source: source, path: pathString(path ?? self.path), message: message)
  }

  func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
    guard case .object(let o) = value else { throw fail("expected an object, found \(value.kindName)") }
    return KeyedDecodingContainer(Keyed<Key>(object: o, decoder: self))
  }
  func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
    guard case .array(let a) = value else { throw fail("expected an array, found \(value.kindName)") }
    return Unkeyed(items: a, decoder: self)
  }
  func singleValueContainer() throws -> any SingleValueDecodingContainer { Single(decoder: self) }

  func child(_ v: JSON, _ key: any CodingKey) -> ValueDecoder {
    ValueDecoder(value: v, path: path + [key], source: source)
  }

  // Scalars
  func decodeScalar<T>(_ t: T.Type) throws -> T {
    let v = value
    func bad(_ want: String) -> JSONError { fail("expected \(want), found \(v.kindName)") }
    switch t {
    case is Bool.Type: guard let b = v.bool else { throw bad("a boolean") }; return b as! T
    case is String.Type: guard let s = v.string else { throw bad("a string") }; return s as! T
    case is Double.Type:
      guard let d = v.double else { throw bad("a number") }
      guard d.isFinite else { throw fail("expected a finite number, found \(d)") }
      return d as! T
    case is Float.Type:
      guard let d = v.double else { throw bad("a number") }
      guard Float(d).isFinite else { throw fail("expected a finite number within Float's range, found \(d)") }
      return Float(d) as! T
    default: break
    }
    guard let i = v.int else { throw bad("an integer") }
    switch t {
    case is Int.Type: return i as! T
    case is Int64.Type: return Int64(i) as! T
    case is Int32.Type:
      guard let x = Int32(exactly: i) else { throw fail("integer \(i) out of range for Int32") }
      return x as! T
    case is UInt64.Type:
      guard let x = UInt64(exactly: i) else { throw fail("expected a non-negative integer, found \(i)") }
      return x as! T
    case is UInt32.Type:
      guard let x = UInt32(exactly: i) else { throw fail("integer \(i) out of range for UInt32") }
      return x as! T
    case is UInt.Type:
      guard let x = UInt(exactly: i) else { throw fail("expected a non-negative integer, found \(i)") }
      return x as! T
    default: throw fail("unsupported scalar type \(t)")
    }
  }

  static let scalarTypes: [Any.Type] = [Bool.self, String.self, Double.self, Float.self, Int.self, Int64.self,
                                        Int32.self, UInt64.self, UInt32.self, UInt.self]
  func decodeAny<T: Decodable>(_ t: T.Type) throws -> T {
    if T.self == JSON.self { return value as! T }
    if ValueDecoder.scalarTypes.contains(where: { $0 == T.self }) { return try decodeScalar(t) }
    return try T(from: self)
  }

  struct Keyed<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.path }
    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }
    func contains(_ key: Key) -> Bool { object[key.stringValue] != nil }
    func decodeNil(forKey key: Key) throws -> Bool { object[key.stringValue]?.isNull ?? true }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
      guard let v = object[key.stringValue] else {
        throw decoder.fail("missing required key '\(key.stringValue)'", at: decoder.path + [key])
      }
      return try decoder.child(v, key).decodeAny(type)
    }
    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
      guard let v = object[key.stringValue], !v.isNull else { return nil }
      return try decoder.child(v, key).decodeAny(type)
    }
    func nestedContainer<NK: CodingKey>(keyedBy type: NK.Type, forKey key: Key) throws -> KeyedDecodingContainer<NK> {
      try decoder.child(object[key.stringValue] ?? .null, key).container(keyedBy: type)
    }
    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
      try decoder.child(object[key.stringValue] ?? .null, key).unkeyedContainer()
    }
    func superDecoder() throws -> any Decoder { decoder }
    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(object[key.stringValue] ?? .null, key) }
  }

  struct Unkeyed: UnkeyedDecodingContainer {
    let items: [JSON]
    let decoder: ValueDecoder
    var currentIndex = 0
    var codingPath: [any CodingKey] { decoder.path }
    var count: Int? { items.count }
    var isAtEnd: Bool { currentIndex >= items.count }
    init(items: [JSON], decoder: ValueDecoder) { self.items = items; self.decoder = decoder }
    mutating func nextDecoder() throws -> ValueDecoder {
      guard !isAtEnd else { throw decoder.fail("array has only \(items.count) elements") }
      defer { currentIndex += 1 }
      return decoder.child(items[currentIndex], PathKey(intValue: currentIndex))
    }
    mutating func decodeNil() throws -> Bool {
      if !isAtEnd, items[currentIndex].isNull { currentIndex += 1; return true }
      return false
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try nextDecoder().decodeAny(type) }
    mutating func nestedContainer<NK: CodingKey>(keyedBy type: NK.Type) throws -> KeyedDecodingContainer<NK> {
      try nextDecoder().container(keyedBy: type)
    }
    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try nextDecoder().unkeyedContainer() }
    mutating func superDecoder() throws -> any Decoder { try nextDecoder() }
  }

  struct Single: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.path }
    func decodeNil() -> Bool { decoder.value.isNull }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.decodeAny(type) }
  }
}

extension JSON: Codable {
  public init(from decoder: any Decoder) throws {
    guard let d = decoder as? ValueDecoder else {
      throw JSONError(source: "<decoder>", message: "JSON values decode only through the JSON module's decoder")
    }
    self = d.value
  }
  public func encode(to encoder: any Encoder) throws {
    guard let e = encoder as? ValueEncoder else {
      throw JSONError(source: "<encoder>", message: "JSON values encode only through the JSON module's encoder")
    }
    e.box.value = self
  }
}
