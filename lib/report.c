/* Diagnostics reports. SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_internal.h"

int watpl__report_new(const watpl__alloc *a, watpl_report **out)
{
    watpl_report *r = watpl__calloc(a, 1, sizeof *r);
    if (!r)
        return WATPL_ENOMEM;
    r->alloc = *a;
    r->category = WATPL_CATEGORY_NONE;
    *out = r;
    return WATPL_OK;
}

static int copy_str(const watpl__alloc *a, watpl__str *dst, const watpl__str *src)
{
    watpl__mfree(a, dst->s);
    dst->s = NULL;
    dst->len = 0;
    if (!src->s)
        return WATPL_OK;
    dst->s = watpl__memdup(a, src->s, src->len);
    if (!dst->s)
        return WATPL_ENOMEM;
    dst->len = src->len;
    return WATPL_OK;
}

int watpl__report_set_template(watpl_report *r, const watpl_template *tpl)
{
    if (copy_str(&r->alloc, &r->name, &tpl->name) || copy_str(&r->alloc, &r->language, &tpl->language))
        return WATPL_ENOMEM;
    r->category = tpl->category;
    return WATPL_OK;
}

int watpl__report_add(watpl_report *r, const char *rule, int severity, int component,
                      int64_t index, int64_t offset, int64_t length, int64_t meta_code,
                      const char *fmt, ...)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 8;
        size_t bytes;
        if (watpl__mul_overflows_size(cap, sizeof *r->items, &bytes))
            return WATPL_ENOMEM;
        watpl__diag *items = watpl__realloc(&r->alloc, r->items, r->cap * sizeof *r->items, bytes);
        if (!items)
            return WATPL_ENOMEM;
        r->items = items;
        r->cap = cap;
    }
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0)
        n = 0;
    size_t mlen = (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1;
    char *msg = watpl__memdup(&r->alloc, tmp, mlen);
    if (!msg)
        return WATPL_ENOMEM;
    watpl__diag *d = &r->items[r->n];
    d->rule = rule;
    d->severity = severity;
    d->component = component;
    d->index = index;
    d->offset = offset;
    d->length = length;
    d->meta_code = meta_code;
    d->message = msg;
    d->seq = r->n;
    r->n++;
    if (severity == WATPL_SEVERITY_ERROR)
        r->errors++;
    else
        r->warnings++;
    return WATPL_OK;
}

static int component_rank(int component)
{
    switch (component) {
    case WATPL_COMPONENT_TEMPLATE: return 0;
    case WATPL_COMPONENT_HEADER: return 1;
    case WATPL_COMPONENT_BODY: return 2;
    case WATPL_COMPONENT_FOOTER: return 3;
    case WATPL_COMPONENT_BUTTONS: return 4;
    case WATPL_COMPONENT_CAROUSEL: return 5;
    case WATPL_COMPONENT_CARD: return 6;
    case WATPL_COMPONENT_LIMITED_TIME_OFFER: return 7;
    case WATPL_COMPONENT_PARAMS: return 8;
    default: return 9;
    }
}

static int cmp_i64(int64_t a, int64_t b)
{
    return (a > b) - (a < b);
}

static int diag_cmp(const void *pa, const void *pb)
{
    const watpl__diag *a = pa, *b = pb;
    int c = component_rank(a->component) - component_rank(b->component);
    if (c)
        return c;
    if ((c = cmp_i64(a->index, b->index)))
        return c;
    if ((c = cmp_i64(a->offset, b->offset)))
        return c;
    return (a->seq > b->seq) - (a->seq < b->seq);
}

void watpl__report_sort(watpl_report *r)
{
    if (r && r->n > 1)
        qsort(r->items, r->n, sizeof *r->items, diag_cmp);
}

void watpl_report_free(watpl_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        watpl__mfree(&r->alloc, r->items[i].message);
    watpl__mfree(&r->alloc, r->items);
    watpl__mfree(&r->alloc, r->name.s);
    watpl__mfree(&r->alloc, r->language.s);
    watpl__alloc a = r->alloc;
    watpl__mfree(&a, r);
}

size_t watpl_report_count(const watpl_report *r)
{
    return r ? r->n : 0;
}

size_t watpl_report_errors(const watpl_report *r)
{
    return r ? r->errors : 0;
}

size_t watpl_report_warnings(const watpl_report *r)
{
    return r ? r->warnings : 0;
}

static const watpl__diag *at(const watpl_report *r, size_t i)
{
    return r && i < r->n ? &r->items[i] : NULL;
}

const char *watpl_report_rule(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->rule : NULL;
}

int watpl_report_severity(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->severity : 0;
}

int watpl_report_component(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->component : -1;
}

int64_t watpl_report_index(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->index : -1;
}

int64_t watpl_report_offset(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->offset : -1;
}

int64_t watpl_report_length(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->length : -1;
}

int64_t watpl_report_meta_code(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->meta_code : 0;
}

const char *watpl_report_message(const watpl_report *r, size_t i)
{
    const watpl__diag *d = at(r, i);
    return d ? d->message : NULL;
}

int watpl_report_to_json(watpl_ctx *ctx, const watpl_report *r, char **out, size_t *out_len)
{
    if (!ctx || !r || !out)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    *out = NULL;
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    watpl__buf_putc(&b, '{');
    watpl__json_key(&b, "name");
    watpl__json_str(&b, r->name.s, r->name.len);
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "language");
    watpl__json_str(&b, r->language.s, r->language.len);
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "category");
    if (r->category == WATPL_CATEGORY_NONE)
        watpl__buf_puts(&b, "null");
    else
        watpl__json_cstr(&b, watpl_category_name(r->category));
    watpl__buf_putc(&b, ',');
    watpl__json_key(&b, "valid");
    watpl__json_bool(&b, r->errors == 0);
    watpl__buf_printf(&b, ",\"errors\":%zu,\"warnings\":%zu,\"diagnostics\":[", r->errors, r->warnings);
    for (size_t i = 0; i < r->n; i++) {
        const watpl__diag *d = &r->items[i];
        if (i)
            watpl__buf_putc(&b, ',');
        watpl__buf_putc(&b, '{');
        watpl__json_key(&b, "rule");
        watpl__json_cstr(&b, d->rule);
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "severity");
        watpl__json_cstr(&b, d->severity == WATPL_SEVERITY_ERROR ? "error" : "warning");
        watpl__buf_putc(&b, ',');
        watpl__json_key(&b, "component");
        watpl__json_cstr(&b, watpl_component_name(d->component));
        watpl__buf_printf(&b, ",\"index\":%lld,\"offset\":%lld,\"length\":%lld,\"meta_code\":%lld,",
                          (long long)d->index, (long long)d->offset, (long long)d->length,
                          (long long)d->meta_code);
        watpl__json_key(&b, "message");
        watpl__json_cstr(&b, d->message);
        watpl__buf_putc(&b, '}');
    }
    watpl__buf_puts(&b, "]}");
    int rc = watpl__buf_finish_out(&b, out, out_len);
    if (rc)
        return watpl__fail(ctx, rc, NULL, "out of memory");
    return WATPL_OK;
}
