#define _GNU_SOURCE
#include "child_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/// Only async-signal-safe calls between fork and exec: the parent has other threads.
static void close_from(int first) {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, first, ~0U, 0) == 0) return;
#endif
  long limit = sysconf(_SC_OPEN_MAX);
  if (limit < 0 || limit > 65536) limit = 65536;
  for (int fd = first; fd < limit; fd++) close(fd);
}

/// Default signal actions and an empty signal mask (what exec'd programs expect).
static void reset_signals(void) {
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  struct sigaction defaults = {0};
  defaults.sa_handler = SIG_DFL;
  for (int number = 1; number < NSIG; number++) sigaction(number, &defaults, NULL);
}

static void report_and_exit(int report, int value) {
  ssize_t ignored = write(report, &value, sizeof value);
  (void)ignored;
  _exit(127);
}

int chaos_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int input, int output, int error, pid_t *pid) {
  int report[2];
  if (pipe2(report, O_CLOEXEC) != 0) return errno;
  pid_t parent = getpid();
  pid_t child = fork();
  if (child < 0) {
    int failure = errno;
    close(report[0]);
    close(report[1]);
    return failure;
  }
  if (child == 0) {
    if (prctl(PR_SET_PDEATHSIG, SIGKILL) != 0) report_and_exit(report[1], errno);
    if (getppid() != parent) _exit(127);  // the parent died before prctl: nobody to serve
    setpgid(0, 0);
    reset_signals();
    // Move the three descriptors above 2 first, so that dup2 cannot clobber one with another.
    int moved[3] = {fcntl(input, F_DUPFD_CLOEXEC, 3), fcntl(output, F_DUPFD_CLOEXEC, 3),
                    fcntl(error, F_DUPFD_CLOEXEC, 3)};
    for (int target = 0; target < 3; target++) {
      if (moved[target] < 0 || dup2(moved[target], target) < 0) report_and_exit(report[1], errno);
    }
    if (directory != NULL && chdir(directory) != 0) report_and_exit(report[1], errno);
    int keep = report[1];
    if (keep != 3) {
      if (dup3(keep, 3, O_CLOEXEC) < 0) report_and_exit(keep, errno);
      keep = 3;
    }
    close_from(4);
    execve(path, argv, envp);
    report_and_exit(keep, errno);
  }
  close(report[1]);
  int failure = 0;
  ssize_t got;
  do {
    got = read(report[0], &failure, sizeof failure);
  } while (got < 0 && errno == EINTR);
  close(report[0]);
  if (got == (ssize_t)sizeof failure) {
    int ignored;
    while (waitpid(child, &ignored, 0) < 0 && errno == EINTR) {}
    return failure;
  }
  *pid = child;
  return 0;
}

int chaos_wait_exit(pid_t pid, int *signal_number) {
  int status = 0;
  *signal_number = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFSIGNALED(status)) {
    *signal_number = WTERMSIG(status);
    return WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

int chaos_pipe(int ends[2]) { return pipe2(ends, O_CLOEXEC); }

int chaos_spawn_detached(const char *script, int input, pid_t *pid) {
  pid_t child = fork();
  if (child < 0) return errno;
  if (child == 0) {
    setsid();
    reset_signals();
    int quiet = open("/dev/null", O_RDWR | O_CLOEXEC);
    int moved = fcntl(input, F_DUPFD_CLOEXEC, 3);
    if (quiet < 0 || moved < 0 || dup2(moved, 0) < 0 || dup2(quiet, 1) < 0 || dup2(quiet, 2) < 0) _exit(127);
    close_from(3);
    execl("/bin/sh", "sh", "-c", script, (char *)NULL);
    _exit(127);
  }
  *pid = child;
  return 0;
}
