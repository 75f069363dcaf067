// A contiguous row-major tensor: shape + dtype + a window (offset, count) into shared aligned storage.
// Views (`rows`, `reshaped`, `[i]`) share the storage; nothing here copies unless it says so.
// Kernels do not take Tensors: they take raw pointers plus dimensions; `Tensor` owns and shapes memory.

public struct Tensor: @unchecked Sendable {
  public let storage: AlignedBuffer
  public let dtype: DType
  public let shape: [Int]
  /// Offset of the first element, in elements of `dtype`.
  public let offset: Int

  /// A zero-filled tensor.
  public init(zeros shape: [Int], dtype: DType = .f32) {
    precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative dimension in \(shape)")
    let n = shape.reduce(1, *)
    self.storage = AlignedBuffer(byteCount: n * dtype.byteSize)
    self.dtype = dtype
    self.shape = shape
    self.offset = 0
  }

  /// A tensor holding `values` (rounded to nearest even for bf16/f16).
  public init(_ values: [Float], shape: [Int], dtype: DType = .f32) {
    self.init(zeros: shape, dtype: dtype)
    precondition(values.count == count, "Tensor: \(values.count) values for shape \(shape)")
    values.withUnsafeBufferPointer { src in
      guard let base = src.baseAddress else { return }
      switch dtype {
      case .f32: storage.floats(count).update(from: base, count: count)
      case .bf16, .f16: Half.fromFloat(storage.halves(count), base, count: count, dtype: dtype)
      }
    }
  }

  /// Shares storage with a window of it (internal: use `rows`, `reshaped`, subscript).
  init(storage: AlignedBuffer, dtype: DType, shape: [Int], offset: Int) {
    let n = shape.reduce(1, *)
    precondition(offset >= 0 && (offset + n) * dtype.byteSize <= storage.byteCount,
                 "Tensor view \(shape) at \(offset) exceeds storage of \(storage.byteCount) bytes")
    self.storage = storage
    self.dtype = dtype
    self.shape = shape
    self.offset = offset
  }

  public var count: Int { shape.reduce(1, *) }
  public var rank: Int { shape.count }
  public var byteCount: Int { count * dtype.byteSize }

  /// fp32 element pointer; precondition: dtype is f32.
  public var floats: UnsafeMutablePointer<Float> {
    precondition(dtype == .f32, "Tensor.floats on a \(dtype) tensor")
    return storage.raw.assumingMemoryBound(to: Float.self) + offset
  }

  /// 16-bit element pointer; precondition: dtype is bf16 or f16.
  public var halves: UnsafeMutablePointer<UInt16> {
    precondition(dtype.isHalf, "Tensor.halves on a \(dtype) tensor")
    return storage.raw.assumingMemoryBound(to: UInt16.self) + offset
  }

  /// Same elements, new shape with the same element count (a view).
  public func reshaped(_ newShape: [Int]) -> Tensor {
    precondition(newShape.reduce(1, *) == count, "Tensor.reshaped: \(shape) -> \(newShape) changes count")
    return Tensor(storage: storage, dtype: dtype, shape: newShape, offset: offset)
  }

  /// Rows `range` along the first dimension (a view).
  public func rows(_ range: Range<Int>) -> Tensor {
    precondition(rank >= 1 && range.lowerBound >= 0 && range.upperBound <= shape[0],
                 "Tensor.rows \(range) out of \(shape)")
    let inner = shape.dropFirst().reduce(1, *)
    return Tensor(storage: storage, dtype: dtype, shape: [range.count] + shape.dropFirst(),
                  offset: offset + range.lowerBound * inner)
  }

  /// Element `i` along the first dimension, rank reduced by one (a view).
  public subscript(i: Int) -> Tensor {
    precondition(rank >= 1 && i >= 0 && i < shape[0], "Tensor[\(i)] out of \(shape)")
    let inner = shape.dropFirst().reduce(1, *)
    return Tensor(storage: storage, dtype: dtype, shape: Array(shape.dropFirst()), offset: offset + i * inner)
  }

  /// A copy converted to `dtype` (fp32 -> half rounds to nearest even).
  public func converted(to target: DType) -> Tensor {
    let out = Tensor(zeros: shape, dtype: target)
    switch (dtype, target) {
    case (.f32, .f32): out.floats.update(from: floats, count: count)
    case (.f32, _): Half.fromFloat(out.halves, floats, count: count, dtype: target)
    case (_, .f32): Half.toFloat(out.floats, halves, count: count, dtype: dtype)
    default:
      if dtype == target { out.halves.update(from: halves, count: count) } else {
        let tmp = converted(to: .f32)
        return tmp.converted(to: target)
      }
    }
    return out
  }

  /// All elements widened to fp32, in order (a copy; for tests and inspection).
  public func toArray() -> [Float] {
    let f = converted(to: .f32)
    return Array(UnsafeBufferPointer(start: f.floats, count: count))
  }
}
