/* mpi_util.h -- reductions and exchanges the MPI and hybrid models share
 * (comm_mpi.c). */
#ifndef PARBENCH_MPI_UTIL_H
#define PARBENCH_MPI_UTIL_H

#include <mpi.h>
#include <stddef.h>
#include <stdint.h>

/* Adds buf over all ranks into rank 0's buf (other ranks' buf is unchanged). */
void pb_mpi_sum_u64_to_root(uint64_t *buf, long long n);
/* The sum of v over all ranks, on rank 0. */
double pb_mpi_sum_to_root(double v);

/* A counter on rank 0 that every rank takes numbers from without rank 0's
 * help (one-sided MPI: a window with MPI_Fetch_and_op). */
struct pb_mpi_counter {
    MPI_Win win;
    long long *value;
};
/* Collective: makes the counter, starting at 0. */
void pb_mpi_counter_open(struct pb_mpi_counter *c);
/* Returns the counter's value and adds 1 to it, as one atomic step. */
long long pb_mpi_counter_next(struct pb_mpi_counter *c);
/* Collective: frees the counter. */
void pb_mpi_counter_close(struct pb_mpi_counter *c);

/* Collective: every rank but 0 sends rows rows[0..nrows) of its buf (an
 * array of rows of row_bytes bytes each) to the same rows of rank 0's buf;
 * rank 0's other rows stay as they are. */
void pb_mpi_gather_rows(void *buf, size_t row_bytes, const int *rows, int nrows);

/* For a grid split into blocks of rows: grid holds rows x cols doubles, its
 * first and last row being halo copies of the neighbours' edge rows. Sends
 * row 1 to rank up and row rows-2 to rank down, and receives the halo rows
 * from them; a neighbour of -1 is none (that halo row is left as it is).
 * Does nothing when rows is 0. */
void pb_mpi_halo_rows(double *grid, long long rows, long long cols, int up, int down);

#endif
