/* comm_mpi.c -- the process layer of the MPI models: every rank runs the
 * driver; rank 0 verifies and prints. */
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>
#include <mpi.h>

#include "comm.h"

/* 1 when every rank runs on this rank's node (their CLOCK_MONOTONIC is one
 * clock); set once, by pb_comm_init. */
static int one_node;

void pb_comm_init(int *argc, char ***argv, int threads)
{
    int provided, world, here;
    /* threads: hybrid's, which call MPI from the master thread only */
    MPI_Init_thread(argc, argv, threads ? MPI_THREAD_FUNNELED : MPI_THREAD_SINGLE, &provided);
    MPI_Comm node;
    MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node);
    MPI_Comm_size(MPI_COMM_WORLD, &world);
    MPI_Comm_size(node, &here);
    MPI_Comm_free(&node);
    int all = here == world, every;
    MPI_Allreduce(&all, &every, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    one_node = every;
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

double pb_comm_span(double start, double end)
{
    /* one reduction: the latest end, the earliest start (as the latest
     * -start) and the longest own time */
    double v[3] = {end, -start, end - start}, m[3];
    MPI_Allreduce(v, m, 3, MPI_DOUBLE, MPI_MAX, MPI_COMM_WORLD);
    double span = m[0] + m[1];
    return one_node && span > m[2] ? span : m[2];
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
    /* The launcher tears every rank down as soon as it hears of the abort,
     * and Hydra (MPICH) may do so before it has copied out what this rank
     * just wrote to stderr, the line that names why (1 run in 40 on the
     * reference machine): give it a fifth of a second to read the pipe. */
    struct timespec grace = {0, 200000000L};
    fflush(stderr);
    nanosleep(&grace, NULL);
    MPI_Abort(MPI_COMM_WORLD, code);
    for (;;) {} /* MPI_Abort does not return */
}


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

/* ---- a shared counter and gathering rows ---------------------------- */
#include <stdlib.h>

#include "parbench.h"

void pb_mpi_counter_open(struct pb_mpi_counter *c)
{
    int rank = pb_comm_rank();
    MPI_Win_allocate(rank == 0 ? (MPI_Aint)sizeof *c->value : 0, sizeof *c->value,
                     MPI_INFO_NULL, MPI_COMM_WORLD, &c->value, &c->win);
    if (rank == 0) {
        MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, c->win);
        *c->value = 0;
        MPI_Win_unlock(0, c->win);
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(MPI_MODE_NOCHECK, c->win);
}

long long pb_mpi_counter_next(struct pb_mpi_counter *c)
{
    long long one = 1, old;
    MPI_Fetch_and_op(&one, &old, MPI_LONG_LONG, 0, 0, MPI_SUM, c->win);
    MPI_Win_flush(0, c->win);
    return old;
}

void pb_mpi_counter_close(struct pb_mpi_counter *c)
{
    MPI_Win_unlock_all(c->win);
    MPI_Win_free(&c->win);
}

/* The rows listed in rows[0..n) of buf, as one MPI datatype. */
static MPI_Datatype rows_type(MPI_Datatype row, const int *rows, int n)
{
    MPI_Datatype t;
    MPI_Type_create_indexed_block(n, 1, rows, row, &t);
    MPI_Type_commit(&t);
    return t;
}

void pb_mpi_gather_rows(void *buf, size_t row_bytes, const int *rows, int nrows)
{
    enum { TAG_COUNT = 1, TAG_IDS, TAG_ROWS };
    MPI_Datatype row, t;
    MPI_Type_contiguous((int)row_bytes, MPI_BYTE, &row);
    if (pb_comm_rank() != 0) {
        MPI_Send(&nrows, 1, MPI_INT, 0, TAG_COUNT, MPI_COMM_WORLD);
        if (nrows > 0) {
            MPI_Send(rows, nrows, MPI_INT, 0, TAG_IDS, MPI_COMM_WORLD);
            t = rows_type(row, rows, nrows);
            MPI_Send(buf, 1, t, 0, TAG_ROWS, MPI_COMM_WORLD);
            MPI_Type_free(&t);
        }
    }
    for (int src = 1; pb_comm_rank() == 0 && src < pb_comm_size(); src++) {
        int n;
        MPI_Recv(&n, 1, MPI_INT, src, TAG_COUNT, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        if (n <= 0) continue;
        int *ids = malloc((size_t)n * sizeof *ids);
        if (!ids) {
            pb_error("out of memory for the row numbers of rank %d", src);
            pb_comm_abort(PB_EXIT_FAILED);
        }
        MPI_Recv(ids, n, MPI_INT, src, TAG_IDS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        t = rows_type(row, ids, n);
        MPI_Recv(buf, 1, t, src, TAG_ROWS, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
        MPI_Type_free(&t);
        free(ids);
    }
    MPI_Type_free(&row);
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
