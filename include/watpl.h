/*
 * libwatpl: WhatsApp Business message templates, checked locally.
 *
 *   classify  which category Meta will give a template's content, and why;
 *   validate  every Meta rule for the template's category, with stable rule ids;
 *   render    send-time parameters checked against the approved template;
 *   window    the customer service window, free entry points and pricing.
 *
 * This header is the whole public API. Conventions used throughout:
 *   - Fallible functions return int: WATPL_OK (0) or a negative WATPL_E* code.
 *     Details of the last failure on a context are read with watpl_ctx_err*().
 *   - Strings come in as (pointer, length in bytes) and must be UTF-8. They
 *     need not be NUL-terminated. Strings handed back are NUL-terminated and
 *     also reported with their length.
 *   - Objects are opaque; each has a _new and a _free that accepts NULL.
 *   - Memory returned as `char **out` is freed with watpl_free() only.
 *   - Thread safety: no global mutable state. A watpl_ctx and the objects made
 *     from it may be used by one thread at a time. A finished watpl_template
 *     may be read (validated, classified, rendered) from many threads at once,
 *     each thread using its own watpl_ctx.
 *   - Argument order: a constructor that needs only a context takes its
 *     out-pointer first, then the context (watpl_template_new(&tpl, ctx),
 *     watpl_params_new, watpl_rendered_new, watpl_window_new,
 *     watpl_rates_new). Every other function that takes a context takes it
 *     first, then the objects it reads or changes, then its inputs (a string
 *     as pointer then length, a caller buffer as buf then cap), and its
 *     out-parameters last (watpl_validate(ctx, tpl, &report),
 *     watpl_prepared_new(ctx, tpl, &prep), watpl_send_payload(ctx, prep,
 *     params, buf, cap, &needed, &errors)). Functions without a context take
 *     the object first (watpl_report_rule(report, i)).
 *   - Errors: every function that takes a watpl_ctx * records each failure
 *     it returns on that context, WATPL_EINVAL and WATPL_ENOMEM included
 *     (watpl_ctx_errcode, watpl_ctx_errmsg ...), and clears the previous
 *     one when it starts; with a NULL context it returns WATPL_EINVAL and
 *     records nothing. WATPL_EBUFSIZE, which asks for a larger caller
 *     buffer and gives the size needed, is not recorded. An out-pointer that receives a new object or
 *     allocated memory (`watpl_report **out`, `char **out`) is set to NULL
 *     on entry, so that it is NULL after any failure. Functions that take a
 *     const watpl_ctx * (watpl_ctx_get_option, the error accessors) change
 *     nothing.
 *   - Lifetime: an object keeps a copy of its context's allocator, not the
 *     context, so it may be freed after the context; the allocator's
 *     callbacks and user_data must stay valid until every object made with
 *     the context and every `char **out` block is freed (that is what "ctx
 *     must outlive it" asks of an object). Results (reports,
 *     classifications, renderings, prepared templates) own their memory and
 *     stay valid after the template or parameters they were made from are
 *     freed or changed. A string returned by a getter is borrowed from its
 *     object and valid until the object changes or is freed; an error
 *     message until the next call that uses the context. An object a
 *     function changes is left unchanged when the function fails.
 *   - Allocation: everything libwatpl allocates goes through the context's
 *     allocator (watpl_ctx_new_with_allocator), except what jansson
 *     allocates while it parses: the temporary JSON tree of
 *     watpl_template_parse_json, watpl_params_parse_json,
 *     watpl_params_add_json and watpl_window_event_json, freed before the
 *     call returns and bounded before jansson runs (docs/limits.md). jansson
 *     takes its allocator from json_set_alloc_funcs, which is process-global
 *     (one setting for every thread and every user of jansson in the
 *     process), so libwatpl never calls it: those allocations go to malloc,
 *     or to what the application itself set with json_set_alloc_funcs. When
 *     one fails the call returns WATPL_ENOMEM, as for the context's
 *     allocator.
 *
 * SPDX-License-Identifier: MIT
 */
#ifndef WATPL_H
#define WATPL_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/** @name Version and export                                                */
/* ------------------------------------------------------------------------ */

/** Major version: bumped on any ABI break (it is the SONAME number). */
#define WATPL_VERSION_MAJOR 1
/** Minor version: bumped when functions or constants are added. */
#define WATPL_VERSION_MINOR 2
/** Patch version: bumped for fixes that change no interface. */
#define WATPL_VERSION_PATCH 0
/** The version as one number, MAJOR*10000 + MINOR*100 + PATCH. */
#define WATPL_VERSION_NUMBER \
    (WATPL_VERSION_MAJOR * 10000 + WATPL_VERSION_MINOR * 100 + WATPL_VERSION_PATCH)

#ifndef WATPL_API
#  if defined(_WIN32) && defined(WATPL_BUILDING_DLL)
#    define WATPL_API __declspec(dllexport)
#  elif defined(_WIN32) && defined(WATPL_DLL)
#    define WATPL_API __declspec(dllimport)
#  elif defined(__GNUC__) && __GNUC__ >= 4
#    define WATPL_API __attribute__((visibility("default")))
#  else
#    define WATPL_API
#  endif
#endif

/**
 * The version of the library actually linked, as "MAJOR.MINOR.PATCH".
 * Never NULL; static storage. Thread-safe.
 * @since 1.0.0
 */
WATPL_API const char *watpl_version_string(void);

/**
 * The version of the library actually linked, as WATPL_VERSION_NUMBER.
 * Compare with WATPL_VERSION_NUMBER to detect a header/library mismatch.
 * @since 1.0.0
 */
WATPL_API uint32_t watpl_version_number(void);

/* ------------------------------------------------------------------------ */
/** @name Errors                                                            */
/* ------------------------------------------------------------------------ */

/* Return codes. Values are explicit and never reused. */
#define WATPL_OK          0   /**< success */
#define WATPL_EINVAL     -1   /**< invalid argument (NULL object, bad enum, out-of-range number) */
#define WATPL_ENOMEM     -2   /**< an allocation failed; no object was changed */
#define WATPL_EUTF8      -3   /**< input is not valid UTF-8 (see watpl_ctx_error_offset) */
#define WATPL_ESYNTAX    -4   /**< malformed JSON (line, column, offset on the context) */
#define WATPL_ETYPE      -5   /**< a JSON field has the wrong type (path on the context) */
#define WATPL_ELIMIT     -6   /**< input over a documented bound (size, depth, count) */
#define WATPL_EBUFSIZE   -7   /**< caller buffer too small; the needed size was stored */
#define WATPL_ENOTFOUND  -8   /**< no such item (index out of range, absent field) */
#define WATPL_ECORRUPT   -9   /**< a saved state is truncated or fails its checksum */
#define WATPL_EVERSION  -10   /**< a saved state has a format version this library does not know */

/**
 * A short English description of a return code. Never NULL, static storage;
 * unknown codes give "unknown error". Thread-safe.
 * @since 1.0.0
 */
WATPL_API const char *watpl_strerror(int code);

/**
 * Free memory that the library returned through a `char **out` parameter.
 * Accepts NULL. Memory is returned to the allocator of the context that
 * produced it, even if that context was freed since.
 * @since 1.0.0
 */
WATPL_API void watpl_free(void *ptr);

/* ------------------------------------------------------------------------ */
/** @name Context: allocator, policy and error details                      */
/* ------------------------------------------------------------------------ */

/** Library context: policy options, allocator, scratch memory, last error. */
typedef struct watpl_ctx watpl_ctx;

/** Allocation callbacks (all three required when one is given). */
typedef void *(*watpl_alloc_fn)(void *user_data, size_t size);
typedef void *(*watpl_realloc_fn)(void *user_data, void *ptr, size_t old_size, size_t new_size);
typedef void (*watpl_free_fn)(void *user_data, void *ptr);

/**
 * Create a context with the default policy (rules.md) and the C allocator.
 * @param out receives the context; set to NULL on failure.
 * @return WATPL_OK, WATPL_EINVAL (out NULL), WATPL_ENOMEM.
 * @since 1.0.0
 */
WATPL_API int watpl_ctx_new(watpl_ctx **out);

/**
 * Create a context whose every allocation (its own, and those of the objects
 * made with it) goes through the given callbacks. `realloc_fn` receives the
 * old size. The callbacks may be called from the thread using the context only.
 * @return WATPL_OK, WATPL_EINVAL (a callback NULL), WATPL_ENOMEM.
 * @since 1.0.0
 */
WATPL_API int watpl_ctx_new_with_allocator(watpl_ctx **out, watpl_alloc_fn alloc_fn,
                                           watpl_realloc_fn realloc_fn, watpl_free_fn free_fn,
                                           void *user_data);

/** Free a context. Accepts NULL. Objects made with it must be freed first. @since 1.0.0 */
WATPL_API void watpl_ctx_free(watpl_ctx *ctx);

/* Policy options for watpl_ctx_set_option(). Values are explicit, never reused. */
#define WATPL_OPT_COUNT_UNIT              1  /**< WATPL_UNIT_*; default WATPL_UNIT_UTF16 */
#define WATPL_OPT_WORDS_PER_PARAM         2  /**< plain words needed per variable; default 3, range 0..100 */
#define WATPL_OPT_FOOTER_PARAM_SEVERITY   3  /**< WATPL_SEVERITY_*; default WATPL_SEVERITY_ERROR */
#define WATPL_OPT_EMOJI_CAP_MARKETING     4  /**< body emoji above this warns; default 10 */
#define WATPL_OPT_EMOJI_CAP_UTILITY       5  /**< body emoji above this warns (UTILITY); default 6 */
#define WATPL_OPT_MAX_INPUT_BYTES         6  /**< bytes per template JSON; default 1048576, range 64..268435456 */
#define WATPL_OPT_MAX_JSON_DEPTH          7  /**< nesting depth of template JSON; default 32, range 4..256 */
#define WATPL_OPT_MISMATCH_CONFIDENCE     8  /**< per mille; category.mismatch needs at least this confidence; default 600 */
#define WATPL_OPT_PRICING_SCHEDULE        9  /**< WATPL_SCHEDULE_*; default WATPL_SCHEDULE_2025_07 */
/** WATPL_PLACEMENT_*: how strictly variable placement and density are judged
 * (body.leading_param, body.trailing_param, body.adjacent_params,
 * body.too_many_params); default WATPL_PLACEMENT_OBSERVED. @since 1.2.0 */
#define WATPL_OPT_PLACEMENT_POLICY        10

/* Variable placement policies (WATPL_OPT_PLACEMENT_POLICY). @since 1.2.0 */
#define WATPL_PLACEMENT_OBSERVED  1  /**< error only where Meta's API was seen to refuse (default) */
#define WATPL_PLACEMENT_EDITOR    2  /**< as strict as WhatsApp Manager's editor and providers' pages */

/* Counting units (WATPL_OPT_COUNT_UNIT). */
#define WATPL_UNIT_UTF16       1  /**< UTF-16 code units: an emoji outside the BMP counts 2 (Meta's editor) */
#define WATPL_UNIT_CODEPOINTS  2  /**< Unicode code points */

/* Severities. */
#define WATPL_SEVERITY_ERROR    1  /**< Meta rejects this */
#define WATPL_SEVERITY_WARNING  2  /**< Meta may reject, recategorize or render it badly */

/**
 * Set a policy option. @return WATPL_OK, or WATPL_EINVAL for an unknown
 * option or a value out of its range (the option is then unchanged).
 * @since 1.0.0
 */
WATPL_API int watpl_ctx_set_option(watpl_ctx *ctx, int option, int64_t value);

/** Read a policy option into *value. @return WATPL_OK or WATPL_EINVAL. @since 1.0.0 */
WATPL_API int watpl_ctx_get_option(const watpl_ctx *ctx, int option, int64_t *value);

/** The code of the last failure on this context (WATPL_OK if none). @since 1.0.0 */
WATPL_API int watpl_ctx_errcode(const watpl_ctx *ctx);
/**
 * A message for the last failure, for people. Never NULL (empty if none);
 * valid until the next call that uses the context.
 * @since 1.0.0
 */
WATPL_API const char *watpl_ctx_errmsg(const watpl_ctx *ctx);
/** The rule id of the last input failure ("input.json.syntax", "input.json.type",
 *  "input.utf8", "input.too_large") or "" . Never NULL. @since 1.0.0 */
WATPL_API const char *watpl_ctx_error_rule(const watpl_ctx *ctx);
/** Byte offset of the last failure in the input, or -1. @since 1.0.0 */
WATPL_API int64_t watpl_ctx_error_offset(const watpl_ctx *ctx);
/** 1-based line of the last failure, or 0. @since 1.0.0 */
WATPL_API int64_t watpl_ctx_error_line(const watpl_ctx *ctx);
/** 1-based column (in code points) of the last failure, or 0. @since 1.0.0 */
WATPL_API int64_t watpl_ctx_error_column(const watpl_ctx *ctx);
/** JSON path of the last failure ("$.components[1].text") or "". Never NULL. @since 1.0.0 */
WATPL_API const char *watpl_ctx_error_path(const watpl_ctx *ctx);

/* ------------------------------------------------------------------------ */
/** @name Enumerations shared by the modules                               */
/* ------------------------------------------------------------------------ */

/* Template categories. */
#define WATPL_CATEGORY_NONE            0  /**< absent or not recognised */
#define WATPL_CATEGORY_MARKETING       1
#define WATPL_CATEGORY_UTILITY         2
#define WATPL_CATEGORY_AUTHENTICATION  3

/** "MARKETING", "UTILITY", "AUTHENTICATION", or "" for anything else. Never NULL. @since 1.0.0 */
WATPL_API const char *watpl_category_name(int category);

/* Components (diagnostic positions and builder targets). */
#define WATPL_COMPONENT_TEMPLATE           0
#define WATPL_COMPONENT_HEADER             1
#define WATPL_COMPONENT_BODY               2
#define WATPL_COMPONENT_FOOTER             3
#define WATPL_COMPONENT_BUTTONS            4
#define WATPL_COMPONENT_CARD               5
#define WATPL_COMPONENT_PARAMS             6
#define WATPL_COMPONENT_CAROUSEL           7
#define WATPL_COMPONENT_LIMITED_TIME_OFFER 8

/** "TEMPLATE", "HEADER", ... Never NULL ("" for unknown values). @since 1.0.0 */
WATPL_API const char *watpl_component_name(int component);

/* Header formats. */
#define WATPL_HEADER_NONE      0
#define WATPL_HEADER_TEXT      1
#define WATPL_HEADER_IMAGE     2
#define WATPL_HEADER_VIDEO     3
#define WATPL_HEADER_DOCUMENT  4
#define WATPL_HEADER_LOCATION  5
#define WATPL_HEADER_GIF       6
#define WATPL_HEADER_PRODUCT   7
#define WATPL_HEADER_UNKNOWN  99  /**< a format string Meta does not define (kept as given) */

/* Button types. */
#define WATPL_BUTTON_UNKNOWN       0  /**< a type string Meta does not define (kept as given) */
#define WATPL_BUTTON_QUICK_REPLY   1
#define WATPL_BUTTON_URL           2
#define WATPL_BUTTON_PHONE_NUMBER  3
#define WATPL_BUTTON_COPY_CODE     4
#define WATPL_BUTTON_OTP           5
#define WATPL_BUTTON_FLOW          6
#define WATPL_BUTTON_VOICE_CALL    7
#define WATPL_BUTTON_MPM           8
#define WATPL_BUTTON_CATALOG       9
#define WATPL_BUTTON_SPM          10
#define WATPL_BUTTON_CALL_PERMISSION_REQUEST 11
#define WATPL_BUTTON_APP          12
#define WATPL_BUTTON_ORDER_DETAILS 13  /**< payment templates (order_details) */
#define WATPL_BUTTON_REQUEST_CONTACT_INFO 14

/* Parameter formats. */
#define WATPL_PARAMS_POSITIONAL  1
#define WATPL_PARAMS_NAMED       2
#define WATPL_PARAMS_INVALID    99  /**< a parameter_format string that is neither */

/* ------------------------------------------------------------------------ */
/** @name Template model                                                    */
/* ------------------------------------------------------------------------ */

/**
 * A message template as Meta defines it. Built with the setters below or
 * parsed from Meta's JSON. Setters copy their inputs. Once built, a template
 * is read-only for validate/classify/render and may be shared between threads.
 *
 * Builder targets: functions taking `card` act on the template itself when
 * card is -1, and on carousel card `card` (0-based) otherwise.
 */
typedef struct watpl_template watpl_template;

/** Create an empty template using ctx's allocator (ctx must outlive it). @since 1.0.0 */
WATPL_API int watpl_template_new(watpl_template **out, watpl_ctx *ctx);
/** Free a template. Accepts NULL. @since 1.0.0 */
WATPL_API void watpl_template_free(watpl_template *tpl);

/**
 * Parse one template from Meta's JSON: the body of POST /message_templates or
 * one item of a GET response (fields such as id, status are ignored). Unknown
 * fields are ignored. Bounds: WATPL_OPT_MAX_INPUT_BYTES, WATPL_OPT_MAX_JSON_DEPTH,
 * and the counts documented in docs/limits.md.
 * @return WATPL_OK; WATPL_ESYNTAX, WATPL_ETYPE, WATPL_EUTF8, WATPL_ELIMIT with
 *         rule, message, line, column, offset and path on ctx; WATPL_ENOMEM; WATPL_EINVAL.
 * @since 1.0.0
 */
WATPL_API int watpl_template_parse_json(watpl_ctx *ctx, const char *json, size_t len,
                                        watpl_template **out);

/**
 * Serialize to Meta's canonical POST form (compact JSON, fixed key order).
 * parse(to_json(t)) equals t. *out is freed with watpl_free.
 * @since 1.0.0
 */
WATPL_API int watpl_template_to_json(watpl_ctx *ctx, const watpl_template *tpl, char **out,
                                     size_t *out_len);

/* Top-level fields. Setting a field that was set replaces it. */
/** @since 1.0.0 */
WATPL_API int watpl_template_set_name(watpl_template *tpl, const char *s, size_t len);
/** @since 1.0.0 */
WATPL_API int watpl_template_set_language(watpl_template *tpl, const char *s, size_t len);
/** The category as written (MARKETING, UTILITY, AUTHENTICATION or a legacy value); kept verbatim. @since 1.0.0 */
WATPL_API int watpl_template_set_category(watpl_template *tpl, const char *s, size_t len);
/** "positional" or "named" (either case); other strings are kept and reported by lint. @since 1.0.0 */
WATPL_API int watpl_template_set_parameter_format(watpl_template *tpl, const char *s, size_t len);

/** A TEXT header. @since 1.0.0 */
WATPL_API int watpl_template_set_header_text(watpl_template *tpl, int card, const char *text,
                                             size_t len);
/** A non-text header: format string (IMAGE, VIDEO, DOCUMENT, LOCATION, GIF, PRODUCT) and an
 *  optional example handle (NULL for none). @since 1.0.0 */
WATPL_API int watpl_template_set_header_media(watpl_template *tpl, int card, const char *format,
                                              size_t format_len, const char *handle,
                                              size_t handle_len);
/** The body text. @since 1.0.0 */
WATPL_API int watpl_template_set_body(watpl_template *tpl, int card, const char *text, size_t len);
/** The footer text (templates only). @since 1.0.0 */
WATPL_API int watpl_template_set_footer(watpl_template *tpl, const char *text, size_t len);

/**
 * Append an example value for a variable. component is WATPL_COMPONENT_HEADER
 * or WATPL_COMPONENT_BODY. name NULL: a positional example (header_text /
 * body_text, in order); otherwise a named example (…_named_params).
 * @since 1.0.0
 */
WATPL_API int watpl_template_add_example(watpl_template *tpl, int card, int component,
                                         const char *name, size_t name_len, const char *value,
                                         size_t value_len);

/** Authentication body option add_security_recommendation (0 or 1). @since 1.0.0 */
WATPL_API int watpl_template_set_security_recommendation(watpl_template *tpl, int on);
/** Authentication footer code_expiration_minutes (kept as given; lint checks 1..90). @since 1.0.0 */
WATPL_API int watpl_template_set_code_expiration(watpl_template *tpl, int64_t minutes);

/**
 * Append a button. type is the type string as Meta writes it (QUICK_REPLY,
 * URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, ...; unknown strings are kept).
 * text may be NULL (no label). *index_out (may be NULL) receives its index.
 * @since 1.0.0
 */
WATPL_API int watpl_template_add_button(watpl_template *tpl, int card, const char *type,
                                        size_t type_len, const char *text, size_t text_len,
                                        size_t *index_out);

/* Button fields for watpl_template_set_button_field(). */
#define WATPL_BUTTON_FIELD_URL            1
#define WATPL_BUTTON_FIELD_PHONE_NUMBER   2
#define WATPL_BUTTON_FIELD_EXAMPLE        3  /**< URL suffix example or COPY_CODE example */
#define WATPL_BUTTON_FIELD_OTP_TYPE       4
#define WATPL_BUTTON_FIELD_AUTOFILL_TEXT  5
#define WATPL_BUTTON_FIELD_TEXT           6

/** Set a string field of a button. @return WATPL_ENOTFOUND for a bad index. @since 1.0.0 */
WATPL_API int watpl_template_set_button_field(watpl_template *tpl, int card, size_t button,
                                              int field, const char *s, size_t len);
/** OTP button: zero_tap_terms_accepted (0 or 1). @since 1.0.0 */
WATPL_API int watpl_template_set_button_zero_tap_terms(watpl_template *tpl, size_t button, int on);
/** OTP button: append one supported app. @since 1.0.0 */
WATPL_API int watpl_template_add_button_app(watpl_template *tpl, size_t button,
                                            const char *package_name, size_t package_len,
                                            const char *signature_hash, size_t hash_len);

/** Append an (empty) carousel card; *index_out receives its index. @since 1.0.0 */
WATPL_API int watpl_template_add_card(watpl_template *tpl, size_t *index_out);
/** Set the limited-time offer: text and has_expiration (0/1). @since 1.0.0 */
WATPL_API int watpl_template_set_limited_time_offer(watpl_template *tpl, const char *text,
                                                    size_t len, int has_expiration);

/* Getters. Strings are borrowed from the template (valid until it changes or
 * is freed), NUL-terminated, length in *len (len may be NULL); NULL when absent. */
/** @since 1.0.0 */
WATPL_API const char *watpl_template_name(const watpl_template *tpl, size_t *len);
/** @since 1.0.0 */
WATPL_API const char *watpl_template_language(const watpl_template *tpl, size_t *len);
/** The category string as written. @since 1.0.0 */
WATPL_API const char *watpl_template_category_string(const watpl_template *tpl, size_t *len);
/** The category, legacy values mapped (WATPL_CATEGORY_*). @since 1.0.0 */
WATPL_API int watpl_template_category(const watpl_template *tpl);
/** WATPL_PARAMS_*; POSITIONAL when absent. @since 1.0.0 */
WATPL_API int watpl_template_parameter_format(const watpl_template *tpl);
/** WATPL_HEADER_* of the template (card -1) or a card. @since 1.0.0 */
WATPL_API int watpl_template_header_format(const watpl_template *tpl, int card);
/** @since 1.0.0 */
WATPL_API const char *watpl_template_header_text(const watpl_template *tpl, int card, size_t *len);
/** @since 1.0.0 */
WATPL_API const char *watpl_template_body(const watpl_template *tpl, int card, size_t *len);
/** @since 1.0.0 */
WATPL_API const char *watpl_template_footer(const watpl_template *tpl, size_t *len);
/** @since 1.0.0 */
WATPL_API size_t watpl_template_button_count(const watpl_template *tpl, int card);
/** WATPL_BUTTON_* of a button, or -1 if out of range. @since 1.0.0 */
WATPL_API int watpl_template_button_type(const watpl_template *tpl, int card, size_t button);
/** A string field (WATPL_BUTTON_FIELD_*) of a button. @since 1.0.0 */
WATPL_API const char *watpl_template_button_field(const watpl_template *tpl, int card,
                                                  size_t button, int field, size_t *len);
/** @since 1.0.0 */
WATPL_API size_t watpl_template_card_count(const watpl_template *tpl);
/** @since 1.0.0 */
WATPL_API const char *watpl_template_limited_time_offer(const watpl_template *tpl, size_t *len);

/* ------------------------------------------------------------------------ */
/** @name Validation                                                        */
/* ------------------------------------------------------------------------ */

/** The diagnostics of one validation or rendering, in a stable order. */
typedef struct watpl_report watpl_report;

/**
 * Check a template against every rule of the catalogue (docs/rules.md) under
 * ctx's policy. A template with errors still gives WATPL_OK: the findings are
 * in the report.
 * @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM.
 * @since 1.0.0
 */
WATPL_API int watpl_validate(watpl_ctx *ctx, const watpl_template *tpl, watpl_report **out);

/** Free a report. Accepts NULL. @since 1.0.0 */
WATPL_API void watpl_report_free(watpl_report *report);
/** Number of diagnostics. @since 1.0.0 */
WATPL_API size_t watpl_report_count(const watpl_report *report);
/** Number of diagnostics of severity error. @since 1.0.0 */
WATPL_API size_t watpl_report_errors(const watpl_report *report);
/** Number of diagnostics of severity warning. @since 1.0.0 */
WATPL_API size_t watpl_report_warnings(const watpl_report *report);
/** Rule id of diagnostic i ("body.trailing_param"); NULL if i is out of range. @since 1.0.0 */
WATPL_API const char *watpl_report_rule(const watpl_report *report, size_t i);
/** WATPL_SEVERITY_* of diagnostic i, or 0. @since 1.0.0 */
WATPL_API int watpl_report_severity(const watpl_report *report, size_t i);
/** WATPL_COMPONENT_* of diagnostic i, or -1. @since 1.0.0 */
WATPL_API int watpl_report_component(const watpl_report *report, size_t i);
/** Button or card index of diagnostic i, or -1. @since 1.0.0 */
WATPL_API int64_t watpl_report_index(const watpl_report *report, size_t i);
/** Byte offset in the component's original text, or -1 (whole component). @since 1.0.0 */
WATPL_API int64_t watpl_report_offset(const watpl_report *report, size_t i);
/** Length in bytes of the offending text, or -1. @since 1.0.0 */
WATPL_API int64_t watpl_report_length(const watpl_report *report, size_t i);
/** Meta's error code that this rule predicts, or 0. @since 1.0.0 */
WATPL_API int64_t watpl_report_meta_code(const watpl_report *report, size_t i);
/** A message for a business user; NULL if i is out of range. @since 1.0.0 */
WATPL_API const char *watpl_report_message(const watpl_report *report, size_t i);
/**
 * The report as the JSON object of the `watpl lint --json` output (without
 * "source"): name, language, category, valid, errors, warnings, diagnostics.
 * @since 1.0.0
 */
WATPL_API int watpl_report_to_json(watpl_ctx *ctx, const watpl_report *report, char **out,
                                   size_t *out_len);

/** Number of rules in the catalogue. @since 1.0.0 */
WATPL_API size_t watpl_rule_count(void);
/** Rule id of catalogue entry i, or NULL. @since 1.0.0 */
WATPL_API const char *watpl_rule_id(size_t i);
/** Default severity of catalogue entry i, or 0. @since 1.0.0 */
WATPL_API int watpl_rule_severity(size_t i);
/** Meta code of catalogue entry i, or 0. @since 1.0.0 */
WATPL_API int64_t watpl_rule_meta_code(size_t i);

/* ------------------------------------------------------------------------ */
/** @name Rendering (send time)                                             */
/* ------------------------------------------------------------------------ */

/** Send-time parameter values for one message. */
typedef struct watpl_params watpl_params;

/** Create an empty parameter set (ctx must outlive it). @since 1.0.0 */
WATPL_API int watpl_params_new(watpl_params **out, watpl_ctx *ctx);
/** Free a parameter set. Accepts NULL. @since 1.0.0 */
WATPL_API void watpl_params_free(watpl_params *params);
/**
 * Append a text value. component: WATPL_COMPONENT_HEADER, WATPL_COMPONENT_BODY
 * or WATPL_COMPONENT_BUTTONS (the URL suffix of button `button`; ignored
 * otherwise). name NULL for a positional value, else the variable name.
 * @since 1.0.0
 */
WATPL_API int watpl_params_add(watpl_params *params, int component, size_t button,
                               const char *name, size_t name_len, const char *value,
                               size_t value_len);
/** The coupon code of a COPY_CODE button. @since 1.0.0 */
WATPL_API int watpl_params_set_coupon_code(watpl_params *params, const char *code, size_t len);
/** The one-time code of an authentication template (body and OTP button). @since 1.0.0 */
WATPL_API int watpl_params_set_auth_code(watpl_params *params, const char *code, size_t len);
/**
 * Parse the `components` array of Meta's send payload (or an object holding
 * it under "components", or a whole template message object).
 * @since 1.0.0
 */
WATPL_API int watpl_params_parse_json(watpl_ctx *ctx, const char *json, size_t len,
                                      watpl_params **out);

/** The result of a rendering: the send.* diagnostics and the rendered text. */
typedef struct watpl_rendered watpl_rendered;

/**
 * Substitute params into tpl, check every send.* rule. Values are never
 * altered: a value that breaks a rule is a diagnostic. Rendered strings are
 * produced even when there are diagnostics (placeholders without a value are
 * left as written).
 * @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM.
 * @since 1.0.0
 */
WATPL_API int watpl_render(watpl_ctx *ctx, const watpl_template *tpl, const watpl_params *params,
                           watpl_rendered **out);
/** Free a rendering. Accepts NULL. @since 1.0.0 */
WATPL_API void watpl_rendered_free(watpl_rendered *rendered);
/** The send.* diagnostics (borrowed; owned by the rendering). @since 1.0.0 */
WATPL_API const watpl_report *watpl_rendered_report(const watpl_rendered *rendered);
/** Rendered header text, or NULL if there is no text header. @since 1.0.0 */
WATPL_API const char *watpl_rendered_header(const watpl_rendered *rendered, size_t *len);
/** Rendered body text. @since 1.0.0 */
WATPL_API const char *watpl_rendered_body(const watpl_rendered *rendered, size_t *len);
/** Rendered URL of button i, or NULL if it is not a URL button. @since 1.0.0 */
WATPL_API const char *watpl_rendered_button_url(const watpl_rendered *rendered, size_t button,
                                                size_t *len);
/** The `components` array of Meta's send payload, as JSON. @since 1.0.0 */
WATPL_API const char *watpl_rendered_payload_json(const watpl_rendered *rendered, size_t *len);
/**
 * Copy one rendered part into a caller buffer: part is WATPL_COMPONENT_HEADER,
 * WATPL_COMPONENT_BODY or WATPL_COMPONENT_BUTTONS (URL of button `button`).
 * Writes a NUL-terminated string; *needed receives the length without the NUL.
 * @return WATPL_OK, WATPL_EBUFSIZE when cap <= *needed, WATPL_ENOTFOUND.
 * @since 1.0.0
 */
WATPL_API int watpl_rendered_copy(const watpl_rendered *rendered, int part, size_t button,
                                  char *buf, size_t cap, size_t *needed);
/** Rendering JSON (cli.md render output, without "source"). @since 1.0.0 */
WATPL_API int watpl_rendered_to_json(watpl_ctx *ctx, const watpl_rendered *rendered, char **out,
                                     size_t *out_len);

/* ------------------------------------------------------------------------ */
/** @name Prepared sends (many sends of one template)                       */
/* ------------------------------------------------------------------------ */

/**
 * A template prepared for sending: its texts split at the placeholders, the
 * length of every piece in both counting units, the button URL pieces and
 * the fixed parts of the payload. It copies what it needs, so the template
 * may be freed afterwards. Read-only once made: one prepared template may be
 * used by many threads at once, each with its own watpl_ctx, watpl_params
 * and watpl_rendered.
 *
 * A campaign loop that makes no heap allocation once warm:
 *
 *     watpl_prepared_new(ctx, tpl, &prep);
 *     watpl_params_new(&params, ctx);
 *     watpl_rendered_new(&out, ctx);
 *     for each recipient:
 *         watpl_params_clear(params);
 *         watpl_params_add(params, WATPL_COMPONENT_BODY, 0, NULL, 0, name, name_len);
 *         ...
 *         watpl_send_render(ctx, prep, params, out);   // or watpl_send_payload
 *         if (watpl_report_errors(watpl_rendered_report(out)) == 0)
 *             send(watpl_rendered_payload_json(out, &len), len);
 *
 * The diagnostics (send.*), texts and payload bytes are those of
 * watpl_render on the same template and parameters (docs/render.md).
 */
typedef struct watpl_prepared watpl_prepared;

/**
 * Prepare tpl for sending. ctx's allocator is used and copied (ctx need not
 * outlive the prepared template); the counting unit is read at each send.
 * @return WATPL_OK, WATPL_EINVAL (an argument NULL), WATPL_ENOMEM.
 * @since 1.2.0
 */
WATPL_API int watpl_prepared_new(watpl_ctx *ctx, const watpl_template *tpl, watpl_prepared **out);
/** Free a prepared template. Accepts NULL. @since 1.2.0 */
WATPL_API void watpl_prepared_free(watpl_prepared *prep);

/**
 * Empty a parameter set for the next send, keeping its memory: values,
 * coupon code, authentication code and recipient are removed. Accepts NULL.
 * @since 1.2.0
 */
WATPL_API void watpl_params_clear(watpl_params *params);
/**
 * Add the values of a send payload to params, as watpl_params_parse_json
 * reads them (a components array, an object holding "components", or a whole
 * message object, whose "to" becomes the recipient). Usually called right
 * after watpl_params_clear. On any error params is unchanged and the error
 * (rule, message, path, offset) is on ctx.
 * @return WATPL_OK; WATPL_ESYNTAX, WATPL_ETYPE, WATPL_EUTF8, WATPL_ELIMIT;
 *         WATPL_ENOMEM; WATPL_EINVAL.
 * @since 1.2.0
 */
WATPL_API int watpl_params_add_json(watpl_ctx *ctx, watpl_params *params, const char *json,
                                    size_t len);
/**
 * The recipient ("to" of a whole message object read by
 * watpl_params_parse_json or watpl_params_add_json), or NULL when there is
 * none. Borrowed; valid until params is changed.
 * @since 1.2.0
 */
WATPL_API const char *watpl_params_to(const watpl_params *params, size_t *len);

/**
 * An empty rendering to be filled by watpl_send_render (and refilled by each
 * later call; its memory is kept). Until then its body and payload are "".
 * @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM.
 * @since 1.2.0
 */
WATPL_API int watpl_rendered_new(watpl_rendered **out, watpl_ctx *ctx);
/**
 * Render params into prep, replacing the content of out (made by
 * watpl_rendered_new or watpl_render). Same texts, payload and send.*
 * diagnostics as watpl_render. Once out's buffers are large enough (after a
 * first send of similar size) the call makes no allocation. Pointers read
 * from out before the call are invalid after it. On error out is unchanged.
 * @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM.
 * @since 1.2.0
 */
WATPL_API int watpl_send_render(watpl_ctx *ctx, const watpl_prepared *prep,
                                const watpl_params *params, watpl_rendered *out);
/**
 * Render params into prep and write only the payload (the `components` JSON
 * of watpl_rendered_payload_json) into buf, NUL-terminated. *needed (may be
 * NULL) receives its length without the NUL and *errors (may be NULL) the
 * number of send.* errors watpl_render would report (0: the send is valid).
 * Never allocates. buf may be NULL when cap is 0 (to learn the size).
 * @return WATPL_OK, WATPL_EBUFSIZE when cap <= *needed (*needed and *errors
 *         are set, buf is untouched), WATPL_EINVAL.
 * @since 1.2.0
 */
WATPL_API int watpl_send_payload(watpl_ctx *ctx, const watpl_prepared *prep,
                                 const watpl_params *params, char *buf, size_t cap,
                                 size_t *needed, size_t *errors);

/* ------------------------------------------------------------------------ */
/** @name Classification                                                    */
/* ------------------------------------------------------------------------ */

/** A predicted category with its scores and the signals that decided it. */
typedef struct watpl_classification watpl_classification;

/**
 * Predict the category Meta will give tpl's content. Deterministic; no I/O.
 * @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM.
 * @since 1.0.0
 */
WATPL_API int watpl_classify(watpl_ctx *ctx, const watpl_template *tpl,
                             watpl_classification **out);
/**
 * Classify a bare text (a free-form message or a body). lang is a Meta
 * language code or NULL/empty to detect it from the text.
 * @return WATPL_OK, WATPL_EINVAL, WATPL_EUTF8, WATPL_ENOMEM.
 * @since 1.0.0
 */
WATPL_API int watpl_classify_text(watpl_ctx *ctx, const char *text, size_t len, const char *lang,
                                  size_t lang_len, watpl_classification **out);
/**
 * Validate and classify tpl in one call: the same report as watpl_validate
 * and the same classification as watpl_classify, with the classifier run
 * once instead of twice (validation's category rules use its verdict). On
 * failure both outputs are NULL.
 * @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM.
 * @since 1.1.0
 */
WATPL_API int watpl_lint(watpl_ctx *ctx, const watpl_template *tpl, watpl_report **report,
                         watpl_classification **classification);
/** Free a classification. Accepts NULL. @since 1.0.0 */
WATPL_API void watpl_classification_free(watpl_classification *result);
/** Predicted WATPL_CATEGORY_*. @since 1.0.0 */
WATPL_API int watpl_classification_category(const watpl_classification *result);
/** Confidence of the prediction in [0,1]. @since 1.0.0 */
WATPL_API double watpl_classification_confidence(const watpl_classification *result);
/** Score in [0,1] of one category (the three sum to 1). @since 1.0.0 */
WATPL_API double watpl_classification_score(const watpl_classification *result, int category);
/** The language used for matching (given or detected), e.g. "pt". Never NULL. @since 1.0.0 */
WATPL_API const char *watpl_classification_language(const watpl_classification *result);
/** Number of signals. @since 1.0.0 */
WATPL_API size_t watpl_classification_signal_count(const watpl_classification *result);
/** Rule id of signal i ("promo.discount"), or NULL. @since 1.0.0 */
WATPL_API const char *watpl_classification_signal_rule(const watpl_classification *result,
                                                       size_t i);
/** WATPL_CATEGORY_* that signal i pushes toward. @since 1.0.0 */
WATPL_API int watpl_classification_signal_category(const watpl_classification *result, size_t i);
/** Weight of signal i. @since 1.0.0 */
WATPL_API double watpl_classification_signal_weight(const watpl_classification *result, size_t i);
/** WATPL_COMPONENT_* of signal i. @since 1.0.0 */
WATPL_API int watpl_classification_signal_component(const watpl_classification *result,
                                                    size_t i);
/** Button or card index of signal i, or -1. @since 1.0.0 */
WATPL_API int64_t watpl_classification_signal_index(const watpl_classification *result,
                                                    size_t i);
/** Byte offset of signal i in its component's original text, or -1. @since 1.0.0 */
WATPL_API int64_t watpl_classification_signal_offset(const watpl_classification *result,
                                                     size_t i);
/** Byte length of signal i, or -1. @since 1.0.0 */
WATPL_API int64_t watpl_classification_signal_length(const watpl_classification *result,
                                                     size_t i);
/** JSON of `watpl classify --json` (without "source"). @since 1.0.0 */
WATPL_API int watpl_classification_to_json(watpl_ctx *ctx, const watpl_classification *result,
                                           char **out, size_t *out_len);

/* ------------------------------------------------------------------------ */
/** @name Customer service window and pricing                              */
/* ------------------------------------------------------------------------ */

/** The window state of one business number x one user. Fixed size. */
typedef struct watpl_window watpl_window;

/* Message kinds (outbound events and queries). */
#define WATPL_KIND_MARKETING       1
#define WATPL_KIND_UTILITY         2
#define WATPL_KIND_AUTHENTICATION  3
#define WATPL_KIND_SERVICE         4  /**< free-form (non-template) */

/* Entry points of an inbound message. */
#define WATPL_ENTRY_NONE      0
#define WATPL_ENTRY_CTWA      1  /**< click-to-WhatsApp ad */
#define WATPL_ENTRY_PAGE_CTA  2  /**< Facebook Page call-to-action button */

/* Devices of an inbound message. */
#define WATPL_DEVICE_MOBILE   0
#define WATPL_DEVICE_DESKTOP  1

/* Pricing schedules. */
#define WATPL_SCHEDULE_2025_07  1  /**< Meta-confirmed per-message rules of 2025-07-01 (default) */
#define WATPL_SCHEDULE_2026_10  2  /**< the reported 2026-10-01 rules (opt-in) */

/* Pricing models, categories, types, initiators. */
#define WATPL_PRICING_CBP  1
#define WATPL_PRICING_PMP  2
#define WATPL_PCAT_MARKETING            1
#define WATPL_PCAT_UTILITY              2
#define WATPL_PCAT_AUTHENTICATION       3
#define WATPL_PCAT_SERVICE              4
#define WATPL_PCAT_REFERRAL_CONVERSION  5
#define WATPL_PTYPE_NONE                   0  /**< CBP answers carry no type */
#define WATPL_PTYPE_REGULAR                1
#define WATPL_PTYPE_FREE_CUSTOMER_SERVICE  2
#define WATPL_PTYPE_FREE_ENTRY_POINT       3
#define WATPL_INITIATOR_NONE      0
#define WATPL_INITIATOR_USER      1
#define WATPL_INITIATOR_BUSINESS  2

/* Reasons of a window answer (watpl_window_reason_name gives the stable id). */
#define WATPL_REASON_CSW_OPEN                1  /**< "csw.open": free-form inside the service window, free */
#define WATPL_REASON_CSW_CLOSED              2  /**< "csw.closed": free-form outside the window: not allowed (131047) */
#define WATPL_REASON_FEP_OPEN                3  /**< "fep.open": inside a free entry point, free */
#define WATPL_REASON_PMP_TEMPLATE            4  /**< "pmp.template": MARKETING/AUTHENTICATION template, charged */
#define WATPL_REASON_PMP_UTILITY_IN_CSW      5  /**< "pmp.utility_in_csw": UTILITY inside the window, free */
#define WATPL_REASON_PMP_UTILITY_OUTSIDE_CSW 6  /**< "pmp.utility_outside_csw": UTILITY outside the window, charged */
#define WATPL_REASON_S2026_UTILITY_IN_CSW    7  /**< "s2026.utility_in_csw": 2026-10 schedule, UTILITY charged in the window */
#define WATPL_REASON_S2026_SERVICE_FREE      8  /**< "s2026.service_allowance": within the 1000 free service messages */
#define WATPL_REASON_S2026_SERVICE_CHARGED   9  /**< "s2026.service_over_allowance": service charged at the utility rate */
#define WATPL_REASON_CBP_NEW_CONVERSATION   10  /**< "cbp.new_conversation": opens and pays a conversation */
#define WATPL_REASON_CBP_CONVERSATION_OPEN  11  /**< "cbp.conversation_open": covered by an open conversation */
#define WATPL_REASON_CBP_FEP                12  /**< "cbp.fep_conversation": inside a free entry point conversation */
#define WATPL_REASON_CBP_SERVICE_FREE       13  /**< "cbp.service_free": a service conversation in the free tier */
#define WATPL_REASON_CBP_SERVICE_CHARGED    14  /**< "cbp.service_charged": a charged service conversation */
#define WATPL_REASON_CBP_FREE_TIER          15  /**< "cbp.free_tier": before 2023-06-01, within the 1000 free conversations */

/** Marks an absent time in watpl_window_answer. */
#define WATPL_TIME_NONE INT64_MIN

/** Version of watpl_window_answer this header describes. */
#define WATPL_WINDOW_ANSWER_VERSION 1

/**
 * The answer to a window query. Versioned and append-only: set `version` to
 * WATPL_WINDOW_ANSWER_VERSION (or call watpl_window_answer_init) before a query.
 */
typedef struct watpl_window_answer {
    uint32_t version;         /**< WATPL_WINDOW_ANSWER_VERSION */
    int32_t csw_open;         /**< 1 if the customer service window is open at now */
    int64_t csw_closes_at;    /**< when it closes / closed, or WATPL_TIME_NONE */
    int32_t fep_open;         /**< 1 if a free entry point is open at now */
    int32_t allowed;          /**< 1 if the message may be sent now */
    int64_t fep_until;        /**< when the free entry point ends / ended, or WATPL_TIME_NONE */
    int32_t billable;         /**< 1 if Meta charges this message */
    int32_t pricing_model;    /**< WATPL_PRICING_* */
    int32_t pricing_category; /**< WATPL_PCAT_* */
    int32_t pricing_type;     /**< WATPL_PTYPE_* */
    int32_t initiator;        /**< WATPL_INITIATOR_* */
    int32_t schedule;         /**< WATPL_SCHEDULE_* that decided; 0 under CBP */
    int32_t reason;           /**< WATPL_REASON_*; see watpl_window_reason_name */
    int32_t kind;             /**< the WATPL_KIND_* asked about */
    int64_t reserved[6];      /**< zero; room for fields added later */
} watpl_window_answer;

/** Initialise an answer struct for this header's version. @since 1.0.0 */
WATPL_API void watpl_window_answer_init(watpl_window_answer *answer);

/** Create an empty window state (allocation through ctx's allocator). @since 1.0.0 */
WATPL_API int watpl_window_new(watpl_window **out, watpl_ctx *ctx);
/** Free a window state. Accepts NULL. @since 1.0.0 */
WATPL_API void watpl_window_free(watpl_window *window);
/** Forget every event. @since 1.0.0 */
WATPL_API void watpl_window_reset(watpl_window *window);
/** Size in bytes of a saved state (watpl_window_save output). @since 1.0.0 */
WATPL_API size_t watpl_window_saved_size(void);

/**
 * Events. Times are WhatsApp's webhook timestamps (Unix seconds) and may come
 * in any order; a repeated event changes nothing. They never allocate.
 * Each returns WATPL_OK, or WATPL_EINVAL (window NULL, bad entry/device/kind,
 * or t > INT64_MAX - 259200, where t + 72h would overflow) and then changes nothing.
 * The state keeps the most recent events of each sort (docs/window.md, "Bounds").
 */
/** A user message at WhatsApp's timestamp t (Unix seconds). entry WATPL_ENTRY_*, device WATPL_DEVICE_*. @since 1.0.0 */
WATPL_API int watpl_window_inbound(watpl_window *window, int64_t t, int entry, int device);
/** A user call at t. @since 1.0.0 */
WATPL_API int watpl_window_call(watpl_window *window, int64_t t);
/** A request_welcome at t. @since 1.0.0 */
WATPL_API int watpl_window_welcome(watpl_window *window, int64_t t);
/** A business message of kind (WATPL_KIND_*) delivered at t. @since 1.0.0 */
WATPL_API int watpl_window_outbound(watpl_window *window, int64_t t, int kind);

/**
 * Answer whether a message of `kind` may be sent at `now` and how it is
 * billed. `schedule` is WATPL_SCHEDULE_*. `service_sent_this_month` is the
 * number of service messages the business number already sent this calendar
 * month (used by WATPL_SCHEDULE_2026_10 and by CBP free tiers; pass 0 otherwise).
 * Does not allocate. Under conversation-based pricing (now before 2025-07-01)
 * the counter is the business's conversations opened this month before
 * 2023-06-01, and its service conversations from then (docs/window.md).
 * @return WATPL_OK, WATPL_EINVAL (bad kind/schedule, answer version 0, negative
 *         counter, now > INT64_MAX - 259200).
 * @since 1.0.0
 */
WATPL_API int watpl_window_query(const watpl_window *window, int64_t now, int kind, int schedule,
                                 int64_t service_sent_this_month, watpl_window_answer *answer);

/** Save the state into buf (watpl_window_saved_size() bytes). @since 1.0.0 */
WATPL_API int watpl_window_save(const watpl_window *window, unsigned char *buf, size_t cap,
                                size_t *needed);
/** Replace the state with a saved one. On error the state is unchanged.
 *  @return WATPL_OK, WATPL_ECORRUPT, WATPL_EVERSION, WATPL_EINVAL. @since 1.0.0 */
WATPL_API int watpl_window_load(watpl_window *window, const unsigned char *buf, size_t len);

/** Stable reason id of a WATPL_REASON_* value ("csw.open"); never NULL. @since 1.0.0 */
WATPL_API const char *watpl_window_reason_name(int reason);
/** "marketing", "utility", "authentication", "service", "referral_conversion"; never NULL. @since 1.0.0 */
WATPL_API const char *watpl_pricing_category_name(int pricing_category);
/** "regular", "free_customer_service", "free_entry_point", or ""; never NULL. @since 1.0.0 */
WATPL_API const char *watpl_pricing_type_name(int pricing_type);

/**
 * Apply one event written as JSON, in the event format of `watpl window`
 * (docs/window.md): an object with "type" (inbound, call, welcome or
 * outbound), "t" (integer, Unix seconds), for inbound the optional "entry"
 * (ctwa, page_cta) and "device" (mobile, the default, or desktop), for
 * outbound "kind" (MARKETING, UTILITY, AUTHENTICATION, SERVICE). Other
 * members ("contact", "id", ...) are ignored; a "query" is refused. At most
 * 1 MiB. Never allocates through ctx (the JSON parser uses jansson's allocator).
 * On failure the window is unchanged and the context holds the rule id
 * (input.json.syntax with line, column and offset; input.json.type or
 * input.json.value with the path of the member, "$.t"; input.utf8;
 * input.too_large) and a message.
 * @return WATPL_OK, WATPL_EINVAL (ctx or window NULL, or a value out of range:
 *         rule input.json.value), WATPL_ESYNTAX, WATPL_ETYPE, WATPL_EUTF8,
 *         WATPL_ELIMIT, WATPL_ENOMEM.
 * @since 1.2.0
 */
WATPL_API int watpl_window_event_json(watpl_ctx *ctx, watpl_window *window, const char *json,
                                      size_t len);

/**
 * An answer as the JSON object `watpl window --json` prints for a query,
 * without its "contact" and "t": {"kind":..., "csw_open":..., ...,
 * "schedule":...}, the fields in that order (absent times and names are
 * null). Freed with watpl_free.
 * @return WATPL_OK, WATPL_EINVAL (NULL argument, answer version 0, kind out
 *         of range), WATPL_ENOMEM.
 * @since 1.2.0
 */
WATPL_API int watpl_window_answer_to_json(watpl_ctx *ctx, const watpl_window_answer *answer,
                                          char **out, size_t *out_len);

/* ------------------------------------------------------------------------ */
/** @name Markets, rate cards and prices                                   */
/* ------------------------------------------------------------------------ */

/**
 * Meta's rate cards and market table (docs/pricing.md). A new set holds the
 * cards compiled into the library (data/pricing/); watpl_rates_load_card adds
 * or replaces cards at run time. Once loaded, a set is read-only for the
 * price functions and may be shared between threads.
 */
typedef struct watpl_rates watpl_rates;

/**
 * The market of a recipient, from the country calling code of its number (and
 * the area code of +1 numbers): "Argentina", "North America", "Rest of
 * Africa", ... or "Other" for a code Meta's table does not list. The number is
 * E.164 with or without "+"; spaces and dashes are ignored.
 * @param market receives a static string.
 * @param country_iso if not NULL, receives the ISO 3166-1 code of the
 *        number's country ("BR"), or "" when the code is shared (+1 outside the
 *        listed area codes: Canada or the United States) or not listed; static.
 * @return WATPL_OK; WATPL_EINVAL when ctx or market is NULL, or when the text
 *         is not a phone number (rule "recipient.not_a_phone" and the reason
 *         on ctx).
 * @since 1.2.0
 */
WATPL_API int watpl_market_of(watpl_ctx *ctx, const char *number, size_t len, const char **market,
                              const char **country_iso);

/** A set of the compiled cards, allocated through ctx's allocator (ctx must outlive it).
 *  @return WATPL_OK, WATPL_EINVAL, WATPL_ENOMEM. @since 1.2.0 */
WATPL_API int watpl_rates_new(watpl_rates **out, watpl_ctx *ctx);
/** Free a set. Accepts NULL. @since 1.2.0 */
WATPL_API void watpl_rates_free(watpl_rates *rates);

/**
 * Load one rate card (the text of a card file, docs/pricing.md "Card files")
 * into the set. A card with the model, currency and effective_from of a card
 * of the set (compiled or loaded) replaces it; otherwise it is added. A card
 * whose period overlaps one with an explicit effective_until is refused.
 * On failure the set is unchanged.
 * @return WATPL_OK; WATPL_ESYNTAX with the rule ("card.syntax", "card.header",
 *         "card.date", "card.columns", "card.rate", "card.market",
 *         "card.overlap"), message, line and column on ctx; WATPL_EUTF8;
 *         WATPL_ELIMIT (more than 1 MiB, or more than 64 cards in the set);
 *         WATPL_ENOMEM; WATPL_EINVAL.
 * @since 1.2.0
 */
WATPL_API int watpl_rates_load_card(watpl_ctx *ctx, watpl_rates *rates, const char *text, size_t len);

/** Number of cards in the set. @since 1.2.0 */
WATPL_API size_t watpl_rates_card_count(const watpl_rates *rates);
/** Currency of card i ("USD"), or NULL when i is out of range. Cards are ordered by
 *  model, currency and effective date. @since 1.2.0 */
WATPL_API const char *watpl_rates_card_currency(const watpl_rates *rates, size_t i);
/** WATPL_PRICING_CBP or WATPL_PRICING_PMP of card i, or 0. @since 1.2.0 */
WATPL_API int watpl_rates_card_model(const watpl_rates *rates, size_t i);
/** Unix time (00:00 UTC) card i takes effect, or WATPL_TIME_NONE (undated, or out of range). @since 1.2.0 */
WATPL_API int64_t watpl_rates_card_effective_from(const watpl_rates *rates, size_t i);
/** Unix time card i ends: its effective_until, else the next card of its model and
 *  currency, else WATPL_TIME_NONE (in force until a later card). @since 1.2.0 */
WATPL_API int64_t watpl_rates_card_effective_until(const watpl_rates *rates, size_t i);
/** Where card i's numbers come from (its source line), never NULL ("" out of range). @since 1.2.0 */
WATPL_API const char *watpl_rates_card_source(const watpl_rates *rates, size_t i);

/* Reasons of a price (watpl_price_reason_name gives the stable id). */
#define WATPL_PRICE_LIST_RATE        1  /**< "list_rate": billed at the card's list rate */
#define WATPL_PRICE_FREE             2  /**< "free": the window answer says Meta does not bill it */
#define WATPL_PRICE_NOT_SENT         3  /**< "not_sent": the message may not be sent, nothing is billed */
#define WATPL_PRICE_UNKNOWN_CURRENCY 4  /**< "unknown.currency": no card of the pricing model in that currency */
#define WATPL_PRICE_UNKNOWN_CARD     5  /**< "unknown.card": no dated card of that currency covers the time */
#define WATPL_PRICE_UNKNOWN_MARKET   6  /**< "unknown.market": the card in force has no row for the market */
#define WATPL_PRICE_UNKNOWN_RATE     7  /**< "unknown.rate": the card gives no rate for the category (n/a) */

/* Flags of the price functions. */
#define WATPL_PRICE_AUTH_INTERNATIONAL 1  /**< the business qualifies for the authentication-international
                                               rate in the recipient's country (docs/pricing.md) */

/** Version of watpl_price this header describes. */
#define WATPL_PRICE_VERSION 1

/**
 * A price. Versioned and append-only: call watpl_price_init before use.
 * Amounts are exact: integer millionths of the currency unit, and the same
 * amount as decimal text. A price is the card's list rate: volume tiers are
 * not published and not applied (docs/pricing.md).
 */
typedef struct watpl_price {
    uint32_t version;           /**< WATPL_PRICE_VERSION */
    int32_t known;              /**< 1: amount and currency hold the price (0 when free); 0: unknown */
    int64_t amount_micros;      /**< the amount in millionths of the currency unit; 0 when unknown */
    int32_t reason;             /**< WATPL_PRICE_*; see watpl_price_reason_name */
    int32_t pricing_category;   /**< WATPL_PCAT_* whose rate was used (service billed at utility: UTILITY) */
    int64_t card_effective_from;/**< effective_from of the card used, or WATPL_TIME_NONE */
    const char *market;         /**< the market priced (static): the country's own row when the card has
                                     one (Qatar in the EUR 2026-07-01 card), else Meta's table market */
    const char *country_iso;    /**< ISO 3166-1 code of the recipient's country, or "" (static) */
    char currency[8];           /**< "USD"; "" when unknown */
    char amount[32];            /**< the amount as decimal text ("0.0618", "0.00"); "" when unknown */
    int32_t auth_international; /**< 1 when the authentication-international rate was used */
    int32_t reserved32;         /**< zero */
    int64_t reserved[4];        /**< zero; room for fields added later */
} watpl_price;

/** Initialise a price struct for this header's version. @since 1.2.0 */
WATPL_API void watpl_price_init(watpl_price *price);
/** Stable id of a WATPL_PRICE_* reason ("list_rate", "unknown.card"); never NULL. @since 1.2.0 */
WATPL_API const char *watpl_price_reason_name(int reason);

/**
 * The list price of one delivered message of pricing_category (WATPL_PCAT_*)
 * to recipient at time t (Unix seconds), in currency (ISO 4217, e.g. "USD";
 * NULL or "" means USD), from the card in force at t: per-message cards from
 * 2025-07-01, conversation-based cards before. REFERRAL_CONVERSION is free.
 * An unknown price is not an error: *out says why (known = 0).
 * @return WATPL_OK; WATPL_EINVAL (NULL argument, bad category, currency or
 *         flags, out not initialised, or a recipient that is not a phone
 *         number: rule "recipient.not_a_phone" and the reason on ctx).
 * @since 1.2.0
 */
WATPL_API int watpl_price_message(watpl_ctx *ctx, const watpl_rates *rates, const char *recipient,
                                  size_t recipient_len, int pricing_category, int64_t t,
                                  const char *currency, size_t currency_len, int flags, watpl_price *out);

/**
 * The price of the message a window answer describes, sent to recipient at
 * now (the time of the query): 0 when the answer is not billable
 * (WATPL_PRICE_FREE: service window, free entry point, free service) or the
 * message is not allowed (WATPL_PRICE_NOT_SENT); else the list rate of the
 * answer's pricing category under its pricing model. A billable service message
 * (the 2026-10 schedule) costs the card's service rate, or its utility rate
 * when the card has none (docs/window.md). Does not change the answer.
 * @return as watpl_price_message.
 * @since 1.2.0
 */
WATPL_API int watpl_window_answer_price(watpl_ctx *ctx, const watpl_rates *rates,
                                        const watpl_window_answer *answer, int64_t now,
                                        const char *recipient, size_t recipient_len,
                                        const char *currency, size_t currency_len, int flags,
                                        watpl_price *out);

/* ------------------------------------------------------------------------ */
/** @name Names of kinds, schedules, initiators and options                 */
/* ------------------------------------------------------------------------ */

/* The strings of the library's JSON (watpl_window_answer_to_json), of the
 * `watpl` command and of the Python binding, one table each in the library.
 * A _name function never returns NULL: "" for a value without a name, static
 * storage. A _from_name function takes the exact name (case-sensitive, not
 * NUL-terminated) and returns its value, WATPL_ENOTFOUND for another string,
 * or WATPL_EINVAL for (NULL, len > 0). All are thread-safe. */

/** "MARKETING", "UTILITY", "AUTHENTICATION" or "SERVICE" (WATPL_KIND_*). @since 1.2.0 */
WATPL_API const char *watpl_kind_name(int kind);
/** The WATPL_KIND_* value of a kind's name. @since 1.2.0 */
WATPL_API int watpl_kind_from_name(const char *name, size_t len);
/** "2025-07" or "2026-10" (WATPL_SCHEDULE_*). @since 1.2.0 */
WATPL_API const char *watpl_schedule_name(int schedule);
/** The WATPL_SCHEDULE_* value of a schedule's name. @since 1.2.0 */
WATPL_API int watpl_schedule_from_name(const char *name, size_t len);
/** "user" or "business" (WATPL_INITIATOR_*; "" for WATPL_INITIATOR_NONE). @since 1.2.0 */
WATPL_API const char *watpl_initiator_name(int initiator);
/** The WATPL_INITIATOR_* value of an initiator's name. @since 1.2.0 */
WATPL_API int watpl_initiator_from_name(const char *name, size_t len);
/** The keyword of a WATPL_OPT_* option: its name in lower case without the
 *  prefix ("count_unit", "max_json_depth"), as the Python binding spells it.
 *  @since 1.2.0 */
WATPL_API const char *watpl_option_name(int option);
/** The WATPL_OPT_* value of an option's keyword. @since 1.2.0 */
WATPL_API int watpl_option_from_name(const char *name, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* WATPL_H */
