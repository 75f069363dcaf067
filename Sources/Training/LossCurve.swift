// The loss curve of a run folder's metrics.jsonl as SVG: training loss per step (and a smoothed
// copy when noisy), held-out loss at its evaluation steps.
import JSON

public enum LossCurve {
  /// Reads `metrics` (metrics.jsonl) and renders the curves; `title` heads the plot.
  public static func svg(metrics: String, title: String) throws -> String {
    var train: [(x: Double, y: Double)] = [], held: [(x: Double, y: Double)] = []
    try JSONLReader(path: metrics).forEach { _, v in
      guard let s = v["step"]?.int else { return }
      if let l = v["loss"]?.double { train.append((Double(s), l)) }
      if let h = v["held_out_loss"]?.double { held.append((Double(s), h)) }
    }
    if train.isEmpty { throw TrainingError.io(path: metrics, message: "no 'loss' rows to plot") }
    var series = [SVGSeries(name: "train loss", points: train, color: SVGPlot.palette[0])]
    if train.count >= 40 {
      // Trailing mean over 10 steps: the raw per-step loss of small batches is noisy.
      var smooth: [(x: Double, y: Double)] = []
      for i in train.indices {
        let w = train[max(0, i - 9)...i]
        smooth.append((train[i].x, w.reduce(0) { $0 + $1.y } / Double(w.count)))
      }
      series[0].color = "#9ecae1"
      series.append(SVGSeries(name: "train (10-step mean)", points: smooth, color: SVGPlot.palette[0]))
    }
    if !held.isEmpty { series.append(SVGSeries(name: "held-out loss", points: held, color: SVGPlot.palette[1])) }
    return SVGPlot.lines(series, title: title, xLabel: "optimizer step", yLabel: "loss (nats / token)")
  }
}
