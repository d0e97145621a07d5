import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Why a path named on the command line cannot be used, in the words of `stat(2)`: a symlink loop
/// is not "no such file or directory".
enum PathProblem {
  static func reason(_ path: String) -> String {
    var info = stat()
    if stat(path, &info) == 0 { return "cannot be read" }
    switch errno {
    case ENOENT: return "no such file or directory"
    case ELOOP: return "too many levels of symbolic links (a symbolic link loop)"
    case EACCES: return "permission denied"
    case ENOTDIR: return "a part of the path is not a directory"
    default: return String(cString: strerror(errno)).lowercased()
    }
  }
}
