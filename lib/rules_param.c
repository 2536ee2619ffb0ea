/* Rules on the variables of every header and body text, the cards' among
 * them (param.* of docs/rules.md; param.undefined_literal is a body rule).
 * SPDX-License-Identifier: MIT */
#include "validate_internal.h"

/* Where the first positional and the first named variable of the template were seen. */
typedef struct param_seen {
    bool positional, named;
    int64_t first_pos_off, first_named_off;
    int first_pos_comp, first_named_comp;
    int64_t first_pos_index, first_named_index;
} param_seen;

static bool inner_has_letter(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80)
            return true;
    }
    return false;
}

static int check_malformed(watpl__vstate *v, const watpl__str *t, const watpl__ph_list *l, int component,
                           int64_t index)
{
    int rc = WATPL_OK;
    for (size_t i = 0; !rc && i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        int64_t off = (int64_t)p->offset, len = (int64_t)p->length;
        switch (p->kind) {
        case WATPL__PH_POSITIONAL:
        case WATPL__PH_NAMED:
            break;
        case WATPL__PH_SPECIAL:
            rc = watpl__finding(v->rep, WATPL__R_PARAM_SPECIAL_CHARS, component, index, off, len);
            break;
        case WATPL__PH_BAD_NAME:
            if (inner_has_letter(t->s + p->inner_offset, p->inner_length))
                rc = watpl__finding(v->rep, WATPL__R_PARAM_NAMED_INVALID, component, index, off, len,
                                    PARAM_NAME_MAX);
            else
                rc = watpl__diag_add(v->rep, WATPL__R_PARAM_MALFORMED, component, index, off, len,
                                     "malformed variable: neither a number nor a name");
            break;
        default:
            rc = watpl__finding(v->rep, WATPL__R_PARAM_MALFORMED, component, index, off, len);
            break;
        }
    }
    return rc;
}

static int check_sequence(watpl__vstate *v, const watpl__ph_list *l, int component, int64_t index)
{
    int64_t max = 0;
    for (size_t i = 0; i < l->n; i++)
        if (l->items[i].kind == WATPL__PH_POSITIONAL && l->items[i].number > max)
            max = l->items[i].number;
    for (int64_t want = 1; want <= max && want <= (int64_t)WATPL__PH_KEEP; want++) {
        bool found = false;
        for (size_t i = 0; i < l->n && !found; i++)
            found = l->items[i].kind == WATPL__PH_POSITIONAL && l->items[i].number == want;
        if (!found)
            return watpl__finding(v->rep, WATPL__R_PARAM_NOT_SEQUENTIAL, component, index, -1, -1,
                                  (long long)want);
    }
    if (max > (int64_t)WATPL__PH_KEEP)
        return watpl__diag_add(v->rep, WATPL__R_PARAM_NOT_SEQUENTIAL, component, index, -1, -1,
                               "positional variables must be numbered 1 to n without gaps");
    return WATPL_OK;
}

static void note_formats(param_seen *seen, const watpl__ph_list *l, int component, int64_t index)
{
    for (size_t i = 0; i < l->n; i++) {
        const watpl__placeholder *p = &l->items[i];
        if (p->kind == WATPL__PH_POSITIONAL && !seen->positional) {
            seen->positional = true;
            seen->first_pos_off = (int64_t)p->offset;
            seen->first_pos_comp = component;
            seen->first_pos_index = index;
        } else if (p->kind == WATPL__PH_NAMED && !seen->named) {
            seen->named = true;
            seen->first_named_off = (int64_t)p->offset;
            seen->first_named_comp = component;
            seen->first_named_index = index;
        }
    }
}

static int params_in(watpl__vstate *v, const watpl__str *t, int component, int64_t index,
                     param_seen *seen, watpl__ph_list *l)
{
    if (!t->s)
        return WATPL_OK;
    watpl__ph_scan(t, l);
    int rc = check_malformed(v, t, l, component, index);
    if (!rc)
        rc = check_sequence(v, l, component, index);
    note_formats(seen, l, component, index);
    return rc;
}

static int params_of_components(watpl__vstate *v, const watpl__component *cs, size_t n, int card,
                                param_seen *seen, watpl__ph_list *l)
{
    int rc = WATPL_OK;
    for (size_t i = 0; !rc && i < n; i++) {
        const watpl__component *c = &cs[i];
        if (c->kind != WATPL_COMPONENT_HEADER && c->kind != WATPL_COMPONENT_BODY)
            continue;
        if (c->kind == WATPL_COMPONENT_HEADER && c->format != WATPL_HEADER_TEXT)
            continue;
        int comp = card >= 0 ? WATPL_COMPONENT_CARD : c->kind;
        rc = params_in(v, &c->text, comp, card, seen, l);
    }
    return rc;
}

/* param.mixed_formats: one kind of variable, the one parameter_format declares. */
static int check_formats(watpl__vstate *v, const param_seen *seen)
{
    int fmt = v->tpl->parameter_format;
    if (seen->positional && seen->named)
        return watpl__finding(v->rep, WATPL__R_PARAM_MIXED_FORMATS, seen->first_named_comp,
                              seen->first_named_index, seen->first_named_off, -1);
    if (seen->named && fmt == WATPL_PARAMS_POSITIONAL)
        return watpl__diag_add(v->rep, WATPL__R_PARAM_MIXED_FORMATS, seen->first_named_comp,
                               seen->first_named_index, seen->first_named_off, -1,
                               "named variables need \"parameter_format\": \"named\"");
    if (seen->positional && fmt == WATPL_PARAMS_NAMED)
        return watpl__diag_add(v->rep, WATPL__R_PARAM_MIXED_FORMATS, seen->first_pos_comp,
                               seen->first_pos_index, seen->first_pos_off, -1,
                               "the template declares named parameters but uses positional ones");
    return WATPL_OK;
}

int watpl__check_params(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    if (v->category == WATPL_CATEGORY_AUTHENTICATION)
        return WATPL_OK; /* the preset text is Meta's */
    watpl__ph_list *l;
    int rc = watpl__ph_borrow(v, &l);
    if (rc)
        return rc;
    param_seen seen = {0};
    rc = params_of_components(v, t->components, t->n_components, -1, &seen, l);
    const watpl__component *car = watpl__tpl_component(t, -1, WATPL_COMPONENT_CAROUSEL);
    for (size_t k = 0; !rc && car && k < car->n_cards; k++)
        rc = params_of_components(v, car->cards[k].components, car->cards[k].n_components, (int)k,
                                  &seen, l);
    watpl__ph_return(v, l, rc);
    return rc ? rc : check_formats(v, &seen);
}
