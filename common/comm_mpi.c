/* comm_mpi.c -- the process layer of the MPI models: every rank runs the
 * driver; rank 0 verifies and prints. */
#include <limits.h>
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

/* Adds n elements of size bytes at buf over all ranks into rank 0's buf,
 * in pieces: MPI counts are ints. */
static void sum_to_root(void *buf, long long n, MPI_Datatype type, size_t size)
{
    const long long piece = INT_MAX / 2;
    int root = pb_comm_rank() == 0;
    for (long long off = 0; off < n; off += piece) {
        int cnt = (int)(n - off < piece ? n - off : piece);
        char *p = (char *)buf + (size_t)off * size;
        MPI_Reduce(root ? MPI_IN_PLACE : p, root ? p : NULL, cnt, type, MPI_SUM, 0,
                   MPI_COMM_WORLD);
    }
}

void pb_comm_sum_doubles(double *buf, long long n)
{
    sum_to_root(buf, n, MPI_DOUBLE, sizeof *buf);
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
#include <stdint.h>

#include "mpi_util.h"

void pb_mpi_sum_u64_to_root(uint64_t *buf, long long n)
{
    sum_to_root(buf, n, MPI_UINT64_T, sizeof *buf);
}

double pb_mpi_sum_to_root(double v)
{
    double s = 0.0;
    MPI_Reduce(&v, &s, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return s;
}

void pb_mpi_halo_rows(double *grid, long long rows, long long cols, int up, int down)
{
    if (rows == 0) return;
    int n = (int)cols;
    int above = up < 0 ? MPI_PROC_NULL : up, below = down < 0 ? MPI_PROC_NULL : down;
    double *first = grid + cols, *last = grid + (rows - 2) * cols;
    /* upward: my first row to the rank above, my lower halo from below */
    MPI_Sendrecv(first, n, MPI_DOUBLE, above, 0, grid + (rows - 1) * cols, n, MPI_DOUBLE,
                 below, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    /* downward: my last row to the rank below, my upper halo from above */
    MPI_Sendrecv(last, n, MPI_DOUBLE, below, 1, grid, n, MPI_DOUBLE, above, 1,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
}
