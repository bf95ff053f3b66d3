/* mpi_util.h -- reductions and exchanges the MPI and hybrid models share
 * (comm_mpi.c). */
#ifndef PARBENCH_MPI_UTIL_H
#define PARBENCH_MPI_UTIL_H

#include <stdint.h>

/* Adds buf over all ranks into rank 0's buf (other ranks' buf is unchanged). */
void pb_mpi_sum_u64_to_root(uint64_t *buf, long long n);
/* The sum of v over all ranks, on rank 0. */
double pb_mpi_sum_to_root(double v);

/* For a grid split into blocks of rows: grid holds rows x cols doubles, its
 * first and last row being halo copies of the neighbours' edge rows. Sends
 * row 1 to rank up and row rows-2 to rank down, and receives the halo rows
 * from them; a neighbour of -1 is none (that halo row is left as it is).
 * Does nothing when rows is 0. */
void pb_mpi_halo_rows(double *grid, long long rows, long long cols, int up, int down);

#endif
