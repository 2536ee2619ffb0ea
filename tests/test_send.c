/* Prepared sends: the same texts, payload and diagnostics as watpl_render on
 * every render fixture, reuse of parameter sets and renderings (after
 * errors too), limits, the caller-buffer variant, allocation failure at
 * every allocation of the prepare step, and no allocation in a warm send. */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "text_internal.h"

static const char order_tpl[] =
    "{\"name\":\"order_update\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Order {{1}}\",\"example\":{\"header_text\":[\"A1\"]}},"
    "{\"type\":\"BODY\",\"text\":\"Olá {{1}}, your order {{2}} has shipped 📦 and arrives {{3}}.\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A1\",\"soon\"]]}},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Track\",\"url\":\"https://x.io/t/{{1}}\","
    "\"example\":[\"A1\"]},{\"type\":\"COPY_CODE\",\"example\":\"SAVE10\"}]}]}";

/* ---- comparing a prepared send with watpl_render -------------------------------- */

static void same_str(const char *what, const char *a, size_t al, const char *b, size_t bl)
{
    ck_assert_msg((a == NULL) == (b == NULL), "%s: one is NULL", what);
    ck_assert_msg(al == bl && (!a || memcmp(a, b, al) == 0), "%s differs: '%.*s' vs '%.*s'", what, (int)al,
                  a ? a : "", (int)bl, b ? b : "");
}

static void same_rendering(watpl_ctx *ctx, const watpl_template *tpl, const watpl_rendered *want,
                           const watpl_rendered *got)
{
    size_t al = 0, bl = 0;
    const char *a = watpl_rendered_header(want, &al), *b = watpl_rendered_header(got, &bl);
    same_str("header", a, al, b, bl);
    a = watpl_rendered_body(want, &al);
    b = watpl_rendered_body(got, &bl);
    same_str("body", a, al, b, bl);
    a = watpl_rendered_payload_json(want, &al);
    b = watpl_rendered_payload_json(got, &bl);
    same_str("payload", a, al, b, bl);
    for (size_t i = 0; i <= watpl_template_button_count(tpl, -1); i++) {
        a = watpl_rendered_button_url(want, i, &al);
        b = watpl_rendered_button_url(got, i, &bl);
        same_str("button url", a, al, b, bl);
    }
    /* the JSON form holds every diagnostic with its position and message */
    char *aj = NULL, *bj = NULL;
    ck_assert_int_eq(watpl_rendered_to_json(ctx, want, &aj, &al), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_to_json(ctx, got, &bj, &bl), WATPL_OK);
    same_str("rendering JSON", aj, al, bj, bl);
    watpl_free(aj);
    watpl_free(bj);
}

/* The payload through the caller-buffer variant equals want's. */
static void same_payload(watpl_ctx *ctx, const watpl_prepared *prep, const watpl_params *p,
                         const watpl_rendered *want)
{
    size_t wl = 0, needed = 0, errors = 99;
    const char *w = watpl_rendered_payload_json(want, &wl);
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, NULL, 0, &needed, &errors), WATPL_EBUFSIZE);
    ck_assert_uint_eq(needed, wl);
    ck_assert_uint_eq(errors, watpl_report_errors(watpl_rendered_report(want)));
    char *buf = malloc(needed + 1);
    ck_assert_ptr_nonnull(buf);
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, buf, needed + 1, &needed, NULL), WATPL_OK);
    same_str("payload into a buffer", buf, needed, w, wl);
    free(buf);
}

/* Objects reused across the whole fixture run, as a gateway keeps them. */
typedef struct reuse {
    watpl_params *params;
    watpl_rendered *out;
} reuse;

/* Render tpl with the payload pj both ways and compare, under both units. */
static void compare(reuse *ru, const char *tpl_json, size_t tl, const char *pj, size_t pl)
{
    for (int unit = WATPL_UNIT_UTF16; unit <= WATPL_UNIT_CODEPOINTS; unit++) {
        watpl_ctx *ctx = NULL;
        ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_COUNT_UNIT, unit), WATPL_OK);
        watpl_template *tpl = NULL;
        watpl_params *fresh = NULL;
        if (watpl_template_parse_json(ctx, tpl_json, tl, &tpl) == WATPL_OK &&
            watpl_params_parse_json(ctx, pj, pl, &fresh) == WATPL_OK) {
            watpl_prepared *prep = NULL;
            watpl_rendered *want = NULL;
            ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
            watpl_params_clear(ru->params);
            ck_assert_int_eq(watpl_params_add_json(ctx, ru->params, pj, pl), WATPL_OK);
            ck_assert_int_eq(watpl_render(ctx, tpl, fresh, &want), WATPL_OK);
            ck_assert_int_eq(watpl_send_render(ctx, prep, ru->params, ru->out), WATPL_OK);
            same_rendering(ctx, tpl, want, ru->out);
            same_payload(ctx, prep, ru->params, want);
            watpl_rendered_free(want);
            watpl_prepared_free(prep);
        }
        watpl_params_free(fresh);
        watpl_template_free(tpl);
        watpl_ctx_free(ctx);
    }
}

static size_t compare_rule_cases(reuse *ru)
{
    char path[512];
    th_data_path(path, sizeof path, "rules/cases.jsonl");
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *line = NULL;
    size_t cap = 0, n = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *c = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(c);
        const json_t *tpl = json_object_get(c, "template");
        static const char *const sets[] = {"trigger_params", "clean_params"};
        for (size_t k = 0; tpl && k < 2; k++) {
            char *ts = json_dumps(tpl, JSON_COMPACT), *ps = json_dumps(json_object_get(c, sets[k]), JSON_COMPACT);
            ck_assert(ts && ps);
            compare(ru, ts, strlen(ts), ps, strlen(ps));
            n++;
            free(ts);
            free(ps);
        }
        json_decref(c);
    }
    free(line);
    fclose(f);
    return n;
}

/* The seeds of the render fuzz target: templates of every shape with
 * payloads, each a template, a NUL byte and the parameters. */
static size_t compare_render_seeds(reuse *ru)
{
    char path[512];
    th_data_path(path, sizeof path, "../../fuzz/corpus/render");
    DIR *d = opendir(path);
    ck_assert_msg(d != NULL, "cannot open %s", path);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        char file[1024];
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        size_t len = 0;
        char *data = th_read_file(file, &len);
        ck_assert_ptr_nonnull(data);
        const char *sep = memchr(data, 0, len);
        size_t tl = sep ? (size_t)(sep - data) : len;
        compare(ru, data, tl, sep ? sep + 1 : "", sep ? len - tl - 1 : 0);
        n++;
        free(data);
    }
    closedir(d);
    return n;
}

START_TEST(prepared_send_equals_render_on_every_fixture)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    reuse ru = {NULL, NULL};
    ck_assert_int_eq(watpl_params_new(&ru.params, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&ru.out, ctx), WATPL_OK);
    size_t n = compare_rule_cases(&ru);
    ck_assert_uint_ge(n, 20);
    n = compare_render_seeds(&ru);
    ck_assert_uint_ge(n, 50);
    watpl_rendered_free(ru.out);
    watpl_params_free(ru.params);
    watpl_ctx_free(ctx);
}
END_TEST

/* Meta's authentication forms, named variables, an offer, repeated and
 * missing variables, escapes in values: each both ways. */
START_TEST(prepared_send_equals_render_on_special_forms)
{
    static const char *const cases[][2] = {
        {"{\"name\":\"login\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":["
         "{\"type\":\"BODY\",\"add_security_recommendation\":true},"
         "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"OTP\",\"otp_type\":\"COPY_CODE\"}]}]}",
         "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"482913\"}]}]"},
        {"{\"name\":\"login\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":["
         "{\"type\":\"BODY\"},{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"OTP\",\"otp_type\":\"COPY_CODE\"}]}]}",
         "[]"},
        {"{\"name\":\"login\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":["
         "{\"type\":\"BODY\",\"text\":\"*{{1}}* is your verification code.\"},"
         "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Copy code\","
         "\"url\":\"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}\"}]}]}",
         "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"https://a.b\"}]}]"},
        {"{\"name\":\"n\",\"language\":\"en_US\",\"category\":\"MARKETING\",\"parameter_format\":\"named\","
         "\"components\":[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Hi {{first_name}}\"},"
         "{\"type\":\"BODY\",\"text\":\"{{first_name}}, {{deal}} and {{deal}} {{ spaced }} {{1}} {{x\"}]}",
         "[{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"parameter_name\":\"first_name\",\"text\":\"A\"}]},"
         "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"parameter_name\":\"first_name\",\"text\":\"A\\\"\\n\"},"
         "{\"type\":\"text\",\"parameter_name\":\"other\",\"text\":\"\\u0001\\t\"},{\"type\":\"text\",\"text\":\"p\"}]}]"},
        {"{\"name\":\"o\",\"language\":\"en_US\",\"category\":\"MARKETING\",\"components\":["
         "{\"type\":\"LIMITED_TIME_OFFER\",\"limited_time_offer\":{\"text\":\"Deal\",\"has_expiration\":true}},"
         "{\"type\":\"BODY\",\"text\":\"{{1}} {{1}} {{3}} 😀\"},{\"type\":\"BUTTONS\",\"buttons\":["
         "{\"type\":\"COPY_CODE\",\"example\":\"A\"},{\"type\":\"URL\",\"text\":\"Go\",\"url\":\"https://x.io/a\"},"
         "{\"type\":\"QUICK_REPLY\",\"text\":\"Stop\"}]}]}",
         "{\"messaging_product\":\"whatsapp\",\"to\":\"+15551234567\",\"type\":\"template\",\"template\":{"
         "\"name\":\"o\",\"language\":{\"code\":\"en_US\"},\"components\":["
         "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"😀😀😀\"},{\"type\":\"text\",\"text\":\"     \"}]},"
         "{\"type\":\"button\",\"sub_type\":\"copy_code\",\"index\":0,\"parameters\":[{\"type\":\"coupon_code\","
         "\"coupon_code\":\"TOO-LONG-COUPON-CODE\"}]},"
         "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"1\",\"parameters\":[{\"type\":\"text\",\"text\":\"x\"}]},"
         "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"7\",\"parameters\":[{\"type\":\"text\",\"text\":\"y\"}]}]}}"},
        {order_tpl, "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"\"}]}]"},
    };
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    reuse ru = {NULL, NULL};
    ck_assert_int_eq(watpl_params_new(&ru.params, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&ru.out, ctx), WATPL_OK);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        compare(&ru, cases[i][0], strlen(cases[i][0]), cases[i][1], strlen(cases[i][1]));
    watpl_rendered_free(ru.out);
    watpl_params_free(ru.params);
    watpl_ctx_free(ctx);
}
END_TEST

/* ---- the output of release 1.1 --------------------------------------------------------
 * tests/data/render/golden.jsonl holds what watpl_render of release 1.1 gave
 * for every fixture: {"case": name, "unit": n, "json": watpl_rendered_to_json}.
 * With WATPL_WRITE_GOLDEN=path the test writes that file instead. */

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every fixture as (name, template, payload), in a stable order. */
typedef void (*fixture_fn)(const char *name, const char *t, size_t tl, const char *pj, size_t pl, void *ud);

static void each_fixture(fixture_fn fn, void *ud)
{
    char path[512], name[600];
    th_data_path(path, sizeof path, "rules/cases.jsonl");
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *line = NULL;
    size_t cap = 0, n = 0;
    while (getline(&line, &cap, f) > 0) {
        json_t *c = json_loads(line, 0, NULL);
        const json_t *tpl = json_object_get(c, "template");
        static const char *const sets[] = {"trigger_params", "clean_params"};
        for (size_t k = 0; tpl && k < 2; k++) {
            char *ts = json_dumps(tpl, JSON_COMPACT), *ps = json_dumps(json_object_get(c, sets[k]), JSON_COMPACT);
            snprintf(name, sizeof name, "cases.jsonl:%zu:%s", n, sets[k]);
            fn(name, ts, strlen(ts), ps, strlen(ps), ud);
            free(ts);
            free(ps);
        }
        json_decref(c);
        n++;
    }
    free(line);
    fclose(f);
    th_data_path(path, sizeof path, "../../fuzz/corpus/render");
    DIR *d = opendir(path);
    ck_assert_ptr_nonnull(d);
    char **files = NULL;
    size_t nf = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] != '.') {
            files = realloc(files, (nf + 1) * sizeof *files);
            ck_assert_ptr_nonnull(files);
            files[nf++] = strdup(e->d_name);
        }
    closedir(d);
    qsort(files, nf, sizeof *files, cmp_names);
    for (size_t i = 0; i < nf; i++) {
        char file[1024];
        snprintf(file, sizeof file, "%s/%s", path, files[i]);
        size_t len = 0;
        char *data = th_read_file(file, &len);
        ck_assert_ptr_nonnull(data);
        const char *sep = memchr(data, 0, len);
        size_t tl = sep ? (size_t)(sep - data) : len;
        snprintf(name, sizeof name, "render/%s", files[i]);
        fn(name, data, tl, sep ? sep + 1 : "", sep ? len - tl - 1 : 0, ud);
        free(data);
        free(files[i]);
    }
    free(files);
}

/* The rendering JSON of watpl_render under unit, or NULL when the fixture
 * does not parse. */
static char *render_json(const char *t, size_t tl, const char *pj, size_t pl, int unit)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_COUNT_UNIT, unit), WATPL_OK);
    watpl_template *tpl = NULL;
    watpl_params *p = NULL;
    watpl_rendered *r = NULL;
    char *js = NULL, *out = NULL;
    if (watpl_template_parse_json(ctx, t, tl, &tpl) == WATPL_OK && watpl_params_parse_json(ctx, pj, pl, &p) != WATPL_OK) {
        /* as fuzz_render does: the bytes as values */
        ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
        watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, pj, pl);
        watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, pj, pl);
        watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, pj, pl);
        watpl_params_set_coupon_code(p, pj, pl);
        watpl_params_set_auth_code(p, pj, pl);
    }
    if (tpl) {
        ck_assert_int_eq(watpl_render(ctx, tpl, p, &r), WATPL_OK);
        ck_assert_int_eq(watpl_rendered_to_json(ctx, r, &js, NULL), WATPL_OK);
        out = strdup(js);
        watpl_free(js);
    }
    watpl_rendered_free(r);
    watpl_params_free(p);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    return out;
}

static void write_golden(const char *name, const char *t, size_t tl, const char *pj, size_t pl, void *ud)
{
    for (int unit = WATPL_UNIT_UTF16; unit <= WATPL_UNIT_CODEPOINTS; unit++) {
        char *js = render_json(t, tl, pj, pl, unit);
        if (!js)
            continue;
        json_t *o = json_pack("{s:s,s:i,s:s}", "case", name, "unit", unit, "json", js);
        ck_assert_ptr_nonnull(o);
        char *line = json_dumps(o, JSON_COMPACT | JSON_ENSURE_ASCII);
        fprintf(ud, "%s\n", line);
        free(line);
        json_decref(o);
        free(js);
    }
}

typedef struct golden {
    json_t **lines;
    size_t n, at;
} golden;

static void check_golden(const char *name, const char *t, size_t tl, const char *pj, size_t pl, void *ud)
{
    golden *g = ud;
    for (int unit = WATPL_UNIT_UTF16; unit <= WATPL_UNIT_CODEPOINTS; unit++) {
        char *js = render_json(t, tl, pj, pl, unit);
        if (!js)
            continue;
        ck_assert_msg(g->at < g->n, "%s: not in golden.jsonl", name);
        const json_t *want = g->lines[g->at++];
        ck_assert_str_eq(json_string_value(json_object_get(want, "case")), name);
        ck_assert_int_eq(json_integer_value(json_object_get(want, "unit")), unit);
        ck_assert_str_eq(js, json_string_value(json_object_get(want, "json")));
        free(js);
    }
}

START_TEST(render_output_is_that_of_release_1_1)
{
    const char *out = getenv("WATPL_WRITE_GOLDEN");
    if (out && *out) {
        FILE *f = fopen(out, "wb");
        ck_assert_ptr_nonnull(f);
        each_fixture(write_golden, f);
        fclose(f);
        return;
    }
    char path[512];
    th_data_path(path, sizeof path, "render/golden.jsonl");
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    golden g = {NULL, 0, 0};
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        g.lines = realloc(g.lines, (g.n + 1) * sizeof *g.lines);
        ck_assert_ptr_nonnull(g.lines);
        g.lines[g.n] = json_loads(line, 0, NULL);
        ck_assert_ptr_nonnull(g.lines[g.n]);
        g.n++;
    }
    free(line);
    fclose(f);
    ck_assert_uint_ge(g.n, 150); /* 20 rule cases and 78 seeds, in both units */
    each_fixture(check_golden, &g);
    ck_assert_uint_eq(g.at, g.n);
    for (size_t i = 0; i < g.n; i++)
        json_decref(g.lines[i]);
    free(g.lines);
}
END_TEST

/* ---- reuse ----------------------------------------------------------------------- */

static void fill_order(watpl_params *p, const char *name, const char *order, const char *when)
{
    watpl_params_clear(p);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, order, strlen(order)), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, name, strlen(name)), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, order, strlen(order)), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, when, strlen(when)), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, order, strlen(order)), WATPL_OK);
    ck_assert_int_eq(watpl_params_set_coupon_code(p, "SAVE10", 6), WATPL_OK);
}

START_TEST(a_send_after_one_with_errors_is_clean)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    watpl_prepared *prep = NULL;
    watpl_params *p = NULL;
    watpl_rendered *out = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    watpl_template_free(tpl); /* the prepared template keeps what it needs */
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&out, ctx), WATPL_OK);
    ck_assert_str_eq(watpl_rendered_body(out, NULL), "");
    /* a send with a missing value, an empty one, a tab and no coupon */
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "", 0), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "a\tb", 3), WATPL_OK);
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
    ck_assert_uint_ge(watpl_report_errors(watpl_rendered_report(out)), 4);
    ck_assert_str_eq(watpl_rendered_body(out, NULL), "Olá , your order a\tb has shipped 📦 and arrives {{3}}.");
    /* then a clean one into the same objects */
    fill_order(p, "Ana", "B-77", "Friday");
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
    ck_assert_uint_eq(watpl_report_count(watpl_rendered_report(out)), 0);
    ck_assert_str_eq(watpl_rendered_header(out, NULL), "Order B-77");
    ck_assert_str_eq(watpl_rendered_body(out, NULL), "Olá Ana, your order B-77 has shipped 📦 and arrives Friday.");
    ck_assert_str_eq(watpl_rendered_button_url(out, 0, NULL), "https://x.io/t/B-77");
    ck_assert_ptr_null(watpl_rendered_button_url(out, 1, NULL));
    ck_assert_str_eq(watpl_rendered_payload_json(out, NULL),
                     "[{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"B-77\"}]},"
                     "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"},"
                     "{\"type\":\"text\",\"text\":\"B-77\"},{\"type\":\"text\",\"text\":\"Friday\"}]},"
                     "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\","
                     "\"text\":\"B-77\"}]},{\"type\":\"button\",\"sub_type\":\"copy_code\",\"index\":\"1\","
                     "\"parameters\":[{\"type\":\"coupon_code\",\"coupon_code\":\"SAVE10\"}]}]");
    watpl_rendered_free(out);
    watpl_params_free(p);
    watpl_prepared_free(prep);
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(a_failed_add_json_leaves_the_set_unchanged)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    watpl_prepared *prep = NULL;
    watpl_params *p = NULL;
    watpl_rendered *before = NULL, *after = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    static const char good[] = "{\"to\":\"+4915112345678\",\"template\":{\"components\":[{\"type\":\"body\","
                               "\"parameters\":[{\"type\":\"text\",\"text\":\"Ana\"}]}]}}";
    ck_assert_int_eq(watpl_params_add_json(ctx, p, good, sizeof good - 1), WATPL_OK);
    ck_assert_str_eq(watpl_params_to(p, NULL), "+4915112345678");
    ck_assert_int_eq(watpl_rendered_new(&before, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&after, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, before), WATPL_OK);
    /* values, a coupon and a recipient are read, then the third parameter is bad */
    static const char bad[] =
        "{\"to\":\"+1\",\"components\":[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"x\"},"
        "{\"type\":\"text\",\"text\":\"y\"},{\"type\":\"text\"}]},{\"type\":\"button\",\"index\":1,"
        "\"parameters\":[{\"type\":\"coupon_code\",\"coupon_code\":\"C\"}]}]}";
    ck_assert_int_eq(watpl_params_add_json(ctx, p, bad, sizeof bad - 1), WATPL_ETYPE);
    ck_assert_str_eq(watpl_ctx_error_path(ctx), "$.components[0].parameters[2]");
    ck_assert_int_eq(watpl_params_add_json(ctx, p, "[", 1), WATPL_ESYNTAX);
    ck_assert_int_eq(watpl_params_add_json(ctx, p, "{\"components\":1}", 16), WATPL_ETYPE);
    ck_assert_str_eq(watpl_params_to(p, NULL), "+4915112345678");
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, after), WATPL_OK);
    ck_assert_str_eq(watpl_rendered_body(after, NULL), watpl_rendered_body(before, NULL));
    ck_assert_str_eq(watpl_rendered_payload_json(after, NULL), watpl_rendered_payload_json(before, NULL));
    ck_assert_uint_eq(watpl_report_count(watpl_rendered_report(after)),
                      watpl_report_count(watpl_rendered_report(before)));
    watpl_params_clear(p);
    ck_assert_ptr_null(watpl_params_to(p, NULL));
    watpl_rendered_free(before);
    watpl_rendered_free(after);
    watpl_params_free(p);
    watpl_prepared_free(prep);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
}
END_TEST

/* ---- the fast path against the general one ---------------------------------------------
 * watpl_render takes the general path; a prepared send of the template's
 * shape takes the fast one (pieces precomputed, values copied 32 bytes at a
 * time). Sends around every limit and every reason to leave the fast path. */

static const char shipped_tpl[] =
    "{\"name\":\"order_shipped\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Order {{1}} is on its way\","
    "\"example\":{\"header_text\":[\"A-1001\"]}},"
    "{\"type\":\"BODY\",\"text\":\"Hi {{1}}, your order {{2}} has shipped with {{3}} and should arrive by "
    "{{4}}. Track it with the button below; reply to this message if anything is wrong.\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A-1001\",\"DHL\",\"Friday\"]]}},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"Stop\"},{\"type\":\"URL\",\"text\":\"Track\","
    "\"url\":\"https://shop.example.com/track/{{1}}\",\"example\":[\"A-1001\"]},{\"type\":\"URL\",\"text\":\"Shop\","
    "\"url\":\"https://shop.example.com/\"}]}]}";

/* A body that repeats a value, skips one, and has placeholders that take none. */
static const char repeat_tpl[] =
    "{\"name\":\"r\",\"language\":\"pt_BR\",\"category\":\"MARKETING\",\"components\":["
    "{\"type\":\"BODY\",\"text\":\"{{2}} {{1}}, {{2}}! {{0}} {{ 1 }} {{x {{3}}\"}]}";

/* A text value made from seed: plain ASCII mostly, and every kind of byte
 * that leaves the plain path (escapes, spaces, accents, CJK, emoji, tabs). */
static size_t make_value(unsigned seed, char *out, size_t cap)
{
    static const char *const parts[] = {"a", "Z", "9", "-", " ", "  ", "\"", "\\", "é", "李", "😀", "\t", "x.y", "!"};
    unsigned x = seed * 2654435761u + 12345u;
    size_t len = 0, target = (x >> 8) % 72;
    bool plain = (x & 3) != 0; /* most values are plain ASCII, as most real ones are */
    while (len < target) {
        x = x * 1103515245u + 12345u;
        const char *piece = parts[plain ? (x >> 16) % 3 : (x >> 16) % (sizeof parts / sizeof parts[0])];
        size_t n = strlen(piece);
        if (len + n >= cap)
            break;
        memcpy(out + len, piece, n);
        len += n;
    }
    return len;
}

static void add_value(watpl_params *p, int component, size_t button, unsigned seed)
{
    char v[512];
    size_t n = make_value(seed, v, sizeof v);
    ck_assert_int_eq(watpl_params_add(p, component, button, NULL, 0, v, n), WATPL_OK);
}

/* Render the send both ways under both units. */
static void compare_set(const char *tpl_json, const watpl_params *p)
{
    for (int unit = WATPL_UNIT_UTF16; unit <= WATPL_UNIT_CODEPOINTS; unit++) {
        watpl_ctx *ctx = NULL;
        ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
        ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_COUNT_UNIT, unit), WATPL_OK);
        watpl_template *tpl = th_parse(ctx, tpl_json);
        watpl_prepared *prep = NULL;
        watpl_rendered *want = NULL, *got = NULL;
        ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
        ck_assert_int_eq(watpl_rendered_new(&got, ctx), WATPL_OK);
        ck_assert_int_eq(watpl_render(ctx, tpl, p, &want), WATPL_OK);
        for (int again = 0; again < 2; again++) { /* into a fresh rendering, then a used one */
            ck_assert_int_eq(watpl_send_render(ctx, prep, p, got), WATPL_OK);
            same_rendering(ctx, tpl, want, got);
        }
        same_payload(ctx, prep, p, want);
        watpl_rendered_free(want);
        watpl_rendered_free(got);
        watpl_prepared_free(prep);
        watpl_template_free(tpl);
        watpl_ctx_free(ctx);
    }
}

START_TEST(fast_path_equals_general_path)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_params *p = NULL;
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    for (unsigned seed = 0; seed < 300; seed++) {
        /* the template's shape, with values of every length from 0 to about 70 bytes */
        watpl_params_clear(p);
        add_value(p, WATPL_COMPONENT_HEADER, 0, seed);
        for (unsigned k = 1; k <= 4; k++)
            add_value(p, WATPL_COMPONENT_BODY, 0, seed * 7 + k);
        add_value(p, WATPL_COMPONENT_BUTTONS, 1, seed * 11);
        compare_set(shipped_tpl, p);
        /* one more value, one less, or a value out of the groups' order */
        unsigned change = seed % 4;
        if (change == 0)
            add_value(p, WATPL_COMPONENT_BODY, 0, seed);
        else if (change == 1)
            add_value(p, WATPL_COMPONENT_BUTTONS, seed % 5, seed);
        else if (change == 2)
            add_value(p, WATPL_COMPONENT_HEADER, 0, seed);
        else
            ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, "name", 4, "v", 1), WATPL_OK);
        compare_set(shipped_tpl, p);
        /* a body that repeats values */
        watpl_params_clear(p);
        for (unsigned k = 0; k < 3 - seed % 2; k++)
            add_value(p, WATPL_COMPONENT_BODY, 0, seed * 3 + k);
        compare_set(repeat_tpl, p);
        /* a copy code button: the coupon code given, invalid or absent */
        fill_order(p, seed % 3 ? "Ana" : "Zoë", "A-1", "soon");
        if (seed % 5 == 1)
            ck_assert_int_eq(watpl_params_set_coupon_code(p, "NOT VALID", 9), WATPL_OK);
        compare_set(order_tpl, p);
    }
    /* texts exactly at their limits and one character over */
    char v[2100];
    memset(v, 'x', sizeof v);
    for (size_t extra = 0; extra < 2; extra++) {
        watpl_params_clear(p);
        ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, v, 60 - 20 + extra), WATPL_OK);
        ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, v, 1024 - 130 + extra), WATPL_OK);
        for (int k = 0; k < 3; k++)
            ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "y", 1), WATPL_OK);
        ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 1, NULL, 0, v, 2000 - 31 + extra), WATPL_OK);
        compare_set(shipped_tpl, p);
    }
    watpl_params_free(p);
    watpl_ctx_free(ctx);
}
END_TEST

/* A value's UTF-8 is checked where it is copied: the same texts are
 * refused as by the library's UTF-8 check, on every 1- and 2-byte text and
 * on the 3- and 4-byte texts around each boundary of RFC 3629. */
START_TEST(values_are_refused_exactly_when_not_utf8)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_params *p = NULL;
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    static const unsigned char edges[] = {0x00, 0x41, 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1,
                                          0xc2, 0xdf, 0xe0, 0xe1, 0xec, 0xed, 0xee, 0xef, 0xf0, 0xf1, 0xf3,
                                          0xf4, 0xf5, 0xff};
    unsigned char t[16];
    size_t checked = 0, wrong = 0; /* counted, not asserted one by one: Check logs every assertion */
    for (unsigned a = 0; a < 256; a++)
        for (unsigned b = 0; b < 256; b++)
            for (size_t len = 1; len <= 2; len++) {
                t[0] = (unsigned char)a;
                t[1] = (unsigned char)b;
                bool valid = watpl__utf8_valid((const char *)t, len, NULL);
                int rc = watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, (const char *)t, len);
                wrong += rc != (valid ? WATPL_OK : WATPL_EUTF8);
                watpl_params_clear(p);
                checked++;
            }
    size_t ne = sizeof edges;
    for (size_t a = 0; a < ne; a++)
        for (size_t b = 0; b < ne; b++)
            for (size_t c = 0; c < ne; c++)
                for (size_t d = 0; d < ne; d++)
                    for (size_t pre = 0; pre < 2; pre++) { /* alone, and after 7 plain bytes */
                        memcpy(t, "abcdefg", 7);
                        size_t at = pre ? 7 : 0;
                        t[at] = edges[a];
                        t[at + 1] = edges[b];
                        t[at + 2] = edges[c];
                        t[at + 3] = edges[d];
                        for (size_t len = at + 3; len <= at + 4; len++) {
                            bool valid = watpl__utf8_valid((const char *)t, len, NULL);
                            int rc = watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, (const char *)t, len);
                            wrong += rc != (valid ? WATPL_OK : WATPL_EUTF8);
                            watpl_params_clear(p);
                            checked++;
                        }
                    }
    ck_assert_uint_gt(checked, 1000000);
    ck_assert_uint_eq(wrong, 0);
    watpl_params_free(p);
    watpl_ctx_free(ctx);
}
END_TEST

/* ---- limits ------------------------------------------------------------------------ */

START_TEST(values_over_the_limits_are_refused_or_reported)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    watpl_prepared *prep = NULL;
    watpl_params *p = NULL;
    watpl_rendered *out = NULL, *want = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&out, ctx), WATPL_OK);
    size_t big = 65537;
    char *s = malloc(big);
    ck_assert_ptr_nonnull(s);
    memset(s, 'a', big);
    /* one string is at most 64 KiB, a set at most 128 values, bad UTF-8 is refused */
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, s, big), WATPL_ELIMIT);
    ck_assert_int_eq(watpl_params_set_coupon_code(p, s, big), WATPL_ELIMIT);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "\xff", 1), WATPL_EUTF8);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, "\xc0", 1, "a", 1), WATPL_EUTF8);
    for (int i = 0; i < 128; i++)
        ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "v", 1), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "v", 1), WATPL_ELIMIT);
    /* values that make the texts too long: body (1024), header (60), URL (2000) */
    watpl_params_clear(p);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, s, 55), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, s, 1000), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "x", 1), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, "y", 1), WATPL_OK);
    ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, s, 65536), WATPL_OK);
    ck_assert_int_eq(watpl_params_set_coupon_code(p, "SAVE10", 6), WATPL_OK);
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
    const watpl_report *rep = watpl_rendered_report(out);
    ck_assert_uint_eq(watpl_report_count(rep), 3);
    ck_assert_str_eq(watpl_report_rule(rep, 0), "send.header.too_long");
    ck_assert_str_eq(watpl_report_rule(rep, 1), "send.body.too_long");
    ck_assert_str_eq(watpl_report_rule(rep, 2), "send.url.too_long");
    ck_assert_int_eq(watpl_render(ctx, tpl, p, &want), WATPL_OK);
    same_rendering(ctx, tpl, want, out);
    same_payload(ctx, prep, p, want);
    free(s);
    watpl_rendered_free(want);
    watpl_rendered_free(out);
    watpl_params_free(p);
    watpl_prepared_free(prep);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(payload_into_a_short_buffer_reports_the_size)
{
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    watpl_prepared *prep = NULL;
    watpl_params *p = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    fill_order(p, "Ana", "B-77", "Friday");
    char buf[512];
    memset(buf, '#', sizeof buf);
    size_t needed = 0, errors = 9;
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, buf, 20, &needed, &errors), WATPL_EBUFSIZE);
    ck_assert_uint_gt(needed, 20);
    ck_assert_uint_eq(errors, 0);
    ck_assert_int_eq(buf[0], '#'); /* untouched */
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, buf, needed, &needed, NULL), WATPL_EBUFSIZE);
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, buf, needed + 1, NULL, NULL), WATPL_OK);
    ck_assert_uint_eq(strlen(buf), needed);
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, NULL, 5, &needed, NULL), WATPL_EINVAL);
    ck_assert_int_eq(watpl_send_payload(ctx, NULL, p, buf, sizeof buf, &needed, NULL), WATPL_EINVAL);
    ck_assert_int_eq(watpl_send_render(ctx, prep, NULL, NULL), WATPL_EINVAL);
    watpl_prepared *none = (watpl_prepared *)1;
    ck_assert_int_eq(watpl_prepared_new(ctx, NULL, &none), WATPL_EINVAL);
    ck_assert_ptr_null(none);
    /* a send with errors still writes its payload and counts them */
    watpl_params_clear(p);
    ck_assert_int_eq(watpl_send_payload(ctx, prep, p, buf, sizeof buf, &needed, &errors), WATPL_OK);
    ck_assert_str_eq(buf, "[]");
    ck_assert_uint_eq(errors, 4); /* header and body counts, URL value, coupon */
    watpl_params_free(p);
    watpl_prepared_free(prep);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
}
END_TEST

/* ---- memory ----------------------------------------------------------------------------- */

START_TEST(prepare_fails_cleanly_at_every_allocation)
{
    th_counting c = {0, 0, 0};
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    long base = c.live;
    c.count = 0;
    watpl_prepared *prep = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    long total = c.count;
    ck_assert_int_ge(total, 2);
    watpl_prepared_free(prep);
    ck_assert_int_eq(c.live, base);
    for (long n = 1; n <= total; n++) {
        c.count = 0;
        c.fail_at = n;
        prep = (watpl_prepared *)1;
        int rc = watpl_prepared_new(ctx, tpl, &prep);
        c.fail_at = 0;
        ck_assert_msg(rc == WATPL_ENOMEM, "allocation %ld of %ld failed but rc=%d", n, total, rc);
        ck_assert_ptr_null(prep);
        ck_assert_int_eq(watpl_ctx_errcode(ctx), WATPL_ENOMEM);
        ck_assert_msg(c.live == base, "allocation %ld failed: %ld blocks leaked", n, c.live - base);
    }
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

/* A send into reused objects whose allocation fails leaves the rendering
 * as it was; so does a failing watpl_params_add. */
START_TEST(a_failed_send_leaves_the_rendering_unchanged)
{
    th_counting c = {0, 0, 0};
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    watpl_prepared *prep = NULL;
    watpl_params *p = NULL;
    watpl_rendered *out = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&out, ctx), WATPL_OK);
    fill_order(p, "Ana", "B-77", "Friday");
    char *big = malloc(60000);
    ck_assert_ptr_nonnull(big);
    memset(big, 'b', 60000);
    for (long n = 1;; n++) {
        /* a first, small send, then a large one failing at its n-th allocation */
        watpl_rendered_free(out);
        ck_assert_int_eq(watpl_rendered_new(&out, ctx), WATPL_OK);
        fill_order(p, "Ana", "B-77", "Friday");
        ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
        char *json = NULL, *again = NULL;
        ck_assert_int_eq(watpl_rendered_to_json(ctx, out, &json, NULL), WATPL_OK);
        watpl_params_clear(p);
        c.count = 0;
        c.fail_at = n;
        int rc = watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, big, 60000);
        if (rc == WATPL_OK)
            rc = watpl_send_render(ctx, prep, p, out);
        c.fail_at = 0;
        long used = c.count;
        ck_assert_int_eq(watpl_rendered_to_json(ctx, out, &again, NULL), WATPL_OK);
        if (rc == WATPL_OK) {
            ck_assert_str_ne(json, again);
            watpl_free(json);
            watpl_free(again);
            ck_assert_int_lt(used, n);
            break;
        }
        ck_assert_int_eq(rc, WATPL_ENOMEM);
        ck_assert_str_eq(json, again);
        watpl_free(json);
        watpl_free(again);
    }
    free(big);
    watpl_rendered_free(out);
    watpl_params_free(p);
    watpl_prepared_free(prep);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

START_TEST(a_warm_send_allocates_nothing)
{
    th_counting c = {0, 0, 0};
    watpl_ctx *ctx = NULL;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c), WATPL_OK);
    watpl_template *tpl = th_parse(ctx, order_tpl);
    watpl_prepared *prep = NULL;
    watpl_params *p = NULL;
    watpl_rendered *out = NULL;
    ck_assert_int_eq(watpl_prepared_new(ctx, tpl, &prep), WATPL_OK);
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_rendered_new(&out, ctx), WATPL_OK);
    static const char *const names[] = {"Ana", "Bjørn", "Zoë-Marie", "李雷", "محمد", "Élodie"};
    static const char *const payload_fmt = "[{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"%s\"}]},"
                                           "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"%s\"},"
                                           "{\"type\":\"text\",\"text\":\"%s\"},{\"type\":\"text\",\"text\":\"Friday\"}]}]";
    fill_order(p, "warm-up name", "A-1000", "Friday");
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
    c.count = 0;
    char order[16], buf[1024];
    for (int i = 0; i < 1000; i++) {
        snprintf(order, sizeof order, "A-%d", i);
        fill_order(p, names[i % 6], order, "Friday");
        ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
        ck_assert_uint_eq(watpl_report_errors(watpl_rendered_report(out)), 0);
        size_t needed = 0;
        ck_assert_int_eq(watpl_send_payload(ctx, prep, p, buf, sizeof buf, &needed, NULL), WATPL_OK);
    }
    ck_assert_int_eq(c.count, 0);
    /* the general path too (a value for the copy code button, which takes none, is not the fast
     * path's shape), once its first send has grown the rendering's report */
    for (int i = 0; i < 100; i++) {
        fill_order(p, names[i % 6], "A-1", "Friday");
        ck_assert_int_eq(watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 1, NULL, 0, "x", 1), WATPL_OK);
        ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
        ck_assert_uint_eq(watpl_report_errors(watpl_rendered_report(out)), 0);
        if (i == 0)
            c.count = 0;
    }
    ck_assert_int_eq(c.count, 0);
    fill_order(p, names[999 % 6], order, "Friday");
    ck_assert_int_eq(watpl_send_render(ctx, prep, p, out), WATPL_OK);
    /* and the last send is the right one */
    char want[1024];
    snprintf(want, sizeof want, payload_fmt, order, names[999 % 6], order);
    ck_assert(strncmp(watpl_rendered_payload_json(out, NULL), want, strlen(want) - 2) == 0);
    watpl_rendered_free(out);
    watpl_params_free(p);
    watpl_prepared_free(prep);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("send");
    TCase *tc = tcase_create("prepared");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, prepared_send_equals_render_on_every_fixture);
    tcase_add_test(tc, prepared_send_equals_render_on_special_forms);
    tcase_add_test(tc, fast_path_equals_general_path);
    tcase_add_test(tc, values_are_refused_exactly_when_not_utf8);
    tcase_add_test(tc, render_output_is_that_of_release_1_1);
    tcase_add_test(tc, a_send_after_one_with_errors_is_clean);
    tcase_add_test(tc, a_failed_add_json_leaves_the_set_unchanged);
    tcase_add_test(tc, values_over_the_limits_are_refused_or_reported);
    tcase_add_test(tc, payload_into_a_short_buffer_reports_the_size);
    tcase_add_test(tc, prepare_fails_cleanly_at_every_allocation);
    tcase_add_test(tc, a_failed_send_leaves_the_rendering_unchanged);
    tcase_add_test(tc, a_warm_send_allocates_nothing);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
