/* The rule catalogue: one row per rule, used by validation (rules_*.c) and
 * send time (send.c). Ids, severities and Meta codes are a public contract:
 * rows are only ever appended. docs/rules.md is generated from this table
 * (tools/gen_docs.c, `make docs`; `make check` fails when the committed page
 * differs). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_RULES_INTERNAL_H
#define WATPL_RULES_INTERNAL_H

#include <stdint.h>

#include "limits_internal.h"
#include "report_internal.h"

/* The Meta pages a rule comes from (the source column of docs/rules.md). */
#define WATPL__SRC_COMP "https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/components"
#define WATPL__SRC_REVIEW "https://developers.facebook.com/docs/whatsapp/message-templates/guidelines"
#define WATPL__SRC_LANG "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/supported-languages/"
#define WATPL__SRC_CAT "https://developers.facebook.com/documentation/business-messaging/whatsapp/templates/template-categorization"
#define WATPL__SRC_AUTH "https://developers.facebook.com/docs/whatsapp/business-management-api/authentication-templates"
#define WATPL__SRC_CAROUSEL "https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/media-card-carousel-templates"
#define WATPL__SRC_LTO "https://developers.facebook.com/docs/whatsapp/business-management-api/message-templates/limited-time-offer-templates"
#define WATPL__SRC_ERR "https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes"
#define WATPL__SRC_WAM "https://business.facebook.com/latest/whatsapp_manager/message_templates"

/* X(enum suffix, id, default severity, Meta error code (0: none),
 *   limit (a name of limits_internal.h, or NONE),
 *   message (printf format; its arguments are given by the check, limits
 *   among them: a message never retypes a limit),
 *   what it checks (docs/rules.md; ${NAME} is written as the value of the
 *   limit NAME, or the default of the option WATPL_OPT_NAME),
 *   Meta page (WATPL__SRC_*))
 * A check that says more than the row's message passes its own
 * (watpl__diag_add); the row's is the one most findings carry. */
#define WATPL__RULE_LIST(X) \
    X(TEMPLATE_NAME_MISSING, "template.name.missing", ERROR, 0, NONE, \
      "the template has no name", \
      "no `name`", \
      COMP) \
    X(TEMPLATE_NAME_CHARSET, "template.name.charset", ERROR, 0, NONE, \
      "the name may hold only lowercase letters, digits and underscores", \
      "the name is not `[a-z0-9_]+`", \
      COMP) \
    X(TEMPLATE_NAME_TOO_LONG, "template.name.too_long", ERROR, 2388040, TEMPLATE_NAME_MAX, \
      "the name is %zu characters long; the limit is %d", \
      "the name is over ${TEMPLATE_NAME_MAX} characters", \
      COMP) \
    X(TEMPLATE_LANGUAGE_MISSING, "template.language.missing", ERROR, 0, NONE, \
      "the template has no language", \
      "no `language`", \
      COMP) \
    X(TEMPLATE_LANGUAGE_UNKNOWN, "template.language.unknown", ERROR, 0, NONE, \
      "'%s' is not one of Meta's language codes (they look like en_US, pt_BR, es)", \
      "not one of Meta's 111 codes (exact and case-sensitive: `en_US`, not `en-US`)", \
      LANG) \
    X(TEMPLATE_CATEGORY_MISSING, "template.category.missing", ERROR, 0, NONE, \
      "the template has no category", \
      "no `category`", \
      CAT) \
    X(TEMPLATE_CATEGORY_INVALID, "template.category.invalid", ERROR, 0, NONE, \
      "'%s' is not a category: use MARKETING, UTILITY or AUTHENTICATION", \
      "not MARKETING, UTILITY, AUTHENTICATION or a legacy value", \
      CAT) \
    X(TEMPLATE_CATEGORY_LEGACY, "template.category.legacy", WARNING, 0, NONE, \
      "'%s' is a legacy category; Meta treats it as %s", \
      "a legacy value (TRANSACTIONAL and the 11 pre-2022 values become UTILITY, OTP becomes AUTHENTICATION)", \
      CAT) \
    X(TEMPLATE_PARAMETER_FORMAT_INVALID, "template.parameter_format.invalid", ERROR, 0, NONE, \
      "parameter_format '%s' must be positional or named", \
      "`parameter_format` is not `positional` or `named` (either case)", \
      COMP) \
    X(TEMPLATE_COMPONENT_UNKNOWN, "template.component.unknown", ERROR, 0, NONE, \
      "'%s' is not a component type", \
      "a component type other than HEADER, BODY, FOOTER, BUTTONS, CAROUSEL, LIMITED_TIME_OFFER", \
      COMP) \
    X(TEMPLATE_COMPONENT_DUPLICATE, "template.component.duplicate", ERROR, 0, NONE, \
      "the template has more than one %s component", \
      "a component type appears twice", \
      COMP) \
    X(TEMPLATE_BODY_MISSING, "template.body.missing", ERROR, 0, NONE, \
      "the template has no BODY component", \
      "no BODY component", \
      COMP) \
    X(HEADER_FORMAT_INVALID, "header.format.invalid", ERROR, 2388047, NONE, \
      "header format '%s' is not TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION", \
      "a format other than TEXT, IMAGE, VIDEO, DOCUMENT, LOCATION (GIF and PRODUCT in MARKETING only)", \
      COMP) \
    X(HEADER_TEXT_MISSING, "header.text.missing", ERROR, 0, NONE, \
      "a TEXT header needs text", \
      "a TEXT header without text", \
      COMP) \
    X(HEADER_TEXT_TOO_LONG, "header.text.too_long", ERROR, 2388040, HEADER_MAX, \
      "the header is %zu characters long; the limit is %d", \
      "a text header over ${HEADER_MAX} characters", \
      COMP) \
    X(HEADER_TEXT_TOO_MANY_PARAMS, "header.text.too_many_params", ERROR, 2388047, HEADER_PARAMS_MAX, \
      "a header may hold only one variable; this one has %zu", \
      "more than one variable in the header", \
      COMP) \
    X(HEADER_TEXT_NEWLINE, "header.text.newline", ERROR, 2388047, NONE, \
      "a header cannot contain a line break", \
      "a line break in the header", \
      WAM) \
    X(HEADER_TEXT_FORMATTING, "header.text.formatting", WARNING, 0, NONE, \
      "headers do not support formatting markup; it is shown as written", \
      "`*`, `_`, `~` or backtick markup, or an emoji, in the header", \
      WAM) \
    X(HEADER_EXAMPLE_MISSING, "header.example.missing", ERROR, 2388043, NONE, \
      "the header variable needs a sample value (example.header_text)", \
      "a header variable without `example.header_text`, or a media header without `example.header_handle`", \
      COMP) \
    X(BODY_EMPTY, "body.empty", ERROR, 0, NONE, \
      "the body has no text", \
      "the body is empty or whitespace (not for AUTHENTICATION, whose text is preset)", \
      COMP) \
    X(BODY_TOO_LONG, "body.too_long", ERROR, 2388040, BODY_MAX, \
      "the body is %zu characters long; the limit here is %zu", \
      "over ${BODY_MAX} characters (${LTO_BODY_MAX} in a limited-time offer, ${CARD_BODY_MAX} in a carousel card)", \
      COMP) \
    X(BODY_LEADING_PARAM, "body.leading_param", ERROR, 2388299, NONE, \
      "the body starts with %.*s: WhatsApp Manager's editor refuses this, though Meta has approved such templates through the API", \
      "a variable is the first thing in the body: error when it is alone on the first line (Meta refused it), warning otherwise (Meta approved it); see variable placement", \
      REVIEW) \
    X(BODY_TRAILING_PARAM, "body.trailing_param", WARNING, 2388299, NONE, \
      "the body ends with %.*s: providers' pages and WhatsApp Manager's editor refuse this, though Meta has approved such templates through the API", \
      "a variable is the last thing in the body (warning: Meta approved it); with only a final `.`, `!` or `?` after it, reported under the editor policy only; see variable placement", \
      REVIEW) \
    X(BODY_ADJACENT_PARAMS, "body.adjacent_params", WARNING, 0, NONE, \
      "variables must be separated by text", \
      "two variables with nothing between them (error), or only whitespace (warning: Meta approved it); only punctuation under the editor policy; see variable placement", \
      WAM) \
    X(BODY_TOO_MANY_PARAMS, "body.too_many_params", WARNING, 2388293, NONE, \
      "%zu variables with %zu words of text around them (%zu wanted): Meta may refuse this, though it has approved such templates (its own sample_flight_confirmation among them)", \
      "fewer than ${WORDS_PER_PARAM} plain words per distinct variable (warning: Meta approved denser bodies; policy options); words counted per writing system, Thai by 7 characters", \
      REVIEW) \
    X(BODY_CONSECUTIVE_NEWLINES, "body.consecutive_newlines", ERROR, 0, NEWLINE_RUN_MAX, \
      "more than one blank line in a row is not allowed", \
      "3 or more consecutive line breaks (`\\r\\n` counts as one)", \
      WAM) \
    X(BODY_EMOJI_COUNT, "body.emoji_count", WARNING, 0, NONE, \
      "the body has %zu emoji; more than %d may be rejected", \
      "more than ${EMOJI_CAP_MARKETING} emoji (${EMOJI_CAP_UTILITY} in UTILITY); both caps are policy options", \
      WAM) \
    X(BODY_SHORTENED_URL, "body.shortened_url", WARNING, 0, NONE, \
      "links through URL shorteners are often rejected; use the full link", \
      "a link through a URL shortener (bit.ly, tinyurl.com, goo.gl, t.co, ow.ly, is.gd, cutt.ly, rb.gy)", \
      WAM) \
    X(BODY_EXAMPLE_MISSING, "body.example.missing", ERROR, 2388043, NONE, \
      "the body has %zu variables but %zu sample values (example.body_text)", \
      "variables without examples, or a different number of examples than distinct variables", \
      COMP) \
    X(PARAM_MALFORMED, "param.malformed", ERROR, 0, NONE, \
      "malformed variable: write {{1}} or {{name}} with two braces on each side and no spaces", \
      "mismatched braces, `{{ }}`, `{1}`, spaces inside the braces, or a placeholder that is neither a number nor a name", \
      REVIEW) \
    X(PARAM_SPECIAL_CHARS, "param.special_chars", ERROR, 0, NONE, \
      "variables cannot contain #, $ or %%", \
      "`#`, `$` or `%` inside the braces", \
      REVIEW) \
    X(PARAM_NOT_SEQUENTIAL, "param.not_sequential", ERROR, 0, NONE, \
      "positional variables must be numbered 1 to n without gaps; {{%lld}} is missing", \
      "positional numbers are not exactly 1..n", \
      REVIEW) \
    X(PARAM_MIXED_FORMATS, "param.mixed_formats", ERROR, 0, NONE, \
      "named and positional variables cannot be mixed in one template", \
      "named and positional variables together, or variables that disagree with `parameter_format`", \
      COMP) \
    X(PARAM_NAMED_INVALID, "param.named.invalid", ERROR, 0, PARAM_NAME_MAX, \
      "variable names use lowercase letters, digits and underscores (up to %d)", \
      "a name outside `[a-z_][a-z0-9_]*`, 1 to ${PARAM_NAME_MAX} characters", \
      WAM) \
    X(FOOTER_TOO_LONG, "footer.too_long", ERROR, 2388040, FOOTER_MAX, \
      "the footer is %zu characters long; the limit is %d", \
      "a footer over ${FOOTER_MAX} characters", \
      COMP) \
    X(FOOTER_PARAM, "footer.param", ERROR, 2388073, NONE, \
      "variables are not supported in the footer", \
      "a variable in the footer (error by default; policy option)", \
      WAM) \
    X(FOOTER_NEWLINE, "footer.newline", ERROR, 2388073, NONE, \
      "a footer cannot contain a line break", \
      "a line break in the footer", \
      WAM) \
    X(BUTTONS_TOO_MANY, "buttons.too_many", ERROR, 0, BUTTONS_MAX, \
      "%zu buttons; a template may have at most %d", \
      "more than ${BUTTONS_MAX} buttons", \
      COMP) \
    X(BUTTONS_URL_TOO_MANY, "buttons.url.too_many", ERROR, 0, URL_BUTTONS_MAX, \
      "%zu URL buttons; at most %d are allowed", \
      "more than ${URL_BUTTONS_MAX} URL buttons", \
      COMP) \
    X(BUTTONS_PHONE_TOO_MANY, "buttons.phone.too_many", ERROR, 0, PHONE_BUTTONS_MAX, \
      "%zu phone number buttons; at most one is allowed", \
      "more than ${PHONE_BUTTONS_MAX} PHONE_NUMBER button", \
      COMP) \
    X(BUTTONS_COPY_CODE_TOO_MANY, "buttons.copy_code.too_many", ERROR, 0, COPY_CODE_BUTTONS_MAX, \
      "%zu copy code buttons; at most one is allowed", \
      "more than ${COPY_CODE_BUTTONS_MAX} COPY_CODE button", \
      COMP) \
    X(BUTTONS_GROUPING, "buttons.grouping", ERROR, 0, NONE, \
      "quick reply buttons must be grouped together, before or after the other buttons", \
      "quick replies not all together (QR, URL, QR)", \
      COMP) \
    X(BUTTON_TYPE_INVALID, "button.type.invalid", ERROR, 0, NONE, \
      "'%s' is not a button type", \
      "an unknown button type", \
      COMP) \
    X(BUTTON_TYPE_NOT_ALLOWED, "button.type.not_allowed", ERROR, 0, NONE, \
      "OTP buttons are only for AUTHENTICATION templates", \
      "OTP outside AUTHENTICATION, or anything but OTP in AUTHENTICATION", \
      AUTH) \
    X(BUTTON_TEXT_MISSING, "button.text.missing", ERROR, 0, NONE, \
      "the button has no label", \
      "a button without a label (OTP and COPY_CODE labels are preset)", \
      COMP) \
    X(BUTTON_TEXT_TOO_LONG, "button.text.too_long", ERROR, 2388040, LABEL_MAX, \
      "the label is %zu characters long; the limit is %d", \
      "a label over ${LABEL_MAX} characters", \
      COMP) \
    X(BUTTON_TEXT_PARAM, "button.text.param", ERROR, 0, NONE, \
      "button labels cannot contain variables", \
      "a variable in a label", \
      WAM) \
    X(BUTTON_TEXT_FORMATTING, "button.text.formatting", ERROR, 0, NONE, \
      "button labels cannot contain line breaks, emoji or formatting markup", \
      "a line break, emoji or `*` `_` `~` in a label", \
      WAM) \
    X(BUTTON_TEXT_DUPLICATE, "button.text.duplicate", WARNING, 0, NONE, \
      "two buttons have the label '%s'", \
      "two buttons with the same label", \
      WAM) \
    X(BUTTON_URL_MISSING, "button.url.missing", ERROR, 0, NONE, \
      "the URL button has no url", \
      "a URL button without `url`", \
      COMP) \
    X(BUTTON_URL_TOO_LONG, "button.url.too_long", ERROR, 2388040, URL_MAX, \
      "the URL is %zu characters long; the limit is %d", \
      "a URL over ${URL_MAX} characters", \
      COMP) \
    X(BUTTON_URL_INVALID, "button.url.invalid", ERROR, 0, NONE, \
      "the URL must be an absolute http:// or https:// address", \
      "not an absolute `http://` or `https://` URL", \
      WAM) \
    X(BUTTON_URL_PARAM_POSITION, "button.url.param_position", ERROR, 0, NONE, \
      "a URL may hold one variable, {{1}}, at its very end", \
      "more than one variable in the URL, or one not at the very end", \
      COMP) \
    X(BUTTON_URL_EXAMPLE_MISSING, "button.url.example_missing", ERROR, 2388043, NONE, \
      "the URL variable needs a sample value (example)", \
      "a URL variable without `example`", \
      COMP) \
    X(BUTTON_URL_WHATSAPP_LINK, "button.url.whatsapp_link", ERROR, 2388081, NONE, \
      "buttons cannot link to WhatsApp itself", \
      "a link to wa.me, api.whatsapp.com, chat.whatsapp.com or whatsapp.com/send", \
      WAM) \
    X(BUTTON_URL_SHORTENER, "button.url.shortener", WARNING, 0, NONE, \
      "links through URL shorteners are often rejected; use the full link", \
      "a URL-shortener host", \
      WAM) \
    X(BUTTON_PHONE_INVALID, "button.phone.invalid", ERROR, 0, PHONE_DIGITS_MAX, \
      "the phone number must be %d to %d digits with the country code first (+ optional)", \
      "not ${PHONE_DIGITS_MIN} to ${PHONE_DIGITS_MAX} digits (a leading `+`, spaces and dashes allowed), or over ${PHONE_RAW_MAX} characters", \
      COMP) \
    X(BUTTON_COPY_CODE_EXAMPLE, "button.copy_code.example", ERROR, 0, CODE_MAX, \
      "a copy code button needs an example code of 1 to %d letters or digits", \
      "a COPY_CODE example missing, over ${CODE_MAX} characters or not alphanumeric", \
      COMP) \
    X(AUTH_HEADER_NOT_ALLOWED, "auth.header.not_allowed", ERROR, 0, NONE, \
      "authentication templates have no header", \
      "a HEADER in an AUTHENTICATION template", \
      AUTH) \
    X(AUTH_BODY_CUSTOM_TEXT, "auth.body.custom_text", ERROR, 0, NONE, \
      "the text of authentication templates is preset by Meta; remove \"text\"", \
      "an AUTHENTICATION body with its own text (the preset that Meta returns, with `*{{1}}*`, is accepted)", \
      AUTH) \
    X(AUTH_FOOTER_INVALID, "auth.footer.invalid", ERROR, 0, EXPIRATION_MAX, \
      "code_expiration_minutes must be between %d and %d", \
      "a footer with its own text, or `code_expiration_minutes` outside ${EXPIRATION_MIN}..${EXPIRATION_MAX}", \
      AUTH) \
    X(AUTH_OTP_MISSING, "auth.otp.missing", ERROR, 0, NONE, \
      "an authentication template needs an OTP button", \
      "no OTP button", \
      AUTH) \
    X(AUTH_OTP_COUNT, "auth.otp.count", ERROR, 0, NONE, \
      "an authentication template has exactly one OTP button", \
      "more than one OTP button", \
      AUTH) \
    X(AUTH_OTP_TYPE, "auth.otp.type", ERROR, 0, NONE, \
      "otp_type must be COPY_CODE, ONE_TAP or ZERO_TAP", \
      "`otp_type` not COPY_CODE, ONE_TAP or ZERO_TAP", \
      AUTH) \
    X(AUTH_OTP_TEXT, "auth.otp.text", ERROR, 0, LABEL_MAX, \
      "OTP button labels are limited to %d characters", \
      "an OTP label or autofill text over ${LABEL_MAX} characters, or autofill text on COPY_CODE", \
      AUTH) \
    X(AUTH_APPS_INVALID, "auth.apps.invalid", ERROR, 0, APPS_MAX, \
      "at most %d supported apps", \
      "ONE_TAP/ZERO_TAP without `supported_apps`, more than ${APPS_MAX}, a bad `package_name` or `signature_hash`, or a duplicate", \
      AUTH) \
    X(AUTH_ZERO_TAP_TERMS, "auth.zero_tap.terms", ERROR, 0, NONE, \
      "ZERO_TAP needs \"zero_tap_terms_accepted\": true", \
      "ZERO_TAP without `zero_tap_terms_accepted: true`", \
      AUTH) \
    X(CATEGORY_MISMATCH, "category.mismatch", WARNING, 0, NONE, \
      "the content reads as %s (confidence %s), not %s%s%s%s", \
      "the classifier's category differs from the declared one with enough confidence (policy option)", \
      CAT) \
    X(CATEGORY_OTP_CONTENT, "category.otp_content", ERROR, 0, NONE, \
      "one-time codes must be sent with an AUTHENTICATION template", \
      "a MARKETING or UTILITY template that sends a one-time code", \
      CAT) \
    X(CATEGORY_CAROUSEL_NOT_MARKETING, "category.carousel.not_marketing", ERROR, 0, NONE, \
      "carousel templates must be MARKETING", \
      "a carousel that is not MARKETING", \
      CAROUSEL) \
    X(CATEGORY_LTO_NOT_MARKETING, "category.lto.not_marketing", ERROR, 0, NONE, \
      "limited-time offer templates must be MARKETING", \
      "a limited-time offer that is not MARKETING", \
      LTO) \
    X(CAROUSEL_CARDS_COUNT, "carousel.cards.count", ERROR, 0, CARDS_MAX, \
      "a carousel has %d to %d cards; this one has %zu", \
      "fewer than ${CARDS_MIN} or more than ${CARDS_MAX} cards", \
      CAROUSEL) \
    X(CAROUSEL_CARD_HEADER, "carousel.card.header", ERROR, 0, NONE, \
      "each card needs an IMAGE or VIDEO header", \
      "a card without an IMAGE or VIDEO header", \
      CAROUSEL) \
    X(CAROUSEL_CARD_BUTTONS, "carousel.card.buttons", ERROR, 0, CARD_BUTTONS_MAX, \
      "each card needs 1 or %d buttons; this one has %zu", \
      "a card with no button or more than ${CARD_BUTTONS_MAX}", \
      CAROUSEL) \
    X(CAROUSEL_CARDS_INCONSISTENT, "carousel.cards.inconsistent", ERROR, 0, NONE, \
      "all cards must have the same components and button types as the first", \
      "cards that differ in components or button types", \
      CAROUSEL) \
    X(LTO_TEXT_TOO_LONG, "lto.text.too_long", ERROR, 0, LTO_TEXT_MAX, \
      "the offer text is limited to %d characters", \
      "`limited_time_offer.text` over ${LTO_TEXT_MAX} characters", \
      LTO) \
    X(LTO_FOOTER_NOT_ALLOWED, "lto.footer.not_allowed", ERROR, 0, NONE, \
      "limited-time offers have no footer", \
      "a FOOTER in a limited-time offer", \
      LTO) \
    X(LTO_URL_BUTTON_MISSING, "lto.url_button.missing", ERROR, 0, NONE, \
      "a limited-time offer needs a URL button", \
      "a limited-time offer without a URL button", \
      LTO) \
    X(SEND_PARAM_COUNT, "send.param.count", ERROR, 132000, NONE, \
      "%zu values given; the %s has %lld variables", \
      "the number of values differs from the variables of a component", \
      ERR) \
    X(SEND_PARAM_MISSING, "send.param.missing", ERROR, 132000, NONE, \
      "no value for the variable {{%.*s}}", \
      "a named variable without a value", \
      ERR) \
    X(SEND_PARAM_UNKNOWN, "send.param.unknown", ERROR, 132000, NONE, \
      "the template has no variable named '%s'", \
      "a value for a name or a button the template does not have", \
      ERR) \
    X(SEND_PARAM_WHITESPACE, "send.param.whitespace", ERROR, 132018, NONE, \
      "values cannot contain line breaks, tabs or more than 4 spaces in a row", \
      "a value with a line break, a tab or 5+ consecutive spaces", \
      ERR) \
    X(SEND_PARAM_EMPTY, "send.param.empty", ERROR, 132008, NONE, \
      "a value is empty", \
      "an empty value", \
      ERR) \
    X(SEND_BODY_TOO_LONG, "send.body.too_long", ERROR, 132005, BODY_MAX, \
      "%zu characters after substitution; the limit is %zu", \
      "the body over its limit after substitution", \
      ERR) \
    X(SEND_HEADER_TOO_LONG, "send.header.too_long", ERROR, 132005, HEADER_MAX, \
      "%zu characters after substitution; the limit is %zu", \
      "the text header over ${HEADER_MAX} after substitution", \
      ERR) \
    X(SEND_URL_TOO_LONG, "send.url.too_long", ERROR, 0, URL_MAX, \
      "the URL is %zu characters after substitution", \
      "a URL over ${URL_MAX} after substitution", \
      COMP) \
    X(SEND_AUTH_CODE, "send.auth.code", ERROR, 0, CODE_MAX, \
      "an authentication code is 1 to %d characters, without links or emoji", \
      "an authentication code over ${CODE_MAX} characters, or with a link or emoji", \
      AUTH) \
    X(SEND_COUPON_INVALID, "send.coupon.invalid", ERROR, 0, CODE_MAX, \
      "a coupon code is 1 to %d letters or digits", \
      "a coupon code over ${CODE_MAX} characters or not alphanumeric", \
      COMP) \
    X(PARAM_UNDEFINED_LITERAL, "param.undefined_literal", WARNING, 0, NONE, \
      "'%.*s' looks like a value that was missing when the text was generated", \
      "the words `undefined`, `null`, `NaN` or `[object Object]`: a value was missing when the text was generated", \
      REVIEW)

#define WATPL__RULE_ENUM(name, id, sev, code, limit, msg, what, src) WATPL__R_##name,
enum watpl__rule_index { WATPL__RULE_LIST(WATPL__RULE_ENUM) WATPL__RULE_COUNT };
#undef WATPL__RULE_ENUM

/* Add a finding of rule r with its default severity, Meta code and message,
 * formatted with the arguments that follow (the message's). */
int watpl__finding(watpl_report *rep, enum watpl__rule_index r, int component, int64_t index,
                   int64_t offset, int64_t length, ...);
/* Same with an explicit severity (policy-dependent rules). */
int watpl__finding_sev(watpl_report *rep, enum watpl__rule_index r, int severity, int component,
                       int64_t index, int64_t offset, int64_t length, ...);

/* Add a finding of rule r with a message of the check's own (a variant of
 * the row's). */
int watpl__diag_add(watpl_report *rep, enum watpl__rule_index r, int component, int64_t index,
                    int64_t offset, int64_t length, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 7, 8)))
#endif
    ;
/* Same with an explicit severity. */
int watpl__diag_add_sev(watpl_report *rep, enum watpl__rule_index r, int severity, int component,
                        int64_t index, int64_t offset, int64_t length, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 8, 9)))
#endif
    ;

#endif
