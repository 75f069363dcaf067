// Reading the records an evaluation runs on: a JSONL file (one record a line) or a JSON array file
// (the AIME/AMC files), checked against the domain's required fields before any generation.
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import JSON
import Puzzles

/// The records of one domain, with where each came from.
public struct EvalInput: Sendable {
  public var domain: Domain
  /// The domain's implementation (the registry's, or a stand-in in tests).
  public var spec: any DomainSpec
  public var source: String
  public var records: [JSON]
  /// 1-based line (JSONL) or element index + 1 (JSON array) of each record, for error messages.
  public var lines: [Int]
  /// Train records of the domain and their file, for the constant-answer baselines (the most
  /// frequent train answer); nil leaves those baselines out.
  public var train: (source: String, records: [JSON])? = nil

  public init(spec: any DomainSpec, source: String, records: [JSON], lines: [Int]) {
    precondition(records.count == lines.count)
    self.domain = spec.domain; self.spec = spec; self.source = source; self.records = records; self.lines = lines
  }

  /// Reads `path`, keeps the first `limit` records and checks each has the domain's required fields.
  /// Errors name the file, the line and the missing field.
  public static func load(domain: Domain, path: String, limit: Int? = nil) throws -> EvalInput {
    try load(spec: domain.spec, path: path, limit: limit)
  }

  public static func load(spec: any DomainSpec, path: String, limit: Int? = nil) throws -> EvalInput {
    let domain = spec.domain
    if let limit, limit < 1 { throw JSONError(source: path, message: "--limit must be at least 1, got \(limit)") }
    var records: [JSON] = []
    var lines: [Int] = []
    if try firstNonSpaceByte(path) == UInt8(ascii: "[") {
      guard case .array(let items) = try JSON.read(file: path) else {
        throw JSONError(source: path, message: "expected a JSON array of records")
      }
      for (i, r) in items.enumerated() { records.append(r); lines.append(i + 1) }
    } else {
      let reader = try JSONLReader(path: path)
      while let r = try reader.next() {
        records.append(r); lines.append(reader.lineNumber)
        if let limit, records.count >= limit { break }
      }
    }
    if records.isEmpty { throw JSONError(source: path, message: "no records: expected \(domain.rawValue) records, one JSON object a line") }
    if let limit {
      guard limit <= records.count else {
        throw JSONError(source: path, message: "--limit \(limit) is larger than the file, which has \(records.count) records")
      }
      records.removeSubrange(limit...); lines.removeSubrange(limit...)
    }
    for (r, line) in zip(records, lines) {
      guard case .object = r else {
        throw JSONError(source: path, line: line, message: "expected a \(domain.rawValue) record (a JSON object), found \(r.kindName)")
      }
      try spec.validate(r, source: path, line: line)
    }
    return EvalInput(spec: spec, source: path, records: records, lines: lines)
  }

  /// Reads `path` (every record, each checked like `load`) as the train records of the baselines.
  public mutating func loadTrain(path: String) throws {
    let t = try Self.load(spec: spec, path: path)
    train = (path, t.records)
  }

  static func firstNonSpaceByte(_ path: String) throws -> UInt8? {
    guard let f = fopen(path, "rb") else {
      throw JSONError(source: path, message: "cannot open: \(String(cString: strerror(errno)))")
    }
    defer { fclose(f) }
    while true {
      let c = fgetc(f)
      if c == EOF { return nil }
      if c != 0x20 && c != 0x0A && c != 0x0D && c != 0x09 { return UInt8(c) }
    }
  }
}
