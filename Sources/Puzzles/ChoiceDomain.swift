// PLACEHOLDER until the choice domain lands: the interface exists so that the registry compiles.
import JSON

public struct ChoiceDomain: DomainSpec {
  public init() {}
  public var domain: Domain { .choice }
  public var requiredFields: [String] { [] }
  public func question(_ record: JSON) throws -> String { throw JSONError(source: "choice", message: "choice domain not implemented yet") }
  public func verify(_ record: JSON, completion: String) throws -> Verdict { throw JSONError(source: "choice", message: "choice domain not implemented yet") }
  public func difficulty(_ record: JSON) -> String { "?" }
  public func generate(split: Split, count: Int, seed: UInt64, difficulty: Int?) throws -> [JSON] { throw JSONError(source: "choice", message: "choice domain not implemented yet") }
}
