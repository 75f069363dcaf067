// Crash-safe file writing: write `NAME.tmp-PID`, fsync, rename over `NAME`. A reader sees either
// the old file or the complete new one, never a torn one.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class AtomicFile {
  public let path: String
  public let tempPath: String
  private var fd: Int32
  private var committed = false

  public init(path: String) throws {
    self.path = path
    tempPath = "\(path).tmp-\(getpid())"
    fd = open(tempPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    guard fd >= 0 else {
      throw JSONError(source: path, message: "cannot create \(tempPath): \(String(cString: strerror(errno)))")
    }
  }

  deinit {
    if !committed {
      close(fd)
      unlink(tempPath)
    }
  }

  public func write(_ text: String) throws {
    var text = text
    try text.withUTF8 { try write(bytes: UnsafeRawBufferPointer($0)) }
  }

  public func write(bytes: UnsafeRawBufferPointer) throws {
    var off = 0
    while off < bytes.count {
      let n = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
      if n < 0 {
        if errno == EINTR { continue }
        throw JSONError(source: path, message: "write failed (\(String(cString: strerror(errno)))); nothing was replaced")
      }
      off += n
    }
  }

  /// Flushes to disk and renames into place.
  public func commit() throws {
    precondition(!committed, "AtomicFile.commit called twice for \(path)")
    if fsync(fd) != 0 {
      throw JSONError(source: path, message: "fsync failed (\(String(cString: strerror(errno)))); nothing was replaced")
    }
    close(fd)
    committed = true
    if rename(tempPath, path) != 0 {
      let e = String(cString: strerror(errno))
      unlink(tempPath)
      throw JSONError(source: path, message: "rename from \(tempPath) failed: \(e)")
    }
  }

  /// Writes `text` to `path` atomically in one call.
  public static func write(_ text: String, to path: String) throws {
    let f = try AtomicFile(path: path)
    try f.write(text)
    try f.commit()
  }
}

extension JSON {
  /// Largest whole-file JSON document read (tokenizer.json files are ~10 MiB).
  public static let maxFileBytes = 1 << 30

  /// Reads and parses a whole file. `allowComments` for config files.
  public static func read(file path: String, allowComments: Bool = false) throws -> JSON {
    let fd = try openRegularFile(path)
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw JSONError(source: path, message: "cannot stat") }
    let size = Int(st.st_size)
    guard size <= maxFileBytes else {
      throw JSONError(source: path, message: "file of \(size) bytes is larger than the \(maxFileBytes >> 20) MiB limit of a JSON document")
    }
    let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: max(size, 1), alignment: 16)
    defer { buf.deallocate() }
    var off = 0
    while off < size {
      let n = Glibc.read(fd, buf.baseAddress! + off, size - off)
      if n < 0 && errno == EINTR { continue }
      if n <= 0 {
        let why = n < 0 ? String(cString: strerror(errno)) : "file shrank while being read"
        throw JSONError(source: path, message: "read failed after \(off) of \(size) bytes: \(why)")
      }
      off += n
    }
    return try JSON.parse(bytes: UnsafeRawBufferPointer(rebasing: buf[0..<size]), source: path, allowComments: allowComments)
  }

  /// Writes this value (pretty-printed, trailing newline) to `path` atomically.
  public func write(file path: String, pretty: Bool = true) throws {
    try AtomicFile.write(serialized(pretty: pretty) + "\n", to: path)
  }
}
