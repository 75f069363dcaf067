// Typed errors for checkpoints and configs: each names the file and the key or tensor at fault.

/// An error loading or writing a model: the file, the key or tensor, and what was expected.
public struct ModelError: Error, CustomStringConvertible, Sendable, Equatable {
  public enum Kind: String, Sendable {
    case missingKey, badValue, unsupportedModelType, badHeader, unsupportedDType, badOffsets,
         truncated, shapeMismatch, missingTensor, unexpectedTensor, vocabMismatch, io
  }
  public var kind: Kind
  public var file: String
  /// The config key or tensor name ("" when the whole file is at fault).
  public var item: String
  public var message: String

  public init(_ kind: Kind, file: String, item: String = "", _ message: String) {
    self.kind = kind
    self.file = file
    self.item = item
    self.message = message
  }

  public var description: String {
    item.isEmpty ? "\(file): \(message)" : "\(file): \(item): \(message)"
  }
}
