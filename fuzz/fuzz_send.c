/* Fuzz target: the prepared send path against watpl_render. Input as for
 * fuzz_render (template JSON, a NUL byte, send parameters); the send reuses
 * a parameter set and a rendering filled by an earlier send, and the
 * caller-buffer variant is checked too. watpl_render takes the general path
 * and a prepared send the fast one when it can (docs/render.md), so the two
 * are compared. Any difference aborts.
 * SPDX-License-Identifier: MIT */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "watpl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void same_str(const char *a, size_t al, const char *b, size_t bl)
{
    if ((a == NULL) != (b == NULL) || al != bl || (a && memcmp(a, b, al) != 0))
        abort();
}

static void same_report(const watpl_report *a, const watpl_report *b)
{
    size_t n = watpl_report_count(a);
    if (n != watpl_report_count(b) || watpl_report_errors(a) != watpl_report_errors(b))
        abort();
    for (size_t i = 0; i < n; i++)
        if (strcmp(watpl_report_rule(a, i), watpl_report_rule(b, i)) != 0 ||
            watpl_report_component(a, i) != watpl_report_component(b, i) ||
            watpl_report_index(a, i) != watpl_report_index(b, i) ||
            watpl_report_offset(a, i) != watpl_report_offset(b, i) ||
            watpl_report_length(a, i) != watpl_report_length(b, i) ||
            strcmp(watpl_report_message(a, i), watpl_report_message(b, i)) != 0)
            abort();
}

static void same_rendering(watpl_ctx *ctx, const watpl_template *tpl, const watpl_rendered *a,
                           const watpl_rendered *b)
{
    size_t al = 0, bl = 0;
    const char *as = watpl_rendered_header(a, &al), *bs = watpl_rendered_header(b, &bl);
    same_str(as, al, bs, bl);
    as = watpl_rendered_body(a, &al);
    bs = watpl_rendered_body(b, &bl);
    same_str(as, al, bs, bl);
    as = watpl_rendered_payload_json(a, &al);
    bs = watpl_rendered_payload_json(b, &bl);
    same_str(as, al, bs, bl);
    for (size_t i = 0; i <= watpl_template_button_count(tpl, -1); i++) {
        as = watpl_rendered_button_url(a, i, &al);
        bs = watpl_rendered_button_url(b, i, &bl);
        same_str(as, al, bs, bl);
    }
    same_report(watpl_rendered_report(a), watpl_rendered_report(b));
    char *aj = NULL, *bj = NULL;
    if (watpl_rendered_to_json(ctx, a, &aj, &al) == WATPL_OK && watpl_rendered_to_json(ctx, b, &bj, &bl) == WATPL_OK)
        same_str(aj, al, bj, bl);
    watpl_free(aj);
    watpl_free(bj);
}

/* The values of raw bytes, when they are not a send payload. */
static void add_raw(watpl_params *p, const char *s, size_t len)
{
    watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, s, len);
    watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, s, len);
    watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, s, len);
    watpl_params_set_coupon_code(p, s, len);
    watpl_params_set_auth_code(p, s, len);
}

static void check_payload(watpl_ctx *ctx, const watpl_prepared *prep, const watpl_params *p,
                          const watpl_rendered *want)
{
    size_t want_len = 0, needed = 0, errors = 0;
    const char *payload = watpl_rendered_payload_json(want, &want_len);
    if (watpl_send_payload(ctx, prep, p, NULL, 0, &needed, &errors) != WATPL_EBUFSIZE || needed != want_len ||
        errors != watpl_report_errors(watpl_rendered_report(want)))
        abort();
    char *buf = malloc(needed + 1);
    if (!buf)
        return;
    if (watpl_send_payload(ctx, prep, p, buf, needed + 1, &needed, &errors) != WATPL_OK)
        abort();
    same_str(buf, needed, payload, want_len);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *sep = memchr(data, 0, size);
    size_t tlen = sep ? (size_t)(sep - data) : size;
    const char *pj = sep ? (const char *)sep + 1 : "";
    size_t plen = sep ? size - tlen - 1 : 0;
    watpl_ctx *ctx = NULL;
    if (watpl_ctx_new(&ctx))
        return 0;
    if (size & 1)
        watpl_ctx_set_option(ctx, WATPL_OPT_COUNT_UNIT, WATPL_UNIT_CODEPOINTS);
    watpl_template *tpl = NULL;
    watpl_params *fresh = NULL, *reused = NULL;
    watpl_prepared *prep = NULL;
    watpl_rendered *want = NULL, *got = NULL;
    if (watpl_template_parse_json(ctx, (const char *)data, tlen, &tpl) != WATPL_OK ||
        watpl_params_new(&reused, ctx) != WATPL_OK || watpl_prepared_new(ctx, tpl, &prep) != WATPL_OK ||
        watpl_rendered_new(&got, ctx) != WATPL_OK)
        goto done;
    /* an earlier send fills both objects */
    add_raw(reused, "x y", 3);
    if (watpl_send_render(ctx, prep, reused, got) != WATPL_OK)
        goto done;
    watpl_params_clear(reused);
    if (watpl_params_parse_json(ctx, pj, plen, &fresh) != WATPL_OK) {
        if (watpl_params_add_json(ctx, reused, pj, plen) != WATPL_OK && watpl_params_to(reused, NULL) != NULL)
            abort(); /* a failed add leaves the set as it was: empty */
        if (watpl_params_new(&fresh, ctx) != WATPL_OK)
            goto done;
        add_raw(fresh, pj, plen);
        add_raw(reused, pj, plen);
    } else if (watpl_params_add_json(ctx, reused, pj, plen) != WATPL_OK) {
        abort(); /* the same bytes parse the same way */
    }
    if (watpl_render(ctx, tpl, fresh, &want) != WATPL_OK || watpl_send_render(ctx, prep, reused, got) != WATPL_OK)
        goto done;
    same_rendering(ctx, tpl, want, got);
    check_payload(ctx, prep, reused, want);
done:
    watpl_rendered_free(want);
    watpl_rendered_free(got);
    watpl_prepared_free(prep);
    watpl_params_free(fresh);
    watpl_params_free(reused);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    return 0;
}
