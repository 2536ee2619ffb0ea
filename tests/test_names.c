/* The name tables of the library (lib/names.c): the documented name of every
 * value of each vocabulary, written out here from watpl.h, and the way back. */
#include <check.h>
#include <stdio.h>
#include <string.h>

#include "helpers.h"

typedef struct named {
    int value;
    const char *name;
} named;

typedef struct vocabulary {
    const char *what;
    const char *(*name)(int);
    int (*from_name)(const char *, size_t);
    const named *rows;
    size_t n;
    int unnamed; /* a value without a name */
} vocabulary;

static const named kinds[] = {{WATPL_KIND_MARKETING, "MARKETING"},
                              {WATPL_KIND_UTILITY, "UTILITY"},
                              {WATPL_KIND_AUTHENTICATION, "AUTHENTICATION"},
                              {WATPL_KIND_SERVICE, "SERVICE"}};
static const named schedules[] = {{WATPL_SCHEDULE_2025_07, "2025-07"}, {WATPL_SCHEDULE_2026_10, "2026-10"}};
static const named initiators[] = {{WATPL_INITIATOR_USER, "user"}, {WATPL_INITIATOR_BUSINESS, "business"}};
static const named options[] = {
    {WATPL_OPT_COUNT_UNIT, "count_unit"},
    {WATPL_OPT_WORDS_PER_PARAM, "words_per_param"},
    {WATPL_OPT_FOOTER_PARAM_SEVERITY, "footer_param_severity"},
    {WATPL_OPT_EMOJI_CAP_MARKETING, "emoji_cap_marketing"},
    {WATPL_OPT_EMOJI_CAP_UTILITY, "emoji_cap_utility"},
    {WATPL_OPT_MAX_INPUT_BYTES, "max_input_bytes"},
    {WATPL_OPT_MAX_JSON_DEPTH, "max_json_depth"},
    {WATPL_OPT_MISMATCH_CONFIDENCE, "mismatch_confidence"},
    {WATPL_OPT_PRICING_SCHEDULE, "pricing_schedule"},
    {WATPL_OPT_PLACEMENT_POLICY, "placement_policy"},
};

static const vocabulary vocabularies[] = {
    {"kind", watpl_kind_name, watpl_kind_from_name, kinds, 4, 0},
    {"schedule", watpl_schedule_name, watpl_schedule_from_name, schedules, 2, 0},
    {"initiator", watpl_initiator_name, watpl_initiator_from_name, initiators, 2, WATPL_INITIATOR_NONE},
    {"option", watpl_option_name, watpl_option_from_name, options, sizeof options / sizeof *options, 0},
};

START_TEST(every_value_has_its_documented_name_and_back)
{
    const vocabulary *v = &vocabularies[_i];
    for (size_t k = 0; k < v->n; k++) {
        const named *r = &v->rows[k];
        ck_assert_msg(strcmp(v->name(r->value), r->name) == 0, "%s %d: \"%s\"", v->what, r->value,
                      v->name(r->value));
        ck_assert_int_eq(v->from_name(r->name, strlen(r->name)), r->value);
        /* not NUL-terminated: the length decides */
        char longer[64];
        snprintf(longer, sizeof longer, "%sX", r->name);
        ck_assert_int_eq(v->from_name(longer, strlen(r->name)), r->value);
        ck_assert_int_eq(v->from_name(longer, strlen(longer)), WATPL_ENOTFOUND);
    }
    ck_assert_str_eq(v->name(v->unnamed), "");
    ck_assert_str_eq(v->name(-1), "");
    ck_assert_str_eq(v->name(1000), "");
    ck_assert_int_eq(v->from_name("", 0), WATPL_ENOTFOUND);
    ck_assert_int_eq(v->from_name(NULL, 0), WATPL_ENOTFOUND);
    ck_assert_int_eq(v->from_name(NULL, 3), WATPL_EINVAL);
}
END_TEST

START_TEST(names_are_case_sensitive)
{
    ck_assert_int_eq(watpl_kind_from_name("marketing", 9), WATPL_ENOTFOUND);
    ck_assert_int_eq(watpl_initiator_from_name("User", 4), WATPL_ENOTFOUND);
    ck_assert_int_eq(watpl_option_from_name("COUNT_UNIT", 10), WATPL_ENOTFOUND);
}
END_TEST

/* The window's JSON answer spells its kind, initiator and schedule with the same tables. */
START_TEST(window_answers_use_the_tables)
{
    watpl_ctx *ctx;
    watpl_window *w;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_inbound(w, 1800000000, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE), WATPL_OK);
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_query(w, 1800000100, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2026_10, 0, &a), WATPL_OK);
    char *json = NULL;
    ck_assert_int_eq(watpl_window_answer_to_json(ctx, &a, &json, NULL), WATPL_OK);
    ck_assert_ptr_nonnull(strstr(json, "\"kind\":\"SERVICE\""));
    ck_assert_ptr_nonnull(strstr(json, "\"initiator\":\"user\""));
    ck_assert_ptr_nonnull(strstr(json, "\"schedule\":\"2026-10\""));
    watpl_free(json);
    watpl_window_free(w);
    watpl_ctx_free(ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("names");
    TCase *tc = tcase_create("names");
    tcase_add_loop_test(tc, every_value_has_its_documented_name_and_back, 0,
                        (int)(sizeof vocabularies / sizeof *vocabularies));
    tcase_add_test(tc, names_are_case_sensitive);
    tcase_add_test(tc, window_answers_use_the_tables);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
