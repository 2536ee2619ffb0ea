/* Allocation failure: every public function that allocates is run with the
 * n-th allocation failing, for every n, through the context's allocator. It
 * must return WATPL_ENOMEM, leak nothing and leave its inputs usable. */
#include <check.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char tpl_json[] =
    "{\"name\":\"order_update\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Order {{1}}\",\"example\":{\"header_text\":[\"A1\"]}},"
    "{\"type\":\"BODY\",\"text\":\"Olá {{1}}, your order {{2}} has shipped 📦. Get 10% off next time!\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A1\"]]}},{\"type\":\"FOOTER\",\"text\":\"Shop team\"},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Track\",\"url\":\"https://x.io/{{1}}\",\"example\":[\"A1\"]},"
    "{\"type\":\"COPY_CODE\",\"example\":\"SAVE10\"}]}]}";
static const char params_json[] =
    "[{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"A1\"}]},"
    "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"},{\"type\":\"text\",\"text\":\"A1\"}]},"
    "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\",\"text\":\"A1\"}]},"
    "{\"type\":\"button\",\"sub_type\":\"copy_code\",\"index\":1,\"parameters\":[{\"type\":\"coupon_code\",\"coupon_code\":\"SAVE10\"}]}]";

/* One operation under test, on a context whose allocator counts. Returns
 * its rc; frees whatever it produced. `tpl` is a template made beforehand
 * with the same context (not counted: made before fail_at is armed). */
typedef int (*op_fn)(watpl_ctx *ctx, const watpl_template *tpl);

static int op_parse(watpl_ctx *ctx, const watpl_template *tpl)
{
    (void)tpl;
    watpl_template *t = NULL;
    int rc = watpl_template_parse_json(ctx, tpl_json, sizeof tpl_json - 1, &t);
    ck_assert(rc == WATPL_OK || t == NULL);
    watpl_template_free(t);
    return rc;
}

static int op_to_json(watpl_ctx *ctx, const watpl_template *tpl)
{
    char *out = NULL;
    size_t len;
    int rc = watpl_template_to_json(ctx, tpl, &out, &len);
    ck_assert(rc == WATPL_OK || out == NULL);
    watpl_free(out);
    return rc;
}

static int op_validate(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_report *r = NULL;
    int rc = watpl_validate(ctx, tpl, &r);
    ck_assert(rc == WATPL_OK || r == NULL);
    if (rc == WATPL_OK) {
        char *js = NULL;
        size_t jl;
        rc = watpl_report_to_json(ctx, r, &js, &jl);
        watpl_free(js);
    }
    watpl_report_free(r);
    return rc;
}

static int op_classify(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_classification *c = NULL;
    int rc = watpl_classify(ctx, tpl, &c);
    ck_assert(rc == WATPL_OK || c == NULL);
    if (rc == WATPL_OK) {
        char *js = NULL;
        size_t jl;
        rc = watpl_classification_to_json(ctx, c, &js, &jl);
        watpl_free(js);
    }
    watpl_classification_free(c);
    return rc;
}

static int op_lint(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_report *r = NULL;
    watpl_classification *c = NULL;
    int rc = watpl_lint(ctx, tpl, &r, &c);
    if (!rc && (!r || !c))
        rc = -1;
    if (rc && (r || c))
        rc = -2; /* on failure both outputs are NULL */
    watpl_report_free(r);
    watpl_classification_free(c);
    return rc;
}

static int op_classify_text(watpl_ctx *ctx, const watpl_template *tpl)
{
    (void)tpl;
    static const char t[] = "ÚLTIMA CHANCE: 30% de desconto com o cupom VERAO! 🎉";
    watpl_classification *c = NULL;
    int rc = watpl_classify_text(ctx, t, sizeof t - 1, "pt_BR", 5, &c);
    ck_assert(rc == WATPL_OK || c == NULL);
    watpl_classification_free(c);
    return rc;
}

static int op_render(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_params *p = NULL;
    watpl_rendered *r = NULL;
    int rc = watpl_params_parse_json(ctx, params_json, sizeof params_json - 1, &p);
    if (rc == WATPL_OK)
        rc = watpl_render(ctx, tpl, p, &r);
    if (rc == WATPL_OK) {
        char *js = NULL;
        size_t jl;
        rc = watpl_rendered_to_json(ctx, r, &js, &jl);
        watpl_free(js);
    }
    watpl_rendered_free(r);
    watpl_params_free(p);
    return rc;
}

static int op_build(watpl_ctx *ctx, const watpl_template *tpl)
{
    (void)tpl;
    watpl_template *t = NULL;
    size_t b = 0, card = 0;
    int rc = watpl_template_new(&t, ctx);
    if (!rc) rc = watpl_template_set_name(t, "a", 1);
    if (!rc) rc = watpl_template_set_body(t, -1, "Hello {{1}} there", 17);
    if (!rc) rc = watpl_template_add_example(t, -1, WATPL_COMPONENT_BODY, NULL, 0, "Ana", 3);
    if (!rc) rc = watpl_template_add_example(t, -1, WATPL_COMPONENT_BODY, "n", 1, "Ana", 3);
    if (!rc) rc = watpl_template_add_button(t, -1, "OTP", 3, NULL, 0, &b);
    if (!rc) rc = watpl_template_set_button_field(t, -1, b, WATPL_BUTTON_FIELD_EXAMPLE, "X", 1);
    if (!rc) rc = watpl_template_add_button_app(t, b, "com.a.b", 7, "K8a/AINcGX7", 11);
    if (!rc) rc = watpl_template_add_card(t, &card);
    if (!rc) rc = watpl_template_set_header_media(t, (int)card, "IMAGE", 5, "h", 1);
    if (!rc) rc = watpl_template_set_limited_time_offer(t, "Offer", 5, 1);
    watpl_template_free(t);
    return rc;
}

static int op_params_build(watpl_ctx *ctx, const watpl_template *tpl)
{
    watpl_params *p = NULL;
    watpl_rendered *r = NULL;
    int rc = watpl_params_new(&p, ctx);
    if (!rc) rc = watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, "A1", 2);
    if (!rc) rc = watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "Ana", 3);
    if (!rc) rc = watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "A1", 2);
    if (!rc) rc = watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, "A1", 2);
    if (!rc) rc = watpl_params_set_coupon_code(p, "SAVE10", 6);
    if (!rc) rc = watpl_params_set_auth_code(p, "123456", 6);
    if (!rc) rc = watpl_render(ctx, tpl, p, &r);
    if (!rc) {
        char buf[256];
        size_t need = 0;
        rc = watpl_rendered_copy(r, WATPL_COMPONENT_BODY, 0, buf, sizeof buf, &need);
    }
    watpl_rendered_free(r);
    watpl_params_free(p);
    return rc;
}

static int op_window(watpl_ctx *ctx, const watpl_template *tpl)
{
    (void)tpl;
    watpl_window *w = NULL;
    int rc = watpl_window_new(&w, ctx);
    if (!rc)
        rc = watpl_window_inbound(w, 1767225600, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_free(w);
    return rc;
}

/* One sweep: every allocation of a run of op fails in turn. The context keeps
 * scratch buffers between calls (the classifier's), so leaks are measured
 * against the blocks live after a first successful run, and a cold sweep
 * uses a fresh context for every n, which must free everything. */
static void sweep(op_fn op, const char *name, bool cold)
{
    th_counting c = {0, 0, 0};
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_OK);
    watpl_template *tpl = NULL;
    ck_assert_int_eq(watpl_template_parse_json(ctx, tpl_json, sizeof tpl_json - 1, &tpl), WATPL_OK);
    if (!cold)
        ck_assert_int_eq(op(ctx, tpl), WATPL_OK); /* warm the context */
    long base = c.live;
    /* count the allocations of one successful run */
    c.count = 0;
    ck_assert_int_eq(op(ctx, tpl), WATPL_OK);
    long total = c.count;
    ck_assert_msg(total > 0 || !cold, "%s allocates nothing through the context", name);
    if (cold) {
        /* what a cold run keeps is the context's own, reused, never grown twice */
        long kept = c.live;
        ck_assert_int_eq(op(ctx, tpl), WATPL_OK);
        ck_assert_msg(c.live == kept, "%s leaks on success", name);
        watpl_template_free(tpl);
        watpl_ctx_free(ctx);
        ck_assert_msg(c.live == 0, "%s leaks on success", name);
    } else {
        ck_assert_msg(c.live == base, "%s leaks on success", name);
    }
    for (long n = 1; n <= total; n++) {
        if (cold) {
            c.fail_at = 0;
            ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_OK);
            ck_assert_int_eq(watpl_template_parse_json(ctx, tpl_json, sizeof tpl_json - 1, &tpl), WATPL_OK);
        }
        c.count = 0;
        c.fail_at = n;
        long before = c.live;
        int rc = op(ctx, tpl);
        c.fail_at = 0;
        ck_assert_msg(rc == WATPL_ENOMEM, "%s: allocation %ld of %ld failed but rc=%d", name, n, total, rc);
        if (!cold)
            ck_assert_msg(c.live == before, "%s: allocation %ld failed: %ld blocks leaked", name, n,
                          c.live - before);
        /* the inputs are still usable */
        ck_assert_msg(op(ctx, tpl) == WATPL_OK, "%s: unusable after failure %ld", name, n);
        if (cold) {
            watpl_template_free(tpl);
            watpl_ctx_free(ctx);
            ck_assert_msg(c.live == 0, "%s: allocation %ld failed: %ld blocks leaked", name, n, c.live);
        }
    }
    if (!cold) {
        watpl_template_free(tpl);
        watpl_ctx_free(ctx);
        ck_assert_int_eq(c.live, 0);
    }
}

static void exhaust(op_fn op, const char *name)
{
    sweep(op, name, true);
    sweep(op, name, false);
}

START_TEST(parse_fails_cleanly_at_every_allocation) { exhaust(op_parse, "parse"); }
END_TEST
START_TEST(to_json_fails_cleanly_at_every_allocation) { exhaust(op_to_json, "to_json"); }
END_TEST
START_TEST(validate_fails_cleanly_at_every_allocation) { exhaust(op_validate, "validate"); }
END_TEST
START_TEST(classify_fails_cleanly_at_every_allocation) { exhaust(op_classify, "classify"); }
END_TEST
START_TEST(lint_fails_cleanly_at_every_allocation) { exhaust(op_lint, "lint"); }
END_TEST
START_TEST(classify_text_fails_cleanly_at_every_allocation) { exhaust(op_classify_text, "classify_text"); }
END_TEST
START_TEST(render_fails_cleanly_at_every_allocation) { exhaust(op_render, "render"); }
END_TEST
START_TEST(builder_fails_cleanly_at_every_allocation) { exhaust(op_build, "builder"); }
END_TEST
START_TEST(params_builder_fails_cleanly_at_every_allocation) { exhaust(op_params_build, "params"); }
END_TEST
START_TEST(window_fails_cleanly_at_every_allocation) { exhaust(op_window, "window"); }
END_TEST

START_TEST(context_creation_fails_cleanly)
{
    th_counting c = {1, 0, 0};
    watpl_ctx *ctx = (watpl_ctx *)1;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_ENOMEM);
    ck_assert_ptr_null(ctx);
    ck_assert_int_eq(c.live, 0);
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, NULL, th_counting_realloc, th_counting_free, &c), WATPL_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alloc");
    TCase *tc = tcase_create("failures");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, parse_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, to_json_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, validate_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, classify_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, classify_text_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, lint_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, render_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, builder_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, params_builder_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, window_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, context_creation_fails_cleanly);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
