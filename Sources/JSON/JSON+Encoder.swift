// Typed encoding of `Encodable` values into `JSON`. Optional properties that are nil are written
// as `null` (not dropped), so that the encoding of a config's defaults lists every valid key.

extension JSON {
  /// Encodes `value` into a JSON tree.
  public init<T: Encodable>(encoding value: T) throws {
    if let j = value as? JSON { self = j; return }
    let e = ValueEncoder()
    try value.encode(to: e)
    self = e.box.value
  }
}

final class Box { var value: JSON = .null }

final class ValueEncoder: Encoder {
  let box: Box
  let path: [any CodingKey]
  var codingPath: [any CodingKey] { path }
  var userInfo: [CodingUserInfoKey: Any] { [:] }
  init(box: Box = Box(), path: [any CodingKey] = []) { self.box = box; self.path = path }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    if case .object = box.value {} else { box.value = .object(JSONObject()) }
    return KeyedEncodingContainer(Keyed<Key>(encoder: self))
  }
  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    if case .array = box.value {} else { box.value = .array([]) }
    return Unkeyed(encoder: self)
  }
  func singleValueContainer() -> any SingleValueEncodingContainer { Single(encoder: self) }

  static func encode<T: Encodable>(_ v: T, path: [any CodingKey]) throws -> JSON {
    switch v {
    case let x as JSON: return x
    case let x as Bool: return .bool(x)
    case let x as String: return .string(x)
    case let x as Double: return .double(x)
    case let x as Float: return .double(Double(x))
    case let x as Int: return .int(x)
    case let x as Int64: return .int(Int(x))
    case let x as Int32: return .int(Int(x))
    case let x as UInt32: return .int(Int(x))
    case let x as UInt64:
      guard let i = Int(exactly: x) else { return .double(Double(x)) }
      return .int(i)
    case let x as UInt: return .int(Int(x))
    default:
      let e = ValueEncoder(path: path)
      try v.encode(to: e)
      return e.box.value
    }
  }

  struct Keyed<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.path }
    func set(_ v: JSON, _ key: Key) {
      guard case .object(var o) = encoder.box.value else { return }
      o[key.stringValue] = v
      encoder.box.value = .object(o)
    }
    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
      set(try ValueEncoder.encode(value, path: codingPath + [key]), key)
    }
    mutating func encodeIfPresent<T: Encodable>(_ value: T?, forKey key: Key) throws {
      if let value { try encode(value, forKey: key) } else { set(.null, key) }
    }
    mutating func encodeIfPresent(_ value: Bool?, forKey key: Key) throws { try encodeIfPresent(value as Bool?, key) }
    mutating func encodeIfPresent(_ value: String?, forKey key: Key) throws { try encodeIfPresent(value as String?, key) }
    mutating func encodeIfPresent(_ value: Double?, forKey key: Key) throws { try encodeIfPresent(value as Double?, key) }
    mutating func encodeIfPresent(_ value: Float?, forKey key: Key) throws { try encodeIfPresent(value as Float?, key) }
    mutating func encodeIfPresent(_ value: Int?, forKey key: Key) throws { try encodeIfPresent(value as Int?, key) }
    private mutating func encodeIfPresent<T: Encodable>(_ value: T?, _ key: Key) throws {
      if let value { try encode(value, forKey: key) } else { set(.null, key) }
    }
    mutating func nestedContainer<NK: CodingKey>(keyedBy keyType: NK.Type, forKey key: Key) -> KeyedEncodingContainer<NK> {
      let child = ValueEncoder(path: codingPath + [key])
      let c = child.container(keyedBy: keyType)
      set(child.box.value, key)
      return c  // Nested containers are rare in our configs; writes after this point are not reflected.
    }
    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
      let child = ValueEncoder(path: codingPath + [key])
      return child.unkeyedContainer()
    }
    mutating func superEncoder() -> any Encoder { encoder }
    mutating func superEncoder(forKey key: Key) -> any Encoder { encoder }
  }

  struct Unkeyed: UnkeyedEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.path }
    var count: Int { encoder.box.value.array?.count ?? 0 }
    func append(_ v: JSON) {
      guard case .array(var a) = encoder.box.value else { return }
      a.append(v)
      encoder.box.value = .array(a)
    }
    mutating func encodeNil() throws { append(.null) }
    mutating func encode<T: Encodable>(_ value: T) throws {
      append(try ValueEncoder.encode(value, path: codingPath + [PathKey(intValue: count)]))
    }
    mutating func nestedContainer<NK: CodingKey>(keyedBy keyType: NK.Type) -> KeyedEncodingContainer<NK> {
      ValueEncoder(path: codingPath).container(keyedBy: keyType)
    }
    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer { ValueEncoder(path: codingPath).unkeyedContainer() }
    mutating func superEncoder() -> any Encoder { encoder }
  }

  struct Single: SingleValueEncodingContainer {
    let encoder: ValueEncoder
    var codingPath: [any CodingKey] { encoder.path }
    mutating func encodeNil() throws { encoder.box.value = .null }
    mutating func encode<T: Encodable>(_ value: T) throws {
      encoder.box.value = try ValueEncoder.encode(value, path: codingPath)
    }
  }
}
