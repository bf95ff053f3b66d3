/* mpi/spawn.c -- the ranks already run; a round is an MPI barrier. The
 * ranks' counts are added on rank 0. */
#include "comm.h"
#include "mpi_util.h"
#include "parbench.h"
#include "workloads/spawn.h"

static int round_barrier(void *count)
{
    ++*(uint64_t *)count;
    pb_comm_barrier();
    return PB_EXIT_OK;
}

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    int rc = spawn_counted(run, ans, round_barrier);
    pb_mpi_sum_u64_to_root(&ans->u, 1);
    return rc;
}
