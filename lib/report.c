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
    watpl__buf_init(&r->text, &r->alloc);
    watpl__report_reset(r);
    *out = r;
    return WATPL_OK;
}

void watpl__report_reset(watpl_report *r)
{
    r->n = 0;
    r->errors = r->warnings = 0;
    r->text.len = 0;
    r->text.failed = false;
    r->name_at = r->language_at = -1;
    r->name_len = r->language_len = 0;
    r->category = WATPL_CATEGORY_NONE;
}

int watpl__report_reserve(watpl_report *r, size_t items, size_t text)
{
    if (items > r->cap) {
        size_t bytes;
        if (watpl__mul_overflows_size(items, sizeof *r->items, &bytes))
            return WATPL_ENOMEM;
        watpl__diag *d = watpl__realloc(&r->alloc, r->items, r->cap * sizeof *r->items, bytes);
        if (!d)
            return WATPL_ENOMEM;
        r->items = d;
        r->cap = items;
    }
    if (text >= r->text.cap) {
        char *d = watpl__realloc(&r->alloc, r->text.data, r->text.cap, text + 1);
        if (!d)
            return WATPL_ENOMEM;
        r->text.data = d;
        r->text.cap = text + 1;
    }
    return WATPL_OK;
}

/* Append s[0, len) and a NUL to the text; its offset in *at. On failure
 * the text is as it was. */
static int put_text(watpl_report *r, const char *s, size_t len, size_t *at)
{
    *at = r->text.len;
    watpl__buf_append(&r->text, s, len);
    watpl__buf_putc(&r->text, '\0');
    if (!r->text.failed)
        return WATPL_OK;
    r->text.len = *at;
    r->text.failed = false;
    return WATPL_ENOMEM;
}

int watpl__report_set_template(watpl_report *r, const watpl_template *tpl)
{
    size_t at;
    r->name_at = r->language_at = -1;
    if (tpl->name.s) {
        if (put_text(r, tpl->name.s, tpl->name.len, &at))
            return WATPL_ENOMEM;
        r->name_at = (int64_t)at;
        r->name_len = tpl->name.len;
    }
    if (tpl->language.s) {
        if (put_text(r, tpl->language.s, tpl->language.len, &at))
            return WATPL_ENOMEM;
        r->language_at = (int64_t)at;
        r->language_len = tpl->language.len;
    }
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
    watpl__message_fit(tmp, sizeof tmp, n);
    size_t mlen = strlen(tmp);
    size_t at;
    if (put_text(r, tmp, mlen, &at))
        return WATPL_ENOMEM;
    watpl__diag *d = &r->items[r->n];
    d->rule = rule;
    d->severity = severity;
    d->component = component;
    d->index = index;
    d->offset = offset;
    d->length = length;
    d->meta_code = meta_code;
    d->message = at;
    d->seq = r->n;
    r->n++;
    if (severity == WATPL_SEVERITY_ERROR)
        r->errors++;
    else
        r->warnings++;
    return WATPL_OK;
}

int watpl__report_pack(const watpl_report *r, const watpl__alloc *a, watpl_report **out)
{
    size_t head = WATPL__PACK_UP(sizeof *r), items = r->n * sizeof *r->items;
    size_t size = head + WATPL__PACK_UP(items) + r->text.len + 1;
    unsigned char *block = watpl__malloc(a, size);
    if (!block)
        return WATPL_ENOMEM;
    watpl_report *p = (watpl_report *)(void *)block;
    *p = *r;
    p->alloc = *a;
    p->items = (watpl__diag *)(void *)(block + head);
    p->cap = r->n;
    if (items)
        memcpy(p->items, r->items, items);
    p->text = (watpl__buf){&p->alloc, (char *)block + head + WATPL__PACK_UP(items), r->text.len,
                           r->text.len + 1, false};
    if (r->text.len)
        memcpy(p->text.data, r->text.data, r->text.len);
    p->text.data[r->text.len] = '\0';
    p->packed = true;
    *out = p;
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
    watpl__alloc a = r->alloc;
    if (!r->packed) {
        watpl__mfree(&a, r->items);
        watpl__buf_free(&r->text);
    }
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
    return d ? r->text.data + d->message : NULL;
}

static void put_i64(watpl__buf *b, int64_t v)
{
    char d[24];
    size_t k = sizeof d;
    uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
    do {
        d[--k] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0)
        d[--k] = '-';
    watpl__buf_append(b, d + k, sizeof d - k);
}

#define JSON_LIT(b, lit) watpl__buf_append((b), (lit), sizeof(lit) - 1)

void watpl__report_json_fields(watpl__buf *b, const watpl_report *r)
{
    JSON_LIT(b, "\"name\":");
    watpl__json_str(b, r->name_at >= 0 ? r->text.data + r->name_at : NULL, r->name_len);
    JSON_LIT(b, ",\"language\":");
    watpl__json_str(b, r->language_at >= 0 ? r->text.data + r->language_at : NULL, r->language_len);
    JSON_LIT(b, ",\"category\":");
    if (r->category == WATPL_CATEGORY_NONE)
        JSON_LIT(b, "null");
    else
        watpl__json_cstr(b, watpl_category_name(r->category));
    if (r->errors == 0)
        JSON_LIT(b, ",\"valid\":true,\"errors\":");
    else
        JSON_LIT(b, ",\"valid\":false,\"errors\":");
    put_i64(b, (int64_t)r->errors);
    JSON_LIT(b, ",\"warnings\":");
    put_i64(b, (int64_t)r->warnings);
    JSON_LIT(b, ",\"diagnostics\":[");
    for (size_t i = 0; i < r->n; i++) {
        const watpl__diag *d = &r->items[i];
        if (i)
            watpl__buf_putc(b, ',');
        JSON_LIT(b, "{\"rule\":");
        watpl__json_cstr(b, d->rule);
        if (d->severity == WATPL_SEVERITY_ERROR)
            JSON_LIT(b, ",\"severity\":\"error\",\"component\":");
        else
            JSON_LIT(b, ",\"severity\":\"warning\",\"component\":");
        watpl__json_cstr(b, watpl_component_name(d->component));
        JSON_LIT(b, ",\"index\":");
        put_i64(b, d->index);
        JSON_LIT(b, ",\"offset\":");
        put_i64(b, d->offset);
        JSON_LIT(b, ",\"length\":");
        put_i64(b, d->length);
        JSON_LIT(b, ",\"meta_code\":");
        put_i64(b, d->meta_code);
        JSON_LIT(b, ",\"message\":");
        watpl__json_cstr(b, r->text.data + d->message);
        watpl__buf_putc(b, '}');
    }
    watpl__buf_putc(b, ']');
}

int watpl_report_to_json(watpl_ctx *ctx, const watpl_report *r, char **out, size_t *out_len)
{
    WATPL__ENTER(ctx, r && out, WATPL__OUT(out));
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    watpl__buf_putc(&b, '{');
    watpl__report_json_fields(&b, r);
    watpl__buf_putc(&b, '}');
    int rc = watpl__buf_finish_out(&b, out, out_len);
    if (rc)
        return watpl__fail(ctx, rc, NULL, "out of memory");
    return WATPL_OK;
}
