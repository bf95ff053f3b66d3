/* comm_mpi.c -- the process layer of the MPI models: every rank runs the
 * driver; rank 0 verifies and prints. */
#include <mpi.h>

#include "comm.h"

void pb_comm_init(int *argc, char ***argv)
{
    int provided;
    /* hybrid calls MPI from the master thread only */
    MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided);
}

void pb_comm_finalize(void) { MPI_Finalize(); }

int pb_comm_rank(void)
{
    int r;
    MPI_Comm_rank(MPI_COMM_WORLD, &r);
    return r;
}

int pb_comm_size(void)
{
    int n;
    MPI_Comm_size(MPI_COMM_WORLD, &n);
    return n;
}

void pb_comm_barrier(void) { MPI_Barrier(MPI_COMM_WORLD); }

double pb_comm_max_double(double v)
{
    double m;
    MPI_Allreduce(&v, &m, 1, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

int pb_comm_max_int(int v)
{
    int m;
    MPI_Allreduce(&v, &m, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);
    return m;
}

void pb_comm_or_bits(unsigned long *bits, int n)
{
    MPI_Allreduce(MPI_IN_PLACE, bits, n, MPI_UNSIGNED_LONG, MPI_BOR, MPI_COMM_WORLD);
}

int pb_comm_bcast_int(int v)
{
    MPI_Bcast(&v, 1, MPI_INT, 0, MPI_COMM_WORLD);
    return v;
}

void pb_comm_abort(int code)
{
    MPI_Abort(MPI_COMM_WORLD, code);
    for (;;) {} /* MPI_Abort does not return */
}

double pb_now(void) { return MPI_Wtime(); }
double pb_tick(void) { return MPI_Wtick(); }

/* ---- reductions for the MPI and hybrid decompositions -------------- */
#include <limits.h>
#include <stdint.h>

#include "mpi_util.h"

void pb_mpi_sum_u64_to_root(uint64_t *buf, long long n)
{
    /* counts are ints in MPI: reduce in pieces */
    for (long long off = 0; off < n; off += INT_MAX / 2) {
        int cnt = (int)(n - off < INT_MAX / 2 ? n - off : INT_MAX / 2);
        if (pb_comm_rank() == 0)
            MPI_Reduce(MPI_IN_PLACE, buf + off, cnt, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
        else
            MPI_Reduce(buf + off, NULL, cnt, MPI_UINT64_T, MPI_SUM, 0, MPI_COMM_WORLD);
    }
}

double pb_mpi_sum_to_root(double v)
{
    double s = 0.0;
    MPI_Reduce(&v, &s, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return s;
}
