/* Validation over the template's layout: walks the components and cards,
 * and checks carousels (carousel.*), limited-time offers (lto.*) and the
 * category (category.*) of docs/rules.md. SPDX-License-Identifier: MIT */
#include <string.h>

#include "classify_internal.h"
#include "limits_internal.h"
#include "validate_internal.h"

static int check_card(watpl__vstate *v, const watpl__card *card, int64_t k)
{
    int rc = WATPL_OK;
    bool media = false;
    size_t buttons = 0;
    for (size_t i = 0; !rc && i < card->n_components; i++) {
        const watpl__component *c = &card->components[i];
        if (c->kind == WATPL_COMPONENT_HEADER) {
            media = c->format == WATPL_HEADER_IMAGE || c->format == WATPL_HEADER_VIDEO;
            if (media)
                rc = watpl__check_header(v, c, WATPL_COMPONENT_CARD, k);
        } else if (c->kind == WATPL_COMPONENT_BODY) {
            rc = watpl__check_body(v, c, WATPL_COMPONENT_CARD, k, CARD_BODY_MAX);
        } else if (c->kind == WATPL_COMPONENT_BUTTONS) {
            buttons += c->n_buttons;
            rc = watpl__check_buttons(v, c, WATPL_COMPONENT_CARD, k);
        }
    }
    if (!rc && !media)
        rc = watpl__diag_add(v->rep, WATPL__R_CAROUSEL_CARD_HEADER, WATPL_COMPONENT_CARD, k, -1, -1,
                             "each card needs an IMAGE or VIDEO header");
    if (!rc && (buttons == 0 || buttons > CARD_BUTTONS_MAX))
        rc = watpl__diag_add(v->rep, WATPL__R_CAROUSEL_CARD_BUTTONS, WATPL_COMPONENT_CARD, k, -1, -1,
                             "each card needs 1 or 2 buttons; this one has %zu", buttons);
    return rc;
}

/* A card's shape: its component kinds, header format and button types. */
static bool same_shape(const watpl__card *a, const watpl__card *b)
{
    if (a->n_components != b->n_components)
        return false;
    for (size_t i = 0; i < a->n_components; i++) {
        const watpl__component *x = &a->components[i], *y = &b->components[i];
        if (x->kind != y->kind || x->format != y->format || x->n_buttons != y->n_buttons)
            return false;
        for (size_t j = 0; j < x->n_buttons; j++)
            if (x->buttons[j].type != y->buttons[j].type)
                return false;
    }
    return true;
}

static int check_carousel(watpl__vstate *v, const watpl__component *car)
{
    int rc = WATPL_OK;
    if (car->n_cards < CARDS_MIN || car->n_cards > CARDS_MAX)
        rc = watpl__diag_add(v->rep, WATPL__R_CAROUSEL_CARDS_COUNT, WATPL_COMPONENT_CAROUSEL, -1, -1, -1,
                             "a carousel has 2 to 10 cards; this one has %zu", car->n_cards);
    for (size_t k = 0; !rc && k < car->n_cards; k++)
        rc = check_card(v, &car->cards[k], (int64_t)k);
    for (size_t k = 1; !rc && k < car->n_cards; k++)
        if (!same_shape(&car->cards[0], &car->cards[k]))
            rc = watpl__diag_add(v->rep, WATPL__R_CAROUSEL_CARDS_INCONSISTENT, WATPL_COMPONENT_CARD,
                                 (int64_t)k, -1, -1,
                                 "all cards must have the same components and button types as the first");
    return rc;
}

static int check_lto(watpl__vstate *v, const watpl__component *lto)
{
    int rc = WATPL_OK;
    if (lto->lto_text.s && watpl__policy_len(v, &lto->lto_text) > LTO_TEXT_MAX)
        rc = watpl__diag_add(v->rep, WATPL__R_LTO_TEXT_TOO_LONG, WATPL_COMPONENT_LIMITED_TIME_OFFER, -1,
                             -1, -1, "the offer text is limited to %d characters", LTO_TEXT_MAX);
    if (!rc && watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_FOOTER))
        rc = watpl__diag_add(v->rep, WATPL__R_LTO_FOOTER_NOT_ALLOWED, WATPL_COMPONENT_FOOTER, -1, -1, -1,
                             "limited-time offers have no footer");
    const watpl__component *bc = watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_BUTTONS);
    bool url = false;
    for (size_t i = 0; bc && i < bc->n_buttons; i++)
        url |= bc->buttons[i].type == WATPL_BUTTON_URL;
    if (!rc && !url)
        rc = watpl__diag_add(v->rep, WATPL__R_LTO_URL_BUTTON_MISSING, WATPL_COMPONENT_BUTTONS, -1, -1, -1,
                             "a limited-time offer needs a URL button");
    return rc;
}

int watpl__check_category(watpl__vstate *v)
{
    int rc = WATPL_OK;
    bool marketing = v->category == WATPL_CATEGORY_MARKETING;
    if (v->is_carousel && !marketing && v->category != WATPL_CATEGORY_NONE)
        rc = watpl__diag_add(v->rep, WATPL__R_CATEGORY_CAROUSEL_NOT_MARKETING, WATPL_COMPONENT_TEMPLATE,
                             -1, -1, -1, "carousel templates must be MARKETING");
    if (!rc && v->is_lto && !marketing && v->category != WATPL_CATEGORY_NONE)
        rc = watpl__diag_add(v->rep, WATPL__R_CATEGORY_LTO_NOT_MARKETING, WATPL_COMPONENT_TEMPLATE, -1,
                             -1, -1, "limited-time offer templates must be MARKETING");
    if (rc || v->category == WATPL_CATEGORY_NONE || v->category == WATPL_CATEGORY_AUTHENTICATION)
        return rc;
    watpl__verdict verdict;
    if (v->cls)
        watpl__verdict_of(v->cls, &verdict);
    else if ((rc = watpl__classify_verdict(v->ctx, v->tpl, &verdict)) != WATPL_OK)
        return rc;
    if (verdict.sends_code)
        return watpl__diag_add(v->rep, WATPL__R_CATEGORY_OTP_CONTENT, verdict.code_component, -1,
                               verdict.code_offset, verdict.code_length,
                               "one-time codes must be sent with an AUTHENTICATION template");
    if (verdict.category != v->category && verdict.category != WATPL_CATEGORY_NONE &&
        verdict.confidence * 1000.0 >= (double)v->policy->mismatch_confidence) {
        const char *extra = v->category == WATPL_CATEGORY_UTILITY &&
                                    verdict.category == WATPL_CATEGORY_MARKETING
                                ? "; Meta will approve it as MARKETING, at the MARKETING price"
                                : "";
        char confidence[WATPL__FIXED_CAP];
        watpl__fmt_fixed(confidence, verdict.confidence, 2);
        rc = watpl__diag_add(v->rep, WATPL__R_CATEGORY_MISMATCH, WATPL_COMPONENT_TEMPLATE, -1, -1, -1,
                             "the content reads as %s (confidence %s), not %s%s%s%s",
                             watpl_category_name(verdict.category), confidence,
                             watpl_category_name(v->category), extra,
                             verdict.why[0] ? "; deciding signals: " : "", verdict.why);
    }
    return rc;
}

static int check_components(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    bool auth = v->category == WATPL_CATEGORY_AUTHENTICATION;
    size_t body_max = v->is_lto ? LTO_BODY_MAX : BODY_MAX;
    int rc = WATPL_OK;
    bool seen[16] = {false};
    for (size_t i = 0; !rc && i < t->n_components; i++) {
        const watpl__component *c = &t->components[i];
        if (c->kind < 0 || c->kind >= 16 || seen[c->kind])
            continue; /* unknown or duplicate: reported by template.component.* */
        seen[c->kind] = true;
        if (c->kind == WATPL_COMPONENT_HEADER && !auth)
            rc = watpl__check_header(v, c, WATPL_COMPONENT_HEADER, -1);
        else if (c->kind == WATPL_COMPONENT_BODY && !auth)
            rc = watpl__check_body(v, c, WATPL_COMPONENT_BODY, -1, body_max);
        else if (c->kind == WATPL_COMPONENT_BUTTONS)
            rc = watpl__check_buttons(v, c, WATPL_COMPONENT_BUTTONS, -1);
        else if (c->kind == WATPL_COMPONENT_CAROUSEL)
            rc = check_carousel(v, c);
        else if (c->kind == WATPL_COMPONENT_LIMITED_TIME_OFFER)
            rc = check_lto(v, c);
    }
    return rc;
}

int watpl__check_layout(watpl__vstate *v)
{
    int rc = check_components(v);
    if (!rc)
        rc = watpl__check_footer(v);
    if (!rc)
        rc = watpl__check_params(v);
    if (!rc)
        rc = watpl__check_auth(v);
    if (!rc)
        rc = watpl__check_category(v);
    return rc;
}
