// Element types of tensor storage. Compute is always fp32; bf16/f16 are storage formats
// (this CPU has no bf16 arithmetic, and f16 only has F16C conversion instructions).

/// Storage element type.
public enum DType: String, Sendable, CaseIterable {
  case f32, bf16, f16

  /// Bytes per element.
  public var byteSize: Int {
    switch self {
    case .f32: return 4
    case .bf16, .f16: return 2
    }
  }

  /// True for the 16-bit storage formats (bf16, f16).
  public var isHalf: Bool { self != .f32 }
}
