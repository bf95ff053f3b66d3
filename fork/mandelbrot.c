/* fork/mandelbrot.c -- static: each child computes a block of rows;
 * dynamic: children take the next row from an atomic counter. Both the
 * counter and the picture live in a shared mapping (a child's own memory
 * is a copy the parent never sees); the parent copies the picture out. */
#include <stdatomic.h>
#include <string.h>

#include "parbench.h"
#include "team.h"
#include "workloads/mandelbrot.h"

struct shared {
    atomic_llong next;
    uint32_t counts[];
};

int pb_kernel(struct pb_run *run, struct pb_answer *ans)
{
    (void)ans;
    struct mandel_data *d = run->data;
    size_t picture = (size_t)(d->n * d->n) * sizeof *d->counts;
    size_t bytes = sizeof(struct shared) + picture;
    struct shared *s = pb_shared_alloc(bytes);
    if (!s) return PB_EXIT_FAILED;
    atomic_init(&s->next, 0);
    struct mandel_team t = {d, s->counts, d->dynamic ? &s->next : NULL};
    int rc = pb_fork_run(run->opt.workers, mandel_team_work, &t);
    memcpy(d->counts, s->counts, picture);
    pb_shared_free(s, bytes);
    return rc;
}
