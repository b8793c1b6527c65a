#ifndef FEEDD_CPROCESS_SHIM_H
#define FEEDD_CPROCESS_SHIM_H

#include <signal.h>
#include <spawn.h>
#include <malloc.h>
#include <sys/types.h>

/* GNU and Linux calls of glibc 2.36 that Swift's Glibc module leaves out (it is built without _GNU_SOURCE, and
   has no <sys/pidfd.h>), declared as glibc's own headers declare them: <unistd.h>, <spawn.h>, <sys/pidfd.h>.
   <malloc.h> (mallopt, malloc_trim) is not in it either. */
extern int pipe2(int fds[2], int flags);
extern int posix_spawn_file_actions_addclosefrom_np(posix_spawn_file_actions_t *actions, int from);
extern int pidfd_open(pid_t pid, unsigned int flags);
extern int pidfd_send_signal(int pidfd, int sig, siginfo_t *info, unsigned int flags);

#endif
