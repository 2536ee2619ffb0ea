/* Meta's limits on a template and on a message sent from it, defined once
 * for validation (validate.c, rules_*.c) and render time (render.c), so the
 * two cannot disagree. docs/rules.md gives each with its rule id and the
 * unit it is counted in; docs/limits.md sums them up. The bounds on what the
 * library reads (WATPL__MAX_* of template_internal.h) are input bounds, not
 * Meta's limits. `make check` fails when a limit is defined in two files of
 * lib/ (tools/check-defines.sh). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_LIMITS_INTERNAL_H
#define WATPL_LIMITS_INTERNAL_H

/* template.* */
#define TEMPLATE_NAME_MAX 512   /* bytes of the template name */

/* header.*, body.*, footer.*, param.* */
#define HEADER_MAX 60           /* text header */
#define BODY_MAX 1024
#define FOOTER_MAX 60
#define PARAM_NAME_MAX 32       /* bytes of a named placeholder, {{first_name}} */

/* buttons.*, button.* */
#define BUTTONS_MAX 10
#define URL_BUTTONS_MAX 2
#define LABEL_MAX 25
#define URL_MAX 2000
#define PHONE_RAW_MAX 20        /* bytes of the phone number as written */

/* auth.* */
#define CODE_MAX 15             /* the one-time code, and a coupon code */
#define APPS_MAX 5              /* supported_apps of a one-tap or zero-tap button */
#define PACKAGE_MAX 224         /* bytes of an Android package name */
#define EXPIRATION_MIN 1        /* code_expiration_minutes */
#define EXPIRATION_MAX 90

/* carousel.*, lto.* */
#define CARD_BODY_MAX 160
#define CARDS_MIN 2
#define CARDS_MAX 10
#define CARD_BUTTONS_MAX 2
#define LTO_BODY_MAX 600        /* the body of a limited-time offer */
#define LTO_TEXT_MAX 16         /* the offer text */

#endif
