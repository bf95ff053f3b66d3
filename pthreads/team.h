/* pthreads/team.h -- a team of POSIX threads, created and joined per run. */
#ifndef PARBENCH_PTHREADS_TEAM_H
#define PARBENCH_PTHREADS_TEAM_H

#include "parbench.h"

/* Creates n threads running fn(id, n, arg) and joins them. Returns
 * PB_EXIT_OK, or PB_EXIT_FAILED after naming the worker that could not be
 * created (the ones already running are joined first). */
int pb_threads_run(long long n, pb_work_fn fn, void *arg);

#endif
