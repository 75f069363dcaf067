// PLACEHOLDER until the arith domain lands: the interface exists so that the registry compiles.
import JSON

public struct ArithDomain: DomainSpec {
  public init() {}
  public var domain: Domain { .arith }
  public var requiredFields: [String] { [] }
  public func question(_ record: JSON) throws -> String { throw JSONError(source: "arith", message: "arith domain not implemented yet") }
  public func verify(_ record: JSON, completion: String) throws -> Verdict { throw JSONError(source: "arith", message: "arith domain not implemented yet") }
  public func difficulty(_ record: JSON) -> String { "?" }
  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] { throw JSONError(source: "arith", message: "arith domain not implemented yet") }
}
