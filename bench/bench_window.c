/* Benchmark 3: window queries over many contacts' states: queries per second
 * against the floor of reading the same states (a memory pass over them);
 * then a load + query per contact from its saved bytes (what a gateway that
 * keeps states in a store does for each send), against a memcpy of them.
 *   bench_window [CONTACTS] [--one]   (--one: a single query, for callgrind)
 * SPDX-License-Identifier: MIT */
#include "bench_util.h"
#include "watpl.h"

int main(int argc, char **argv)
{
    size_t contacts = 1000000;
    int one = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--one") == 0)
            one = 1;
        else
            contacts = (size_t)strtoul(argv[i], NULL, 10);
    }
    if (contacts < 1 || contacts > 100000000)
        contacts = 1000000;
    watpl_ctx *ctx = NULL;
    if (watpl_ctx_new(&ctx))
        return 1;
    if (one) {
        watpl_window *w = NULL;
        watpl_window_answer a;
        if (watpl_window_new(&w, ctx))
            return 1;
        watpl_window_inbound(w, 1767225600, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
        watpl_window_outbound(w, 1767225700, WATPL_KIND_UTILITY);
        watpl_window_answer_init(&a);
        int rc = 0;
        for (int i = 0; i < 1000; i++)
            rc |= watpl_window_query(w, 1767230000 + i, WATPL_KIND_MARKETING,
                                     WATPL_SCHEDULE_2025_07, 0, &a);
        unsigned char saved[512];
        size_t n = 0;
        rc |= watpl_window_save(w, saved, sizeof saved, &n);
        for (int i = 0; i < 1000; i++)
            rc |= watpl_window_load(w, saved, n);
        printf("1000 queries, rc %d, billable %d\n", rc, a.billable);
        watpl_window_free(w);
        watpl_ctx_free(ctx);
        return 0;
    }
    size_t saved = watpl_window_saved_size();
    unsigned char *states = malloc(contacts * saved);
    watpl_window *w = NULL;
    if (!states || watpl_window_new(&w, ctx))
        return 1;
    const int64_t t0 = 1767225600;
    for (size_t i = 0; i < contacts; i++) {
        watpl_window_reset(w);
        int64_t t = t0 + (int64_t)(i % 86400);
        watpl_window_inbound(w, t, i % 3 == 0 ? WATPL_ENTRY_CTWA : WATPL_ENTRY_NONE,
                             WATPL_DEVICE_MOBILE);
        if (i % 2)
            watpl_window_outbound(w, t + 60, WATPL_KIND_UTILITY);
        size_t needed = 0;
        watpl_window_save(w, states + i * saved, saved, &needed);
    }
    /* Load every state into its own object once (what a gateway keeps hot). */
    watpl_window **ws = malloc(contacts * sizeof *ws);
    if (!ws)
        return 1;
    for (size_t i = 0; i < contacts; i++) {
        if (watpl_window_new(&ws[i], ctx) || watpl_window_load(ws[i], states + i * saved, saved))
            return 1;
    }
    double q[5], f[5];
    size_t sink = 0;
    for (int round = 0; round < 5; round++) {
        double a0 = bench_now();
        for (size_t i = 0; i < contacts; i++) {
            watpl_window_answer a;
            a.version = WATPL_WINDOW_ANSWER_VERSION;
            watpl_window_query(ws[i], t0 + 43200 + (int64_t)round * 3600,
                               (int)(1 + i % 4), WATPL_SCHEDULE_2025_07, 0, &a);
            sink += (size_t)a.billable;
        }
        q[round] = bench_now() - a0;
        a0 = bench_now();
        for (size_t i = 0; i < contacts * saved; i += 64)
            sink += states[i];
        f[round] = bench_now() - a0;
    }
    /* load + query from the saved bytes, one object reused */
    double lq[5], lf[5];
    unsigned char *copy = malloc(saved);
    if (!copy)
        return 1;
    for (int round = 0; round < 5; round++) {
        double a0 = bench_now();
        for (size_t i = 0; i < contacts; i++) {
            watpl_window_answer a;
            a.version = WATPL_WINDOW_ANSWER_VERSION;
            if (watpl_window_load(w, states + i * saved, saved))
                return 1;
            watpl_window_query(w, t0 + 43200 + (int64_t)round * 3600, (int)(1 + i % 4),
                               WATPL_SCHEDULE_2025_07, 0, &a);
            sink += (size_t)a.billable;
        }
        lq[round] = bench_now() - a0;
        a0 = bench_now();
        for (size_t i = 0; i < contacts; i++) {
            memcpy(copy, states + i * saved, saved);
            sink += copy[i % saved];
        }
        lf[round] = bench_now() - a0;
    }
    free(copy);
    double qm = bench_median(q, 5), fm = bench_median(f, 5);
    double lqm = bench_median(lq, 5), lfm = bench_median(lf, 5);
    printf("window: %zu contacts, state %zu bytes (sink %zu)\n", contacts, saved, sink % 10);
    printf("  queries: median %.3f s per pass, %.1f M queries/s, %.1f ns/query\n", qm,
           (double)contacts / qm / 1e6, qm / (double)contacts * 1e9);
    printf("  floor (one pass over the saved states): %.3f s; ratio %.2f\n", fm, qm / fm);
    printf("  load + query: %.1f ns per contact (target <= 300 ns); floor (memcpy of the saved "
           "state) %.1f ns; ratio %.2f\n",
           lqm / (double)contacts * 1e9, lfm / (double)contacts * 1e9, lqm / lfm);
    for (size_t i = 0; i < contacts; i++)
        watpl_window_free(ws[i]);
    free(ws);
    free(states);
    watpl_window_free(w);
    watpl_ctx_free(ctx);
    return 0;
}
