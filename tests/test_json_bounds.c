/* What a JSON input may cost before jansson builds it (docs/limits.md): at
 * most 65 536 values per template or parameter list, and jansson running out
 * of memory is an out-of-memory error, not malformed JSON. */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

/* {"name":"x","pad":[ITEM,ITEM,...]} with n items. */
static char *padded(const char *item, size_t n, size_t *len)
{
    const char *head = "{\"name\":\"x\",\"pad\":[", *tail = "]}";
    size_t il = strlen(item), cap = strlen(head) + n * (il + 1) + strlen(tail) + 1;
    char *s = malloc(cap), *p = s;
    ck_assert_ptr_nonnull(s);
    p += sprintf(p, "%s", head);
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%s%s", i ? "," : "", item);
    p += sprintf(p, "%s", tail);
    *len = (size_t)(p - s);
    return s;
}

START_TEST(values_over_the_bound_are_refused_before_jansson)
{
    static const char *const items[] = {"{}", "[]", "0", "\"\"", "true"};
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    for (size_t k = 0; k < sizeof items / sizeof *items; k++) {
        size_t len;
        char *json = padded(items[k], 65536, &len); /* 65 536 items + the object, "name", "x", "pad" */
        watpl_template *tpl = NULL;
        ck_assert_int_eq(watpl_template_parse_json(ctx, json, len, &tpl), WATPL_ELIMIT);
        ck_assert_ptr_null(tpl);
        ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.too_large");
        ck_assert_str_eq(watpl_ctx_errmsg(ctx), "more than 65536 JSON values");
        ck_assert_int_gt(watpl_ctx_error_offset(ctx), 0);
        free(json);
        json = padded(items[k], 65000, &len); /* under the bound: read */
        ck_assert_int_eq(watpl_template_parse_json(ctx, json, len, &tpl), WATPL_OK);
        watpl_template_free(tpl);
        free(json);
    }
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(values_in_strings_do_not_count)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    size_t len;
    char *json = padded("\"{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\"", 10000, &len);
    watpl_template *tpl = NULL;
    ck_assert_int_eq(watpl_template_parse_json(ctx, json, len, &tpl), WATPL_OK);
    watpl_template_free(tpl);
    free(json);
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(send_parameters_are_bounded_too)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    size_t len;
    char *json = padded("{}", 70000, &len);
    watpl_params *p = NULL;
    ck_assert_int_eq(watpl_params_parse_json(ctx, json, len, &p), WATPL_ELIMIT);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.too_large");
    ck_assert_ptr_null(p);
    free(json);
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(window_events_are_bounded_too)
{
    watpl_ctx *ctx = NULL;
    watpl_window *w = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    size_t len;
    char *json = padded("{}", 70000, &len);
    ck_assert_int_eq(watpl_window_event_json(ctx, w, json, len), WATPL_ELIMIT);
    ck_assert_str_eq(watpl_ctx_errmsg(ctx), "more than 65536 JSON values");
    free(json);
    watpl_window_free(w);
    watpl_ctx_free(ctx);
}
END_TEST

/* A template, a parameter set and a window event are read by one procedure
 * (watpl__json_parse): the same refusals, with the same rule, message and
 * position (offset, line, column). */
typedef struct refusal {
    const char *json, *rule, *msg;
    int code;
    int64_t offset, line, column;
} refusal;

static int read_input(watpl_ctx *ctx, int input, const char *json)
{
    size_t len = strlen(json);
    if (input == 0) {
        watpl_template *t = NULL;
        int rc = watpl_template_parse_json(ctx, json, len, &t);
        watpl_template_free(t);
        return rc;
    }
    if (input == 1) {
        watpl_params *p = NULL;
        int rc = watpl_params_parse_json(ctx, json, len, &p);
        watpl_params_free(p);
        return rc;
    }
    watpl_window *w = NULL;
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    int rc = watpl_window_event_json(ctx, w, json, len);
    watpl_window_free(w);
    return rc;
}

START_TEST(templates_parameters_and_events_are_refused_alike)
{
    static const refusal cases[] = {
        {"{\"a\":1,\n \"a\":2}", "input.json.syntax", NULL, WATPL_ESYNTAX, -2, 2, -2},
        {"{\"a\":\n[[[[[[[[[[]]]]]]]]]]}", "input.too_large", "JSON nested deeper than 8 levels", WATPL_ELIMIT, 13, 2,
         8},
        {"{\"a\":\n \"\xc3\"}", "input.utf8", "invalid UTF-8 at byte 8", WATPL_EUTF8, 8, 2, 3},
    };
    static const char *const inputs[] = {"template", "parameters", "window event"};
    for (int input = 0; input < 3; input++) {
        for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
            const refusal *c = &cases[k];
            watpl_ctx *ctx = NULL;
            ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
            ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_MAX_JSON_DEPTH, 8), WATPL_OK);
            int rc = read_input(ctx, input, c->json);
            ck_assert_msg(rc == c->code, "%s, case %zu: %d", inputs[input], k, rc);
            ck_assert_str_eq(watpl_ctx_error_rule(ctx), c->rule);
            if (c->msg)
                ck_assert_str_eq(watpl_ctx_errmsg(ctx), c->msg);
            else
                ck_assert_msg(strstr(watpl_ctx_errmsg(ctx), "duplicate"), "%s: %s", inputs[input], watpl_ctx_errmsg(ctx));
            if (c->offset != -2)
                ck_assert_msg(watpl_ctx_error_offset(ctx) == c->offset, "%s, case %zu: offset %lld", inputs[input], k,
                              (long long)watpl_ctx_error_offset(ctx));
            ck_assert_msg(watpl_ctx_error_line(ctx) == c->line, "%s, case %zu: line %lld", inputs[input], k,
                          (long long)watpl_ctx_error_line(ctx));
            if (c->column != -2)
                ck_assert_msg(watpl_ctx_error_column(ctx) == c->column, "%s, case %zu: column %lld", inputs[input],
                              k, (long long)watpl_ctx_error_column(ctx));
            watpl_ctx_free(ctx);
        }
    }
}
END_TEST

/* jansson's allocator is process-wide: this test alone sets it, in its own
 * process (Check forks), and only for the call under test. */
static int fail_after;
static void *failing_malloc(size_t n)
{
    return fail_after-- > 0 ? malloc(n) : NULL;
}

START_TEST(jansson_out_of_memory_is_reported_as_such)
{
    static const char tpl_json[] = "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\","
                                   "\"components\":[{\"type\":\"BODY\",\"text\":\"Hello there\"}]}";
    static const char params_json[] = "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"}]}]";
    static const char event_json[] = "{\"contact\":\"a\",\"type\":\"inbound\",\"t\":1767225600}";
    watpl_ctx *ctx = NULL;
    watpl_window *w = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    for (int n = 0; n < 3; n++) {
        watpl_template *tpl = NULL;
        watpl_params *p = NULL;
        fail_after = n;
        json_set_alloc_funcs(failing_malloc, free);
        int rc = watpl_template_parse_json(ctx, tpl_json, strlen(tpl_json), &tpl);
        json_set_alloc_funcs(malloc, free);
        ck_assert_int_eq(rc, WATPL_ENOMEM);
        ck_assert_str_eq(watpl_ctx_error_rule(ctx), "");
        ck_assert_str_eq(watpl_ctx_errmsg(ctx), "out of memory");
        fail_after = n;
        json_set_alloc_funcs(failing_malloc, free);
        rc = watpl_params_parse_json(ctx, params_json, strlen(params_json), &p);
        json_set_alloc_funcs(malloc, free);
        ck_assert_int_eq(rc, WATPL_ENOMEM);
        ck_assert_str_eq(watpl_ctx_errmsg(ctx), "out of memory");
        fail_after = n;
        json_set_alloc_funcs(failing_malloc, free);
        rc = watpl_window_event_json(ctx, w, event_json, strlen(event_json));
        json_set_alloc_funcs(malloc, free);
        ck_assert_int_eq(rc, WATPL_ENOMEM);
        ck_assert_str_eq(watpl_ctx_errmsg(ctx), "out of memory");
        ck_assert_ptr_null(tpl);
        ck_assert_ptr_null(p);
    }
    watpl_window_free(w);
    watpl_ctx_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_bounds");
    TCase *tc = tcase_create("bounds");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, values_over_the_bound_are_refused_before_jansson);
    tcase_add_test(tc, values_in_strings_do_not_count);
    tcase_add_test(tc, send_parameters_are_bounded_too);
    tcase_add_test(tc, window_events_are_bounded_too);
    tcase_add_test(tc, templates_parameters_and_events_are_refused_alike);
    tcase_add_test(tc, jansson_out_of_memory_is_reported_as_such);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
