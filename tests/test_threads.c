/* Threads: validation, classification, rendering and window queries from
 * several threads on shared read-only objects, one context per thread.
 * Run under ThreadSanitizer by `make tsan`. */
#include <check.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#define THREADS 4
#define ROUNDS 200

static const char tpl_json[] =
    "{\"name\":\"order_update\",\"language\":\"pt_BR\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"BODY\",\"text\":\"Olá {{1}}, seu pedido {{2}} foi enviado. Aproveite 10% de desconto!\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A1\"]]}},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Rastrear\",\"url\":\"https://x.io/{{1}}\",\"example\":[\"A1\"]}]}]}";
static const char params_json[] =
    "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"A1\"}]},"
    "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\",\"text\":\"A1\"}]}]";

typedef struct shared {
    const watpl_template *tpl;
    const watpl_window *window;
    char *expected_report;   /* JSON of the report, computed single-threaded */
    char *expected_class;
    watpl_window_answer expected_answer;
} shared;

typedef struct result {
    int mismatches;
    int failures;
} result;

static char *report_json(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_report *r = NULL;
    char *js = NULL;
    size_t jl;
    if (watpl_validate(ctx, tpl, &r) == WATPL_OK)
        watpl_report_to_json(ctx, r, &js, &jl);
    watpl_report_free(r);
    return js;
}

static char *class_json(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_classification *c = NULL;
    char *js = NULL;
    size_t jl;
    if (watpl_classify(ctx, tpl, &c) == WATPL_OK)
        watpl_classification_to_json(ctx, c, &js, &jl);
    watpl_classification_free(c);
    return js;
}

static void *worker(void *arg)
{
    const shared *sh = arg;
    result *res = calloc(1, sizeof *res);
    watpl_ctx *ctx = NULL;
    if (!res || watpl_ctx_new(&ctx) != WATPL_OK) {
        if (res)
            res->failures++;
        return res;
    }
    watpl_window *own = NULL;
    watpl_window_new(&own, ctx);
    for (int i = 0; i < ROUNDS; i++) {
        char *r = report_json(ctx, sh->tpl), *c = class_json(ctx, sh->tpl);
        res->failures += !r || !c;
        res->mismatches += (r && strcmp(r, sh->expected_report) != 0) + (c && strcmp(c, sh->expected_class) != 0);
        watpl_free(r);
        watpl_free(c);
        watpl_params *p = NULL;
        watpl_rendered *rd = NULL;
        if (watpl_params_parse_json(ctx, params_json, sizeof params_json - 1, &p) != WATPL_OK ||
            watpl_render(ctx, sh->tpl, p, &rd) != WATPL_OK)
            res->failures++;
        else
            res->mismatches += watpl_report_errors(watpl_rendered_report(rd)) != 0;
        watpl_rendered_free(rd);
        watpl_params_free(p);
        watpl_window_answer a;
        watpl_window_answer_init(&a);
        if (watpl_window_query(sh->window, 1767300000, WATPL_KIND_MARKETING, WATPL_SCHEDULE_2025_07, 0, &a) != WATPL_OK)
            res->failures++;
        res->mismatches += memcmp(&a, &sh->expected_answer, sizeof a) != 0;
        watpl_window_inbound(own, 1767225600 + i, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    }
    watpl_window_free(own);
    watpl_ctx_free(ctx);
    return res;
}

START_TEST(shared_templates_from_many_threads_give_the_same_answers)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, tpl_json);
    watpl_window *w = NULL;
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    watpl_window_inbound(w, 1767225600, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, 1767225900, WATPL_KIND_UTILITY);
    shared sh;
    memset(&sh, 0, sizeof sh);
    sh.tpl = tpl;
    sh.window = w;
    sh.expected_report = report_json(ctx, tpl);
    sh.expected_class = class_json(ctx, tpl);
    ck_assert_ptr_nonnull(sh.expected_report);
    ck_assert_ptr_nonnull(sh.expected_class);
    watpl_window_answer_init(&sh.expected_answer);
    ck_assert_int_eq(watpl_window_query(w, 1767300000, WATPL_KIND_MARKETING, WATPL_SCHEDULE_2025_07, 0,
                                        &sh.expected_answer), WATPL_OK);
    pthread_t th[THREADS];
    for (int i = 0; i < THREADS; i++)
        ck_assert_int_eq(pthread_create(&th[i], NULL, worker, &sh), 0);
    for (int i = 0; i < THREADS; i++) {
        void *ret = NULL;
        ck_assert_int_eq(pthread_join(th[i], &ret), 0);
        result *res = ret;
        ck_assert_ptr_nonnull(res);
        ck_assert_int_eq(res->failures, 0);
        ck_assert_int_eq(res->mismatches, 0);
        free(res);
    }
    watpl_free(sh.expected_report);
    watpl_free(sh.expected_class);
    watpl_window_free(w);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("shared");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, shared_templates_from_many_threads_give_the_same_answers);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
