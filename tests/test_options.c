/* Context options: the documented default of each WATPL_OPT_*, the range it
 * accepts, and that a refused value leaves the option as it was. The values
 * are written out here from watpl.h's documentation, not read from the
 * library's option table, so a wrong row of the table fails. */
#include <check.h>

#include "helpers.h"

typedef struct option_doc {
    int option;
    int64_t def, lo, hi;
} option_doc;

static const option_doc documented[] = {
    {WATPL_OPT_COUNT_UNIT, WATPL_UNIT_UTF16, WATPL_UNIT_UTF16, WATPL_UNIT_CODEPOINTS},
    {WATPL_OPT_WORDS_PER_PARAM, 3, 0, 100},
    {WATPL_OPT_FOOTER_PARAM_SEVERITY, WATPL_SEVERITY_ERROR, WATPL_SEVERITY_ERROR, WATPL_SEVERITY_WARNING},
    {WATPL_OPT_EMOJI_CAP_MARKETING, 10, 0, 1000000},
    {WATPL_OPT_EMOJI_CAP_UTILITY, 6, 0, 1000000},
    {WATPL_OPT_MAX_INPUT_BYTES, 1048576, 64, 268435456},
    {WATPL_OPT_MAX_JSON_DEPTH, 32, 4, 256},
    {WATPL_OPT_MISMATCH_CONFIDENCE, 600, 0, 1000},
    {WATPL_OPT_PRICING_SCHEDULE, WATPL_SCHEDULE_2025_07, WATPL_SCHEDULE_2025_07, WATPL_SCHEDULE_2026_10},
};

static int64_t get(const watpl_ctx *ctx, int option)
{
    int64_t v = -12345;
    ck_assert_int_eq(watpl_ctx_get_option(ctx, option, &v), WATPL_OK);
    return v;
}

START_TEST(every_option_starts_at_its_documented_default)
{
    watpl_ctx *ctx;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++)
        ck_assert_msg(get(ctx, documented[i].option) == documented[i].def, "option %d: default %lld",
                      documented[i].option, (long long)get(ctx, documented[i].option));
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(every_option_accepts_its_range_and_refuses_past_it_unchanged)
{
    watpl_ctx *ctx;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    for (size_t i = 0; i < sizeof documented / sizeof documented[0]; i++) {
        const option_doc *d = &documented[i];
        ck_assert_int_eq(watpl_ctx_set_option(ctx, d->option, d->lo), WATPL_OK);
        ck_assert_int_eq(get(ctx, d->option), d->lo);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, d->option, d->lo - 1), WATPL_EINVAL);
        ck_assert_int_eq(get(ctx, d->option), d->lo);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, d->option, d->hi), WATPL_OK);
        ck_assert_int_eq(get(ctx, d->option), d->hi);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, d->option, d->hi + 1), WATPL_EINVAL);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, d->option, INT64_MAX), WATPL_EINVAL);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, d->option, INT64_MIN), WATPL_EINVAL);
        ck_assert_int_eq(get(ctx, d->option), d->hi);
    }
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(unknown_options_and_null_arguments_are_refused)
{
    watpl_ctx *ctx;
    int64_t v = 7;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, 0, 1), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_PLACEMENT_POLICY + 1, 1), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, -1, 1), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_get_option(ctx, 0, &v), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_get_option(ctx, WATPL_OPT_COUNT_UNIT, NULL), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_set_option(NULL, WATPL_OPT_COUNT_UNIT, 1), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_get_option(NULL, WATPL_OPT_COUNT_UNIT, &v), WATPL_EINVAL);
    ck_assert_int_eq(v, 7);
    watpl_ctx_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("options");
    tcase_add_test(tc, every_option_starts_at_its_documented_default);
    tcase_add_test(tc, every_option_accepts_its_range_and_refuses_past_it_unchanged);
    tcase_add_test(tc, unknown_options_and_null_arguments_are_refused);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
