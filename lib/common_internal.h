/* Shared internals: context, allocation, errors, growable buffers, JSON output.
 * Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_COMMON_INTERNAL_H
#define WATPL_COMMON_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "options_internal.h"
#include "watpl.h"

/* ---- allocation (alloc.c) -------------------------------------------------
 * An allocator: a copy of the context's callbacks. Objects keep a copy so that
 * they can free themselves without touching the context. */
typedef struct watpl__alloc {
    watpl_alloc_fn alloc;
    watpl_realloc_fn realloc;
    watpl_free_fn free;
    void *ud;
} watpl__alloc;

void *watpl__malloc(const watpl__alloc *a, size_t size);
void *watpl__calloc(const watpl__alloc *a, size_t count, size_t size); /* overflow-checked */
void *watpl__realloc(const watpl__alloc *a, void *p, size_t old_size, size_t new_size);
void watpl__mfree(const watpl__alloc *a, void *p);
/* Duplicate len bytes and NUL-terminate. NULL on failure. */
char *watpl__memdup(const watpl__alloc *a, const char *s, size_t len);

/* Memory handed to the user through `char **out`: carries a hidden header
 * with the allocator so that watpl_free() can release it. */
char *watpl__out_alloc(const watpl__alloc *a, size_t size);
/* The C allocator (malloc, realloc, free), watpl_ctx_new's. */
void *watpl__c_alloc(void *ud, size_t size);
void *watpl__c_realloc(void *ud, void *p, size_t old_size, size_t new_size);
void watpl__c_free(void *ud, void *p);

/* Policy values of the context (docs/rules.md): one field per option, a row
 * of WATPL__OPTIONS (options_internal.h), named after it (count_unit, ...). */
#define WATPL__POLICY_FIELD(NAME, name, type, def, lo, hi) type name;
typedef struct watpl__policy {
    WATPL__OPTIONS(WATPL__POLICY_FIELD)
} watpl__policy;
#undef WATPL__POLICY_FIELD

#define WATPL__ERRMSG_CAP 256
#define WATPL__ERRPATH_CAP 128

/* ---- workspace ------------------------------------------------------------
 * The context's scratch objects, kept between calls so that a warm context
 * does not allocate them again (a context serves one thread at a time). The
 * context knows only slots: each module that keeps scratch names its slot
 * here, borrows it for the time it uses the object, and gives it back with
 * the function that frees it; watpl_ctx_free calls that function. A slot is
 * lent to one borrower at a time: borrowing it again before it is given back
 * (a check holding it while another check that uses it runs) fails. */
typedef enum watpl__slot_id {
    WATPL__SLOT_CLASSIFIER,   /* classify.c: the classification a run builds, its buffers */
    WATPL__SLOT_REPORT,       /* validate.c: the report a validation builds before packing it */
    WATPL__SLOT_PLACEHOLDERS, /* rules_common.c: the placeholders of the text being checked */
    WATPL__SLOT_COUNT
} watpl__slot_id;

/* Frees a slot's object (allocated with a, the context's allocator). */
typedef void (*watpl__release_fn)(const watpl__alloc *a, void *obj);

typedef struct watpl__slot {
    void *obj;                 /* NULL until its module gives one back */
    watpl__release_fn release; /* set by the module with obj */
    bool borrowed;
} watpl__slot;

struct watpl_ctx {
    watpl__alloc alloc;
    watpl__policy policy;
    int err_code;
    const char *err_rule;          /* static string, "" when none */
    int64_t err_offset, err_line, err_column;
    char err_msg[WATPL__ERRMSG_CAP];
    char err_path[WATPL__ERRPATH_CAP];
    watpl__slot workspace[WATPL__SLOT_COUNT];
};

/* Borrow slot id: *obj receives the object given back last time (NULL the
 * first time). WATPL_OK, or WATPL_EINVAL (recorded, *obj NULL) when the slot
 * is lent already: that is a bug of the library, refused rather than letting
 * two users share one object. */
int watpl__wksp_borrow(watpl_ctx *ctx, watpl__slot_id id, void **obj);
/* Give slot id back with obj (the object borrowed, a grown or a new one, or
 * NULL) and the function that frees it; an object the slot held before and
 * that obj replaces is freed. */
void watpl__wksp_return(watpl_ctx *ctx, watpl__slot_id id, void *obj, watpl__release_fn release);

/* Record a failure on ctx and return code. rule may be NULL (""), fmt printf-style. */
int watpl__fail(watpl_ctx *ctx, int code, const char *rule, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
/* Set position details of the failure just recorded (-1/0 for unknown). */
void watpl__fail_pos(watpl_ctx *ctx, int64_t offset, int64_t line, int64_t column,
                     const char *path);
/* ---- messages (message.c) ------------------------------------------------
 * User text quoted in a message: at most max bytes (up to 48), cut on a code
 * point boundary with "…" appended when cut; invalid bytes become '?'.
 *     watpl__diag_add(..., "'%s' is not a category", WATPL__CLIP(s, len, 40)); */
typedef struct watpl__clip {
    char s[56];
} watpl__clip;
const char *watpl__clip_text(watpl__clip *c, const char *s, size_t len, size_t max);
#define WATPL__CLIP(s, len, max) watpl__clip_text(&(watpl__clip){{0}}, (s), (len), (max))
/* After n = vsnprintf(buf, cap, ...): a cut message ends on a code point
 * boundary with "…"; any invalid byte becomes '?'. */
void watpl__message_fit(char *buf, size_t cap, int n);
/* Replace each byte of s[0..len) that is not valid UTF-8 by '?'. */
void watpl__utf8_repair(char *s, size_t len);

/* v with `decimals` (0..6) digits after a '.', whatever the process locale
 * (printf alone follows LC_NUMERIC): "0.9880", "-2.50". |v| is clamped to
 * 1e15. Returns the length, 0 on failure. */
#define WATPL__FIXED_CAP 32
size_t watpl__fmt_fixed(char out[WATPL__FIXED_CAP], double v, int decimals);

/* ---- jansson guards (json_guard.c) ---------------------------------------- */
/* JSON values (objects, arrays, strings, numbers, literals; keys count) of
 * one input, counted before jansson builds them: jansson takes up to about
 * 240 bytes per value, outside the context's allocator (docs/limits.md). */
#define WATPL__MAX_JSON_VALUES 65536

/* The structure of a JSON text before jansson sees it: nesting deeper than
 * max_depth or more than WATPL__MAX_JSON_VALUES values. Returns the offset
 * where a bound was passed (*too_many tells which), or -1. */
int64_t watpl__json_structure(const char *s, size_t len, int max_depth, bool *too_many);
/* True when s[0..len) is one JSON value (RFC 8259 grammar), checked without
 * allocating. */
bool watpl__json_syntax_ok(const char *s, size_t len);
/* Whether jansson's failure on the text s[0..len) was running out of memory:
 * jansson often says "unknown" or a syntax error instead. */
struct json_error_t;
bool watpl__jansson_out_of_memory(const struct json_error_t *err, const char *s, size_t len);
/* jansson's parse of s[0..len) with its flags: the value, or NULL with the
 * failure recorded on ctx and returned in *rc (WATPL_ENOMEM, or
 * WATPL_ESYNTAX "input.json.syntax" at jansson's position). The one parse
 * of templates, send parameters and window events. */
struct json_t;
struct json_t *watpl__json_load(watpl_ctx *ctx, const char *s, size_t len, size_t flags, int *rc);
/* The one reading of a JSON input of the library (a template, a parameter
 * set, a window event), once its caller has checked its size: valid UTF-8
 * ("input.utf8"), the structure's bounds (WATPL_OPT_MAX_JSON_DEPTH and
 * WATPL__MAX_JSON_VALUES, "input.too_large"), each failure recorded with
 * its offset, line and column, then jansson's parse with duplicate keys
 * refused. The value, or NULL with the failure recorded on ctx and in *rc. */
struct json_t *watpl__json_parse(watpl_ctx *ctx, const char *s, size_t len, int *rc);

/* Clear the error state at the start of a public call. */
void watpl__clear_error(watpl_ctx *ctx);
/* Record WATPL_ENOMEM on ctx ("out of memory") and return it. */
int watpl__fail_nomem(watpl_ctx *ctx);
/* The checks of WATPL__ENTER (below), inline: it is on every send. */
static inline int watpl__enter(watpl_ctx *ctx, bool args_ok)
{
    if (!ctx)
        return WATPL_EINVAL;
    watpl__clear_error(ctx);
    return args_ok ? WATPL_OK : watpl__fail(ctx, WATPL_EINVAL, NULL, "invalid argument");
}

/* ---- entry of a public function ---------------------------------------------
 * Every public function that takes a context starts with WATPL__ENTER (the
 * conventions of watpl.h): it clears the out-parameters named after args_ok
 * (WATPL__OUT: NULL ones are skipped; WATPL__NO_OUT when there are none),
 * returns WATPL_EINVAL for a NULL context (there is nothing to record it
 * on), clears the context's last error, and returns WATPL_EINVAL recorded on
 * the context ("invalid argument") unless args_ok holds.
 *     WATPL__ENTER(ctx, tpl && out, WATPL__OUT(out));
 *     WATPL__ENTER(ctx, r && out, WATPL__OUT(out), WATPL__OUT(out_len));
 *     WATPL__ENTER(ctx, window && (json || !len), WATPL__NO_OUT);
 * Its failures after the entry go through watpl__fail (WATPL_ENOMEM with
 * watpl__fail_nomem), so that every code it returns is the context's. */
#define WATPL__OUT(p) ((p) ? (void)(*(p) = 0) : (void)0)
#define WATPL__NO_OUT ((void)0)
#define WATPL__ENTER(ctx, args_ok, ...)                                                            \
    do {                                                                                           \
        __VA_ARGS__;                                                                               \
        int watpl__entry_rc = watpl__enter((ctx), (args_ok));                                      \
        if (watpl__entry_rc)                                                                       \
            return watpl__entry_rc;                                                                \
    } while (0)

/* Growable byte buffer. On allocation failure `failed` is set, later appends
 * are no-ops, and the caller checks once at the end. Always NUL-terminated
 * when len > 0 and not failed. */
typedef struct watpl__buf {
    const watpl__alloc *a;
    char *data;
    size_t len, cap;
    bool failed;
} watpl__buf;

void watpl__buf_init(watpl__buf *b, const watpl__alloc *a);
void watpl__buf_free(watpl__buf *b);
void watpl__buf_reserve(watpl__buf *b, size_t extra);
void watpl__buf_append(watpl__buf *b, const char *s, size_t len);
void watpl__buf_puts(watpl__buf *b, const char *s);
void watpl__buf_putc(watpl__buf *b, char c);
void watpl__buf_printf(watpl__buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Hand the buffer's content to the user as watpl_free-able memory.
 * Returns WATPL_OK or WATPL_ENOMEM; the buffer is freed either way. */
int watpl__buf_finish_out(watpl__buf *b, char **out, size_t *out_len);

/* JSON output helpers (compact, RFC 8259; strings escaped, \u for controls). */
void watpl__json_str(watpl__buf *b, const char *s, size_t len);   /* "..." or null if s NULL */
void watpl__json_cstr(watpl__buf *b, const char *s);              /* s NUL-terminated */
void watpl__json_key(watpl__buf *b, const char *key);             /* "key": (no comma) */
void watpl__json_i64(watpl__buf *b, int64_t v);
void watpl__json_double(watpl__buf *b, double v);                 /* %.4g-like, never NaN */
void watpl__json_bool(watpl__buf *b, bool v);

/* Overflow-safe helpers. */
static inline bool watpl__mul_overflows_size(size_t a, size_t b, size_t *out)
{
    return __builtin_mul_overflow(a, b, out);
}

#define WATPL__UNUSED(x) ((void)(x))
#define WATPL__ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
/* n rounded up to 16 bytes: the parts of a result packed into one block. */
#define WATPL__PACK_UP(n) (((n) + 15u) & ~(size_t)15u)

#endif
