/* watpl_validate: runs every rule family over a template and sorts the
 * findings into the public order. Template-level rules live here.
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "limits_internal.h"
#include "text_internal.h"
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
    int rc = WATPL_OK;
    if (!t->name.s)
        rc = watpl__diag_add(r, WATPL__R_TEMPLATE_NAME_MISSING, WATPL_COMPONENT_TEMPLATE, -1, -1, -1,
                             "the template has no name");
    else if (!name_charset_ok(&t->name))
        rc = watpl__diag_add(r, WATPL__R_TEMPLATE_NAME_CHARSET, WATPL_COMPONENT_TEMPLATE, -1, -1, -1,
                             "the name may hold only lowercase letters, digits and underscores");
    if (!rc && t->name.s && t->name.len > TEMPLATE_NAME_MAX)
        rc = watpl__diag_add(r, WATPL__R_TEMPLATE_NAME_TOO_LONG, WATPL_COMPONENT_TEMPLATE, -1, -1, -1,
                             "the name is %zu characters long; the limit is %d", t->name.len,
                             TEMPLATE_NAME_MAX);
    if (rc)
        return rc;
    if (!t->language.s)
        rc = watpl__diag_add(r, WATPL__R_TEMPLATE_LANGUAGE_MISSING, WATPL_COMPONENT_TEMPLATE, -1, -1,
                             -1, "the template has no language");
    else if (!watpl__language_known(t->language.s, t->language.len))
        rc = watpl__diag_add(r, WATPL__R_TEMPLATE_LANGUAGE_UNKNOWN, WATPL_COMPONENT_TEMPLATE, -1, -1,
                             -1, "'%s' is not one of Meta's language codes (they look like en_US, pt_BR, es)",
                             WATPL__CLIP(t->language.s, t->language.len, 40));
    return rc;
}

static int check_category_field(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    if (!t->category_raw.s)
        return watpl__diag_add(v->rep, WATPL__R_TEMPLATE_CATEGORY_MISSING, WATPL_COMPONENT_TEMPLATE,
                               -1, -1, -1, "the template has no category");
    if (t->category == WATPL_CATEGORY_NONE)
        return watpl__diag_add(v->rep, WATPL__R_TEMPLATE_CATEGORY_INVALID, WATPL_COMPONENT_TEMPLATE,
                               -1, -1, -1,
                               "'%s' is not a category: use MARKETING, UTILITY or AUTHENTICATION",
                               WATPL__CLIP(t->category_raw.s, t->category_raw.len, 40));
    if (t->category_legacy)
        return watpl__diag_add(v->rep, WATPL__R_TEMPLATE_CATEGORY_LEGACY, WATPL_COMPONENT_TEMPLATE,
                               -1, -1, -1, "'%s' is a legacy category; Meta treats it as %s",
                               WATPL__CLIP(t->category_raw.s, t->category_raw.len, 40),
                               watpl_category_name(t->category));
    return WATPL_OK;
}

static int check_components(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    int rc = WATPL_OK;
    if (t->parameter_format == WATPL_PARAMS_INVALID)
        rc = watpl__diag_add(v->rep, WATPL__R_TEMPLATE_PARAMETER_FORMAT_INVALID,
                             WATPL_COMPONENT_TEMPLATE, -1, -1, -1,
                             "parameter_format '%s' must be positional or named",
                             WATPL__CLIP(t->parameter_format_raw.s, t->parameter_format_raw.len, 40));
    for (size_t i = 0; !rc && i < t->n_components; i++) {
        const watpl__component *c = &t->components[i];
        if (c->kind < 0) {
            rc = watpl__diag_add(v->rep, WATPL__R_TEMPLATE_COMPONENT_UNKNOWN,
                                 WATPL_COMPONENT_TEMPLATE, (int64_t)i, -1, -1,
                                 "'%s' is not a component type", WATPL__CLIP(c->type_raw.s, c->type_raw.len, 40));
            continue;
        }
        for (size_t j = 0; j < i; j++) {
            if (t->components[j].kind == c->kind) {
                rc = watpl__diag_add(v->rep, WATPL__R_TEMPLATE_COMPONENT_DUPLICATE,
                                     WATPL_COMPONENT_TEMPLATE, (int64_t)i, -1, -1,
                                     "the template has more than one %s component",
                                     watpl_component_name(c->kind));
                break;
            }
        }
    }
    if (!rc && !watpl__tpl_component(t, -1, WATPL_COMPONENT_BODY))
        rc = watpl__diag_add(v->rep, WATPL__R_TEMPLATE_BODY_MISSING, WATPL_COMPONENT_TEMPLATE, -1, -1,
                             -1, "the template has no BODY component");
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

/* The report of a validation's slot of the context's workspace. */
static void release_report(const watpl__alloc *a, void *obj)
{
    (void)a;
    watpl_report_free(obj);
}

static int validate(watpl_ctx *ctx, const watpl_template *tpl, const watpl_classification *cls,
                    watpl_report **out)
{
    /* built in the report of the context's workspace, then packed into one block */
    void *obj;
    int rc = watpl__wksp_borrow(ctx, WATPL__SLOT_REPORT, &obj);
    if (rc)
        return rc;
    watpl_report *rep = obj;
    if (!rep && watpl__report_new(&ctx->alloc, &rep)) {
        watpl__wksp_return(ctx, WATPL__SLOT_REPORT, NULL, release_report);
        return watpl__fail_nomem(ctx);
    }
    watpl__report_reset(rep);
    watpl__vstate v = {ctx, &ctx->policy, tpl, rep, tpl->category, false, false, cls};
    v.is_carousel = watpl__tpl_component(tpl, -1, WATPL_COMPONENT_CAROUSEL) != NULL;
    v.is_lto = watpl__tpl_component(tpl, -1, WATPL_COMPONENT_LIMITED_TIME_OFFER) != NULL;
    rc = watpl__report_set_template(rep, tpl);
    if (!rc)
        rc = watpl__check_template(&v);
    if (!rc)
        rc = watpl__check_layout(&v);
    if (!rc) {
        watpl__report_sort(rep);
        rc = watpl__report_pack(rep, &ctx->alloc, out);
    }
    watpl__wksp_return(ctx, WATPL__SLOT_REPORT, rep, release_report);
    if (rc && rc != ctx->err_code) /* a borrow of the workspace that failed is recorded already */
        return watpl__fail(ctx, rc, NULL, "out of memory");
    return rc;
}

int watpl_validate(watpl_ctx *ctx, const watpl_template *tpl, watpl_report **out)
{
    WATPL__ENTER(ctx, tpl && out, WATPL__OUT(out));
    return validate(ctx, tpl, NULL, out);
}

int watpl_lint(watpl_ctx *ctx, const watpl_template *tpl, watpl_report **report,
               watpl_classification **classification)
{
    WATPL__ENTER(ctx, tpl && report && classification, WATPL__OUT(report), WATPL__OUT(classification));
    watpl_classification *cls = NULL;
    int rc = watpl_classify(ctx, tpl, &cls);
    if (rc)
        return rc;
    rc = validate(ctx, tpl, cls, report);
    if (rc) {
        watpl_classification_free(cls);
        return rc;
    }
    *classification = cls;
    return WATPL_OK;
}
