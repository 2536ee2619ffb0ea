/* Rules on the footer (footer.* of docs/rules.md). The footer of an
 * AUTHENTICATION template is Meta's: auth.footer.invalid.
 * SPDX-License-Identifier: MIT */
#include "validate_internal.h"

int watpl__check_footer(watpl__vstate *v)
{
    const watpl__component *c = watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_FOOTER);
    if (!c || !c->text.s || v->category == WATPL_CATEGORY_AUTHENTICATION)
        return WATPL_OK;
    const watpl__str *t = &c->text;
    int rc = WATPL_OK;
    size_t n = watpl__policy_len(v, t);
    if (n > FOOTER_MAX)
        rc = watpl__finding(v->rep, WATPL__R_FOOTER_TOO_LONG, WATPL_COMPONENT_FOOTER, -1, -1, -1, n,
                            FOOTER_MAX);
    watpl__ph_list *l;
    int brc = watpl__ph_borrow(v, &l);
    if (brc)
        return brc;
    watpl__ph_scan(t, l);
    for (size_t i = 0; !rc && i < l->n; i++) {
        if (!watpl__ph_is_variable(&l->items[i]))
            continue;
        rc = watpl__finding_sev(v->rep, WATPL__R_FOOTER_PARAM, v->policy->footer_param_severity,
                                WATPL_COMPONENT_FOOTER, -1, (int64_t)l->items[i].offset,
                                (int64_t)l->items[i].length);
        break;
    }
    const char *nl = watpl__find_newline(t);
    if (!rc && nl)
        rc = watpl__finding(v->rep, WATPL__R_FOOTER_NEWLINE, WATPL_COMPONENT_FOOTER, -1, nl - t->s, 1);
    return watpl__ph_return(v, l, rc);
}
