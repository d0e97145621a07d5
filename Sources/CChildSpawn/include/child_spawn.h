#ifndef CHAOS_CHILD_SPAWN_H
#define CHAOS_CHILD_SPAWN_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (NULL-terminated) in its own process group, stdin/stdout/
/// stderr from the three descriptors, every other descriptor closed, default signal actions and an
/// empty signal mask, and PR_SET_PDEATHSIG = SIGKILL set before exec: when the thread that called
/// this ends (the whole chaos process, if it is a thread that lives as long as the process), the
/// kernel kills the child. `directory` may be NULL.
/// Returns 0 and the pid in `pid`, or an errno value (exec failures included: ENOENT, EACCES…).
int chaos_spawn(const char *path, char *const argv[], char *const envp[], const char *directory,
                int input, int output, int error, pid_t *pid);

/// waitpid(pid) until it exits; returns the exit code, or the number of the signal that killed it
/// (as Foundation's `Process.terminationStatus` does; `signal_number` then says which), or -1.
int chaos_wait_exit(pid_t pid, int *signal_number);

/// pipe2(ends, O_CLOEXEC): a pipe whose ends no other child inherits.
int chaos_pipe(int ends[2]);

/// Starts `/bin/sh -c script` in a session of its own (Ctrl-C of the terminal does not reach it),
/// stdin from `input`, stdout/stderr on /dev/null, every other descriptor closed, and no
/// PR_SET_PDEATHSIG: it outlives the caller (a watchdog). Returns 0 and the pid, or an errno value.
int chaos_spawn_detached(const char *script, int input, pid_t *pid);

#endif
