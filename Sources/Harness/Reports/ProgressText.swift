/// The workload progress line: `[ 12.3s] fed 120/300  done  80/300 [#########-----------]`.
public enum ProgressText {
  public static func line(time: Double, fed: Int, done: Int, jobs: Int, width: Int = 24) -> String {
    let filled = jobs > 0 ? min(width, done * width / jobs) : width
    let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    return "[\(Seconds.format(time))] fed \(pad(fed, jobs))/\(jobs)  done \(pad(done, jobs))/\(jobs) [\(bar)]"
  }

  private static func pad(_ value: Int, _ total: Int) -> String {
    let text = String(value)
    let width = String(total).count
    return String(repeating: " ", count: max(0, width - text.count)) + text
  }
}
