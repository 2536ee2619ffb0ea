/* watpl_validate and watpl_lint: the driver. It walks the template's
 * components and a carousel's cards and runs each rule family
 * (validate_internal.h, one rules_<family>.c each) where it applies, then
 * sorts the findings into the public order. It holds no rule of its own.
 * SPDX-License-Identifier: MIT */
#include "validate_internal.h"

/* A card: its header (IMAGE or VIDEO), body and buttons, then the card's own
 * rules. */
static int walk_card(watpl__vstate *v, const watpl__card *card, int64_t k)
{
    int rc = WATPL_OK;
    for (size_t i = 0; !rc && i < card->n_components; i++) {
        const watpl__component *c = &card->components[i];
        if (c->kind == WATPL_COMPONENT_HEADER && watpl__card_media(c))
            rc = watpl__check_header(v, c, WATPL_COMPONENT_CARD, k);
        else if (c->kind == WATPL_COMPONENT_BODY)
            rc = watpl__check_body(v, c, WATPL_COMPONENT_CARD, k, CARD_BODY_MAX);
        else if (c->kind == WATPL_COMPONENT_BUTTONS)
            rc = watpl__check_buttons(v, c, WATPL_COMPONENT_CARD, k);
    }
    return rc ? rc : watpl__check_card(v, card, k);
}

static int walk_carousel(watpl__vstate *v, const watpl__component *car)
{
    int rc = watpl__check_carousel_count(v, car);
    for (size_t k = 0; !rc && k < car->n_cards; k++)
        rc = walk_card(v, &car->cards[k], (int64_t)k);
    return rc ? rc : watpl__check_cards_alike(v, car);
}

/* Each kind of component once, in the template's order: an unknown or
 * repeated one is template.component.*'s. The texts of an AUTHENTICATION
 * template are Meta's (auth.*). */
static int walk_components(watpl__vstate *v)
{
    const watpl_template *t = v->tpl;
    bool auth = v->category == WATPL_CATEGORY_AUTHENTICATION;
    size_t body_max = v->is_lto ? LTO_BODY_MAX : BODY_MAX;
    int rc = WATPL_OK;
    bool seen[16] = {false};
    for (size_t i = 0; !rc && i < t->n_components; i++) {
        const watpl__component *c = &t->components[i];
        if (c->kind < 0 || c->kind >= 16 || seen[c->kind])
            continue;
        seen[c->kind] = true;
        if (c->kind == WATPL_COMPONENT_HEADER && !auth)
            rc = watpl__check_header(v, c, WATPL_COMPONENT_HEADER, -1);
        else if (c->kind == WATPL_COMPONENT_BODY && !auth)
            rc = watpl__check_body(v, c, WATPL_COMPONENT_BODY, -1, body_max);
        else if (c->kind == WATPL_COMPONENT_BUTTONS)
            rc = watpl__check_buttons(v, c, WATPL_COMPONENT_BUTTONS, -1);
        else if (c->kind == WATPL_COMPONENT_CAROUSEL)
            rc = walk_carousel(v, c);
        else if (c->kind == WATPL_COMPONENT_LIMITED_TIME_OFFER)
            rc = watpl__check_lto(v, c);
    }
    return rc;
}

/* The families in their order: the order of findings that sort equal. */
static int run_families(watpl__vstate *v)
{
    int rc = watpl__check_template(v);
    if (!rc)
        rc = walk_components(v);
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
        rc = run_families(&v);
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
