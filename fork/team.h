/* fork/team.h -- a team of fork()ed processes. Each has its own copy of the
 * parent's memory: results come back only through a shared mapping. */
#ifndef PARBENCH_FORK_TEAM_H
#define PARBENCH_FORK_TEAM_H

#include <stddef.h>

#include "parbench.h"

/* Forks n children running fn(id, n, arg) and reaps them all. Returns
 * PB_EXIT_OK, or PB_EXIT_FAILED after naming a child that could not be
 * started, was killed or exited non-zero (the others are then killed and
 * reaped: no zombie or orphan is left). */
int pb_fork_run(long long n, pb_work_fn fn, void *arg);

/* A zero-filled mapping of bytes that parent and children share (MAP_SHARED).
 * Returns NULL after printing why. */
void *pb_shared_alloc(size_t bytes);
void pb_shared_free(void *p, size_t bytes);

#endif
