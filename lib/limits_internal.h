/* Meta's limits on a template and on a message sent from it, defined once
 * for validation (validate.c, rules_*.c) and send time (send.c, render.c),
 * so the two cannot disagree. One row per limit; docs/limits.md ("Meta's
 * limits, checked as rules") is generated from this table and the rule
 * catalogue (tools/gen_docs.c, `make docs`), and docs/rules.md writes each
 * limit by its name. The bounds on what the library reads (WATPL__MAX_* of
 * template_internal.h) are input bounds, not Meta's limits. `make check`
 * fails when a limit is defined in two files of lib/ (tools/check-defines.sh).
 * Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_LIMITS_INTERNAL_H
#define WATPL_LIMITS_INTERNAL_H

/* X(name, value, unit, what it bounds, the rule that checks it in a template)
 * A length in "characters" is counted in the policy's unit
 * (WATPL_OPT_COUNT_UNIT); "bytes" are bytes whatever the unit. */
#define WATPL__LIMITS(X)                                                                         \
    /* template.* */                                                                             \
    X(TEMPLATE_NAME_MAX, 512, "characters", "template name", TEMPLATE_NAME_TOO_LONG)            \
    /* header.*, body.*, footer.*, param.* */                                                    \
    X(HEADER_MAX, 60, "characters", "text header", HEADER_TEXT_TOO_LONG)                        \
    X(HEADER_PARAMS_MAX, 1, "variable", "variables in a text header", HEADER_TEXT_TOO_MANY_PARAMS) \
    X(BODY_MAX, 1024, "characters", "body", BODY_TOO_LONG)                                      \
    X(LTO_BODY_MAX, 600, "characters", "body of a limited-time offer", BODY_TOO_LONG)           \
    X(CARD_BODY_MAX, 160, "characters", "body of a carousel card", BODY_TOO_LONG)               \
    X(NEWLINE_RUN_MAX, 2, "line breaks", "line breaks in a row in a body (one blank line)",      \
      BODY_CONSECUTIVE_NEWLINES)                                                                 \
    X(FOOTER_MAX, 60, "characters", "footer", FOOTER_TOO_LONG)                                  \
    X(PARAM_NAME_MAX, 32, "bytes", "name of a named variable, `{{first_name}}`", PARAM_NAMED_INVALID) \
    /* buttons.*, button.* */                                                                    \
    X(BUTTONS_MAX, 10, "buttons", "buttons of a template or a card", BUTTONS_TOO_MANY)          \
    X(URL_BUTTONS_MAX, 2, "buttons", "URL buttons", BUTTONS_URL_TOO_MANY)                        \
    X(PHONE_BUTTONS_MAX, 1, "button", "phone number buttons", BUTTONS_PHONE_TOO_MANY)            \
    X(COPY_CODE_BUTTONS_MAX, 1, "button", "copy-code buttons", BUTTONS_COPY_CODE_TOO_MANY)       \
    X(LABEL_MAX, 25, "characters", "button label, OTP label and autofill text", BUTTON_TEXT_TOO_LONG) \
    X(URL_MAX, 2000, "characters", "URL of a button", BUTTON_URL_TOO_LONG)                      \
    X(PHONE_DIGITS_MIN, 7, "digits", "phone number, fewest digits", BUTTON_PHONE_INVALID)        \
    X(PHONE_DIGITS_MAX, 15, "digits", "phone number, most digits", BUTTON_PHONE_INVALID)         \
    X(PHONE_RAW_MAX, 20, "bytes", "phone number as written, with `+`, spaces and dashes",        \
      BUTTON_PHONE_INVALID)                                                                      \
    /* auth.* */                                                                                 \
    X(CODE_MAX, 15, "characters", "copy-code example, one-time code, coupon code",              \
      BUTTON_COPY_CODE_EXAMPLE)                                                                  \
    X(APPS_MAX, 5, "apps", "`supported_apps` of a one-tap or zero-tap button", AUTH_APPS_INVALID) \
    X(PACKAGE_MAX, 224, "bytes", "Android package name", AUTH_APPS_INVALID)                     \
    X(SIGNATURE_HASH_LEN, 11, "bytes", "app signature hash (exactly)", AUTH_APPS_INVALID)        \
    X(EXPIRATION_MIN, 1, "minute", "`code_expiration_minutes`, lowest", AUTH_FOOTER_INVALID)   \
    X(EXPIRATION_MAX, 90, "minutes", "`code_expiration_minutes`, highest", AUTH_FOOTER_INVALID) \
    /* carousel.*, lto.* */                                                                      \
    X(CARDS_MIN, 2, "cards", "cards of a carousel, fewest", CAROUSEL_CARDS_COUNT)                \
    X(CARDS_MAX, 10, "cards", "cards of a carousel, most", CAROUSEL_CARDS_COUNT)                 \
    X(CARD_BUTTONS_MAX, 2, "buttons", "buttons of a carousel card", CAROUSEL_CARD_BUTTONS)      \
    X(LTO_TEXT_MAX, 16, "characters", "offer text of a limited-time offer", LTO_TEXT_TOO_LONG)

/* The values: HEADER_MAX is 60 (an int constant, usable where the #define
 * was). */
#define WATPL__LIMIT_VALUE(name, value, unit, what, rule) name = value,
enum { WATPL__LIMITS(WATPL__LIMIT_VALUE) };
#undef WATPL__LIMIT_VALUE

/* The rows, for the rule catalogue's limit column: WATPL__LIMIT_HEADER_MAX;
 * WATPL__LIMIT_NONE for a rule without a limit. */
#define WATPL__LIMIT_INDEX(name, value, unit, what, rule) WATPL__LIMIT_##name,
enum watpl__limit_index { WATPL__LIMIT_NONE, WATPL__LIMITS(WATPL__LIMIT_INDEX) WATPL__LIMIT_END };
#undef WATPL__LIMIT_INDEX

#endif
