// A named model parameter: its value in the storage dtype and, once training starts, an fp32 gradient.
import Kernels

public final class Parameter: @unchecked Sendable {
  /// HF name, e.g. "model.layers.0.self_attn.q_proj.weight".
  public let name: String
  public let shape: [Int]
  /// Value in storage dtype (f32, bf16 or f16). Matrices follow the model's dtype; vectors are f32.
  public internal(set) var value: Tensor
  /// fp32 gradient (same shape), allocated by `Qwen2Model.allocateGradients()`.
  public internal(set) var grad: Tensor?

  init(name: String, shape: [Int], dtype: DType) {
    self.name = name
    self.shape = shape
    self.value = Tensor(zeros: shape, dtype: dtype)
  }

  public var count: Int { value.count }
  public var dtype: DType { value.dtype }

  /// fp32 pointer to the value; precondition: stored in f32.
  var f32: UnsafeMutablePointer<Float> { value.floats }

  /// Writes the value into `dst` (count floats) as fp32.
  public func copyFloats(into dst: UnsafeMutablePointer<Float>) {
    if value.dtype == .f32 { dst.update(from: value.floats, count: count) } else {
      Half.toFloat(dst, value.halves, count: count, dtype: value.dtype)
    }
  }

  /// The value as an fp32 array (a copy; for tests and inspection).
  public func floats() -> [Float] { value.toArray() }

  /// Sets the value from fp32 (rounded to nearest even when stored in 16 bits).
  public func setFloats(_ src: UnsafePointer<Float>) {
    if value.dtype == .f32 { value.floats.update(from: src, count: count) } else {
      Half.fromFloat(value.halves, src, count: count, dtype: value.dtype)
    }
  }
}
