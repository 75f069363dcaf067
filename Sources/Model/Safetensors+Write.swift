// Safetensors writer in the layout HF `safetensors` writes: header keys sorted, data laid out in
// that order, `__metadata__: {"format": "pt"}`, header padded with spaces to a multiple of 8.
import JSON
import Kernels

/// A tensor to write: fp32 source values converted to `dtype` on the way out.
public struct SafetensorsOutput {
  public var name: String
  public var shape: [Int]
  public var dtype: DType
  /// Produces the tensor's fp32 values into the given buffer (count = shape product).
  public var fill: (UnsafeMutablePointer<Float>) -> Void

  public init(name: String, shape: [Int], dtype: DType, fill: @escaping (UnsafeMutablePointer<Float>) -> Void) {
    self.name = name
    self.shape = shape
    self.dtype = dtype
    self.fill = fill
  }
}

public enum SafetensorsWriter {
  /// Writes `tensors` to `path` atomically (temporary file, fsync, rename).
  /// `metadata` entries join `format: pt` in `__metadata__` (string values, as the format requires).
  public static func write(_ tensors: [SafetensorsOutput], to path: String, metadata: [String: String] = [:]) throws {
    let sorted = tensors.sorted { $0.name < $1.name }
    var header = JSONObject()
    var meta = JSONObject()
    meta["format"] = "pt"
    for k in metadata.keys.sorted() { meta[k] = .string(metadata[k]!) }
    header["__metadata__"] = .object(meta)
    var offset = 0
    for t in sorted {
      let bytes = t.shape.reduce(1, *) * t.dtype.byteSize
      header[t.name] = .object(JSONObject(pairs: [
        ("dtype", .string(SafetensorsFile.name(of: t.dtype))),
        ("shape", .array(t.shape.map { .int($0) })),
        ("data_offsets", [.int(offset), .int(offset + bytes)]),
      ]))
      offset += bytes
    }
    var text = JSON.object(header).serialized(pretty: false, sortKeys: true)
    while text.utf8.count % 8 != 0 { text += " " }
    let file = try AtomicFile(path: path)
    var len = UInt64(text.utf8.count).littleEndian
    try withUnsafeBytes(of: &len) { try file.write(bytes: $0) }
    try file.write(text)
    for t in sorted {
      let n = t.shape.reduce(1, *)
      let buf = AlignedBuffer(byteCount: n * 4)
      t.fill(buf.floats(n))
      if t.dtype == .f32 {
        try file.write(bytes: UnsafeRawBufferPointer(start: buf.raw, count: n * 4))
      } else {
        let half = AlignedBuffer(byteCount: n * 2)
        Half.fromFloat(half.halves(n), buf.floats(n), count: n, dtype: t.dtype)
        try file.write(bytes: UnsafeRawBufferPointer(start: half.raw, count: n * 2))
      }
    }
    try file.commit()
  }
}
