/* Validation internals: the state shared by the rule families (validate.c
 * drives them; rules_*.c implement them). Never installed.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_VALIDATE_INTERNAL_H
#define WATPL_VALIDATE_INTERNAL_H

#include "rules_internal.h"
#include "template_internal.h"
#include "text_internal.h"

typedef struct watpl__vstate {
    watpl_ctx *ctx;
    const watpl__policy *policy;
    const watpl_template *tpl;
    watpl_report *rep;
    int category;       /* the declared category, legacy mapped */
    bool is_carousel;
    bool is_lto;
    const watpl_classification *cls; /* the template's classification when already made, or NULL */
} watpl__vstate;

/* Each family adds its diagnostics; returns WATPL_OK or WATPL_ENOMEM. */
int watpl__check_template(watpl__vstate *v);
int watpl__check_header(watpl__vstate *v, const watpl__component *c, int component, int64_t index);
int watpl__check_body(watpl__vstate *v, const watpl__component *c, int component, int64_t index,
                      size_t max_len);
int watpl__check_params(watpl__vstate *v);
int watpl__check_footer(watpl__vstate *v);
int watpl__check_buttons(watpl__vstate *v, const watpl__component *c, int component,
                         int64_t index);
int watpl__check_auth(watpl__vstate *v);
int watpl__check_category(watpl__vstate *v);
int watpl__check_layout(watpl__vstate *v);

/* First link through a URL shortener (bit.ly, ...) in s. */
bool watpl__find_shortener(const char *s, size_t len, size_t *off, size_t *slen);

/* Length of s in the policy's counting unit (inline: every rule family
 * uses it, and a function of validate.c would make them call back into the
 * driver). */
static inline size_t watpl__policy_len(const watpl__vstate *v, const watpl__str *s)
{
    return s->s ? watpl__count_chars(s->s, s->len, v->policy->count_unit) : 0;
}

#endif
