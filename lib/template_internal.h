/* Template model internals, shared by template.c (the model, owned strings,
 * name mappings, language codes), template_build.c (the builder setters and
 * the getters of the public API) and template_json.c (Meta's JSON in and
 * out); the rules read the model through these types. Never installed.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_TEMPLATE_INTERNAL_H
#define WATPL_TEMPLATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common_internal.h"

/* An owned string; s == NULL means absent (a present empty string has s != NULL, len 0).
 * Always NUL-terminated when present. */
typedef struct watpl__str {
    char *s;
    size_t len;
} watpl__str;

typedef struct watpl__named_example {
    watpl__str name;
    watpl__str value;
} watpl__named_example;

typedef struct watpl__app {
    watpl__str package_name;
    watpl__str signature_hash;
} watpl__app;

typedef struct watpl__button {
    int type;                /* WATPL_BUTTON_* (UNKNOWN for an unrecognised type_raw) */
    watpl__str type_raw;     /* as written */
    watpl__str text;
    watpl__str url;
    watpl__str phone_number;
    watpl__str otp_type;
    watpl__str autofill_text;
    watpl__str *examples;    /* "example": string or array of strings */
    size_t n_examples;
    int zero_tap_terms;      /* -1 absent, 0, 1 */
    watpl__app *apps;
    size_t n_apps;
} watpl__button;

struct watpl__card;

typedef struct watpl__component {
    int kind;                /* WATPL_COMPONENT_HEADER, BODY, FOOTER, BUTTONS, CAROUSEL,
                                LIMITED_TIME_OFFER; -1 for an unknown type_raw */
    watpl__str type_raw;     /* as written */
    /* HEADER */
    int format;              /* WATPL_HEADER_* (NONE when absent) */
    watpl__str format_raw;
    watpl__str *handles;     /* example.header_handle */
    size_t n_handles;
    /* HEADER, BODY, FOOTER */
    watpl__str text;
    watpl__str *examples;    /* example.header_text, or the first row of example.body_text */
    size_t n_examples;
    watpl__named_example *named; /* example.header_text_named_params / body_text_named_params */
    size_t n_named;
    /* BODY of AUTHENTICATION */
    int add_security_recommendation; /* -1 absent, 0, 1 */
    /* FOOTER of AUTHENTICATION */
    bool has_code_expiration;
    int64_t code_expiration_minutes;
    /* BUTTONS */
    watpl__button *buttons;
    size_t n_buttons;
    /* CAROUSEL */
    struct watpl__card *cards;
    size_t n_cards;
    /* LIMITED_TIME_OFFER */
    watpl__str lto_text;
    int lto_has_expiration;  /* -1 absent, 0, 1 */
} watpl__component;

typedef struct watpl__card {
    watpl__component *components; /* HEADER, BODY, BUTTONS in the order given */
    size_t n_components;
} watpl__card;

struct watpl_template {
    watpl__alloc alloc;
    watpl__str name;
    watpl__str language;
    watpl__str category_raw;
    int category;            /* WATPL_CATEGORY_*, legacy mapped; NONE if absent/invalid */
    bool category_legacy;    /* category_raw is a legacy value */
    watpl__str parameter_format_raw;
    int parameter_format;    /* WATPL_PARAMS_* (POSITIONAL when absent) */
    watpl__component *components; /* in the order given (duplicates and unknowns kept) */
    size_t n_components;
};

/* Bounds enforced by the parser and the builder (docs/limits.md). */
#define WATPL__MAX_COMPONENTS 16
#define WATPL__MAX_BUTTONS 16     /* per BUTTONS component; rules flag > 10 */
#define WATPL__MAX_CARDS 16       /* rules flag > 10 */
#define WATPL__MAX_EXAMPLES 128   /* examples per component */
#define WATPL__MAX_APPS 16
#define WATPL__MAX_TEXT_BYTES 65536 /* any one string field */


/* The first component of `kind` in the template (card < 0) or in card `card`;
 * NULL if none or card out of range. */
const watpl__component *watpl__tpl_component(const watpl_template *tpl, int card, int kind);

/* Name <-> enum mappings (exact, case-sensitive unless noted). */
int watpl__header_format_from(const char *s, size_t len);     /* WATPL_HEADER_* or UNKNOWN */
int watpl__button_type_from(const char *s, size_t len);       /* WATPL_BUTTON_* */
int watpl__component_kind_from(const char *s, size_t len);    /* WATPL_COMPONENT_* or -1; case-insensitive */
/* Category string -> WATPL_CATEGORY_*; *legacy set for legacy values (rules.md). */
int watpl__category_from(const char *s, size_t len, bool *legacy);
/* "positional"/"named" in any case -> WATPL_PARAMS_*, else WATPL_PARAMS_INVALID. */
int watpl__parameter_format_from(const char *s, size_t len);

/* Owned strings: set (copy, UTF-8 checked, bounded) and free. */
int watpl__str_set(const watpl__alloc *a, watpl__str *dst, const char *s, size_t len);
void watpl__str_free(const watpl__alloc *a, watpl__str *s);
void watpl__component_free(const watpl__alloc *a, watpl__component *c);
/* Append one zeroed element of size sz to *arr (n elements), at most max.
 * Returns it, or NULL with *rc = WATPL_ELIMIT / WATPL_ENOMEM. */
void *watpl__array_push(const watpl__alloc *a, void **arr, size_t *n, size_t sz, size_t max,
                        int *rc);
/* watpl__array_push on a typed array (arr an lvalue of type T *, n its
 * size_t count), without aliasing through void **: the new T * or NULL. */
#define WATPL__PUSH(alloc, arr, n, max, rcp)                                               \
    __extension__({                                                                        \
        void *tmp_ = (arr);                                                                \
        void *el_ = watpl__array_push((alloc), &tmp_, &(n), sizeof *(arr), (max), (rcp));  \
        (arr) = tmp_;                                                                      \
        el_;                                                                               \
    })

/* Meta's 111 language codes (exact). */
bool watpl__language_known(const char *s, size_t len);

#endif
