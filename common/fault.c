/* fault.c -- faults injected through PARBENCH_FAULT, so that the tests can
 * prove that a dead, hung or wrong worker is noticed. */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "comm.h"
#include "parbench.h"

/* What PARBENCH_FAULT said, set by pb_fault_init. */
static enum pb_fault fault_kind = PB_FAULT_NONE;
static long long fault_target = -1;

static enum pb_fault parse(long long *target)
{
    const char *s = getenv("PARBENCH_FAULT");
    *target = -1;
    if (!s || !*s) return PB_FAULT_NONE;
    if (!strcmp(s, "wrong")) return PB_FAULT_WRONG;
    if (!strncmp(s, "die:", 4)) {
        *target = atoll(s + 4);
        return PB_FAULT_DIE;
    }
    if (!strncmp(s, "hang:", 5)) {
        *target = atoll(s + 5);
        return PB_FAULT_HANG;
    }
    if (!strncmp(s, "abort:", 6)) {
        *target = atoll(s + 6);
        return PB_FAULT_ABORT;
    }
    return PB_FAULT_NONE;
}

void pb_fault_init(void) { fault_kind = parse(&fault_target); }

enum pb_fault pb_fault_kind(void) { return fault_kind; }

int pb_fault_hits(enum pb_fault kind, long long id) { return fault_kind == kind && fault_target == id; }

void pb_fault_worker_start(long long id)
{
    if (pb_fault_hits(PB_FAULT_HANG, id))
        for (;;) pause();
    if (pb_fault_hits(PB_FAULT_DIE, id)) {
        pb_error("worker %lld is killed (PARBENCH_FAULT=die:%lld)", id, id);
        raise(SIGKILL);
    }
    if (pb_fault_hits(PB_FAULT_ABORT, id)) {
        pb_error("worker %lld aborts the run (PARBENCH_FAULT=abort:%lld)", id, id);
        pb_comm_abort(PB_EXIT_FAILED);
    }
}
