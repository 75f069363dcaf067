// What `--resume` restores beside the model and optimizer: the step, the data cursor, the RNG and
// the running totals. Saved as JSON in `state/step-N/resume.json`.
import JSON
import Seeded

public struct ResumeState: Codable, Sendable, Equatable {
  /// Optimizer steps finished.
  public var step: Int
  /// Epoch and step within the epoch of the next batch.
  public var epoch: Int
  public var stepInEpoch: Int
  /// The run's generator (sampling for periodic evaluation, shuffling streams are derived from the seed).
  public var rng: SeededRNG
  public var tokensSeen: Int
  /// Hash of the resolved config: a resume under a changed config is refused.
  public var configHash: String

  public init(step: Int, epoch: Int, stepInEpoch: Int, rng: SeededRNG, tokensSeen: Int, configHash: String) {
    self.step = step; self.epoch = epoch; self.stepInEpoch = stepInEpoch; self.rng = rng
    self.tokensSeen = tokensSeen; self.configHash = configHash
  }

  public static let fileName = "resume.json"

  public func write(into dir: String) throws {
    try FS.makeDirectories(dir)
    try JSON(encoding: self).write(file: dir + "/" + ResumeState.fileName)
  }

  public static func read(from dir: String) throws -> ResumeState {
    let path = dir + "/" + fileName
    return try JSON.read(file: path).decode(ResumeState.self, source: path)
  }
}

/// FNV-1a 64 of a string, hex: a cheap, stable fingerprint (configs, data files).
public func fnv1a64(_ s: String) -> String {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in s.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
  let hex = String(h, radix: 16)
  return String(repeating: "0", count: 16 - hex.count) + hex
}

/// FNV-1a 64 of a file's bytes.
public func fnv1a64(fileAt path: String) throws -> String {
  var h: UInt64 = 0xcbf2_9ce4_8422_2325
  for b in try FileBytes(path: path).bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
  let hex = String(h, radix: 16)
  return String(repeating: "0", count: 16 - hex.count) + hex
}
