/* serial/model.c -- the reference model: one worker, no parallelism. */
#include <stdio.h>

#include "parbench.h"

static int serial_configure(struct pb_run *run, char *err, size_t errlen)
{
    if (run->opt.workers != 1) {
        snprintf(err, errlen, "--workers: the serial model runs 1 worker, not %lld",
                 run->opt.workers);
        return PB_EXIT_USAGE;
    }
    return PB_EXIT_OK;
}

const struct pb_model pb_model = {
    .name = "serial",
    .configure = serial_configure,
};
