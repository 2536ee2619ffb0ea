/* Rules on limited-time offers (lto.* of docs/rules.md): the offer text, no
 * footer, a URL button. The body's shorter limit is body.too_long's.
 * SPDX-License-Identifier: MIT */
#include "validate_internal.h"

int watpl__check_lto(watpl__vstate *v, const watpl__component *lto)
{
    int rc = WATPL_OK;
    if (lto->lto_text.s && watpl__policy_len(v, &lto->lto_text) > LTO_TEXT_MAX)
        rc = watpl__finding(v->rep, WATPL__R_LTO_TEXT_TOO_LONG, WATPL_COMPONENT_LIMITED_TIME_OFFER, -1, -1,
                            -1, LTO_TEXT_MAX);
    if (!rc && watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_FOOTER))
        rc = watpl__finding(v->rep, WATPL__R_LTO_FOOTER_NOT_ALLOWED, WATPL_COMPONENT_FOOTER, -1, -1, -1);
    const watpl__component *bc = watpl__tpl_component(v->tpl, -1, WATPL_COMPONENT_BUTTONS);
    bool url = false;
    for (size_t i = 0; bc && i < bc->n_buttons; i++)
        url |= bc->buttons[i].type == WATPL_BUTTON_URL;
    if (!rc && !url)
        rc = watpl__finding(v->rep, WATPL__R_LTO_URL_BUTTON_MISSING, WATPL_COMPONENT_BUTTONS, -1, -1, -1);
    return rc;
}
