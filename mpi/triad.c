/* mpi/triad.c -- each rank allocated only its slice of the arrays (in
 * prepare), writes it first and sweeps it; no messages are needed until the
 * answer is combined. */
#include "parbench.h"
#include "workloads/triad.h"

int pb_setup(struct pb_run *run)
{
    triad_team_init(0, 1, run->data);
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    triad_team_sweeps(0, 1, run->data);
    return PB_EXIT_OK;
}
