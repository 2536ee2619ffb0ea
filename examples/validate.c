/* Validate and classify a template built in code, then print the findings.
 *   cc -o validate validate.c $(pkg-config --cflags --libs libwatpl)
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <watpl.h>

static int fail(watpl_ctx *ctx, int rc, const char *what)
{
    fprintf(stderr, "%s: %s (%s)\n", what, watpl_strerror(rc), ctx ? watpl_ctx_errmsg(ctx) : "");
    return 1;
}

int main(void)
{
    static const char json[] =
        "{\"name\": \"order_update\", \"language\": \"en_US\", \"category\": \"UTILITY\","
        " \"components\": [{\"type\": \"BODY\","
        " \"text\": \"Hi {{1}}, your order {{2}} has shipped. Get 20% off your next order with code {{3}}\","
        " \"example\": {\"body_text\": [[\"Ana\", \"A-1042\", \"SAVE20\"]]}}]}";
    watpl_ctx *ctx = NULL;
    watpl_template *tpl = NULL;
    watpl_report *report = NULL;
    watpl_classification *cls = NULL;
    int rc = watpl_ctx_new(&ctx);
    if (rc)
        return fail(NULL, rc, "watpl_ctx_new");
    rc = watpl_template_parse_json(ctx, json, strlen(json), &tpl);
    if (rc) {
        fail(ctx, rc, "parse");
        watpl_ctx_free(ctx);
        return 1;
    }
    /* watpl_lint = watpl_validate + watpl_classify, with one classifier pass */
    rc = watpl_lint(ctx, tpl, &report, &cls);
    if (rc) {
        fail(ctx, rc, "lint");
    } else {
        printf("libwatpl %s: %zu error(s), %zu warning(s)\n", watpl_version_string(),
               watpl_report_errors(report), watpl_report_warnings(report));
        for (size_t i = 0; i < watpl_report_count(report); i++)
            printf("  %s %s at %lld: %s\n",
                   watpl_report_severity(report, i) == WATPL_SEVERITY_ERROR ? "error" : "warning",
                   watpl_report_rule(report, i), (long long)watpl_report_offset(report, i),
                   watpl_report_message(report, i));
        printf("predicted %s (confidence %.2f)\n",
               watpl_category_name(watpl_classification_category(cls)),
               watpl_classification_confidence(cls));
        for (size_t i = 0; i < watpl_classification_signal_count(cls); i++)
            printf("  signal %s -> %s\n", watpl_classification_signal_rule(cls, i),
                   watpl_category_name(watpl_classification_signal_category(cls, i)));
    }
    watpl_classification_free(cls);
    watpl_report_free(report);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    return rc ? 1 : 0;
}
