// The progress line of long commands, on stderr: step/total, the key metrics, tokens/s and ETA.
import JSON
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public final class ProgressLine {
  public let label: String
  public let total: Int
  /// Minimum seconds between two printed lines (the last step always prints).
  public let interval: Double
  public var enabled: Bool
  private let start: Double
  private var lastPrint = -1e9
  private var firstStep: Int?
  private var tokensSinceStart = 0

  public init(label: String, total: Int, interval: Double = 2, enabled: Bool = true) {
    self.label = label; self.total = total; self.interval = interval; self.enabled = enabled
    start = FS.now()
  }

  /// Reports `step` (1-based, finished) having processed `tokens` more tokens.
  public func update(step: Int, tokens: Int, fields: [(String, String)]) {
    if firstStep == nil { firstStep = step - 1 }
    tokensSinceStart += tokens
    let now = FS.now()
    guard enabled, now - lastPrint >= interval || step == total else { return }
    lastPrint = now
    let elapsed = max(now - start, 1e-9)
    let done = step - (firstStep ?? 0)
    let rate = Double(tokensSinceStart) / elapsed
    let eta = done > 0 ? elapsed / Double(done) * Double(total - step) : 0
    var s = "\(label) step \(step)/\(total)"
    for (k, v) in fields { s += " \(k) \(v)" }
    s += " | \(Int(rate.rounded())) tok/s | ETA \(ProgressLine.duration(eta))"
    printErr(s)
  }

  /// "1h02m", "3m12s", "45s".
  public static func duration(_ seconds: Double) -> String {
    let t = Int(seconds.rounded())
    if t >= 3600 { return "\(t / 3600)h" + pad(t % 3600 / 60) + "m" }
    if t >= 60 { return "\(t / 60)m" + pad(t % 60) + "s" }
    return "\(t)s"
  }

  private static func pad(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
}

/// Fixed-precision formatting without Foundation (`fmt(0.123456, 4)` = "0.1235").
public func fmt(_ x: Double, _ digits: Int) -> String {
  guard x.isFinite else { return "\(x)" }
  return cFormat("%.\(digits)f", x)
}

/// Scientific formatting (`sci(0.0001, 2)` = "1.00e-04").
public func sci(_ x: Double, _ digits: Int) -> String {
  guard x.isFinite else { return "\(x)" }
  return cFormat("%.\(digits)e", x)
}

/// Writes one line to stderr (fd 2 directly: the C `stderr` global is not concurrency-safe in Swift 6).
public func printErr(_ line: String) {
  var text = line + "\n"
  text.withUTF8 { p in _ = write(2, p.baseAddress, p.count) }
}

private func cFormat(_ format: String, _ x: Double) -> String {
  var buf = [CChar](repeating: 0, count: 64)
  let n = withVaList([x]) { vsnprintf(&buf, 64, format, $0) }
  return String(decoding: buf.prefix(Int(max(0, min(n, 63)))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
