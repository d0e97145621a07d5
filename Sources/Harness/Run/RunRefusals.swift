import Scenario

/// What `chaos run` refuses before starting anything that the parser alone cannot see, asked by
/// `chaos validate` too: a command's program that is not there (``ProgramCheck``) and, when the
/// scenario has built-in workers and `chaos-worker` is found, settings a worker would refuse
/// (``WorkerSettingsCheck``). Without `chaos-worker` the settings are left to the run.
public enum RunRefusals {
  public static func problems(_ model: ScenarioModel, workerBinary: String? = try? WorkerBinary.locate())
    -> [String]
  {
    ProgramCheck.problems(model)
      + (workerBinary.map { WorkerSettingsCheck.problems(model, workerBinary: $0) } ?? [])
  }
}
