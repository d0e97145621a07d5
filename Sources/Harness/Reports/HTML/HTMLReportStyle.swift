/// The report's inline stylesheet: system fonts only, nothing fetched.
enum HTMLReportStyle {
  static let css = """
    body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
      margin: 16px 20px; color: #1d2329; background: #fff; font-size: 14px; }
    h1 { font-size: 20px; margin: 0 0 8px; }
    h2 { font-size: 18px; margin: 18px 0 6px; }
    h3 { font-size: 15px; margin: 14px 0 6px; }
    section.scenario { border-top: 3px solid #d0d7de; padding-top: 6px; margin-top: 12px; }
    .status { display: inline-block; padding: 2px 10px; border-radius: 10px; color: #fff; font-size: 13px;
      font-weight: 600; margin-left: 8px; vertical-align: middle; }
    .status.passed { background: #2e9e44; } .status.failed { background: #c62828; }
    .status.error { background: #6b3fa0; }
    table { border-collapse: collapse; margin: 4px 0 8px; }
    td, th { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; font-size: 13px; }
    th { background: #f3f5f7; }
    table.meta td:first-child { color: #57606a; white-space: nowrap; }
    tr.fail td { background: #fdecea; } tr.unknown td { background: #fff8e1; } tr.unknown td.verdict { color: #ef6c00; } tr.pass td.verdict { color: #2e7d32; } tr.fail td.verdict { color: #c62828; }
    td.verdict { font-weight: 700; text-align: center; }
    ul.evidence { margin: 2px 0; padding-left: 18px; font-family: ui-monospace, "DejaVu Sans Mono", monospace;
      font-size: 12px; }
    .errors { color: #c62828; white-space: pre-wrap; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
    svg { display: block; font-size: 11px; }
    svg .lane { fill: #ffffff; } svg .lane.odd { fill: #f6f8fa; }
    svg .grid { stroke: #d8dee4; stroke-width: 1; } svg .hgrid { stroke: #eef1f4; stroke-width: 1; }
    svg .separator { stroke: #8c959f; stroke-width: 1; }
    svg .tick, svg .ytick, svg .unit { fill: #57606a; font-size: 11px; }
    svg .lane-label { fill: #1d2329; font-size: 12px; font-weight: 600; }
    svg .band { opacity: 0.10; }
    svg .fault { opacity: 0.85; } svg .fault.open { opacity: 0.5; stroke: #000; stroke-dasharray: 4 3; }
    svg .fault.failed { stroke: #000; stroke-width: 2; }
    svg .fault-label { fill: #1d2329; font-size: 11px; } svg .fault-label.inside { fill: #fff; font-weight: 600; }
    svg .disconnected { opacity: 0.28; }
    svg .worker-step { stroke: #7a5cc7; stroke-width: 3; }
    .legend { display: flex; flex-wrap: wrap; gap: 14px; margin: 4px 0 10px 170px; font-size: 12px; color: #33383d; }
    .legend svg { display: inline-block; vertical-align: middle; margin-right: 3px; }
    .series-keys { margin: 0 0 8px 170px; font-size: 12px; }
    .key { margin-right: 14px; } .swatch { display: inline-block; width: 12px; height: 3px; margin: 0 4px 3px 0; }
    .note { color: #57606a; font-size: 12px; }
    """
}
