// libFuzzer target: the math answer normaliser and equivalence (every gold form in the sets is a
// string like these), and the boxed-answer extraction of completions.
import Puzzles

let golds = ["3", "\\frac{1}{2}", "x^2+1", "(1,2)", "[0, \\infty)", "\\{1,2\\}", "y = 2x + 1", "2\\sqrt{3}", "10^{10}", "\\pi"]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMath(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let text = String(decoding: UnsafeRawBufferPointer(start: data, count: size), as: UTF8.self)
  _ = MathAnswer.normalize(text)
  _ = MathAnswer.lastBoxed(text)
  _ = MathDomain.extractAnswer(text)
  for g in golds {
    _ = MathAnswer.equivalent(text, g)
    _ = MathAnswer.equivalent(g, text)
  }
  _ = MathDomain.verifyBoxed(gold: "3", completion: text)
  return 0
}
