/* Placeholder scanner: every kind with exact positions; linear time. */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "helpers.h"
#include "text_internal.h"

typedef struct found {
    watpl__placeholder ph[16];
    size_t n;
} found;

static bool collect(const watpl__placeholder *ph, void *ud)
{
    found *f = ud;
    if (f->n < 16)
        f->ph[f->n] = *ph;
    f->n++;
    return true;
}

static found scan(const char *s)
{
    found f;
    memset(&f, 0, sizeof f);
    watpl__scan_placeholders(s, strlen(s), collect, &f);
    return f;
}

static void expect_one(const char *s, enum watpl__ph_kind kind, size_t off, size_t len)
{
    found f = scan(s);
    ck_assert_msg(f.n == 1, "'%s': %zu placeholders", s, f.n);
    ck_assert_msg(f.ph[0].kind == kind, "'%s': kind %d", s, (int)f.ph[0].kind);
    ck_assert_msg(f.ph[0].offset == off && f.ph[0].length == len, "'%s': %zu+%zu", s, f.ph[0].offset,
                  f.ph[0].length);
}

START_TEST(well_formed_positional_and_named)
{
    found f = scan("Hi {{1}}, order {{12}} for {{first_name}}.");
    ck_assert_uint_eq(f.n, 3);
    ck_assert_int_eq(f.ph[0].kind, WATPL__PH_POSITIONAL);
    ck_assert_int_eq(f.ph[0].number, 1);
    ck_assert_uint_eq(f.ph[0].offset, 3);
    ck_assert_uint_eq(f.ph[0].length, 5);
    ck_assert_int_eq(f.ph[1].number, 12);
    ck_assert_int_eq(f.ph[2].kind, WATPL__PH_NAMED);
    ck_assert_uint_eq(f.ph[2].inner_offset, 29);
    ck_assert_uint_eq(f.ph[2].inner_length, 10);
}
END_TEST

START_TEST(malformed_variants_with_positions)
{
    expect_one("a {1} b", WATPL__PH_SINGLE_BRACE, 2, 3);
    expect_one("a {{ 1 }} b", WATPL__PH_SPACED, 2, 7);
    expect_one("a {{}} b", WATPL__PH_EMPTY, 2, 4);
    expect_one("a {{ }} b", WATPL__PH_EMPTY, 2, 5);
    expect_one("a {{#}} b", WATPL__PH_SPECIAL, 2, 5);
    expect_one("a {{$1}} b", WATPL__PH_SPECIAL, 2, 6);
    expect_one("a {{%}} b", WATPL__PH_SPECIAL, 2, 5);
    expect_one("a {{First Name}} b", WATPL__PH_BAD_NAME, 2, 14);
    expect_one("a {{1a}} b", WATPL__PH_BAD_NAME, 2, 6);
    expect_one("a {{01}} b", WATPL__PH_BAD_NAME, 2, 6);
    expect_one("a {{naïve}} b", WATPL__PH_BAD_NAME, 2, 10);
    expect_one("a {{abcdefghijabcdefghijabcdefghijabc}} b", WATPL__PH_BAD_NAME, 2, 37);
    expect_one("a {{1 b", WATPL__PH_UNCLOSED, 2, 5);
    expect_one("a {{1\nb", WATPL__PH_UNCLOSED, 2, 3);
    expect_one("a 1}} b", WATPL__PH_UNOPENED, 3, 2);
    expect_one("a {{{1}}} b", WATPL__PH_TRIPLE, 2, 7);
    expect_one("a {{1}}} b", WATPL__PH_TRIPLE, 2, 6);
}
END_TEST

START_TEST(prose_braces_are_not_placeholders)
{
    ck_assert_uint_eq(scan("json { \"a\": 1 } and {x}").n, 0);
    ck_assert_uint_eq(scan("{").n, 0);
    ck_assert_uint_eq(scan("}").n, 0);
    ck_assert(!watpl__has_placeholder("no vars", 7));
    ck_assert(watpl__has_placeholder("{{1}}", 5));
}
END_TEST

START_TEST(unclosed_then_valid_is_found)
{
    found f = scan("{{a {{1}}");
    ck_assert_uint_eq(f.n, 2);
    ck_assert_int_eq(f.ph[0].kind, WATPL__PH_UNCLOSED);
    ck_assert_int_eq(f.ph[1].kind, WATPL__PH_POSITIONAL);
    ck_assert_uint_eq(f.ph[1].offset, 4);
}
END_TEST

START_TEST(huge_numbers_are_capped)
{
    found f = scan("{{99999999999999999999999999}}");
    ck_assert_uint_eq(f.n, 1);
    ck_assert_int_eq(f.ph[0].kind, WATPL__PH_POSITIONAL);
    ck_assert(f.ph[0].number > 0 && f.ph[0].number <= 1000000000);
}
END_TEST

static bool count_only(const watpl__placeholder *ph, void *ud)
{
    (void)ph;
    ++*(size_t *)ud;
    return true;
}

START_TEST(linear_time_on_hostile_input)
{
    size_t n = 1 << 20;
    char *s = malloc(n);
    ck_assert_ptr_nonnull(s);
    const char *patterns[] = {"{", "{{", "}}", "{{a", "{1"};
    for (size_t p = 0; p < 5; p++) {
        size_t pl = strlen(patterns[p]);
        for (size_t i = 0; i < n; i++)
            s[i] = patterns[p][i % pl];
        size_t count = 0;
        clock_t t0 = clock();
        watpl__scan_placeholders(s, n, count_only, &count);
        double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
        ck_assert_msg(secs < 1.0, "pattern %zu took %.2fs", p, secs);
    }
    free(s);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("placeholder");
    TCase *tc = tcase_create("scanner");
    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, well_formed_positional_and_named);
    tcase_add_test(tc, malformed_variants_with_positions);
    tcase_add_test(tc, prose_braces_are_not_placeholders);
    tcase_add_test(tc, unclosed_then_valid_is_found);
    tcase_add_test(tc, huge_numbers_are_capped);
    tcase_add_test(tc, linear_time_on_hostile_input);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
