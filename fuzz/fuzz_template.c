/* Fuzz target: template JSON -> parse, validate, classify, serialize, re-parse.
 * The serialized form must re-parse and serialize to the same bytes.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "watpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    watpl_ctx *ctx = NULL;
    if (watpl_ctx_new(&ctx))
        return 0;
    watpl_template *tpl = NULL;
    if (watpl_template_parse_json(ctx, (const char *)data, size, &tpl) == WATPL_OK) {
        watpl_report *report = NULL;
        if (watpl_validate(ctx, tpl, &report) == WATPL_OK) {
            char *json = NULL;
            if (watpl_report_to_json(ctx, report, &json, NULL) == WATPL_OK)
                watpl_free(json);
        }
        watpl_report_free(report);
        watpl_classification *cls = NULL;
        if (watpl_classify(ctx, tpl, &cls) == WATPL_OK) {
            char *json = NULL;
            if (watpl_classification_to_json(ctx, cls, &json, NULL) == WATPL_OK)
                watpl_free(json);
        }
        watpl_classification_free(cls);
        char *out1 = NULL, *out2 = NULL;
        size_t len1 = 0, len2 = 0;
        if (watpl_template_to_json(ctx, tpl, &out1, &len1) == WATPL_OK) {
            watpl_template *again = NULL;
            if (watpl_template_parse_json(ctx, out1, len1, &again) != WATPL_OK)
                abort(); /* our own output must parse */
            if (watpl_template_to_json(ctx, again, &out2, &len2) == WATPL_OK &&
                (len1 != len2 || memcmp(out1, out2, len1) != 0))
                abort(); /* parse -> to_json is a fixed point */
            watpl_template_free(again);
        }
        watpl_free(out1);
        watpl_free(out2);
        watpl_template_free(tpl);
    }
    watpl_classification *text = NULL;
    if (watpl_classify_text(ctx, (const char *)data, size, NULL, 0, &text) == WATPL_OK)
        watpl_classification_free(text);
    watpl_ctx_free(ctx);
    return 0;
}
