/* hybrid/spawn.c -- a round is an empty OpenMP parallel region in every
 * rank, then an MPI barrier. The ranks' counts are added on rank 0. */
#include "comm.h"
#include "mpi_util.h"
#include "omp_team.h"
#include "parbench.h"
#include "workloads/spawn.h"

static int round_region_barrier(void *count)
{
    uint64_t *c = count;
#pragma omp parallel
    {
#pragma omp atomic
        ++*c;
    }
    pb_comm_barrier();
    return PB_EXIT_OK;
}

/* Every round's region in this rank must have had the whole team: rounds
 * x threads starts, else the team was short. */
int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    int rc = spawn_counted(run, ans, round_region_barrier);
    if (rc == PB_EXIT_OK) rc = pb_omp_check(run, (long long)ans->u / run->opt.size);
    pb_mpi_sum_u64_to_root(&ans->u, 1);
    return rc;
}
