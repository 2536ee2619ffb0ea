/* A builder call that fails leaves the template as it was (docs/limits.md):
 * each setter is run on an empty and on a full template, with invalid UTF-8,
 * over a bound, and with the n-th allocation failing for every n; after each
 * failure the template's JSON is byte for byte what it was, and after the
 * success it parses back. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char full_json[] =
    "{\"name\":\"order_update\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Order {{1}}\",\"example\":{\"header_text\":[\"A1\"]}},"
    "{\"type\":\"BODY\",\"text\":\"Hi {{1}}, your order has shipped.\",\"example\":{\"body_text\":[[\"Ana\"]]}},"
    "{\"type\":\"FOOTER\",\"text\":\"Shop team\"},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Track\",\"url\":\"https://x.io/{{1}}\"}]},"
    "{\"type\":\"CAROUSEL\",\"cards\":[{\"components\":[{\"type\":\"BODY\",\"text\":\"Card\"}]}]}]}";

#define BAD "caf\xc3"  /* invalid UTF-8 */
#define BAD_LEN 4

typedef int (*op_fn)(watpl_template *t, bool bad);

static int op_name(watpl_template *t, bool bad) { return watpl_template_set_name(t, bad ? BAD : "new_name", bad ? BAD_LEN : 8); }
static int op_category(watpl_template *t, bool bad) { return watpl_template_set_category(t, bad ? BAD : "MARKETING", bad ? BAD_LEN : 9); }
static int op_format(watpl_template *t, bool bad) { return watpl_template_set_parameter_format(t, bad ? BAD : "named", bad ? BAD_LEN : 5); }
static int op_header_text(watpl_template *t, bool bad) { return watpl_template_set_header_text(t, -1, bad ? BAD : "Hello", bad ? BAD_LEN : 5); }
static int op_header_media(watpl_template *t, bool bad) { return watpl_template_set_header_media(t, -1, "IMAGE", 5, bad ? BAD : "4::aW1h", bad ? BAD_LEN : 7); }
static int op_body(watpl_template *t, bool bad) { return watpl_template_set_body(t, -1, bad ? BAD : "Body text", bad ? BAD_LEN : 9); }
static int op_card_body(watpl_template *t, bool bad) { return watpl_template_set_body(t, 0, bad ? BAD : "Card text", bad ? BAD_LEN : 9); }
static int op_footer(watpl_template *t, bool bad) { return watpl_template_set_footer(t, bad ? BAD : "Footer", bad ? BAD_LEN : 6); }
static int op_example(watpl_template *t, bool bad) { return watpl_template_add_example(t, -1, WATPL_COMPONENT_BODY, NULL, 0, bad ? BAD : "Ana", bad ? BAD_LEN : 3); }
static int op_named_example(watpl_template *t, bool bad) { return watpl_template_add_example(t, -1, WATPL_COMPONENT_HEADER, "first", 5, bad ? BAD : "Ana", bad ? BAD_LEN : 3); }
static int op_security(watpl_template *t, bool bad) { return bad ? WATPL_EINVAL : watpl_template_set_security_recommendation(t, 1); }
static int op_expiration(watpl_template *t, bool bad) { return bad ? WATPL_EINVAL : watpl_template_set_code_expiration(t, 10); }
static int op_button(watpl_template *t, bool bad) { return watpl_template_add_button(t, -1, "QUICK_REPLY", 11, bad ? BAD : "Stop", bad ? BAD_LEN : 4, NULL); }
static int op_button_example(watpl_template *t, bool bad) { return watpl_template_set_button_field(t, -1, 0, WATPL_BUTTON_FIELD_EXAMPLE, bad ? BAD : "A1", bad ? BAD_LEN : 2); }
static int op_button_app(watpl_template *t, bool bad) { return watpl_template_add_button_app(t, 0, "com.example", 11, bad ? BAD : "K8a/AINcGX7", bad ? BAD_LEN : 11); }
static int op_card(watpl_template *t, bool bad) { return bad ? WATPL_EINVAL : watpl_template_add_card(t, NULL); }
static int op_offer(watpl_template *t, bool bad) { return watpl_template_set_limited_time_offer(t, bad ? BAD : "Ends soon", bad ? BAD_LEN : 9, 1); }

static const struct {
    const char *name;
    op_fn fn;
} ops[] = {
    {"set_name", op_name}, {"set_category", op_category}, {"set_parameter_format", op_format},
    {"set_header_text", op_header_text}, {"set_header_media", op_header_media}, {"set_body", op_body},
    {"set_body(card 0)", op_card_body}, {"set_footer", op_footer}, {"add_example", op_example},
    {"add_example(named)", op_named_example}, {"set_security_recommendation", op_security},
    {"set_code_expiration", op_expiration}, {"add_button", op_button},
    {"set_button_field(EXAMPLE)", op_button_example}, {"add_button_app", op_button_app},
    {"add_card", op_card}, {"set_limited_time_offer", op_offer},
};

static char *json_of(watpl_ctx *ctx, const watpl_template *t)
{
    char *js = NULL;
    size_t len;
    ck_assert_int_eq(watpl_template_to_json(ctx, t, &js, &len), WATPL_OK);
    return js;
}

/* A fresh template (empty or full) on the counting allocator (th_counting). */
static watpl_template *base(watpl_ctx *ctx, bool full)
{
    watpl_template *t = NULL;
    if (full)
        ck_assert_int_eq(watpl_template_parse_json(ctx, full_json, strlen(full_json), &t), WATPL_OK);
    else
        ck_assert_int_eq(watpl_template_new(&t, ctx), WATPL_OK);
    return t;
}

START_TEST(a_failed_builder_call_leaves_the_template_unchanged)
{
    th_counting cnt = {0, 0, 0};
    watpl_ctx *ctx = NULL, *plain = NULL;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &cnt), WATPL_OK);
    ck_assert_int_eq(watpl_ctx_new(&plain), WATPL_OK);
    for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
        for (int full = 0; full < 2; full++) {
            /* invalid input */
            watpl_template *t = base(ctx, full);
            char *before = json_of(plain, t);
            int rc = ops[k].fn(t, true);
            char *after = json_of(plain, t);
            ck_assert_msg(rc != WATPL_OK, "%s accepted invalid UTF-8", ops[k].name);
            ck_assert_msg(strcmp(before, after) == 0, "%s (%s template, invalid input) changed it:\n%s\n%s",
                          ops[k].name, full ? "full" : "empty", before, after);
            watpl_free(after);
            watpl_template_free(t);
            /* the n-th allocation fails, for every n, until the call succeeds */
            for (long n = 1;; n++) {
                t = base(ctx, full);
                cnt.fail_at = cnt.count + n;
                rc = ops[k].fn(t, false);
                cnt.fail_at = 0;
                after = json_of(plain, t);
                if (rc == WATPL_OK) {
                    watpl_template *back = NULL;
                    ck_assert_int_eq(watpl_template_parse_json(plain, after, strlen(after), &back), WATPL_OK);
                    watpl_template_free(back);
                    watpl_free(after);
                    watpl_template_free(t);
                    break;
                }
                ck_assert_msg(rc == WATPL_ENOMEM || rc == WATPL_ENOTFOUND, "%s: %d", ops[k].name, rc);
                ck_assert_msg(strcmp(before, after) == 0, "%s (%s template, allocation %ld failing) changed it:\n%s\n%s",
                              ops[k].name, full ? "full" : "empty", n, before, after);
                watpl_free(after);
                watpl_template_free(t);
                if (rc == WATPL_ENOTFOUND) /* set_button_field on an empty template: nothing to set */
                    break;
            }
            watpl_free(before);
        }
    }
    watpl_ctx_free(plain);
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(a_builder_call_over_a_bound_leaves_the_template_unchanged)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *t = NULL;
    ck_assert_int_eq(watpl_template_new(&t, ctx), WATPL_OK);
    for (int i = 0; i < 16; i++)
        ck_assert_int_eq(watpl_template_add_button(t, -1, "QUICK_REPLY", 11, "b", 1, NULL), WATPL_OK);
    char *before = json_of(ctx, t), *after;
    ck_assert_int_eq(watpl_template_add_button(t, -1, "QUICK_REPLY", 11, "b", 1, NULL), WATPL_ELIMIT);
    size_t big = 70000;
    char *text = malloc(big);
    ck_assert_ptr_nonnull(text);
    memset(text, 'a', big);
    ck_assert_int_eq(watpl_template_set_header_text(t, -1, text, big), WATPL_ELIMIT);
    ck_assert_int_eq(watpl_template_set_limited_time_offer(t, text, big, 1), WATPL_ELIMIT);
    ck_assert_int_eq(watpl_template_add_example(t, -1, WATPL_COMPONENT_BODY, NULL, 0, text, big), WATPL_ELIMIT);
    ck_assert_int_eq(watpl_template_set_body(t, 3, "x", 1), WATPL_ENOTFOUND); /* no carousel */
    after = json_of(ctx, t);
    ck_assert_str_eq(before, after);
    free(text);
    watpl_free(before);
    watpl_free(after);
    watpl_template_free(t);
    watpl_ctx_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("builder");
    TCase *tc = tcase_create("atomic");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, a_failed_builder_call_leaves_the_template_unchanged);
    tcase_add_test(tc, a_builder_call_over_a_bound_leaves_the_template_unchanged);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
