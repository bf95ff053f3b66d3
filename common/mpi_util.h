/* mpi_util.h -- reductions the MPI and hybrid models share (comm_mpi.c). */
#ifndef PARBENCH_MPI_UTIL_H
#define PARBENCH_MPI_UTIL_H

#include <stdint.h>

/* Adds buf over all ranks into rank 0's buf (other ranks' buf is unchanged). */
void pb_mpi_sum_u64_to_root(uint64_t *buf, long long n);
/* The sum of v over all ranks, on rank 0. */
double pb_mpi_sum_to_root(double v);

#endif
