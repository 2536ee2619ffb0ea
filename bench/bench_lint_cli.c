/* Benchmark 7: `watpl lint --json CORPUS.jsonl` (the command: reading,
 * framing, parse, validation, classification, JSON output) against the
 * floor of bench_bulk run by this program on the same file: each line
 * parsed with jansson and every string of it NFKC-casefolded with utf8proc.
 * The two alternate, several rounds; the ratio is the median of the
 * per-round ratios of their CPU times (user + system).
 *   bench_lint_cli WATPL CORPUS.jsonl [ROUNDS]
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utf8proc.h>

#include "bench_util.h"

/* CPU time (user + system): of this process, and of its waited-for children.
 * On a shared machine, time spent waiting for a core is charged to neither. */
static double cpu_self(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_children(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
}

static size_t normalize_text(const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
    free(out);
    return n > 0 ? (size_t)n : 0;
}

static size_t normalize_json_texts(json_t *v)
{
    size_t total = 0;
    if (json_is_string(v))
        return normalize_text(json_string_value(v), json_string_length(v));
    if (json_is_array(v)) {
        size_t i;
        json_t *e;
        json_array_foreach(v, i, e) total += normalize_json_texts(e);
    } else if (json_is_object(v)) {
        const char *k;
        json_t *e;
        json_object_foreach(v, k, e) total += normalize_json_texts(e);
    }
    return total;
}

static double run_floor(const char *path, size_t *sink, size_t *lines)
{
    double t0 = cpu_self();
    FILE *f = fopen(path, "rb");
    if (!f)
        exit(1);
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    *lines = 0;
    while ((len = getline(&line, &cap, f)) > 0) {
        json_t *root = json_loadb(line, (size_t)len, 0, NULL);
        if (root) {
            *sink += normalize_json_texts(root);
            json_decref(root);
        }
        ++*lines;
    }
    free(line);
    fclose(f);
    return cpu_self() - t0;
}

static double run_command(const char *watpl, const char *path, long *peak_kb)
{
    double t0 = cpu_children();
    pid_t pid = fork();
    if (pid < 0)
        exit(1);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(127);
        execl(watpl, watpl, "lint", "--json", path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1 ||
        getrusage(RUSAGE_CHILDREN, &ru) != 0) {
        fprintf(stderr, "bench_lint_cli: the command failed (status %d)\n", status);
        exit(1);
    }
    if (ru.ru_maxrss > *peak_kb)
        *peak_kb = ru.ru_maxrss;
    return cpu_children() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_lint_cli WATPL CORPUS.jsonl [ROUNDS]\n");
        return 2;
    }
    size_t rounds = argc > 3 ? (size_t)strtoul(argv[3], NULL, 10) : 5;
    if (rounds < 1 || rounds > 99)
        rounds = 5;
    double tf[99], tc[99], ratio[99];
    size_t sink = 0, lines = 0;
    long peak = 0;
    run_floor(argv[2], &sink, &lines); /* the file into the page cache */
    for (size_t r = 0; r < rounds; r++) {
        if (r % 2) {
            tc[r] = run_command(argv[1], argv[2], &peak);
            tf[r] = run_floor(argv[2], &sink, &lines);
        } else {
            tf[r] = run_floor(argv[2], &sink, &lines);
            tc[r] = run_command(argv[1], argv[2], &peak);
        }
        ratio[r] = tc[r] / tf[r];
    }
    double mf = bench_median(tf, rounds), mc = bench_median(tc, rounds);
    printf("bench_lint_cli: %s, %zu templates, %zu rounds\n", argv[2], lines, rounds);
    printf("  floor (jansson parse + utf8proc NFKC-casefold)  %7.3f s CPU  %8.0f templates/s\n", mf, (double)lines / mf);
    printf("  watpl lint --json                               %7.3f s CPU  %8.0f templates/s  ratio %.2f  peak RSS %ld KB\n",
           mc, (double)lines / mc, bench_median(ratio, rounds), peak);
    printf("  (sink %zu)\n", sink % 10);
    return 0;
}
