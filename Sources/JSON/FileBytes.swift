// Whole-file reads without Foundation.
#if canImport(Glibc)
import Glibc
#endif

public struct FileBytes {
  public let bytes: [UInt8]
  public init(path: String) throws {
    let fd = try openRegularFile(path, allowFIFO: true)
    defer { close(fd) }
    var out: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw JSONError(source: path, message: "read failed: \(String(cString: strerror(errno)))")
      }
      if n == 0 { break }
      out.append(contentsOf: chunk[0..<n])
    }
    bytes = out
  }
}
