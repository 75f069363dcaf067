// JSONL streaming: one JSON value per line, read in constant memory (a fixed read buffer plus the
// current line), so 100k-line files and a runaway 1 GB line cost no more than `maxLineBytes`.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a JSONL file line by line. Each call to `next()` returns the next non-blank line's value,
/// or throws a `JSONError` naming the file and line; after a bad line the reader is positioned on
/// the following line, so a caller may count bad lines and go on. A read error of the file itself
/// (EIO, a vanished file) is different: it sets `failed`, and every later `next()` returns nil, so
/// a loop that counts errors and goes on still ends (callers rethrow it when `failed` is set).
public final class JSONLReader {
  public let path: String
  public let maxLineBytes: Int
  /// 1-based number of the line most recently returned (or failed).
  public private(set) var lineNumber = 0
  /// Set when reading the file failed (not a bad line): the read is over.
  public private(set) var failed = false

  private let fd: Int32
  private var buf: UnsafeMutableRawBufferPointer
  private var start = 0, end = 0, eof = false
  private var line: [UInt8] = []

  public init(path: String, maxLineBytes: Int = 256 << 20) throws {
    self.path = path
    self.maxLineBytes = maxLineBytes
    fd = try openRegularFile(path, allowFIFO: true)
    buf = .allocate(byteCount: 1 << 20, alignment: 64)
  }

  deinit {
    close(fd)
    buf.deallocate()
  }

  /// The next value, `nil` at end of file. Blank lines are skipped.
  public func next() throws -> JSON? {
    if failed { return nil }
    while true {
      guard let tooLong = try readLine() else { return nil }
      lineNumber += 1
      if tooLong {
        throw JSONError(source: path, line: lineNumber,
                        message: "line longer than \(maxLineBytes) bytes (limit maxLineBytes)")
      }
      if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
      return try line.withUnsafeBytes { try JSON.parse(bytes: $0, source: path, line: lineNumber) }
    }
  }

  /// Calls `body(lineNumber, value)` for every line; stops at the first error.
  public func forEach(_ body: (Int, JSON) throws -> Void) throws {
    while let v = try next() { try body(lineNumber, v) }
  }

  /// Fills `line` with the next line's bytes (without the newline). Returns nil at EOF,
  /// true when the line was longer than the limit (its bytes were discarded).
  private func readLine() throws -> Bool? {
    line.removeAll(keepingCapacity: line.count < (1 << 20))
    var tooLong = false, sawAny = false
    while true {
      if start == end {
        if eof { return sawAny ? tooLong : nil }
        let n = read(fd, buf.baseAddress, buf.count)
        if n < 0 {
          if errno == EINTR { continue }
          failed = true
          throw JSONError(source: path, line: lineNumber + 1, message: "read error: \(String(cString: strerror(errno))); reading stopped")
        }
        if n == 0 { eof = true; continue }
        start = 0; end = n
      }
      sawAny = true
      let p = buf.baseAddress!.assumingMemoryBound(to: UInt8.self)
      var i = start
      while i < end && p[i] != 0x0A { i += 1 }
      if !tooLong {
        if line.count + (i - start) > maxLineBytes {
          tooLong = true
          line.removeAll()
        } else {
          line.append(contentsOf: UnsafeBufferPointer(start: p + start, count: i - start))
        }
      }
      if i < end { start = i + 1; return tooLong }
      start = end
    }
  }
}

/// Writes JSONL to `path` through a temporary file renamed into place by `finish()`, so a killed
/// run never leaves a half-written file under the final name.
public final class JSONLWriter {
  public let path: String
  private let file: AtomicFile

  public init(path: String) throws {
    self.path = path
    file = try AtomicFile(path: path)
  }

  public func write(_ value: JSON) throws {
    try file.write(value.serialized() + "\n")
  }

  public func finish() throws { try file.commit() }
}

/// Opens `path` read-only, refusing a directory (it opens, then every read fails with EISDIR) and
/// devices (/dev/zero never ends); `allowFIFO` lets streaming readers take a pipe (`/dev/stdin`).
/// The type is checked before open(), which would block on a FIFO without a writer. Errors name the file.
func openRegularFile(_ path: String, allowFIFO: Bool = false) throws -> Int32 {
  func kind(_ st: stat) throws {
    let k = st.st_mode & S_IFMT
    if k == S_IFDIR { throw JSONError(source: path, message: "is a directory, expected a file") }
    guard k == S_IFREG || (allowFIFO && k == S_IFIFO) else { throw JSONError(source: path, message: "not a regular file") }
  }
  var st = stat()
  if stat(path, &st) == 0 { try kind(st) }
  let fd = open(path, O_RDONLY)
  guard fd >= 0 else { throw JSONError(source: path, message: "cannot open: \(String(cString: strerror(errno)))") }
  guard fstat(fd, &st) == 0 else {
    let e = String(cString: strerror(errno))
    close(fd)
    throw JSONError(source: path, message: "cannot stat: \(e)")
  }
  do { try kind(st) } catch { close(fd); throw error }
  return fd
}

extension JSONLReader {
  /// Reads a whole JSONL file into memory (for small files: datasets, not logs).
  public static func readAll(_ path: String) throws -> [JSON] {
    let r = try JSONLReader(path: path)
    var out: [JSON] = []
    while let v = try r.next() { out.append(v) }
    return out
  }
}
