/* Benchmark 1: bulk lint + classify of a JSON Lines corpus of Meta-format
 * templates, against the floor: parsing the same JSON with jansson plus one
 * utf8proc NFKC-casefold pass over every text field. Both run in the same
 * process, alternating, several rounds; medians and their ratio are printed.
 *   bench_bulk CORPUS.jsonl [ROUNDS]
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <utf8proc.h>

#include "bench_util.h"
#include "watpl.h"

typedef struct record {
    const char *json;
    size_t len;
} record;

static size_t split_lines(char *buf, size_t len, record **out)
{
    size_t n = 0, cap = 1024;
    record *r = malloc(cap * sizeof *r);
    size_t start = 0;
    for (size_t i = 0; i <= len && r; i++) {
        if (i == len || buf[i] == '\n') {
            if (i > start) {
                if (n == cap) {
                    cap *= 2;
                    record *p = realloc(r, cap * sizeof *r);
                    if (!p) {
                        free(r);
                        return 0;
                    }
                    r = p;
                }
                r[n].json = buf + start;
                r[n].len = i - start;
                n++;
            }
            start = i + 1;
        }
    }
    *out = r;
    return n;
}

/* Floor: NFKC + casefold of one string with utf8proc. */
static size_t normalize_text(const char *s, size_t len)
{
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                          UTF8PROC_CASEFOLD);
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

static double run_floor(const record *r, size_t n, size_t *sink)
{
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++) {
        json_error_t err;
        json_t *root = json_loadb(r[i].json, r[i].len, 0, &err);
        if (root) {
            *sink += normalize_json_texts(root);
            json_decref(root);
        }
    }
    return bench_now() - t0;
}

static double run_library(watpl_ctx *ctx, const record *r, size_t n, size_t *sink)
{
    double t0 = bench_now();
    for (size_t i = 0; i < n; i++) {
        watpl_template *tpl = NULL;
        if (watpl_template_parse_json(ctx, r[i].json, r[i].len, &tpl) != WATPL_OK)
            continue;
        watpl_report *rep = NULL;
        watpl_classification *cls = NULL;
        if (watpl_lint(ctx, tpl, &rep, &cls) == WATPL_OK)
            *sink += watpl_report_count(rep) + (size_t)watpl_classification_category(cls);
        watpl_classification_free(cls);
        watpl_report_free(rep);
        watpl_template_free(tpl);
    }
    return bench_now() - t0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s CORPUS.jsonl [ROUNDS]\n", argv[0]);
        return 2;
    }
    int rounds = argc > 2 ? atoi(argv[2]) : 7;
    if (rounds < 1 || rounds > 100)
        rounds = 7;
    size_t len = 0;
    char *buf = bench_read_file(argv[1], &len);
    if (!buf) {
        perror(argv[1]);
        return 2;
    }
    record *r = NULL;
    size_t n = split_lines(buf, len, &r);
    watpl_ctx *ctx = NULL;
    if (!n || watpl_ctx_new(&ctx)) {
        fprintf(stderr, "no records or out of memory\n");
        return 2;
    }
    double floor_t[100], lib_t[100], ratio[100];
    size_t sink = 0;
    /* warm-up: page in the corpus and the libraries */
    (void)run_floor(r, n < 500 ? n : 500, &sink);
    (void)run_library(ctx, r, n < 500 ? n : 500, &sink);
    for (int i = 0; i < rounds; i++) {
        /* alternate the order so that a drift of the machine's load hits both */
        if (i % 2 == 0) {
            floor_t[i] = run_floor(r, n, &sink);
            lib_t[i] = run_library(ctx, r, n, &sink);
        } else {
            lib_t[i] = run_library(ctx, r, n, &sink);
            floor_t[i] = run_floor(r, n, &sink);
        }
        ratio[i] = lib_t[i] / floor_t[i];
    }
    double f = bench_median(floor_t, (size_t)rounds), l = bench_median(lib_t, (size_t)rounds);
    double q = bench_median(ratio, (size_t)rounds);
    double mb = (double)len / 1e6;
    printf("bulk: %zu templates, %.1f MB, %d rounds (sink %zu)\n", n, mb, rounds, sink % 10);
    printf("  floor  (jansson parse + utf8proc NFKC-casefold): median %.3f s, %.0f templates/s, %.1f MB/s\n",
           f, (double)n / f, mb / f);
    printf("  libwatpl (parse + watpl_lint):                   median %.3f s, %.0f templates/s, %.1f MB/s\n",
           l, (double)n / l, mb / l);
    printf("  ratio library/floor: %.2f (median of the per-round ratios; target <= 1.5)\n", q);
    double fb = floor_t[0], lb = lib_t[0]; /* sorted by bench_median */
    printf("  best rounds: floor %.1f MB/s, libwatpl %.1f MB/s, %.0f templates/s\n", mb / fb, mb / lb,
           (double)n / lb);
    watpl_ctx_free(ctx);
    free(r);
    free(buf);
    return 0;
}
