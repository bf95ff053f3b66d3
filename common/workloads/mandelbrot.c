/* mandelbrot.c -- the row kernel, reference picture, verification and PGM
 * output of 'mandelbrot'. */
#include "mandelbrot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "comm.h"
#include "options.h"
#include "parbench.h"

#define MANDEL_DEFAULT_MAX_ITER 1000
/* The view: row 0 is real part -2.25, the last row 0.75; column 0 is
 * imaginary part 1.5, the last column -1.5. */
#define MANDEL_RE0 (-2.25)
#define MANDEL_IM0 1.5
#define MANDEL_SPAN 3.0

void mandel_row(const struct mandel_data *d, long long r, uint32_t *out)
{
    const double h = MANDEL_SPAN / (double)d->n;
    const double cr = MANDEL_RE0 + ((double)r + 0.5) * h;
    const uint32_t max = (uint32_t)d->max_iter;
    for (long long c = 0; c < d->n; c++) {
        const double ci = MANDEL_IM0 - ((double)c + 0.5) * h;
        double zr = 0.0, zi = 0.0;
        uint32_t k = 0;
        while (k < max) {
            double zr2 = zr * zr, zi2 = zi * zi;
            if (zr2 + zi2 > 4.0) break;
            zi = 2.0 * zr * zi + ci;
            zr = zr2 - zi2 + cr;
            k++;
        }
        out[c] = k;
    }
}

void mandel_team_work(long long id, long long nworkers, void *team)
{
    const struct mandel_team *t = team;
    const struct mandel_data *d = t->d;
    if (t->next) {
        long long r;
        while ((r = atomic_fetch_add_explicit(t->next, 1, memory_order_relaxed)) < d->n)
            mandel_row(d, r, mandel_at(d, t->counts, r));
        return;
    }
    long long lo, hi;
    pb_block(d->n, nworkers, id, &lo, &hi);
    for (long long r = lo; r < hi; r++) mandel_row(d, r, mandel_at(d, t->counts, r));
}

/* ---- the picture as a PGM file ------------------------------------------ */

/* Creates an empty temporary file beside path, its name in tmp. Returns
 * the descriptor, or -1 with errno set. */
static int open_temp(const char *path, char *tmp, size_t len)
{
    if (snprintf(tmp, len, "%s.XXXXXX", path) >= (int)len) {
        errno = ENAMETOOLONG;
        return -1;
    }
    return mkstemp(tmp);
}

/* How --image is written. */
enum image_way {
    IMAGE_REPLACE, /* a regular file, or none yet: a temporary file beside
                    * it, renamed over it when whole */
    IMAGE_THROUGH, /* a character device (/dev/null): opened and written */
};

/* What a file that --image cannot be is, by its mode; NULL for a regular
 * file or a character device. */
static const char *not_an_image(mode_t mode)
{
    if (S_ISDIR(mode)) return "is a directory";
    if (S_ISFIFO(mode)) return "is a FIFO; name a file";
    if (S_ISSOCK(mode)) return "is a socket; name a file";
    if (S_ISBLK(mode)) return "is a block device; name a file";
    if (S_ISREG(mode) || S_ISCHR(mode)) return NULL;
    return "is not a file; name a file";
}

/* Decides how --image path is written, without opening it: the path to
 * write goes to target (len bytes), and the way to *way. A symbolic link
 * is never replaced: its target is written (a link to a missing file is
 * refused). Returns PB_EXIT_OK, or PB_EXIT_USAGE with the reason in err
 * (path is a directory, FIFO, socket or block device, or a link that
 * cannot be followed). */
static int image_target(const char *path, char *target, size_t len, enum image_way *way,
                        char *err, size_t errlen)
{
    struct stat st;
    char shown[256], real[PATH_MAX];
    pb_shown(path, shown, sizeof shown);
    *way = IMAGE_REPLACE;
    if (!*path) {
        snprintf(err, errlen, "--image needs a file name");
        return PB_EXIT_USAGE;
    }
    int exists = lstat(path, &st) == 0;
    if (exists && S_ISLNK(st.st_mode)) {
        if (!realpath(path, real) || stat(real, &st) != 0) {
            snprintf(err, errlen, "--image %s: a symbolic link that cannot be followed: %s",
                     shown, strerror(errno));
            return PB_EXIT_USAGE;
        }
        path = real;
    } else if (!exists) {
        st.st_mode = S_IFREG; /* none yet: creating the file will tell */
    }
    if (snprintf(target, len, "%s", path) >= (int)len) {
        snprintf(err, errlen, "--image %s: %s", shown, strerror(ENAMETOOLONG));
        return PB_EXIT_USAGE;
    }
    const char *what = not_an_image(st.st_mode);
    if (what) {
        snprintf(err, errlen, "--image %s: %s", shown, what);
        return PB_EXIT_USAGE;
    }
    *way = S_ISCHR(st.st_mode) ? IMAGE_THROUGH : IMAGE_REPLACE;
    return PB_EXIT_OK;
}

/* Opens the character device target for writing, as it is (no creating,
 * no truncating). Returns the descriptor, or -1 with errno set (EINVAL:
 * it is no longer a character device). */
static int open_through(const char *target)
{
    int fd = open(target, O_WRONLY | O_NOCTTY | O_CLOEXEC);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISCHR(st.st_mode))) {
        close(fd);
        errno = EINVAL;
        return -1;
    }
    return fd;
}

/* Checks before any work that --image can be written: what it names can
 * be (image_target), and a file can be created beside it, or the device
 * opened. Returns PB_EXIT_OK, or PB_EXIT_USAGE with the reason in err. */
static int check_image_path(const char *path, char *err, size_t errlen)
{
    char target[PATH_MAX], tmp[PATH_MAX], shown[256];
    enum image_way way;
    int rc = image_target(path, target, sizeof target, &way, err, errlen);
    if (rc != PB_EXIT_OK) return rc;
    pb_shown(path, shown, sizeof shown);
    if (way == IMAGE_THROUGH) {
        int fd = open_through(target);
        if (fd < 0) {
            snprintf(err, errlen, "--image %s: cannot open it for writing: %s", shown,
                     strerror(errno));
            return PB_EXIT_USAGE;
        }
        close(fd);
        return PB_EXIT_OK;
    }
    int fd = open_temp(target, tmp, sizeof tmp);
    if (fd < 0) {
        snprintf(err, errlen, "--image %s: cannot create a file there: %s", shown,
                 strerror(errno));
        return PB_EXIT_USAGE;
    }
    close(fd);
    unlink(tmp);
    return PB_EXIT_OK;
}

/* Grey level of a pixel: black inside the set, brighter the longer the
 * point took to escape (on a log scale). */
static unsigned char grey(uint32_t k, uint32_t max, double scale)
{
    return k >= max ? 0 : (unsigned char)(log((double)k) * scale);
}

/* Writes the rows of counts as a binary PGM to f. Returns 0, or -1 with
 * errno set. */
static int put_pgm(FILE *f, const struct mandel_data *d)
{
    const uint32_t max = (uint32_t)d->max_iter;
    const double scale = max > 1 ? 255.0 / log((double)max) : 0.0;
    unsigned char *line = malloc((size_t)d->n);
    if (!line) return -1;
    fprintf(f, "P5\n%lld %lld\n255\n", d->n, d->n);
    for (long long r = 0; r < d->n; r++) {
        const uint32_t *row = mandel_at(d, d->counts, r);
        for (long long c = 0; c < d->n; c++) line[c] = grey(row[c], max, scale);
        if (fwrite(line, 1, (size_t)d->n, f) != (size_t)d->n) break;
    }
    free(line);
    return ferror(f) || fflush(f) ? -1 : 0;
}

/* Writes the picture to the character device target (already open as
 * fd, which it closes). Returns 0, or -1 with errno set. */
static int write_through(int fd, const struct mandel_data *d)
{
    FILE *f = fdopen(fd, "wb");
    if (!f) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    int ok = put_pgm(f, d) == 0;
    int saved = errno;
    if (fclose(f) != 0) ok = 0;
    else if (!ok) errno = saved;
    return ok ? 0 : -1;
}

/* Writes the picture to the regular file target through a temporary file
 * beside it, renamed into place, so that the file is never seen
 * half-written. Returns 0, or -1 with errno set (and *made 0 when not even
 * the temporary file could be made). */
static int write_replace(const char *target, const struct mandel_data *d, int *made)
{
    char tmp[PATH_MAX];
    int fd = open_temp(target, tmp, sizeof tmp);
    *made = fd >= 0;
    if (fd < 0) return -1;
    mode_t mask = umask(0);
    umask(mask);
    int ok = fchmod(fd, 0666 & ~mask) == 0;
    FILE *f = ok ? fdopen(fd, "wb") : NULL;
    ok = f && put_pgm(f, d) == 0 && fsync(fd) == 0;
    int saved = errno;
    if (f ? fclose(f) != 0 : close(fd) != 0) ok = 0;
    if (ok && rename(tmp, target) == 0) return 0;
    if (!ok) errno = saved;
    saved = errno;
    unlink(tmp);
    errno = saved;
    return -1;
}

/* Writes the picture to d->image: a regular file is replaced whole, a
 * character device written through, a symbolic link's target written and
 * the link kept; anything else is refused (image_target). Returns 0, or -1
 * after printing why. */
static int write_image(const struct mandel_data *d)
{
    char target[PATH_MAX], shown[256], err[PB_ERRLEN];
    enum image_way way;
    pb_shown(d->image, shown, sizeof shown);
    if (image_target(d->image, target, sizeof target, &way, err, sizeof err) != PB_EXIT_OK) {
        pb_error("%s", err);
        return -1;
    }
    if (way == IMAGE_THROUGH) {
        int fd = open_through(target);
        if (fd < 0 || write_through(fd, d) != 0) {
            pb_error("--image %s: cannot write it: %s", shown, strerror(errno));
            return -1;
        }
        return 0;
    }
    int made;
    if (write_replace(target, d, &made) == 0) return 0;
    pb_error("--image %s: %s: %s", shown, made ? "cannot write it" : "cannot create a file there",
             strerror(errno));
    return -1;
}

/* ---- the workload --------------------------------------------------------- */

static int parse_schedule(const char *s, int *dynamic, char *err, size_t errlen)
{
    char shown[64];
    if (!s || !strcmp(s, "dynamic")) {
        *dynamic = 1;
    } else if (!strcmp(s, "static")) {
        *dynamic = 0;
    } else {
        snprintf(err, errlen, "--schedule: '%s' is neither static nor dynamic",
                 pb_shown(s, shown, sizeof shown));
        return PB_EXIT_USAGE;
    }
    return PB_EXIT_OK;
}

static int mandel_prepare(struct pb_run *run, char *err, size_t errlen)
{
    const struct pb_opts *o = &run->opt;
    int dynamic;
    int rc = parse_schedule(o->schedule, &dynamic, err, errlen);
    if (rc != PB_EXIT_OK) return rc;
    /* each process holds the picture; rank 0 the reference too, and fork a
     * shared copy */
    double cells = (double)o->size * (double)o->size;
    char what[64];
    snprintf(what, sizeof what, "a %lld x %lld picture", o->size, o->size);
    rc = pb_check_memory(cells * sizeof(uint32_t) * (run->nranks + 2), what, err, errlen);
    if (rc != PB_EXIT_OK) return rc;
    if (run->rank == 0 && o->image) {
        rc = check_image_path(o->image, err, errlen);
        if (rc != PB_EXIT_OK) return rc;
    }
    if (o->check) return PB_EXIT_OK;

    struct mandel_data *d = calloc(1, sizeof *d);
    if (!d) {
        snprintf(err, errlen, "out of memory");
        return PB_EXIT_FAILED;
    }
    run->data = d;
    d->n = o->size;
    d->max_iter = o->max_iter ? o->max_iter : MANDEL_DEFAULT_MAX_ITER;
    d->dynamic = dynamic;
    d->counts = malloc((size_t)cells * sizeof *d->counts);
    if (run->rank == 0) {
        d->image = o->image;
        d->ref = malloc((size_t)cells * sizeof *d->ref);
    }
    if (!d->counts || (run->rank == 0 && !d->ref)) {
        snprintf(err, errlen, "out of memory for %s", what);
        return PB_EXIT_FAILED;
    }
    if (d->ref)
        for (long long r = 0; r < d->n; r++) mandel_row(d, r, mandel_at(d, d->ref, r));
    return PB_EXIT_OK;
}

/* Zeroes the picture, so that a row nobody computed cannot pass. */
static void mandel_reset(struct pb_run *run)
{
    struct mandel_data *d = run->data;
    memset(d->counts, 0, (size_t)(d->n * d->n) * sizeof *d->counts);
}

static uint64_t total(const uint32_t *counts, long long cells)
{
    uint64_t sum = 0;
    for (long long i = 0; i < cells; i++) sum += counts[i];
    return sum;
}

/* The checksum: the iterations of all pixels together. */
static void mandel_checksum(const struct pb_run *run, struct pb_answer *ans)
{
    const struct mandel_data *d = run->data;
    ans->exact = 1;
    ans->u = total(d->counts, d->n * d->n);
}

/* Every pixel must equal the serial reference. */
static int mandel_verify(const struct pb_run *run, const struct pb_answer *ans,
                         char *why, size_t len)
{
    const struct mandel_data *d = run->data;
    long long cells = d->n * d->n;
    if (memcmp(d->counts, d->ref, (size_t)cells * sizeof *d->ref)) {
        long long i = 0;
        while (d->counts[i] == d->ref[i]) i++;
        snprintf(why, len, "pixel (row %lld, column %lld) took %lu iterations, "
                 "the serial reference %lu", i / d->n, i % d->n,
                 (unsigned long)d->counts[i], (unsigned long)d->ref[i]);
        return 0;
    }
    uint64_t want = total(d->ref, cells);
    if (ans->u != want) {
        snprintf(why, len, "checksum %llu, expected %llu", (unsigned long long)ans->u,
                 (unsigned long long)want);
        return 0;
    }
    return 1;
}

/* Writes the first verified picture to --image. */
static int mandel_verified(struct pb_run *run)
{
    struct mandel_data *d = run->data;
    if (!d->image || d->image_written) return PB_EXIT_OK;
    if (write_image(d) != 0) return PB_EXIT_FAILED;
    d->image_written = 1;
    return PB_EXIT_OK;
}

static void mandel_release(struct pb_run *run)
{
    struct mandel_data *d = run->data;
    if (!d) return;
    free(d->counts);
    free(d->ref);
    free(d);
    run->data = NULL;
}

static void mandel_metrics(const struct pb_run *run, const struct pb_answer *ans,
                           double seconds, char *buf, size_t len)
{
    const struct mandel_data *d = run->data;
    snprintf(buf, len, " schedule=%s max_iter=%lld giter_per_s=%.3f",
             d->dynamic ? "dynamic" : "static", d->max_iter,
             seconds > 0 ? (double)ans->u / seconds * 1e-9 : 0.0);
}

const struct pb_workload pb_workload = {
    .name = "mandelbrot",
    .about = "escape-time Mandelbrot set on an N x N grid, real part [-2.25,0.75] down "
             "the rows: compute-bound, rows badly imbalanced. --schedule dynamic (default): "
             "a row at a time; static: a block of rows per worker. --max-iter default 1000",
    .size_unit = "pixels per side of the square picture",
    .options = PB_OPT_SCHEDULE | PB_OPT_IMAGE | PB_OPT_MAX_ITER,
    .default_size = 1000,
    .max_size = 1000000,
    .prepare = mandel_prepare,
    .reset = mandel_reset,
    .checksum = mandel_checksum,
    .verify = mandel_verify,
    .verified = mandel_verified,
    .release = mandel_release,
    .metrics = mandel_metrics,
};
