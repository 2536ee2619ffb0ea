/* Window events in and answers out as JSON, in the line format of
 * `watpl window` (docs/window.md), so that the command and the PostgreSQL
 * extension read and write the same thing. SPDX-License-Identifier: MIT */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "text_internal.h"
#include "window_internal.h"

/* An event line is small; a larger one is refused before it is parsed. */
#define EVENT_JSON_MAX (1u << 20)

/* The WATPL_KIND_* of a name (names.c), 0 for none. */
static int kind_from(const char *s)
{
    int kind = s ? watpl_kind_from_name(s, strlen(s)) : 0;
    return kind > 0 ? kind : 0;
}

/* A name of names.c, or NULL (JSON null) for a value without one. */
static const char *name_or_null(const char *name)
{
    return *name ? name : NULL;
}

/* A failure on member `key` of the event (path "$.key"). */
static int fail_member(watpl_ctx *ctx, int code, const char *key, const char *msg)
{
    const char *rule = code == WATPL_ETYPE ? "input.json.type" : "input.json.value";
    watpl__fail(ctx, code, rule, "%s", msg);
    char path[WATPL__ERRPATH_CAP] = "$";
    if (key)
        snprintf(path, sizeof path, "$.%s", key);
    watpl__fail_pos(ctx, -1, 0, 0, path);
    return code;
}

/* Optional string member: NULL when absent or null; *bad names it when of another type. */
static const char *opt_string(const json_t *ev, const char *key, const char **bad)
{
    const json_t *v = json_object_get(ev, key);
    if (!v || json_is_null(v))
        return NULL;
    if (!json_is_string(v) && !*bad)
        *bad = key;
    return json_string_value(v);
}

static int entry_from(const char *s)
{
    if (!s)
        return WATPL_ENTRY_NONE;
    return strcmp(s, "ctwa") == 0 ? WATPL_ENTRY_CTWA : strcmp(s, "page_cta") == 0 ? WATPL_ENTRY_PAGE_CTA : -1;
}

static int device_from(const char *s)
{
    if (!s || strcmp(s, "mobile") == 0)
        return WATPL_DEVICE_MOBILE;
    return strcmp(s, "desktop") == 0 ? WATPL_DEVICE_DESKTOP : -1;
}

/* The members of an event, checked; 0 or a failure recorded on ctx. */
typedef struct event_fields {
    const char *type;
    int64_t t;
    int entry, device, kind;
} event_fields;

static int read_event(watpl_ctx *ctx, const json_t *ev, event_fields *f)
{
    if (!json_is_object(ev))
        return fail_member(ctx, WATPL_ETYPE, NULL, "an event is a JSON object");
    const json_t *jt = json_object_get(ev, "t");
    f->type = json_string_value(json_object_get(ev, "type"));
    if (!f->type)
        return fail_member(ctx, WATPL_ETYPE, "type", "an event needs \"type\" (string)");
    if (!json_is_integer(jt))
        return fail_member(ctx, WATPL_ETYPE, "t", "an event needs \"t\" (integer Unix seconds)");
    f->t = (int64_t)json_integer_value(jt);
    const char *bad = NULL;
    f->entry = entry_from(opt_string(ev, "entry", &bad));
    f->device = device_from(opt_string(ev, "device", &bad));
    f->kind = kind_from(opt_string(ev, "kind", &bad));
    if (bad)
        return fail_member(ctx, WATPL_ETYPE, bad, "\"entry\", \"device\" and \"kind\" are strings");
    if (f->entry < 0 || f->device < 0)
        return fail_member(ctx, WATPL_EINVAL, f->entry < 0 ? "entry" : "device",
                           "\"entry\" must be ctwa or page_cta, \"device\" mobile or desktop");
    if (strcmp(f->type, "outbound") == 0 && !f->kind)
        return fail_member(ctx, WATPL_EINVAL, "kind",
                           "\"kind\" must be MARKETING, UTILITY, AUTHENTICATION or SERVICE");
    if (!watpl__time_ok(f->t))
        return fail_member(ctx, WATPL_EINVAL, "t", "\"t\" is out of range");
    return WATPL_OK;
}

static int apply_event(watpl_ctx *ctx, watpl_window *w, const event_fields *f)
{
    int rc;
    if (strcmp(f->type, "inbound") == 0)
        rc = watpl_window_inbound(w, f->t, f->entry, f->device);
    else if (strcmp(f->type, "call") == 0)
        rc = watpl_window_call(w, f->t);
    else if (strcmp(f->type, "welcome") == 0)
        rc = watpl_window_welcome(w, f->t);
    else if (strcmp(f->type, "outbound") == 0)
        rc = watpl_window_outbound(w, f->t, f->kind);
    else
        return fail_member(ctx, WATPL_EINVAL, "type", "\"type\" must be inbound, call, welcome or outbound");
    return rc == WATPL_OK ? WATPL_OK : fail_member(ctx, rc, "t", "\"t\" is out of range");
}

/* The size of an event; the rest is checked as every JSON input (watpl__json_parse). */
static int precheck(watpl_ctx *ctx, size_t len)
{
    if (len > EVENT_JSON_MAX) {
        watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "event of %zu bytes, over the limit of %u", len,
                    EVENT_JSON_MAX);
        watpl__fail_pos(ctx, -1, 0, 0, "");
        return WATPL_ELIMIT;
    }
    return WATPL_OK;
}

int watpl_window_event_json(watpl_ctx *ctx, watpl_window *window, const char *json, size_t len)
{
    WATPL__ENTER(ctx, window && (json || !len), WATPL__NO_OUT);
    if (!json)
        json = "";
    int rc = precheck(ctx, len);
    if (rc)
        return rc;
    json_t *ev = watpl__json_parse(ctx, json, len, &rc);
    if (!ev)
        return rc;
    event_fields f = {NULL, 0, 0, 0, 0};
    rc = read_event(ctx, ev, &f);
    if (rc == WATPL_OK)
        rc = apply_event(ctx, window, &f);
    json_decref(ev);
    return rc;
}

/* ---- answers ------------------------------------------------------------------------------- */

static void put_time(watpl__buf *b, const char *key, int64_t t)
{
    watpl__buf_putc(b, ',');
    watpl__json_key(b, key);
    if (t == WATPL_TIME_NONE)
        watpl__buf_puts(b, "null");
    else
        watpl__json_i64(b, t);
}

static void put_name(watpl__buf *b, const char *key, const char *name)
{
    watpl__buf_putc(b, ',');
    watpl__json_key(b, key);
    if (name && *name)
        watpl__json_cstr(b, name);
    else
        watpl__buf_puts(b, "null");
}

static void put_bool(watpl__buf *b, const char *key, int v)
{
    watpl__buf_putc(b, ',');
    watpl__json_key(b, key);
    watpl__json_bool(b, v != 0);
}

int watpl_window_answer_to_json(watpl_ctx *ctx, const watpl_window_answer *a, char **out, size_t *out_len)
{
    WATPL__ENTER(ctx, a && out && a->version != 0 && a->kind >= WATPL_KIND_MARKETING && a->kind <= WATPL_KIND_SERVICE,
                 WATPL__OUT(out), WATPL__OUT(out_len));
    const char *init = name_or_null(watpl_initiator_name(a->initiator));
    const char *schedule = name_or_null(watpl_schedule_name(a->schedule));
    watpl__buf b;
    watpl__buf_init(&b, &ctx->alloc);
    watpl__buf_putc(&b, '{');
    watpl__json_key(&b, "kind");
    watpl__json_cstr(&b, watpl_kind_name(a->kind));
    put_bool(&b, "csw_open", a->csw_open);
    put_time(&b, "csw_closes_at", a->csw_closes_at);
    put_bool(&b, "fep_open", a->fep_open);
    put_time(&b, "fep_until", a->fep_until);
    put_bool(&b, "allowed", a->allowed);
    put_bool(&b, "billable", a->billable);
    put_name(&b, "pricing_model", a->pricing_model == WATPL_PRICING_CBP ? "CBP" : "PMP");
    put_name(&b, "pricing_category", watpl_pricing_category_name(a->pricing_category));
    put_name(&b, "pricing_type", watpl_pricing_type_name(a->pricing_type));
    put_name(&b, "initiator", init);
    put_name(&b, "reason", watpl_window_reason_name(a->reason));
    put_name(&b, "schedule", schedule);
    watpl__buf_putc(&b, '}');
    int rc = watpl__buf_finish_out(&b, out, out_len);
    return rc == WATPL_OK ? WATPL_OK : watpl__fail(ctx, rc, NULL, "out of memory");
}
