/* Bounds: inputs 100 times over every documented bound are refused quickly
 * with input.too_large, and pathological texts at the bound take linear time. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"

#define FIELD_MAX 65536 /* bytes per string field (docs/limits.md) */

static watpl_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
}

static void teardown(void)
{
    watpl_ctx_free(ctx);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Time limits are for a native build; under valgrind (`make valgrind` sets
 * WATPL_TEST_TIME_FACTOR) every operation is tens of times slower. */
static double slack(void)
{
    const char *f = getenv("WATPL_TEST_TIME_FACTOR");
    double v = f ? atof(f) : 1.0;
    return v >= 1.0 ? v : 1.0;
}

/* A repeated pattern filling about n bytes (whole repetitions only). */
static char *repeat(const char *pat, size_t n)
{
    size_t pl = strlen(pat), reps = n / pl;
    char *s = malloc(reps * pl + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * pl, pat, pl);
    s[reps * pl] = '\0';
    return s;
}

static void expect_too_large(const char *json, size_t len, const char *what)
{
    watpl_template *t = NULL;
    double t0 = now();
    int rc = watpl_template_parse_json(ctx, json, len, &t);
    double secs = now() - t0;
    ck_assert_msg(rc == WATPL_ELIMIT, "%s: rc %d", what, rc);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.too_large");
    ck_assert_msg(secs < 2.0 * slack(), "%s: refused in %.2fs", what, secs);
}

START_TEST(hundred_times_over_each_bound_is_refused_quickly)
{
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_MAX_INPUT_BYTES, 268435456), WATPL_OK);
    /* a string field */
    size_t big = 100 * FIELD_MAX;
    char *json = malloc(big + 64);
    strcpy(json, "{\"name\":\"");
    memset(json + 9, 'a', big);
    strcpy(json + 9 + big, "\"}");
    expect_too_large(json, strlen(json), "string field");
    /* nesting */
    size_t depth = 100 * 32;
    memset(json, '[', depth);
    json[depth] = '\0';
    expect_too_large(json, depth, "nesting");
    /* counts: components, buttons, cards, examples */
    static const char *const items[] = {"{\"type\":\"BODY\",\"text\":\"x\"}", "{\"type\":\"QUICK_REPLY\",\"text\":\"x\"}",
                                        "{\"components\":[]}", "\"x\""};
    static const char *const heads[] = {"{\"components\":[", "{\"components\":[{\"type\":\"BUTTONS\",\"buttons\":[",
                                        "{\"components\":[{\"type\":\"CAROUSEL\",\"cards\":[",
                                        "{\"components\":[{\"type\":\"BODY\",\"example\":{\"body_text\":[["};
    static const char *const tails[] = {"]}", "]}]}", "]}]}", "]]}}]}"};
    static const size_t bounds[] = {16, 16, 16, 128};
    for (size_t k = 0; k < 4; k++) {
        size_t n = 100 * bounds[k], cap = strlen(heads[k]) + n * (strlen(items[k]) + 1) + 16;
        char *j = malloc(cap);
        strcpy(j, heads[k]);
        size_t pos = strlen(j);
        for (size_t i = 0; i < n; i++) {
            if (i)
                j[pos++] = ',';
            memcpy(j + pos, items[k], strlen(items[k]));
            pos += strlen(items[k]);
        }
        strcpy(j + pos, tails[k]);
        expect_too_large(j, strlen(j), heads[k]);
        free(j);
    }
    free(json);
    /* the whole input over the context's limit */
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_MAX_INPUT_BYTES, 1048576), WATPL_OK);
    size_t huge = 100u * 1048576u;
    char *h = malloc(huge);
    memset(h, ' ', huge);
    expect_too_large(h, huge, "input size");
    free(h);
}
END_TEST

/* Validate and classify a template whose body (and header, footer, label)
 * is `text`; must take well under a second at the field bound. */
static void time_everything(const char *name, const char *text)
{
    size_t tl = strlen(text);
    char *json = malloc(5 * tl + 512);
    snprintf(json, 5 * tl + 512,
             "{\"name\":\"t\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
             "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"%s\"},{\"type\":\"BODY\",\"text\":\"%s\"},"
             "{\"type\":\"FOOTER\",\"text\":\"%s\"},{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"%s\","
             "\"url\":\"https://x.io/%s\"}]}]}",
             text, text, text, text, text);
    double t0 = now();
    watpl_template *t = th_parse(ctx, json);
    watpl_report *r = NULL;
    watpl_classification *c = NULL;
    ck_assert_int_eq(watpl_validate(ctx, t, &r), WATPL_OK);
    ck_assert_int_eq(watpl_classify(ctx, t, &c), WATPL_OK);
    double secs = now() - t0;
    ck_assert_msg(secs < 1.5 * slack(), "%s: %.2fs", name, secs);
    watpl_classification_free(c);
    watpl_report_free(r);
    watpl_template_free(t);
    free(json);
}

START_TEST(pathological_texts_take_linear_time)
{
    static const struct {
        const char *name, *pattern;
    } pats[] = {
        {"braces", "{"},       {"double braces", "{{"},   {"closers", "}}"},       {"variables", "{{1}} "},
        {"spaces", " "},       {"emoji", "😀"},           {"ZWJ family", "👨‍👩‍👧"}, {"combining", "e\xcc\x81\xcc\x81"},
        {"markup", "_x "},     {"stars", "*a "},          {"newlines", "\\n"},     {"percent", "% "},
        {"words", "sale "},    {"digits", "1234567890"},  {"regional", "🇧"},
    };
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_MAX_INPUT_BYTES, 268435456), WATPL_OK);
    for (size_t i = 0; i < sizeof pats / sizeof *pats; i++) {
        char *text = repeat(pats[i].pattern, FIELD_MAX / 2 - 64);
        time_everything(pats[i].name, text);
        free(text);
    }
}
END_TEST

START_TEST(long_texts_in_classify_text_and_render)
{
    char *text = repeat("Get 20% off {{1}} ", FIELD_MAX);
    watpl_classification *c = NULL;
    double t0 = now();
    ck_assert_int_eq(watpl_classify_text(ctx, text, strlen(text), "en", 2, &c), WATPL_OK);
    ck_assert_msg(now() - t0 < 1.5 * slack(), "classify_text");
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_MARKETING);
    watpl_classification_free(c);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("limits");
    TCase *tc = tcase_create("bounds");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, hundred_times_over_each_bound_is_refused_quickly);
    tcase_add_test(tc, pathological_texts_take_linear_time);
    tcase_add_test(tc, long_texts_in_classify_text_and_render);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
