// Safetensors reader: the file is memory-mapped (read-only) and the header validated before any
// tensor is touched. Format: u64 little-endian header length N, N bytes of JSON
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {...}}, then the data block;
// offsets are relative to the data block.
import JSON
import Kernels
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One tensor's place in a safetensors file.
public struct SafetensorsEntry: Sendable, Equatable {
  public var name: String
  public var dtype: DType
  public var shape: [Int]
  /// Byte range inside the data block.
  public var begin: Int
  public var end: Int
  /// Elements; the header check guarantees the product fits (end - begin = count x dtype size).
  public var count: Int { shape.reduce(1, &*) }
}

/// A memory-mapped safetensors file with a validated header.
public final class SafetensorsFile: @unchecked Sendable {
  public let path: String
  public let entries: [String: SafetensorsEntry]
  public let metadata: [String: String]
  private let base: UnsafeMutableRawPointer?
  private let mappedBytes: Int
  private let dataStart: Int

  public init(path: String) throws {
    self.path = path
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { throw ModelError(.io, file: path, "cannot open: \(String(cString: strerror(errno)))") }
    defer { close(fd) }
    var st = stat()
    guard fstat(fd, &st) == 0 else { throw ModelError(.io, file: path, "cannot stat") }
    let size = Int(st.st_size)
    guard size >= 8 else { throw ModelError(.truncated, file: path, "file of \(size) bytes is shorter than the 8-byte header length") }
    guard let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED else {
      throw ModelError(.io, file: path, "mmap failed: \(String(cString: strerror(errno)))")
    }
    base = p
    mappedBytes = size
    do {
      // Compared as UInt64: a length of 2^63 or more must not wrap to a negative Int (this module is
      // built -Ounchecked, so the conversion would not trap either).
      let n64 = UInt64(littleEndian: p.loadUnaligned(as: UInt64.self))
      guard n64 <= UInt64(size - 8) else {
        throw ModelError(.badHeader, file: path, "header length \(n64) is longer than the file allows (\(size - 8) bytes after the length)")
      }
      let n = Int(n64)
      guard n <= Self.maxHeaderBytes else {
        throw ModelError(.badHeader, file: path, "header length \(n) is over the \(Self.maxHeaderBytes >> 20) MiB limit of the format")
      }
      dataStart = 8 + n
      let json: JSON
      do {
        json = try JSON.parse(bytes: UnsafeRawBufferPointer(start: p + 8, count: n), source: path)
      } catch {
        throw ModelError(.badHeader, file: path, "header is not valid JSON: \(error)")
      }
      (entries, metadata) = try Self.parseHeader(json, path: path, dataBytes: size - dataStart)
    } catch {
      munmap(p, size)
      throw error
    }
  }

  deinit { if let base { munmap(base, mappedBytes) } }

  /// The safetensors format caps the header at 100 MB (the reference implementation refuses more).
  public static let maxHeaderBytes = 100_000_000

  /// Names in data order.
  public var names: [String] { entries.values.sorted { $0.begin < $1.begin }.map(\.name) }

  /// Raw bytes of tensor `name` (valid while this object lives).
  public func data(_ name: String) -> UnsafeRawPointer? {
    guard let e = entries[name], let base else { return nil }
    return UnsafeRawPointer(base + dataStart + e.begin)
  }

  /// Tensor `name` copied out, converted to fp32.
  public func floats(_ name: String) throws -> [Float] {
    guard let e = entries[name], let src = data(name) else {
      throw ModelError(.missingTensor, file: path, item: name, "no such tensor")
    }
    var out = [Float](repeating: 0, count: e.count)
    out.withUnsafeMutableBufferPointer { dst in
      SafetensorsFile.convert(dst.baseAddress!, from: src, dtype: e.dtype, count: e.count)
    }
    return out
  }

  /// dst (count) fp32 = src read as `dtype` (unaligned-safe).
  static func convert(_ dst: UnsafeMutablePointer<Float>, from src: UnsafeRawPointer, dtype: DType, count: Int) {
    switch dtype {
    case .f32: UnsafeMutableRawPointer(dst).copyMemory(from: src, byteCount: count * 4)
    case .bf16, .f16:
      // Data offsets are only guaranteed 1-byte aligned by the format; UInt16 loads need 2.
      if Int(bitPattern: src) % 2 == 0 {
        Half.toFloat(dst, src.assumingMemoryBound(to: UInt16.self), count: count, dtype: dtype)
      } else {
        for i in 0..<count {
          let h = src.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)
          dst[i] = dtype == .bf16 ? Half.bf16ToFloat(h) : Half.f16ToFloat(h)
        }
      }
    }
  }

  static func dtype(named s: String) -> DType? {
    switch s {
    case "F32": return .f32
    case "BF16": return .bf16
    case "F16": return .f16
    default: return nil
    }
  }

  static func name(of d: DType) -> String {
    switch d {
    case .f32: return "F32"
    case .bf16: return "BF16"
    case .f16: return "F16"
    }
  }

  static func parseHeader(_ json: JSON, path: String, dataBytes: Int) throws
    -> ([String: SafetensorsEntry], [String: String]) {
    guard let obj = json.object else { throw ModelError(.badHeader, file: path, "header must be a JSON object") }
    var entries: [String: SafetensorsEntry] = [:]
    var meta: [String: String] = [:]
    for (name, v) in obj {
      if name == "__metadata__" {
        for (k, mv) in v.object ?? JSONObject() { meta[k] = mv.string ?? mv.serialized() }
        continue
      }
      guard let t = v.object else { throw ModelError(.badHeader, file: path, item: name, "entry must be an object") }
      guard let ds = t["dtype"]?.string else { throw ModelError(.badHeader, file: path, item: name, "missing dtype") }
      guard let dt = dtype(named: ds) else {
        throw ModelError(.unsupportedDType, file: path, item: name, "unsupported dtype \(ds) (supported: F32, BF16, F16)")
      }
      guard let sh = t["shape"]?.array, let shape = Optional(sh.compactMap(\.int)), shape.count == sh.count,
            shape.allSatisfy({ $0 >= 0 }), shape.count <= 8 else {
        throw ModelError(.badHeader, file: path, item: name, "shape must be a list of at most 8 non-negative integers")
      }
      guard let off = t["data_offsets"]?.array, off.count == 2, let b = off[0].int, let e = off[1].int else {
        throw ModelError(.badHeader, file: path, item: name, "data_offsets must be [begin, end]")
      }
      guard b >= 0, b <= e, e <= dataBytes else {
        throw ModelError(.badOffsets, file: path, item: name,
                         "data_offsets [\(b), \(e)] out of range of the \(dataBytes)-byte data block (file truncated?)")
      }
      // Overflow-checked: a shape whose product wraps around 2^64 could otherwise match a small span,
      // and the unchecked kernels would read far past the mapping.
      var want: Int? = dt.byteSize
      for d in shape {
        guard let w = want else { break }
        let (p, o) = w.multipliedReportingOverflow(by: d)
        want = o ? nil : p
      }
      guard let want else {
        throw ModelError(.shapeMismatch, file: path, item: name, "shape \(shape) x \(ds) overflows 64-bit byte counts")
      }
      guard e - b == want else {
        throw ModelError(.shapeMismatch, file: path, item: name,
                         "shape \(shape) x \(ds) needs \(want) bytes but data_offsets span \(e - b)")
      }
      entries[name] = SafetensorsEntry(name: name, dtype: dt, shape: shape, begin: b, end: e)
    }
    let sorted = entries.values.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
    for (a, b) in zip(sorted, sorted.dropFirst()) where b.begin < a.end && a.end > a.begin && b.end > b.begin {
      throw ModelError(.badOffsets, file: path, item: b.name,
                       "data_offsets [\(b.begin), \(b.end)] overlap \(a.name) [\(a.begin), \(a.end)]")
    }
    return (entries, meta)
  }
}

/// All tensors of a checkpoint directory: `model.safetensors`, or shards listed in
/// `model.safetensors.index.json` (`weight_map`: name -> shard file).
public struct SafetensorsCheckpoint: @unchecked Sendable {
  public let files: [SafetensorsFile]
  /// name -> index into `files`.
  public let location: [String: Int]

  public init(directory dir: String) throws {
    let index = dir + "/model.safetensors.index.json"
    let single = dir + "/model.safetensors"
    if access(index, F_OK) == 0 {
      let json: JSON
      do { json = try JSON.read(file: index) } catch { throw ModelError(.io, file: index, "\(error)") }
      guard let map = json["weight_map"]?.object else {
        throw ModelError(.badHeader, file: index, item: "weight_map", "missing or not an object")
      }
      var shardIndex: [String: Int] = [:]
      var files: [SafetensorsFile] = []
      var location: [String: Int] = [:]
      for (name, f) in map {
        guard let shard = f.string else { throw ModelError(.badHeader, file: index, item: name, "shard must be a file name") }
        if shardIndex[shard] == nil {
          shardIndex[shard] = files.count
          files.append(try SafetensorsFile(path: dir + "/" + shard))
        }
        let i = shardIndex[shard]!
        guard files[i].entries[name] != nil else {
          throw ModelError(.missingTensor, file: files[i].path, item: name, "listed in \(index) but absent from the shard")
        }
        location[name] = i
      }
      self.files = files
      self.location = location
    } else if access(single, F_OK) == 0 {
      let f = try SafetensorsFile(path: single)
      files = [f]
      location = Dictionary(uniqueKeysWithValues: f.entries.keys.map { ($0, 0) })
    } else {
      throw ModelError(.io, file: dir, "no model.safetensors or model.safetensors.index.json in this directory")
    }
  }

  public func entry(_ name: String) -> (file: SafetensorsFile, entry: SafetensorsEntry)? {
    guard let i = location[name], let e = files[i].entries[name] else { return nil }
    return (files[i], e)
  }

  public var names: [String] { location.keys.sorted() }
}
