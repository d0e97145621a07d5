import LocalServices
import Scenario

/// The programs a scenario's `command:` lists name (command workers, the workload, the check) exist
/// where the run will look: a relative path under the command's `cwd` (as exec after chdir finds it),
/// a bare name in PATH. A program with a placeholder (`{service.redis.port}`) is known only at run
/// time and is not checked; a shell line is the shell's to resolve. `chaos run` and `chaos validate`
/// both ask this, so validate refuses what run would refuse before starting anything.
public enum ProgramCheck {
  public static func problems(_ model: ScenarioModel) -> [String] {
    var commands: [(ProcessCommand, String)] = model.workers.compactMap { worker in
      worker.command.map { ($0, "worker \(worker.name)") }
    }
    if let workload = model.workload.command { commands.append((workload, "the workload")) }
    if let check = model.check { commands.append((check.command, "the check")) }
    return commands.compactMap { command, owner in
      guard !command.isShellLine, let program = command.arguments.first, !program.contains("{"),
        ChildProcess.resolve(program, in: command.workingDirectory) == nil
      else { return nil }
      let looked =
        program.contains("/")
        ? ChildProcess.shownPath(program, in: command.workingDirectory) + " is not an executable file"
        : "'\(program)' is not in PATH"
      return "\(command.location): the program of \(owner) cannot be run: \(looked)"
    }
  }
}
