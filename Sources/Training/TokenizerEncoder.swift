// The project tokenizer behind the data pipeline's `TextEncoder`.
import Tokenizer

public struct TokenizerEncoder: TextEncoder {
  public let tokenizer: Tokenizer
  public init(_ tokenizer: Tokenizer) { self.tokenizer = tokenizer }
  public func encode(_ text: String) -> [Int] { tokenizer.encode(text) }
  public var vocabSize: Int { tokenizer.vocabSize }
  public var eosTokenId: Int? { tokenizer.specials.eosTokenId }
  public var padTokenId: Int { tokenizer.specials.padTokenId ?? tokenizer.specials.eosTokenId ?? 0 }
}
