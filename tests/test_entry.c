/* The entry of every public function that takes a context (watpl.h,
 * "Conventions"): a refused argument returns WATPL_EINVAL and an allocation
 * that fails returns WATPL_ENOMEM, both recorded as the context's last
 * error, whatever the context held before. Each function is called here by
 * name, so that one added without the entry (WATPL__ENTER) fails its row. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char TPL[] =
    "{\"name\":\"order_shipped\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"BODY\",\"text\":\"Hi {{1}}, your order {{2}} has shipped and will arrive soon.\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A-1042\"]]}}]}";
static const char PARAMS[] =
    "{\"to\":\"+5511999990000\",\"template\":{\"components\":[{\"type\":\"body\",\"parameters\":["
    "{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"A-1042\"}]}]}}";
static const char EVENT[] = "{\"type\":\"inbound\",\"t\":1750000000}";
static const char NUMBER[] = "+5511999990000";
#define T_NOW 1750000100

/* What the calls need, made on a context of their own. */
typedef struct fixture {
    watpl_ctx *ctx;
    th_counting counting;
    watpl_template *tpl;
    watpl_params *params;
    watpl_prepared *prep;
    watpl_rendered *rendered;
    watpl_report *report;
    watpl_classification *cls;
    watpl_window *window;
    watpl_window_answer answer;
    watpl_rates *rates;
    char *card;
    size_t card_len;
} fixture;

static void fixture_open(fixture *f)
{
    memset(f, 0, sizeof *f);
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&f->ctx, th_counting_alloc, th_counting_realloc,
                                                  th_counting_free, &f->counting),
                     WATPL_OK);
    watpl_ctx *ctx = f->ctx;
    ck_assert_int_eq(watpl_template_parse_json(ctx, TPL, strlen(TPL), &f->tpl), WATPL_OK);
    ck_assert_int_eq(watpl_params_parse_json(ctx, PARAMS, strlen(PARAMS), &f->params), WATPL_OK);
    ck_assert_int_eq(watpl_prepared_new(ctx, f->tpl, &f->prep), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&f->rendered, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_validate(ctx, f->tpl, &f->report), WATPL_OK);
    ck_assert_int_eq(watpl_classify(ctx, f->tpl, &f->cls), WATPL_OK);
    ck_assert_int_eq(watpl_window_new(&f->window, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_inbound(f->window, 1750000000, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE),
                     WATPL_OK);
    watpl_window_answer_init(&f->answer);
    ck_assert_int_eq(watpl_window_query(f->window, T_NOW, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2025_07, 0,
                                        &f->answer),
                     WATPL_OK);
    ck_assert_int_eq(watpl_rates_new(&f->rates, ctx), WATPL_OK);
    f->card = th_read_file("data/pricing/cards/pmp-usd-2026-01-01.csv", &f->card_len);
    ck_assert_ptr_nonnull(f->card);
}

static void fixture_close(fixture *f)
{
    watpl_template_free(f->tpl);
    watpl_params_free(f->params);
    watpl_prepared_free(f->prep);
    watpl_rendered_free(f->rendered);
    watpl_report_free(f->report);
    watpl_classification_free(f->cls);
    watpl_window_free(f->window);
    watpl_rates_free(f->rates);
    watpl_ctx_free(f->ctx);
    ck_assert_int_eq(f->counting.live, 0);
    free(f->card);
}

/* Leave a failure other than the one expected on the context: a syntax error. */
static void dirty(watpl_ctx *ctx)
{
    watpl_template *t = NULL;
    ck_assert_int_eq(watpl_template_parse_json(ctx, "{", 1, &t), WATPL_ESYNTAX);
    ck_assert_int_eq(watpl_ctx_errcode(ctx), WATPL_ESYNTAX);
}

/* ---- the calls: each with an argument refused, and with good ones -------------------------- */

typedef int (*call_fn)(fixture *f, bool bad);

static int call_set_option(fixture *f, bool bad)
{
    return watpl_ctx_set_option(f->ctx, bad ? 9999 : WATPL_OPT_WORDS_PER_PARAM, 3);
}

static int call_set_option_range(fixture *f, bool bad)
{
    return watpl_ctx_set_option(f->ctx, WATPL_OPT_WORDS_PER_PARAM, bad ? 101 : 3);
}

static int call_template_new(fixture *f, bool bad)
{
    watpl_template *t = NULL;
    int rc = watpl_template_new(bad ? NULL : &t, f->ctx);
    watpl_template_free(t);
    return rc;
}

static int call_template_parse_json(fixture *f, bool bad)
{
    watpl_template *t = NULL;
    int rc = watpl_template_parse_json(f->ctx, TPL, strlen(TPL), bad ? NULL : &t);
    watpl_template_free(t);
    return rc;
}

static int call_template_to_json(fixture *f, bool bad)
{
    char *out = NULL;
    int rc = watpl_template_to_json(f->ctx, bad ? NULL : f->tpl, &out, NULL);
    watpl_free(out);
    return rc;
}

static int call_validate(fixture *f, bool bad)
{
    watpl_report *r = NULL;
    int rc = watpl_validate(f->ctx, bad ? NULL : f->tpl, &r);
    watpl_report_free(r);
    return rc;
}

static int call_lint(fixture *f, bool bad)
{
    watpl_report *r = NULL;
    watpl_classification *c = NULL;
    int rc = watpl_lint(f->ctx, f->tpl, bad ? NULL : &r, &c);
    watpl_report_free(r);
    watpl_classification_free(c);
    return rc;
}

static int call_report_to_json(fixture *f, bool bad)
{
    char *out = NULL;
    int rc = watpl_report_to_json(f->ctx, bad ? NULL : f->report, &out, NULL);
    watpl_free(out);
    return rc;
}

static int call_classify(fixture *f, bool bad)
{
    watpl_classification *c = NULL;
    int rc = watpl_classify(f->ctx, bad ? NULL : f->tpl, &c);
    watpl_classification_free(c);
    return rc;
}

static int call_classify_text(fixture *f, bool bad)
{
    watpl_classification *c = NULL;
    int rc = watpl_classify_text(f->ctx, bad ? NULL : "Your order has shipped", 22, "en", 2, &c);
    watpl_classification_free(c);
    return rc;
}

static int call_classification_to_json(fixture *f, bool bad)
{
    char *out = NULL;
    int rc = watpl_classification_to_json(f->ctx, bad ? NULL : f->cls, &out, NULL);
    watpl_free(out);
    return rc;
}

static int call_params_new(fixture *f, bool bad)
{
    watpl_params *p = NULL;
    int rc = watpl_params_new(bad ? NULL : &p, f->ctx);
    watpl_params_free(p);
    return rc;
}

static int call_params_parse_json(fixture *f, bool bad)
{
    watpl_params *p = NULL;
    int rc = watpl_params_parse_json(f->ctx, PARAMS, strlen(PARAMS), bad ? NULL : &p);
    watpl_params_free(p);
    return rc;
}

static int call_params_add_json(fixture *f, bool bad)
{
    watpl_params *p = NULL;
    if (!bad && watpl_params_new(&p, f->ctx))
        return WATPL_ENOMEM;
    int rc = watpl_params_add_json(f->ctx, p, PARAMS, strlen(PARAMS));
    watpl_params_free(p);
    return rc;
}

static int call_render(fixture *f, bool bad)
{
    watpl_rendered *r = NULL;
    int rc = watpl_render(f->ctx, f->tpl, bad ? NULL : f->params, &r);
    watpl_rendered_free(r);
    return rc;
}

static int call_rendered_new(fixture *f, bool bad)
{
    watpl_rendered *r = NULL;
    int rc = watpl_rendered_new(bad ? NULL : &r, f->ctx);
    watpl_rendered_free(r);
    return rc;
}

static int call_rendered_to_json(fixture *f, bool bad)
{
    char *out = NULL;
    watpl_rendered *r = NULL;
    int rc = bad ? WATPL_OK : watpl_render(f->ctx, f->tpl, f->params, &r);
    if (!rc)
        rc = watpl_rendered_to_json(f->ctx, r, &out, NULL);
    watpl_free(out);
    watpl_rendered_free(r);
    return rc;
}

static int call_prepared_new(fixture *f, bool bad)
{
    watpl_prepared *p = NULL;
    int rc = watpl_prepared_new(f->ctx, bad ? NULL : f->tpl, &p);
    watpl_prepared_free(p);
    return rc;
}

static int call_send_render(fixture *f, bool bad)
{
    watpl_rendered *r = NULL;
    int rc = watpl_rendered_new(&r, f->ctx);
    if (!rc)
        rc = watpl_send_render(f->ctx, f->prep, bad ? NULL : f->params, r);
    watpl_rendered_free(r);
    return rc;
}

static int call_send_payload(fixture *f, bool bad)
{
    char buf[1024];
    size_t needed = 0;
    return watpl_send_payload(f->ctx, f->prep, bad ? NULL : f->params, buf, sizeof buf, &needed, NULL);
}

static int call_window_new(fixture *f, bool bad)
{
    watpl_window *w = NULL;
    int rc = watpl_window_new(bad ? NULL : &w, f->ctx);
    watpl_window_free(w);
    return rc;
}

static int call_window_event_json(fixture *f, bool bad)
{
    return watpl_window_event_json(f->ctx, bad ? NULL : f->window, EVENT, strlen(EVENT));
}

static int call_window_answer_to_json(fixture *f, bool bad)
{
    char *out = NULL;
    int rc = watpl_window_answer_to_json(f->ctx, bad ? NULL : &f->answer, &out, NULL);
    watpl_free(out);
    return rc;
}

static int call_market_of(fixture *f, bool bad)
{
    const char *market = NULL;
    return watpl_market_of(f->ctx, NUMBER, strlen(NUMBER), bad ? NULL : &market, NULL);
}

static int call_rates_new(fixture *f, bool bad)
{
    watpl_rates *r = NULL;
    int rc = watpl_rates_new(bad ? NULL : &r, f->ctx);
    watpl_rates_free(r);
    return rc;
}

static int call_rates_load_card(fixture *f, bool bad)
{
    return watpl_rates_load_card(f->ctx, bad ? NULL : f->rates, f->card, f->card_len);
}

static int call_price_message(fixture *f, bool bad)
{
    watpl_price p;
    watpl_price_init(&p);
    return watpl_price_message(f->ctx, f->rates, NUMBER, strlen(NUMBER), bad ? 0 : WATPL_PCAT_MARKETING,
                               T_NOW, NULL, 0, 0, &p);
}

static int call_window_answer_price(fixture *f, bool bad)
{
    watpl_price p;
    watpl_price_init(&p);
    return watpl_window_answer_price(f->ctx, f->rates, bad ? NULL : &f->answer, T_NOW, NUMBER, strlen(NUMBER),
                                     NULL, 0, 0, &p);
}

typedef struct entry {
    const char *name;
    call_fn call;
    bool allocates; /* through the context's allocator, on a fresh context */
} entry;

static const entry entries[] = {
    {"watpl_ctx_set_option", call_set_option, false},
    {"watpl_ctx_set_option (range)", call_set_option_range, false},
    {"watpl_template_new", call_template_new, true},
    {"watpl_template_parse_json", call_template_parse_json, true},
    {"watpl_template_to_json", call_template_to_json, true},
    {"watpl_validate", call_validate, true},
    {"watpl_lint", call_lint, true},
    {"watpl_report_to_json", call_report_to_json, true},
    {"watpl_classify", call_classify, true},
    {"watpl_classify_text", call_classify_text, true},
    {"watpl_classification_to_json", call_classification_to_json, true},
    {"watpl_params_new", call_params_new, true},
    {"watpl_params_parse_json", call_params_parse_json, true},
    {"watpl_params_add_json", call_params_add_json, true},
    {"watpl_render", call_render, true},
    {"watpl_rendered_new", call_rendered_new, true},
    {"watpl_rendered_to_json", call_rendered_to_json, true},
    {"watpl_prepared_new", call_prepared_new, true},
    {"watpl_send_render", call_send_render, true},
    {"watpl_send_payload", call_send_payload, false},
    {"watpl_window_new", call_window_new, true},
    {"watpl_window_event_json", call_window_event_json, false},
    {"watpl_window_answer_to_json", call_window_answer_to_json, true},
    {"watpl_market_of", call_market_of, false},
    {"watpl_rates_new", call_rates_new, true},
    {"watpl_rates_load_card", call_rates_load_card, true},
    {"watpl_price_message", call_price_message, false},
    {"watpl_window_answer_price", call_window_answer_price, false},
};
#define N_ENTRIES (sizeof entries / sizeof entries[0])

START_TEST(a_refused_argument_is_the_contexts_last_error)
{
    const entry *e = &entries[_i];
    fixture f;
    fixture_open(&f);
    ck_assert_msg(e->call(&f, false) == WATPL_OK, "%s: the good call fails", e->name);
    dirty(f.ctx);
    int rc = e->call(&f, true);
    ck_assert_msg(rc == WATPL_EINVAL, "%s: %d", e->name, rc);
    ck_assert_msg(watpl_ctx_errcode(f.ctx) == WATPL_EINVAL, "%s: the context holds %d", e->name,
                  watpl_ctx_errcode(f.ctx));
    ck_assert_msg(*watpl_ctx_errmsg(f.ctx), "%s: no message", e->name);
    ck_assert_str_eq(watpl_ctx_error_rule(f.ctx), "");
    fixture_close(&f);
}
END_TEST

/* Every allocation of the call made to fail in turn, each on a fresh
 * context (a warm one keeps its scratch and may not allocate at all). */
START_TEST(a_failed_allocation_is_the_contexts_last_error)
{
    const entry *e = &entries[_i];
    if (!e->allocates)
        return;
    int failures = 0;
    for (long n = 1; n < 10000; n++) {
        fixture f;
        fixture_open(&f);
        dirty(f.ctx);
        f.counting.fail_at = f.counting.count + n;
        int rc = e->call(&f, false);
        f.counting.fail_at = 0;
        if (rc == WATPL_ENOMEM) {
            failures++;
            ck_assert_msg(watpl_ctx_errcode(f.ctx) == WATPL_ENOMEM, "%s, allocation %ld: the context holds %d",
                          e->name, n, watpl_ctx_errcode(f.ctx));
            ck_assert_str_eq(watpl_ctx_errmsg(f.ctx), "out of memory");
        } else {
            ck_assert_msg(rc == WATPL_OK, "%s, allocation %ld: %d", e->name, n, rc);
        }
        fixture_close(&f);
        if (rc == WATPL_OK)
            break;
    }
    ck_assert_msg(failures > 0, "%s never failed an allocation", e->name);
}
END_TEST

/* A context refuses to be read through by the entry: a NULL context is
 * WATPL_EINVAL for every call (there is nowhere to record it). */
START_TEST(a_null_context_is_einval)
{
    watpl_template *t = (watpl_template *)1;
    ck_assert_int_eq(watpl_template_new(&t, NULL), WATPL_EINVAL);
    ck_assert_ptr_null(t);
    watpl_report *r = (watpl_report *)1;
    ck_assert_int_eq(watpl_validate(NULL, NULL, &r), WATPL_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_int_eq(watpl_ctx_set_option(NULL, WATPL_OPT_WORDS_PER_PARAM, 3), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_event_json(NULL, NULL, EVENT, strlen(EVENT)), WATPL_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("entry");
    TCase *tc = tcase_create("entry");
    tcase_set_timeout(tc, 120);
    tcase_add_loop_test(tc, a_refused_argument_is_the_contexts_last_error, 0, (int)N_ENTRIES);
    tcase_add_loop_test(tc, a_failed_allocation_is_the_contexts_last_error, 0, (int)N_ENTRIES);
    tcase_add_test(tc, a_null_context_is_einval);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
