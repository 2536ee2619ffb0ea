/* The classifier's features before weighting, for tools/fit_classifier.py:
 * reads Meta template JSON, one template per line, and writes one JSON
 * object per line mapping each signal rule to [the sum of its values, the
 * category of its lexicon family or 0, the lexicon's own weight] (an empty object for a line that is not a template).
 * Usage: cls_features < templates.jsonl > features.jsonl
 * SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "classify_internal.h"

#define MAX_RULES 128

typedef struct sums {
    const char *rule[MAX_RULES];
    int category[MAX_RULES];
    double fallback[MAX_RULES];
    double value[MAX_RULES];
    size_t n;
} sums;

static void add(const char *rule, int category, double fallback, double value, void *ud)
{
    sums *s = ud;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->rule[i], rule) == 0) {
            s->value[i] += value;
            return;
        }
    if (s->n < MAX_RULES) {
        s->rule[s->n] = rule;
        s->category[s->n] = category;
        s->fallback[s->n] = fallback;
        s->value[s->n++] = value;
    }
}

int main(void)
{
    watpl_ctx *ctx = NULL;
    if (watpl_ctx_new(&ctx) != WATPL_OK)
        return 1;
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        watpl_template *t = NULL;
        sums s = {{NULL}, {0}, {0}, {0}, 0};
        if (watpl_template_parse_json(ctx, line, (size_t)n, &t) == WATPL_OK &&
            watpl__classify_features(ctx, t, add, &s) != WATPL_OK)
            s.n = 0;
        fputc('{', stdout);
        for (size_t i = 0; i < s.n; i++)
            printf("%s\"%s\": [%.17g, %d, %.17g]", i ? ", " : "", s.rule[i], s.value[i], s.category[i],
                   s.fallback[i]);
        fputs("}\n", stdout);
        watpl_template_free(t);
    }
    free(line);
    watpl_ctx_free(ctx);
    return 0;
}
