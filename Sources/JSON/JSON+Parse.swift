// Parsing through json-c. Strict mode for data; comment-tolerant mode for config files.
import CJSONC

extension JSON {
  /// Deepest nesting accepted. json-c's default is 32; real files (tokenizer.json) need more, and a
  /// bound keeps a hostile 10k-deep document an error instead of a stack overflow.
  public static let maxDepth = 512

  /// Parses one JSON document from `text`. `source` names the origin in error messages.
  /// With `allowComments`, `//` and `/* */` comments are accepted (config files).
  public static func parse(_ text: String, source: String = "<string>", allowComments: Bool = false) throws -> JSON {
    var text = text
    return try text.withUTF8 { buf in
      try parse(bytes: UnsafeRawBufferPointer(buf), source: source, allowComments: allowComments)
    }
  }

  /// Parses one JSON document from raw UTF-8 bytes. `line` is the line number reported for
  /// errors on a single-line document (JSONL); for multi-line documents lines are counted.
  public static func parse(bytes: UnsafeRawBufferPointer, source: String, allowComments: Bool = false,
                           line: Int? = nil) throws -> JSON {
    guard bytes.count < Int(Int32.max) else {
      throw JSONError(source: source, line: line, message: "document of \(bytes.count) bytes is too large (limit 2 GiB)")
    }
    if allowComments {
      let blanked = try blankComments(bytes, source: source)
      return try blanked.withUnsafeBytes { try parse(bytes: $0, source: source, allowComments: false, line: line) }
    }
    guard let tok = json_tokener_new_ex(Int32(maxDepth)) else {
      throw JSONError(source: source, message: "json-c: out of memory")
    }
    defer { json_tokener_free(tok) }
    // Comments were blanked out above, so every document is parsed strictly (no NaN, no Infinity).
    json_tokener_set_flags(tok, Int32(JSON_TOKENER_VALIDATE_UTF8) | Int32(JSON_TOKENER_STRICT))

    let base = bytes.baseAddress?.assumingMemoryBound(to: CChar.self) ?? UnsafePointer<CChar>(bitPattern: 1)!
    let obj = json_tokener_parse_ex(tok, base, Int32(bytes.count))
    var err = json_tokener_get_error(tok)
    if err == json_tokener_continue {
      // Input ended inside a value: ask json-c to finish (a bare number at end of input is fine).
      let final = obj ?? json_tokener_parse_ex(tok, "", 1)
      err = json_tokener_get_error(tok)
      if err == json_tokener_success { return try finish(final, bytes: bytes, end: bytes.count, tok: tok, source: source, line: line) }
      throw positioned(bytes: bytes, offset: bytes.count, source: source, line: line,
                       message: "unexpected end of input (truncated document?)")
    }
    guard err == json_tokener_success else {
      let offset = json_tokener_get_parse_end(tok)
      let what = String(cString: json_tokener_error_desc(err))
      var message = "invalid JSON: \(what)"
      if err == json_tokener_error_depth { message = "invalid JSON: nesting deeper than \(maxDepth) levels" }
      throw positioned(bytes: bytes, offset: offset, source: source, line: line, message: message)
    }
    return try finish(obj, bytes: bytes, end: json_tokener_get_parse_end(tok), tok: tok, source: source, line: line)
  }

  private static func finish(_ obj: OpaquePointer?, bytes: UnsafeRawBufferPointer, end: Int, tok: UnsafeMutablePointer<json_tokener>,
                             source: String, line: Int?) throws -> JSON {
    defer { if let obj { json_object_put(obj) } }
    // Anything but whitespace after the document is an error.
    var i = end
    while i < bytes.count {
      let c = bytes[i]
      if c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 {
        throw positioned(bytes: bytes, offset: i, source: source, line: line,
                         message: "unexpected characters after the end of the JSON value")
      }
      i += 1
    }
    return convert(obj)
  }

  private static func positioned(bytes: UnsafeRawBufferPointer, offset: Int, source: String, line: Int?,
                                 message: String) -> JSONError {
    if let line { return JSONError(source: source, line: line, column: offset + 1, message: message) }
    var ln = 1, col = 1
    for i in 0..<min(offset, bytes.count) {
      if bytes[i] == 0x0A { ln += 1; col = 1 } else { col += 1 }
    }
    return JSONError(source: source, line: ln, column: col, message: message)
  }

  /// Converts a json-c object tree into a `JSON` value (recursion depth bounded by `maxDepth`).
  static func convert(_ obj: OpaquePointer?) -> JSON {
    guard let obj else { return .null }
    switch json_object_get_type(obj) {
    case json_type_null: return .null
    case json_type_boolean: return .bool(json_object_get_boolean(obj) != 0)
    case json_type_int:
      let v = json_object_get_int64(obj)
      if v == Int64.max, json_object_get_uint64(obj) > UInt64(Int64.max) {
        return .double(Double(json_object_get_uint64(obj)))
      }
      return .int(Int(v))
    case json_type_double: return .double(json_object_get_double(obj))
    case json_type_string:
      let n = Int(json_object_get_string_len(obj))
      let p = json_object_get_string(obj)!
      return .string(p.withMemoryRebound(to: UInt8.self, capacity: n) {
        String(decoding: UnsafeBufferPointer(start: $0, count: n), as: UTF8.self)
      })
    case json_type_array:
      let n = json_object_array_length(obj)
      var out: [JSON] = []
      out.reserveCapacity(n)
      for i in 0..<n { out.append(convert(json_object_array_get_idx(obj, i))) }
      return .array(out)
    case json_type_object:
      var o = JSONObject()
      var it = json_object_iter_begin(obj)
      var end = json_object_iter_end(obj)
      while json_object_iter_equal(&it, &end) == 0 {
        let name = String(cString: json_object_iter_peek_name(&it))
        o[name] = convert(json_object_iter_peek_value(&it))
        json_object_iter_next(&it)
      }
      return .object(o)
    default:
      return .null
    }
  }
}
