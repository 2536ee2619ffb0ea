/* Send time: watpl_render (a prepared send of its own, send.c) and what a
 * rendering gives back (docs/render.md). SPDX-License-Identifier: MIT */
#include <string.h>

#include "send_internal.h"

/* ---- renderings ------------------------------------------------------------------- */

int watpl__rendered_new(const watpl__alloc *a, watpl_rendered **out)
{
    watpl_rendered *r = watpl__calloc(a, 1, sizeof *r);
    if (!r)
        return WATPL_ENOMEM;
    r->alloc = *a;
    watpl__buf_init(&r->header, &r->alloc);
    watpl__buf_init(&r->body, &r->alloc);
    watpl__buf_init(&r->payload, &r->alloc);
    if (watpl__report_new(&r->alloc, &r->report)) {
        watpl__mfree(a, r);
        return WATPL_ENOMEM;
    }
    *out = r;
    return WATPL_OK;
}

int watpl_rendered_new(watpl_rendered **out, watpl_ctx *ctx)
{
    WATPL__ENTER(ctx, out, WATPL__OUT(out));
    return watpl__rendered_new(&ctx->alloc, out) ? watpl__fail_nomem(ctx) : WATPL_OK;
}

void watpl_rendered_free(watpl_rendered *r)
{
    if (!r)
        return;
    watpl_report_free(r->report);
    watpl__buf_free(&r->header);
    watpl__buf_free(&r->body);
    watpl__buf_free(&r->payload);
    for (size_t i = 0; i < r->urls_cap; i++)
        watpl__buf_free(&r->urls[i].text);
    watpl__alloc a = r->alloc;
    watpl__mfree(&a, r->urls);
    watpl__mfree(&a, r);
}

int watpl_render(watpl_ctx *ctx, const watpl_template *t, const watpl_params *p, watpl_rendered **out)
{
    WATPL__ENTER(ctx, t && p && out, WATPL__OUT(out));
    watpl_prepared *pp = NULL;
    watpl_rendered *r = NULL;
    int rc = watpl__prepared_new(ctx, t, false, &pp); /* the general path: one send */
    if (!rc)
        rc = watpl__rendered_new(&ctx->alloc, &r);
    if (!rc)
        rc = watpl__send(ctx, pp, p, r);
    watpl_prepared_free(pp);
    if (rc) {
        watpl_rendered_free(r);
        return watpl__fail(ctx, rc, NULL, rc == WATPL_ENOMEM ? "out of memory" : "cannot render");
    }
    *out = r;
    return WATPL_OK;
}

const watpl_report *watpl_rendered_report(const watpl_rendered *r)
{
    return r ? r->report : NULL;
}

static const char *buf_out(const watpl__buf *b, size_t *len)
{
    if (len)
        *len = b->len;
    return b->data ? b->data : "";
}

const char *watpl_rendered_header(const watpl_rendered *r, size_t *len)
{
    if (!r || !r->has_header) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->header, len);
}

const char *watpl_rendered_body(const watpl_rendered *r, size_t *len)
{
    if (!r) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->body, len);
}

const char *watpl_rendered_button_url(const watpl_rendered *r, size_t button, size_t *len)
{
    if (!r || button >= r->n_urls || !r->urls[button].present) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->urls[button].text, len);
}

const char *watpl_rendered_payload_json(const watpl_rendered *r, size_t *len)
{
    if (!r) {
        if (len)
            *len = 0;
        return NULL;
    }
    return buf_out(&r->payload, len);
}

int watpl_rendered_copy(const watpl_rendered *r, int part, size_t button, char *buf, size_t cap,
                        size_t *needed)
{
    if (!r || (!buf && cap))
        return WATPL_EINVAL;
    size_t len = 0;
    const char *s = part == WATPL_COMPONENT_HEADER   ? watpl_rendered_header(r, &len)
                    : part == WATPL_COMPONENT_BODY    ? watpl_rendered_body(r, &len)
                    : part == WATPL_COMPONENT_BUTTONS ? watpl_rendered_button_url(r, button, &len)
                                                      : NULL;
    if (!s)
        return part == WATPL_COMPONENT_HEADER || part == WATPL_COMPONENT_BODY || part == WATPL_COMPONENT_BUTTONS
                   ? WATPL_ENOTFOUND
                   : WATPL_EINVAL;
    if (needed)
        *needed = len;
    if (cap <= len)
        return WATPL_EBUFSIZE;
    memcpy(buf, s, len);
    buf[len] = '\0';
    return WATPL_OK;
}

int watpl_rendered_to_json(watpl_ctx *ctx, const watpl_rendered *r, char **out, size_t *out_len)
{
    WATPL__ENTER(ctx, r && out, WATPL__OUT(out));
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    /* most of it: the texts, the payload, the report's messages */
    size_t guess = r->header.len + r->body.len + r->payload.len + r->report->text.len + 64 * r->report->n + 256;
    for (size_t i = 0; i < r->n_urls; i++)
        guess += r->urls[i].text.len + 24;
    watpl__buf_reserve(&b, guess);
    watpl__buf_puts(&b, "{\"header\":");
    if (r->has_header)
        watpl__json_str(&b, r->header.data ? r->header.data : "", r->header.len);
    else
        watpl__buf_puts(&b, "null");
    watpl__buf_puts(&b, ",\"body\":");
    watpl__json_str(&b, r->body.data ? r->body.data : "", r->body.len);
    watpl__buf_puts(&b, ",\"buttons\":[");
    bool first = true;
    for (size_t i = 0; i < r->n_urls; i++) {
        if (!r->urls[i].present)
            continue;
        if (!first)
            watpl__buf_putc(&b, ',');
        first = false;
        watpl__buf_printf(&b, "{\"index\":%zu,\"url\":", i);
        watpl__json_str(&b, r->urls[i].text.data ? r->urls[i].text.data : "", r->urls[i].text.len);
        watpl__buf_putc(&b, '}');
    }
    watpl__buf_puts(&b, "],\"components\":");
    watpl__buf_append(&b, r->payload.data ? r->payload.data : "[]", r->payload.data ? r->payload.len : 2);
    watpl__buf_putc(&b, ',');
    watpl__report_json_fields(&b, r->report);
    watpl__buf_putc(&b, '}');
    int rc = watpl__buf_finish_out(&b, out, out_len);
    return rc ? watpl__fail(ctx, rc, NULL, "out of memory") : WATPL_OK;
}
