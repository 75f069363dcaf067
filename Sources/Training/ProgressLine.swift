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
  /// Seconds of recent progress that tokens/s and the ETA are measured over. A run-long average would keep
  /// reporting the speed of a stretch that is over (another job on the cores, then none), so its ETA would read
  /// hours with minutes left; the window follows the current speed within `window` seconds.
  public let window: Double
  public var enabled: Bool
  private let clock: () -> Double
  private let start: Double
  private var lastPrint = -1e9
  /// (time, finished step, tokens since start) at the start and at each printed line within the window.
  private var marks: [(time: Double, step: Int, tokens: Int)] = []
  private var tokensSinceStart = 0

  public init(label: String, total: Int, interval: Double = 2, window: Double = 60, enabled: Bool = true,
              clock: @escaping () -> Double = FS.now) {
    self.label = label; self.total = total; self.interval = interval; self.window = window
    self.enabled = enabled; self.clock = clock
    start = clock()
  }

  /// Reports `step` (1-based, finished) having processed `tokens` more tokens; prints the line when due.
  public func update(step: Int, tokens: Int, fields: [(String, String)]) {
    if let line = line(step: step, tokens: tokens, fields: fields) { printErr(line) }
  }

  /// `update` without the printing: the line that is due now, or nil (tested with a fake clock).
  public func line(step: Int, tokens: Int, fields: [(String, String)]) -> String? {
    if marks.isEmpty { marks.append((start, step - 1, 0)) }
    tokensSinceStart += tokens
    let now = clock()
    guard enabled, now - lastPrint >= interval || step == total else { return nil }
    lastPrint = now
    // The oldest mark still inside the window (the newest one older than it, so that the window is covered).
    while marks.count > 1 && marks[1].time <= now - window { marks.removeFirst() }
    let from = marks[0]
    let elapsed = max(now - from.time, 1e-9)
    let done = step - from.step
    let rate = Double(tokensSinceStart - from.tokens) / elapsed
    let eta = done > 0 ? elapsed / Double(done) * Double(total - step) : 0
    marks.append((now, step, tokensSinceStart))
    var s = "\(label) step \(step)/\(total)"
    for (k, v) in fields { s += " \(k) \(v)" }
    s += " | \(Int(rate.rounded())) tok/s | ETA \(ProgressLine.duration(eta))"
    return s
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
