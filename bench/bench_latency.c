/* Benchmark 2: single-template latency of watpl_validate + watpl_classify on a
 * prepared context for a typical ~400-byte UTILITY template: median and 99th
 * percentile, against the floor of copying the template text once (memcpy +
 * a byte scan), and the number of allocations per call once warm.
 * SPDX-License-Identifier: MIT */
#include "bench_util.h"
#include "watpl.h"

typedef struct counting {
    size_t allocs;
} counting;

static void *c_alloc(void *ud, size_t n)
{
    ((counting *)ud)->allocs++;
    return malloc(n ? n : 1);
}

static void *c_realloc(void *ud, void *p, size_t o, size_t n)
{
    (void)o;
    ((counting *)ud)->allocs++;
    return realloc(p, n ? n : 1);
}

static void c_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

static const char TEMPLATE[] =
    "{\"name\":\"order_shipped\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"BODY\",\"text\":\"Hi {{1}}, your order {{2}} left our warehouse today and should "
    "arrive by {{3}}. Follow the delivery with the link below.\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A-10442\",\"Friday\"]]}},"
    "{\"type\":\"FOOTER\",\"text\":\"Reply STOP to opt out\"},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Track order\","
    "\"url\":\"https://shop.example.com/t/{{1}}\",\"example\":[\"A-10442\"]}]}]}";

int main(int argc, char **argv)
{
    size_t iters = argc > 1 ? (size_t)strtoul(argv[1], NULL, 10) : 20000;
    if (iters < 100 || iters > 10000000)
        iters = 20000;
    counting cnt = {0};
    watpl_ctx *ctx = NULL;
    watpl_template *tpl = NULL;
    if (watpl_ctx_new_with_allocator(&ctx, c_alloc, c_realloc, c_free, &cnt) ||
        watpl_template_parse_json(ctx, TEMPLATE, sizeof TEMPLATE - 1, &tpl)) {
        fprintf(stderr, "setup failed: %s\n", ctx ? watpl_ctx_errmsg(ctx) : "");
        return 1;
    }
    double *lat = malloc(iters * sizeof *lat), *flo = malloc(iters * sizeof *flo);
    char *copy = malloc(sizeof TEMPLATE);
    if (!lat || !flo || !copy)
        return 1;
    size_t sink = 0;
    /* Warm up. */
    for (size_t i = 0; i < 1000; i++) {
        watpl_report *r = NULL;
        watpl_classification *c = NULL;
        watpl_lint(ctx, tpl, &r, &c);
        watpl_report_free(r);
        watpl_classification_free(c);
    }
    size_t allocs_before = cnt.allocs;
    for (size_t i = 0; i < iters; i++) {
        double t0 = bench_now();
        watpl_report *r = NULL;
        watpl_classification *c = NULL;
        watpl_lint(ctx, tpl, &r, &c);
        sink += watpl_report_count(r) + (size_t)watpl_classification_category(c);
        watpl_report_free(r);
        watpl_classification_free(c);
        lat[i] = bench_now() - t0;
        t0 = bench_now();
        memcpy(copy, TEMPLATE, sizeof TEMPLATE);
        for (size_t k = 0; k < sizeof TEMPLATE; k++)
            sink += (unsigned char)copy[k] == '{';
        flo[i] = bench_now() - t0;
    }
    double allocs_per_call = (double)(cnt.allocs - allocs_before) / (double)iters;
    double med = bench_median(lat, iters), p99 = bench_percentile_sorted(lat, iters, 99);
    double fmed = bench_median(flo, iters);
    printf("latency: %zu-byte UTILITY template, %zu calls of watpl_lint (validate + classify) (sink %zu)\n",
           sizeof TEMPLATE - 1, iters, sink % 10);
    printf("  median %.2f us, p99 %.2f us; floor (copy + scan of the JSON) median %.3f us; ratio %.0f\n",
           med * 1e6, p99 * 1e6, fmed * 1e6, med / (fmed > 0 ? fmed : 1e-9));
    printf("  allocations per call (watpl_lint, its two results included): %.2f\n", allocs_per_call);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    free(lat);
    free(flo);
    free(copy);
    return 0;
}
