// libFuzzer target: the K&K parsers. The input is read as a `statements` tuple, a quiz, an answer
// block and a whole JSON record; each gives a value or a typed error, and a record that loads is
// solved (its size limits keep that quick).
import JSON
import Puzzles

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzKK(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  let bytes = UnsafeRawBufferPointer(start: data, count: size)
  let text = String(decoding: bytes, as: UTF8.self)
  _ = try? KKStatement.parsePython(text)
  _ = try? KKQuizParser.parse(text)
  let names = ["Amelia", "Penelope", "Evelyn"]
  if let block = KKAnswer.block(text) { _ = KKAnswer.parse(block, names: names) }
  _ = KKAnswer.parse(Substring(text), names: names, words: KKRoleWords(aKnight: "a saint", aKnave: "a sinner"))
  let record: JSON = ["names": ["Amelia", "Penelope", "Evelyn"], "solution": [true, true, false]]
  _ = try? KKDomain().verify(record, completion: text)
  if let rec = try? JSON.parse(bytes: bytes, source: "fuzz"), let p = try? KKPuzzle(record: rec, source: "fuzz", line: 1) {
    _ = p.solutions
    _ = try? KKPuzzle.goldSolution(rec, source: "fuzz", line: 1)
    _ = try? KKDomain().verify(rec, completion: "<think>x</think><answer>(1) A is a knight</answer>")
  }
  return 0
}
