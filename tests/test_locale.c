/* The library's JSON is the same under every locale: a program that calls
 * setlocale(LC_ALL, "") in Germany must not get "confidence":0,988 (docs/json.md).
 * Needs de_DE.UTF-8 (`make deps` generates it); skipped with a message when
 * the locale is not installed. */
#include <check.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static const char tpl_json[] =
    "{\"name\":\"summer_sale\",\"language\":\"de\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"BODY\",\"text\":\"Sommerschlussverkauf: 20% Rabatt auf alles, nur heute! Jetzt einkaufen.\"}]}";

/* The JSON of the classification and of the report of tpl_json. */
static void outputs(char **cls, char **rep)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, tpl_json);
    watpl_classification *c = NULL;
    watpl_report *r = NULL;
    size_t len;
    ck_assert_int_eq(watpl_classify(ctx, tpl, &c), WATPL_OK);
    ck_assert_int_eq(watpl_classification_to_json(ctx, c, cls, &len), WATPL_OK);
    ck_assert_int_eq(watpl_validate(ctx, tpl, &r), WATPL_OK);
    ck_assert_int_eq(watpl_report_to_json(ctx, r, rep, &len), WATPL_OK);
    watpl_report_free(r);
    watpl_classification_free(c);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
}

/* A digit, a comma, a digit: a number written with a decimal comma. */
static bool has_decimal_comma(const char *s)
{
    for (const char *p = s; (p = strchr(p, ',')) != NULL; p++)
        if (p > s && p[-1] >= '0' && p[-1] <= '9' && p[1] >= '0' && p[1] <= '9')
            return true;
    return false;
}

START_TEST(json_numbers_ignore_the_locale)
{
    char *cls_c, *rep_c, *cls_de, *rep_de;
    outputs(&cls_c, &rep_c);
    ck_assert_ptr_nonnull(strstr(cls_c, "\"confidence\":0."));
    if (!setlocale(LC_ALL, "de_DE.UTF-8")) {
        fprintf(stderr, "test_locale: de_DE.UTF-8 is not installed (make deps generates it); skipped\n");
    } else {
        char buf[16];
        snprintf(buf, sizeof buf, "%.1f", 0.5);
        ck_assert_str_eq(buf, "0,5"); /* the locale is in force */
        outputs(&cls_de, &rep_de);
        setlocale(LC_ALL, "C");
        ck_assert_msg(!has_decimal_comma(cls_de), "decimal comma under de_DE: %s", cls_de);
        ck_assert_str_eq(cls_de, cls_c);
        ck_assert_str_eq(rep_de, rep_c);
        watpl_free(cls_de);
        watpl_free(rep_de);
    }
    watpl_free(cls_c);
    watpl_free(rep_c);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("locale");
    TCase *tc = tcase_create("json");
    tcase_add_test(tc, json_numbers_ignore_the_locale);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
