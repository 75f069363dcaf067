#if canImport(Glibc)
import Glibc
#endif

/// One line to stderr (progress and diagnostics; stdout carries results). Writes to fd 2 directly:
/// the C `stderr` global is not concurrency-safe in Swift 6.
func printErr(_ s: String) {
  var line = s + "\n"
  line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Monotonic wall-clock seconds, for timings and ETAs.
func monotonicSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_MONOTONIC, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}
