/* Context, workspace, entry of public functions, errors, options, version.
 * Allocation is below it, in alloc.c. SPDX-License-Identifier: MIT */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common_internal.h"

#define WATPL__STR2(x) #x
#define WATPL__STR(x) WATPL__STR2(x)

const char *watpl_version_string(void)
{
    return WATPL__STR(WATPL_VERSION_MAJOR) "." WATPL__STR(WATPL_VERSION_MINOR) "." WATPL__STR(
        WATPL_VERSION_PATCH);
}

uint32_t watpl_version_number(void)
{
    return (uint32_t)WATPL_VERSION_NUMBER;
}

const char *watpl_strerror(int code)
{
    switch (code) {
    case WATPL_OK: return "success";
    case WATPL_EINVAL: return "invalid argument";
    case WATPL_ENOMEM: return "out of memory";
    case WATPL_EUTF8: return "invalid UTF-8";
    case WATPL_ESYNTAX: return "malformed JSON";
    case WATPL_ETYPE: return "wrong JSON type";
    case WATPL_ELIMIT: return "input over a size limit";
    case WATPL_EBUFSIZE: return "buffer too small";
    case WATPL_ENOTFOUND: return "not found";
    case WATPL_ECORRUPT: return "saved state truncated or corrupted";
    case WATPL_EVERSION: return "saved state of an unknown format version";
    default: return "unknown error";
    }
}

/* ---- context ---------------------------------------------------------- */

/* The options' choices are ranges of consecutive values (options_internal.h). */
_Static_assert(WATPL_UNIT_CODEPOINTS == WATPL_UNIT_UTF16 + 1, "units are consecutive");
_Static_assert(WATPL_SEVERITY_WARNING == WATPL_SEVERITY_ERROR + 1, "severities are consecutive");
_Static_assert(WATPL_SCHEDULE_2026_10 == WATPL_SCHEDULE_2025_07 + 1, "schedules are consecutive");
_Static_assert(WATPL_PLACEMENT_EDITOR == WATPL_PLACEMENT_OBSERVED + 1, "placement policies are consecutive");

static void policy_defaults(watpl__policy *p)
{
#define WATPL__OPT_DEFAULT(NAME, name, type, def, lo, hi) p->name = def;
    WATPL__OPTIONS(WATPL__OPT_DEFAULT)
#undef WATPL__OPT_DEFAULT
}

int watpl_ctx_new_with_allocator(watpl_ctx **out, watpl_alloc_fn alloc_fn,
                                 watpl_realloc_fn realloc_fn, watpl_free_fn free_fn,
                                 void *user_data)
{
    if (!out)
        return WATPL_EINVAL;
    *out = NULL;
    if (!alloc_fn || !realloc_fn || !free_fn)
        return WATPL_EINVAL;
    watpl_ctx *ctx = alloc_fn(user_data, sizeof *ctx);
    if (!ctx)
        return WATPL_ENOMEM;
    memset(ctx, 0, sizeof *ctx);
    ctx->alloc.alloc = alloc_fn;
    ctx->alloc.realloc = realloc_fn;
    ctx->alloc.free = free_fn;
    ctx->alloc.ud = user_data;
    policy_defaults(&ctx->policy);
    watpl__clear_error(ctx);
    *out = ctx;
    return WATPL_OK;
}

int watpl_ctx_new(watpl_ctx **out)
{
    return watpl_ctx_new_with_allocator(out, watpl__c_alloc, watpl__c_realloc, watpl__c_free, NULL);
}

void watpl_ctx_free(watpl_ctx *ctx)
{
    if (!ctx)
        return;
    watpl__alloc a = ctx->alloc;
    for (size_t i = 0; i < WATPL__SLOT_COUNT; i++) {
        const watpl__slot *s = &ctx->workspace[i];
        if (s->obj)
            s->release(&a, s->obj);
    }
    a.free(a.ud, ctx);
}

static int in_range(int64_t v, int64_t lo, int64_t hi)
{
    return v >= lo && v <= hi;
}

int watpl_ctx_set_option(watpl_ctx *ctx, int option, int64_t value)
{
    WATPL__ENTER(ctx, true, WATPL__NO_OUT);
    watpl__policy *p = &ctx->policy;
    switch (option) {
#define WATPL__OPT_SET(NAME, name, type, def, lo, hi)                                              \
    case WATPL_OPT_##NAME:                                                                         \
        if (!in_range(value, lo, hi))                                                              \
            return watpl__fail(ctx, WATPL_EINVAL, NULL, "WATPL_OPT_" #NAME " takes %lld to %lld, not %lld", \
                               (long long)(lo), (long long)(hi), (long long)value);                \
        p->name = (type)value;                                                                     \
        return WATPL_OK;
        WATPL__OPTIONS(WATPL__OPT_SET)
#undef WATPL__OPT_SET
    default:
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "no option %d", option);
    }
}

/* Reading changes nothing: the const context records no failure. */
int watpl_ctx_get_option(const watpl_ctx *ctx, int option, int64_t *value)
{
    if (!ctx || !value)
        return WATPL_EINVAL;
    const watpl__policy *p = &ctx->policy;
    switch (option) {
#define WATPL__OPT_GET(NAME, name, type, def, lo, hi)                                              \
    case WATPL_OPT_##NAME: *value = p->name; return WATPL_OK;
        WATPL__OPTIONS(WATPL__OPT_GET)
#undef WATPL__OPT_GET
    default: return WATPL_EINVAL;
    }
}

/* ---- workspace -------------------------------------------------------- */

int watpl__wksp_borrow(watpl_ctx *ctx, watpl__slot_id id, void **obj)
{
    watpl__slot *s = &ctx->workspace[id];
    if (s->borrowed) {
        *obj = NULL;
        return watpl__fail(ctx, WATPL_EINVAL, NULL, "internal error: scratch slot %d is in use", (int)id);
    }
    s->borrowed = true;
    *obj = s->obj;
    return WATPL_OK;
}

void watpl__wksp_return(watpl_ctx *ctx, watpl__slot_id id, void *obj, watpl__release_fn release)
{
    watpl__slot *s = &ctx->workspace[id];
    if (s->obj && s->obj != obj)
        s->release(&ctx->alloc, s->obj);
    s->obj = obj;
    s->release = release;
    s->borrowed = false;
}

/* ---- errors ----------------------------------------------------------- */

void watpl__clear_error(watpl_ctx *ctx)
{
    ctx->err_code = WATPL_OK;
    ctx->err_rule = "";
    ctx->err_offset = -1;
    ctx->err_line = 0;
    ctx->err_column = 0;
    ctx->err_msg[0] = '\0';
    ctx->err_path[0] = '\0';
}

int watpl__fail_nomem(watpl_ctx *ctx)
{
    return watpl__fail(ctx, WATPL_ENOMEM, NULL, "out of memory");
}

int watpl__fail(watpl_ctx *ctx, int code, const char *rule, const char *fmt, ...)
{
    if (!ctx)
        return code;
    watpl__clear_error(ctx);
    ctx->err_code = code;
    ctx->err_rule = rule ? rule : "";
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(ctx->err_msg, sizeof ctx->err_msg, fmt, ap);
        va_end(ap);
        watpl__message_fit(ctx->err_msg, sizeof ctx->err_msg, n);
    } else {
        snprintf(ctx->err_msg, sizeof ctx->err_msg, "%s", watpl_strerror(code));
    }
    return code;
}

void watpl__fail_pos(watpl_ctx *ctx, int64_t offset, int64_t line, int64_t column,
                     const char *path)
{
    if (!ctx)
        return;
    ctx->err_offset = offset;
    ctx->err_line = line;
    ctx->err_column = column;
    int n = snprintf(ctx->err_path, sizeof ctx->err_path, "%s", path ? path : "");
    watpl__message_fit(ctx->err_path, sizeof ctx->err_path, n);
}

int watpl_ctx_errcode(const watpl_ctx *ctx)
{
    return ctx ? ctx->err_code : WATPL_EINVAL;
}

const char *watpl_ctx_errmsg(const watpl_ctx *ctx)
{
    return ctx ? ctx->err_msg : "";
}

const char *watpl_ctx_error_rule(const watpl_ctx *ctx)
{
    return ctx && ctx->err_rule ? ctx->err_rule : "";
}

int64_t watpl_ctx_error_offset(const watpl_ctx *ctx)
{
    return ctx ? ctx->err_offset : -1;
}

int64_t watpl_ctx_error_line(const watpl_ctx *ctx)
{
    return ctx ? ctx->err_line : 0;
}

int64_t watpl_ctx_error_column(const watpl_ctx *ctx)
{
    return ctx ? ctx->err_column : 0;
}

const char *watpl_ctx_error_path(const watpl_ctx *ctx)
{
    return ctx ? ctx->err_path : "";
}
