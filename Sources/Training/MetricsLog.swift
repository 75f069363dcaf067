// Append-only JSONL logs (metrics.jsonl, samples.jsonl). Each line is flushed as it is written so a
// killed run keeps every finished step; on resume, lines past the resumed step are dropped so the
// file reads as if the run had never stopped.
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class MetricsLog {
  public let path: String
  private var file: UnsafeMutablePointer<FILE>?

  /// Opens `path` for appending. With `keepThroughStep`, existing lines whose `step` is greater are
  /// removed first (atomically); without it, the file is started empty.
  public init(path: String, keepThroughStep: Int? = nil) throws {
    self.path = path
    var kept: [JSON] = []
    if let keep = keepThroughStep, FS.exists(path) {
      let r = try JSONLReader(path: path)
      while true {
        let v: JSON?
        do { v = try r.next() } catch { continue }  // a torn last line from a kill is dropped
        guard let v else { break }
        if let s = v["step"]?.int, s > keep { continue }
        kept.append(v)
      }
    }
    var text = ""
    for v in kept { text += v.serialized() + "\n" }
    try AtomicFile.write(text, to: path)
    file = fopen(path, "a")
    if file == nil { throw TrainingError.io(path: path, message: "cannot open for appending: \(String(cString: strerror(errno)))") }
  }

  deinit { if let file { fclose(file) } }

  public func append(_ value: JSON) {
    guard let file else { return }
    fputs(value.serialized() + "\n", file)
    fflush(file)
  }

  public func close() {
    if let f = file { fclose(f); file = nil }
  }
}
