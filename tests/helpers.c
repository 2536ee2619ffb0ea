/* Shared helpers of the Check suites. */
#include "helpers.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *th_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    while (buf) {
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (n < cap)
            break;
        char *nb = realloc(buf, cap * 2 + 1);
        if (!nb) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = nb;
        cap *= 2;
    }
    fclose(f);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

void th_data_path(char *buf, size_t cap, const char *rel)
{
    const char *root = getenv("WATPL_TEST_DATA");
    snprintf(buf, cap, "%s/%s", root && *root ? root : "tests/data", rel);
}

watpl_template *th_parse(watpl_ctx *ctx, const char *json)
{
    watpl_template *t = NULL;
    int rc = watpl_template_parse_json(ctx, json, strlen(json), &t);
    ck_assert_msg(rc == WATPL_OK, "parse failed (%d): %s", rc, watpl_ctx_errmsg(ctx));
    return t;
}

bool th_has_rule(watpl_ctx *ctx, const watpl_template *tpl, const char *rule)
{
    watpl_report *r = NULL;
    ck_assert_int_eq(watpl_validate(ctx, tpl, &r), WATPL_OK);
    bool found = false;
    for (size_t i = 0; i < watpl_report_count(r); i++)
        found |= strcmp(watpl_report_rule(r, i), rule) == 0;
    watpl_report_free(r);
    return found;
}

bool th_triggers(watpl_ctx *ctx, const char *json, const char *rule)
{
    watpl_template *t = th_parse(ctx, json);
    bool found = th_has_rule(ctx, t, rule);
    watpl_template_free(t);
    return found;
}

const char *th_corpus_path(char *buf, size_t cap)
{
    const char *env = getenv("WATPL_TEST_CORPUS");
    if (env && *env) {
        snprintf(buf, cap, "%s", env);
        return buf;
    }
    snprintf(buf, cap, "build/test-corpus.meta.jsonl");
    FILE *f = fopen(buf, "rb");
    if (f) {
        fclose(f);
        return buf;
    }
    char cmd[512];
    snprintf(cmd, sizeof cmd, "python3 tools/corpus2meta.py tests/data/corpus/templates-dev.jsonl %s 2>/dev/null", buf);
    return system(cmd) == 0 ? buf : NULL;
}

int th_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

void *th_counting_alloc(void *ud, size_t n)
{
    th_counting *c = ud;
    if (++c->count == c->fail_at)
        return NULL;
    void *p = malloc(n);
    c->live += p != NULL;
    return p;
}

void *th_counting_realloc(void *ud, void *p, size_t old, size_t n)
{
    th_counting *c = ud;
    (void)old;
    if (++c->count == c->fail_at)
        return NULL;
    void *q = realloc(p, n);
    c->live += q != NULL && p == NULL;
    return q;
}

void th_counting_free(void *ud, void *p)
{
    th_counting *c = ud;
    c->live -= p != NULL;
    free(p);
}
