/// Where a job stands: created → downloaded → translated → done.
public enum JobPhase: String, Sendable, Codable, CaseIterable, Comparable {
  case created, downloaded, translated, done

  public static func < (lhs: JobPhase, rhs: JobPhase) -> Bool {
    allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
  }
}
