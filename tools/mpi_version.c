/* mpi_version.c -- prints the MPI library's own description of itself
 * (MPI_Get_library_version) for meta.json. MPI-3 allows the call before
 * MPI_Init, so it runs without a launcher. Exits 0, or 1 if the call fails. */
#include <mpi.h>
#include <stdio.h>

int main(void)
{
    char version[MPI_MAX_LIBRARY_VERSION_STRING];
    int len = 0;
    if (MPI_Get_library_version(version, &len) != MPI_SUCCESS) {
        fprintf(stderr, "mpi_version: MPI_Get_library_version failed\n");
        return 1;
    }
    /* some libraries end the text with a newline, some do not */
    while (len > 0 && (version[len - 1] == '\n' || version[len - 1] == ' ')) len--;
    printf("%.*s\n", len, version);
    return 0;
}
