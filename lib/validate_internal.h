/* Validation internals: the state of one validation, the entry point of
 * each rule family (validate.c, the driver, walks the components and calls
 * them; each rules_<family>.c implements one), and the helpers that several
 * families use (rules_common.c). A rule file calls only rules_common.c and
 * the layers below, never validate.c or another rule file
 * (tools/check-layers.sh). Never installed. SPDX-License-Identifier: MIT */
#ifndef WATPL_VALIDATE_INTERNAL_H
#define WATPL_VALIDATE_INTERNAL_H

#include "limits_internal.h"
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

/* ---- the families, in the order the driver runs them -------------------------
 * Each adds its findings; returns WATPL_OK or WATPL_ENOMEM. A text check
 * takes the component and the position its findings carry (component kind,
 * or WATPL_COMPONENT_CARD with the card's index). */

/* template.* (rules_template.c): name, language, category, components. */
int watpl__check_template(watpl__vstate *v);
/* header.* (rules_header.c) */
int watpl__check_header(watpl__vstate *v, const watpl__component *c, int component, int64_t index);
/* body.* and param.undefined_literal (rules_body.c); max_len is the body limit where it is */
int watpl__check_body(watpl__vstate *v, const watpl__component *c, int component, int64_t index,
                      size_t max_len);
/* buttons.*, button.* (rules_buttons.c) over one BUTTONS component */
int watpl__check_buttons(watpl__vstate *v, const watpl__component *c, int component,
                         int64_t index);
/* carousel.* (rules_carousel.c): the card count, then each card after its
 * components were checked, then the cards against the first. */
int watpl__check_carousel_count(watpl__vstate *v, const watpl__component *carousel);
int watpl__check_card(watpl__vstate *v, const watpl__card *card, int64_t k);
int watpl__check_cards_alike(watpl__vstate *v, const watpl__component *carousel);
/* lto.* (rules_lto.c) */
int watpl__check_lto(watpl__vstate *v, const watpl__component *lto);
/* footer.* (rules_footer.c) */
int watpl__check_footer(watpl__vstate *v);
/* param.* over every header and body text (rules_param.c) */
int watpl__check_params(watpl__vstate *v);
/* auth.* (rules_auth.c), for AUTHENTICATION templates */
int watpl__check_auth(watpl__vstate *v);
/* category.* (rules_category.c), the classifier's verdict among them */
int watpl__check_category(watpl__vstate *v);

/* ---- shared by the rule files (rules_common.c) -------------------------------- */

/* Length of s in the policy's counting unit. */
static inline size_t watpl__policy_len(const watpl__vstate *v, const watpl__str *s)
{
    return s->s ? watpl__count_chars(s->s, s->len, v->policy->count_unit) : 0;
}

static inline bool watpl__editor_policy(const watpl__vstate *v)
{
    return v->policy->placement_policy == WATPL_PLACEMENT_EDITOR;
}

/* A card's header is checked and counts as its media when IMAGE or VIDEO. */
static inline bool watpl__card_media(const watpl__component *c)
{
    return c->format == WATPL_HEADER_IMAGE || c->format == WATPL_HEADER_VIDEO;
}

static inline bool watpl__is_space_byte(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* A letter, digit, dot or dash: a host name goes on. */
static inline bool watpl__is_host_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-';
}

#define WATPL__PH_KEEP 256 /* placeholders kept per text; more are counted, not positioned */

/* The placeholders of one text, in order. */
typedef struct watpl__ph_list {
    watpl__placeholder items[WATPL__PH_KEEP];
    size_t n;      /* kept */
    size_t total;  /* seen */
} watpl__ph_list;

/* The placeholder list of a check: the context's workspace slot
 * WATPL__SLOT_PLACEHOLDERS, kept between calls and borrowed by one check at
 * a time (a second borrow fails). WATPL_OK, WATPL_ENOMEM or the failure of
 * the borrow. watpl__ph_return gives it back and returns rc, the result of
 * the check that used it. */
int watpl__ph_borrow(watpl__vstate *v, watpl__ph_list **l);
int watpl__ph_return(watpl__vstate *v, watpl__ph_list *l, int rc);
/* Fill l with the placeholders of s. */
void watpl__ph_scan(const watpl__str *s, watpl__ph_list *l);

static inline bool watpl__ph_is_variable(const watpl__placeholder *p)
{
    return p->kind == WATPL__PH_POSITIONAL || p->kind == WATPL__PH_NAMED;
}

/* Distinct variables of s: positional numbers or names. */
size_t watpl__ph_distinct(const watpl__str *s, const watpl__ph_list *l);
/* The examples of c cover the variables of its text: one per distinct
 * positional variable, or one per name. */
bool watpl__examples_cover(const watpl__component *c, const watpl__str *text, const watpl__ph_list *l,
                           size_t distinct);
/* The first line break of s, or NULL. */
const char *watpl__find_newline(const watpl__str *s);
/* First link through a URL shortener (bit.ly, ...) in s. */
bool watpl__find_shortener(const char *s, size_t len, size_t *off, size_t *slen);
/* An authentication OTP button as Meta returns it from GET: type URL with
 * Meta's own OTP link. */
bool watpl__is_otp_url_button(const watpl__button *b);
static inline bool watpl__is_otp(const watpl__button *b)
{
    return b->type == WATPL_BUTTON_OTP || watpl__is_otp_url_button(b);
}

#endif
