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

/* As pb_fork_run, with *bar filled in, before the children are forked,
 * with a process-shared barrier for the n children that lives in a shared
 * mapping for the run; bar usually lies in arg's struct. A child that dies
 * while the others wait at the barrier ends the run as above: the others
 * are killed where they wait. */
int pb_fork_run_synced(long long n, pb_work_fn fn, void *arg, struct pb_barrier *bar);

/* A zero-filled mapping of bytes that parent and children share (MAP_SHARED).
 * Returns NULL after printing why. */
void *pb_shared_alloc(size_t bytes);
void pb_shared_free(void *p, size_t bytes);

/* In a child: enters the pages of [p, p + bytes) of a shared mapping into
 * its page table in one call. A forked child inherits no page-table
 * entries for shared mappings, and faulting them in one page at a time on
 * first use costs several times more. Best effort: does nothing where the
 * kernel cannot (MADV_POPULATE_READ came with Linux 5.14). */
void pb_shared_map_in(const void *p, size_t bytes);

#endif
