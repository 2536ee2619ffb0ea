/* The rule catalogue (docs/rules.md): one row per rule, used by validation
 * and rendering. Ids, severities and Meta codes are a public contract: rows
 * are only ever appended. Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_RULES_INTERNAL_H
#define WATPL_RULES_INTERNAL_H

#include <stdint.h>

#include "report_internal.h"

/* X(enum suffix, id, default severity, Meta error code) */
#define WATPL__RULE_LIST(X)                                                   \
    X(TEMPLATE_NAME_MISSING, "template.name.missing", ERROR, 0)               \
    X(TEMPLATE_NAME_CHARSET, "template.name.charset", ERROR, 0)               \
    X(TEMPLATE_NAME_TOO_LONG, "template.name.too_long", ERROR, 2388040)       \
    X(TEMPLATE_LANGUAGE_MISSING, "template.language.missing", ERROR, 0)       \
    X(TEMPLATE_LANGUAGE_UNKNOWN, "template.language.unknown", ERROR, 0)       \
    X(TEMPLATE_CATEGORY_MISSING, "template.category.missing", ERROR, 0)       \
    X(TEMPLATE_CATEGORY_INVALID, "template.category.invalid", ERROR, 0)       \
    X(TEMPLATE_CATEGORY_LEGACY, "template.category.legacy", WARNING, 0)       \
    X(TEMPLATE_PARAMETER_FORMAT_INVALID, "template.parameter_format.invalid", ERROR, 0) \
    X(TEMPLATE_COMPONENT_UNKNOWN, "template.component.unknown", ERROR, 0)     \
    X(TEMPLATE_COMPONENT_DUPLICATE, "template.component.duplicate", ERROR, 0) \
    X(TEMPLATE_BODY_MISSING, "template.body.missing", ERROR, 0)               \
    X(HEADER_FORMAT_INVALID, "header.format.invalid", ERROR, 2388047)         \
    X(HEADER_TEXT_MISSING, "header.text.missing", ERROR, 0)                   \
    X(HEADER_TEXT_TOO_LONG, "header.text.too_long", ERROR, 2388040)           \
    X(HEADER_TEXT_TOO_MANY_PARAMS, "header.text.too_many_params", ERROR, 2388047) \
    X(HEADER_TEXT_NEWLINE, "header.text.newline", ERROR, 2388047)             \
    X(HEADER_TEXT_FORMATTING, "header.text.formatting", WARNING, 0)           \
    X(HEADER_EXAMPLE_MISSING, "header.example.missing", ERROR, 2388043)       \
    X(BODY_EMPTY, "body.empty", ERROR, 0)                                     \
    X(BODY_TOO_LONG, "body.too_long", ERROR, 2388040)                         \
    X(BODY_LEADING_PARAM, "body.leading_param", ERROR, 2388299)               \
    X(BODY_TRAILING_PARAM, "body.trailing_param", WARNING, 2388299)             \
    X(BODY_ADJACENT_PARAMS, "body.adjacent_params", WARNING, 0)               \
    X(BODY_TOO_MANY_PARAMS, "body.too_many_params", WARNING, 2388293)           \
    X(BODY_CONSECUTIVE_NEWLINES, "body.consecutive_newlines", ERROR, 0)       \
    X(BODY_EMOJI_COUNT, "body.emoji_count", WARNING, 0)                       \
    X(BODY_SHORTENED_URL, "body.shortened_url", WARNING, 0)                   \
    X(BODY_EXAMPLE_MISSING, "body.example.missing", ERROR, 2388043)           \
    X(PARAM_MALFORMED, "param.malformed", ERROR, 0)                           \
    X(PARAM_SPECIAL_CHARS, "param.special_chars", ERROR, 0)                   \
    X(PARAM_NOT_SEQUENTIAL, "param.not_sequential", ERROR, 0)                 \
    X(PARAM_MIXED_FORMATS, "param.mixed_formats", ERROR, 0)                   \
    X(PARAM_NAMED_INVALID, "param.named.invalid", ERROR, 0)                   \
    X(FOOTER_TOO_LONG, "footer.too_long", ERROR, 2388040)                     \
    X(FOOTER_PARAM, "footer.param", ERROR, 2388073)                           \
    X(FOOTER_NEWLINE, "footer.newline", ERROR, 2388073)                       \
    X(BUTTONS_TOO_MANY, "buttons.too_many", ERROR, 0)                         \
    X(BUTTONS_URL_TOO_MANY, "buttons.url.too_many", ERROR, 0)                 \
    X(BUTTONS_PHONE_TOO_MANY, "buttons.phone.too_many", ERROR, 0)             \
    X(BUTTONS_COPY_CODE_TOO_MANY, "buttons.copy_code.too_many", ERROR, 0)     \
    X(BUTTONS_GROUPING, "buttons.grouping", ERROR, 0)                         \
    X(BUTTON_TYPE_INVALID, "button.type.invalid", ERROR, 0)                   \
    X(BUTTON_TYPE_NOT_ALLOWED, "button.type.not_allowed", ERROR, 0)           \
    X(BUTTON_TEXT_MISSING, "button.text.missing", ERROR, 0)                   \
    X(BUTTON_TEXT_TOO_LONG, "button.text.too_long", ERROR, 2388040)           \
    X(BUTTON_TEXT_PARAM, "button.text.param", ERROR, 0)                       \
    X(BUTTON_TEXT_FORMATTING, "button.text.formatting", ERROR, 0)             \
    X(BUTTON_TEXT_DUPLICATE, "button.text.duplicate", WARNING, 0)             \
    X(BUTTON_URL_MISSING, "button.url.missing", ERROR, 0)                     \
    X(BUTTON_URL_TOO_LONG, "button.url.too_long", ERROR, 2388040)             \
    X(BUTTON_URL_INVALID, "button.url.invalid", ERROR, 0)                     \
    X(BUTTON_URL_PARAM_POSITION, "button.url.param_position", ERROR, 0)       \
    X(BUTTON_URL_EXAMPLE_MISSING, "button.url.example_missing", ERROR, 2388043) \
    X(BUTTON_URL_WHATSAPP_LINK, "button.url.whatsapp_link", ERROR, 2388081)   \
    X(BUTTON_URL_SHORTENER, "button.url.shortener", WARNING, 0)               \
    X(BUTTON_PHONE_INVALID, "button.phone.invalid", ERROR, 0)                 \
    X(BUTTON_COPY_CODE_EXAMPLE, "button.copy_code.example", ERROR, 0)         \
    X(AUTH_HEADER_NOT_ALLOWED, "auth.header.not_allowed", ERROR, 0)           \
    X(AUTH_BODY_CUSTOM_TEXT, "auth.body.custom_text", ERROR, 0)               \
    X(AUTH_FOOTER_INVALID, "auth.footer.invalid", ERROR, 0)                   \
    X(AUTH_OTP_MISSING, "auth.otp.missing", ERROR, 0)                         \
    X(AUTH_OTP_COUNT, "auth.otp.count", ERROR, 0)                             \
    X(AUTH_OTP_TYPE, "auth.otp.type", ERROR, 0)                               \
    X(AUTH_OTP_TEXT, "auth.otp.text", ERROR, 0)                               \
    X(AUTH_APPS_INVALID, "auth.apps.invalid", ERROR, 0)                       \
    X(AUTH_ZERO_TAP_TERMS, "auth.zero_tap.terms", ERROR, 0)                   \
    X(CATEGORY_MISMATCH, "category.mismatch", WARNING, 0)                     \
    X(CATEGORY_OTP_CONTENT, "category.otp_content", ERROR, 0)                 \
    X(CATEGORY_CAROUSEL_NOT_MARKETING, "category.carousel.not_marketing", ERROR, 0) \
    X(CATEGORY_LTO_NOT_MARKETING, "category.lto.not_marketing", ERROR, 0)     \
    X(CAROUSEL_CARDS_COUNT, "carousel.cards.count", ERROR, 0)                 \
    X(CAROUSEL_CARD_HEADER, "carousel.card.header", ERROR, 0)                 \
    X(CAROUSEL_CARD_BUTTONS, "carousel.card.buttons", ERROR, 0)               \
    X(CAROUSEL_CARDS_INCONSISTENT, "carousel.cards.inconsistent", ERROR, 0)   \
    X(LTO_TEXT_TOO_LONG, "lto.text.too_long", ERROR, 0)                       \
    X(LTO_FOOTER_NOT_ALLOWED, "lto.footer.not_allowed", ERROR, 0)             \
    X(LTO_URL_BUTTON_MISSING, "lto.url_button.missing", ERROR, 0)             \
    X(SEND_PARAM_COUNT, "send.param.count", ERROR, 132000)                    \
    X(SEND_PARAM_MISSING, "send.param.missing", ERROR, 132000)                \
    X(SEND_PARAM_UNKNOWN, "send.param.unknown", ERROR, 132000)                \
    X(SEND_PARAM_WHITESPACE, "send.param.whitespace", ERROR, 132018)          \
    X(SEND_PARAM_EMPTY, "send.param.empty", ERROR, 132008)                    \
    X(SEND_BODY_TOO_LONG, "send.body.too_long", ERROR, 132005)                \
    X(SEND_HEADER_TOO_LONG, "send.header.too_long", ERROR, 132005)            \
    X(SEND_URL_TOO_LONG, "send.url.too_long", ERROR, 0)                       \
    X(SEND_AUTH_CODE, "send.auth.code", ERROR, 0)                             \
    X(SEND_COUPON_INVALID, "send.coupon.invalid", ERROR, 0)                   \
    X(PARAM_UNDEFINED_LITERAL, "param.undefined_literal", WARNING, 0)

#define WATPL__RULE_ENUM(name, id, sev, code) WATPL__R_##name,
enum watpl__rule_index { WATPL__RULE_LIST(WATPL__RULE_ENUM) WATPL__RULE_COUNT };
#undef WATPL__RULE_ENUM

typedef struct watpl__rule {
    const char *id;
    int severity;       /* default WATPL_SEVERITY_* */
    int64_t meta_code;  /* 0 when Meta has none */
} watpl__rule;

/* The catalogue row of rule r. */
const watpl__rule *watpl__rule_get(enum watpl__rule_index r);

/* Add a diagnostic for rule r with its default severity and Meta code. */
int watpl__diag_add(watpl_report *rep, enum watpl__rule_index r, int component, int64_t index,
                    int64_t offset, int64_t length, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* Same with an explicit severity (policy-dependent rules). */
int watpl__diag_add_sev(watpl_report *rep, enum watpl__rule_index r, int severity, int component,
                        int64_t index, int64_t offset, int64_t length, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

#endif
