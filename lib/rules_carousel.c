/* Rules on carousels (carousel.* of docs/rules.md): the number of cards,
 * what each card holds, and cards alike. The texts and buttons of a card are
 * checked by their own families (the driver walks the cards).
 * SPDX-License-Identifier: MIT */
#include "validate_internal.h"

int watpl__check_carousel_count(watpl__vstate *v, const watpl__component *carousel)
{
    size_t n = carousel->n_cards;
    if (n < CARDS_MIN || n > CARDS_MAX)
        return watpl__finding(v->rep, WATPL__R_CAROUSEL_CARDS_COUNT, WATPL_COMPONENT_CAROUSEL, -1, -1, -1,
                              CARDS_MIN, CARDS_MAX, n);
    return WATPL_OK;
}

int watpl__check_card(watpl__vstate *v, const watpl__card *card, int64_t k)
{
    bool media = false;
    size_t buttons = 0;
    for (size_t i = 0; i < card->n_components; i++) {
        const watpl__component *c = &card->components[i];
        if (c->kind == WATPL_COMPONENT_HEADER)
            media = watpl__card_media(c);
        else if (c->kind == WATPL_COMPONENT_BUTTONS)
            buttons += c->n_buttons;
    }
    int rc = WATPL_OK;
    if (!media)
        rc = watpl__finding(v->rep, WATPL__R_CAROUSEL_CARD_HEADER, WATPL_COMPONENT_CARD, k, -1, -1);
    if (!rc && (buttons == 0 || buttons > CARD_BUTTONS_MAX))
        rc = watpl__finding(v->rep, WATPL__R_CAROUSEL_CARD_BUTTONS, WATPL_COMPONENT_CARD, k, -1, -1,
                            CARD_BUTTONS_MAX, buttons);
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

int watpl__check_cards_alike(watpl__vstate *v, const watpl__component *carousel)
{
    int rc = WATPL_OK;
    for (size_t k = 1; !rc && k < carousel->n_cards; k++)
        if (!same_shape(&carousel->cards[0], &carousel->cards[k]))
            rc = watpl__finding(v->rep, WATPL__R_CAROUSEL_CARDS_INCONSISTENT, WATPL_COMPONENT_CARD,
                                (int64_t)k, -1, -1);
    return rc;
}
