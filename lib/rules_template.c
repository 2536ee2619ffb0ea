/* Rules on the template as a whole (template.* of docs/rules.md): its name,
 * language, category, parameter format and list of components.
 * SPDX-License-Identifier: MIT */
#include "validate_internal.h"

static bool name_charset_ok(const watpl__str *s)
{
    if (s->len == 0)
        return false;
    for (size_t i = 0; i < s->len; i++) {
        char c = s->s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

static int check_identity(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    watpl_report *r = v->rep;
    int comp = WATPL_COMPONENT_TEMPLATE;
    int rc = WATPL_OK;
    if (!t->name.s)
        rc = watpl__finding(r, WATPL__R_TEMPLATE_NAME_MISSING, comp, -1, -1, -1);
    else if (!name_charset_ok(&t->name))
        rc = watpl__finding(r, WATPL__R_TEMPLATE_NAME_CHARSET, comp, -1, -1, -1);
    if (!rc && t->name.s && t->name.len > TEMPLATE_NAME_MAX)
        rc = watpl__finding(r, WATPL__R_TEMPLATE_NAME_TOO_LONG, comp, -1, -1, -1, t->name.len,
                            TEMPLATE_NAME_MAX);
    if (rc)
        return rc;
    if (!t->language.s)
        rc = watpl__finding(r, WATPL__R_TEMPLATE_LANGUAGE_MISSING, comp, -1, -1, -1);
    else if (!watpl__language_known(t->language.s, t->language.len))
        rc = watpl__finding(r, WATPL__R_TEMPLATE_LANGUAGE_UNKNOWN, comp, -1, -1, -1,
                            WATPL__CLIP(t->language.s, t->language.len, 40));
    return rc;
}

static int check_category_field(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    int comp = WATPL_COMPONENT_TEMPLATE;
    if (!t->category_raw.s)
        return watpl__finding(v->rep, WATPL__R_TEMPLATE_CATEGORY_MISSING, comp, -1, -1, -1);
    if (t->category == WATPL_CATEGORY_NONE)
        return watpl__finding(v->rep, WATPL__R_TEMPLATE_CATEGORY_INVALID, comp, -1, -1, -1,
                              WATPL__CLIP(t->category_raw.s, t->category_raw.len, 40));
    if (t->category_legacy)
        return watpl__finding(v->rep, WATPL__R_TEMPLATE_CATEGORY_LEGACY, comp, -1, -1, -1,
                              WATPL__CLIP(t->category_raw.s, t->category_raw.len, 40),
                              watpl_category_name(t->category));
    return WATPL_OK;
}

static int check_components(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    int comp = WATPL_COMPONENT_TEMPLATE;
    int rc = WATPL_OK;
    if (t->parameter_format == WATPL_PARAMS_INVALID)
        rc = watpl__finding(v->rep, WATPL__R_TEMPLATE_PARAMETER_FORMAT_INVALID, comp, -1, -1, -1,
                            WATPL__CLIP(t->parameter_format_raw.s, t->parameter_format_raw.len, 40));
    for (size_t i = 0; !rc && i < t->n_components; i++) {
        const watpl__component *c = &t->components[i];
        if (c->kind < 0) {
            rc = watpl__finding(v->rep, WATPL__R_TEMPLATE_COMPONENT_UNKNOWN, comp, (int64_t)i, -1, -1,
                                WATPL__CLIP(c->type_raw.s, c->type_raw.len, 40));
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (t->components[j].kind == c->kind) {
                rc = watpl__finding(v->rep, WATPL__R_TEMPLATE_COMPONENT_DUPLICATE, comp, (int64_t)i, -1,
                                    -1, watpl_component_name(c->kind));
                break;
            }
        }
    }
    if (!rc && !watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY))
        rc = watpl__finding(v->rep, WATPL__R_TEMPLATE_BODY_MISSING, comp, -1, -1, -1);
    return rc;
}

int watpl__check_template(watpl__vstate *v)
{
    int rc = check_identity(v);
    if (!rc)
        rc = check_category_field(v);
    if (!rc)
        rc = check_components(v);
    return rc;
}
