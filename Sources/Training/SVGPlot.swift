// A tiny SVG line plot for notebooks (loss curves): series of (x, y) points on shared axes with
// ticks, labels and a legend. Deterministic text output, no dependencies.

public struct SVGSeries: Sendable {
  public var name: String
  public var points: [(x: Double, y: Double)]
  public var color: String
  public init(name: String, points: [(x: Double, y: Double)], color: String) {
    self.name = name; self.points = points; self.color = color
  }
}

public enum SVGPlot {
  public static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b"]

  /// Renders the series as an SVG document of `width` x `height` pixels.
  public static func lines(_ series: [SVGSeries], title: String, xLabel: String, yLabel: String,
                           width: Int = 640, height: Int = 360) -> String {
    let all = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
    // x (steps) spans exactly the data, so the axis never shows a negative step; y gets 4% padding.
    let xs = all.map(\.x)
    let (x0, x1) = (xs.max() ?? 0) - (xs.min() ?? 0) > 1e-12 ? (xs.min()!, xs.max()!) : niceRange(xs)
    let integralX = xs.allSatisfy { $0 == $0.rounded() }
    let (y0, y1) = niceRange(all.map(\.y))
    let left = 64.0, right = Double(width) - 16, top = 32.0, bottom = Double(height) - 44
    func px(_ x: Double) -> Double { left + (x - x0) / (x1 - x0) * (right - left) }
    func py(_ y: Double) -> Double { bottom - (y - y0) / (y1 - y0) * (bottom - top) }
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" font-family=\"sans-serif\" font-size=\"11\">\n"
    s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
    s += "<text x=\"\(width / 2)\" y=\"18\" text-anchor=\"middle\" font-size=\"13\">\(escape(title))</text>\n"
    for i in 0...4 {
      let yv = y0 + (y1 - y0) * Double(i) / 4, xv = x0 + (x1 - x0) * Double(i) / 4
      s += "<line x1=\"\(f(left))\" y1=\"\(f(py(yv)))\" x2=\"\(f(right))\" y2=\"\(f(py(yv)))\" stroke=\"#ddd\"/>\n"
      s += "<text x=\"\(f(left - 4))\" y=\"\(f(py(yv) + 4))\" text-anchor=\"end\">\(label(yv))</text>\n"
      s += "<text x=\"\(f(px(xv)))\" y=\"\(f(bottom + 14))\" text-anchor=\"middle\">\(integralX ? fmt(xv.rounded(), 0) : label(xv))</text>\n"
    }
    s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(right - left))\" height=\"\(f(bottom - top))\" fill=\"none\" stroke=\"#444\"/>\n"
    s += "<text x=\"\(f((left + right) / 2))\" y=\"\(height - 8)\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
    s += "<text transform=\"translate(14,\(f((top + bottom) / 2))) rotate(-90)\" text-anchor=\"middle\">\(escape(yLabel))</text>\n"
    for (i, ser) in series.enumerated() {
      let pts = ser.points.filter { $0.x.isFinite && $0.y.isFinite }.map { "\(f(px($0.x))),\(f(py($0.y)))" }
      if pts.count == 1 {
        let p = ser.points[0]
        s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(ser.color)\"/>\n"
      } else if !pts.isEmpty {
        s += "<polyline fill=\"none\" stroke=\"\(ser.color)\" stroke-width=\"1.5\" points=\"\(pts.joined(separator: " "))\"/>\n"
      }
      let ly = top + 14 + Double(i) * 14
      s += "<line x1=\"\(f(right - 120))\" y1=\"\(f(ly - 4))\" x2=\"\(f(right - 100))\" y2=\"\(f(ly - 4))\" stroke=\"\(ser.color)\" stroke-width=\"2\"/>\n"
      s += "<text x=\"\(f(right - 96))\" y=\"\(f(ly))\">\(escape(ser.name))</text>\n"
    }
    return s + "</svg>\n"
  }

  /// A padded range that is never empty.
  static func niceRange(_ v: [Double]) -> (Double, Double) {
    guard let lo = v.min(), let hi = v.max() else { return (0, 1) }
    if hi - lo < 1e-12 { return (lo - 0.5, hi + 0.5) }
    let pad = (hi - lo) * 0.04
    return (lo - pad, hi + pad)
  }

  static func f(_ x: Double) -> String { fmt(x, 1) }

  static func label(_ v: Double) -> String {
    let a = abs(v)
    if a != 0 && (a < 1e-2 || a >= 1e5) { return sci(v, 1) }
    return a >= 100 ? fmt(v, 0) : fmt(v, 2)
  }

  static func escape(_ s: String) -> String {
    var o = ""
    for c in s {
      switch c {
      case "<": o += "&lt;"
      case ">": o += "&gt;"
      case "&": o += "&amp;"
      case "\"": o += "&quot;"
      default: o.append(c)
      }
    }
    return o
  }
}
