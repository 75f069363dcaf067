// Any metric of one or more runs' metrics.jsonl against the step, as SVG (reward, accuracy,
// zero-signal fraction, completion length of RLVR runs side by side), with an optional trailing mean.
import JSON

public enum MetricCurves {
  /// One series per (label, metrics.jsonl); rows without `metric` are skipped. `smooth` > 1 draws the
  /// trailing mean over that many rows beside the raw values (faint).
  public static func svg(runs: [(label: String, metrics: String)], metric: String, title: String, smooth: Int = 1) throws -> String {
    var series: [SVGSeries] = []
    for (i, r) in runs.enumerated() {
      var pts: [(x: Double, y: Double)] = []
      try JSONLReader(path: r.metrics).forEach { _, v in
        if let s = v["step"]?.int, let y = v[metric]?.double, y.isFinite { pts.append((Double(s), y)) }
      }
      if pts.isEmpty { throw TrainingError.io(path: r.metrics, message: "no '\(metric)' values to plot") }
      let color = SVGPlot.palette[i % SVGPlot.palette.count]
      if smooth > 1 {
        var sm: [(x: Double, y: Double)] = []
        for j in pts.indices {
          let w = pts[max(0, j - smooth + 1)...j]
          sm.append((pts[j].x, w.reduce(0) { $0 + $1.y } / Double(w.count)))
        }
        series.append(SVGSeries(name: "\(r.label) (\(smooth)-step mean)", points: sm, color: color))
      } else {
        series.append(SVGSeries(name: r.label, points: pts, color: color))
      }
    }
    return SVGPlot.lines(series, title: title, xLabel: "step", yLabel: metric)
  }
}
