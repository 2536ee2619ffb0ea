/* Rules on the category (category.* of docs/rules.md): carousels and
 * limited-time offers are MARKETING, one-time codes are AUTHENTICATION, and
 * the declared category against the classifier's verdict (classify.c).
 * SPDX-License-Identifier: MIT */
#include "classify_internal.h"
#include "validate_internal.h"

static int check_marketing_only(watpl__vstate *v)
{
    int rc = WATPL_OK;
    bool marketing = v->category == WATPL_CATEGORY_MARKETING;
    if (v->is_carousel && !marketing && v->category != WATPL_CATEGORY_NONE)
        rc = watpl__finding(v->rep, WATPL__R_CATEGORY_CAROUSEL_NOT_MARKETING, WATPL_COMPONENT_TEMPLATE, -1,
                            -1, -1);
    if (!rc && v->is_lto && !marketing && v->category != WATPL_CATEGORY_NONE)
        rc = watpl__finding(v->rep, WATPL__R_CATEGORY_LTO_NOT_MARKETING, WATPL_COMPONENT_TEMPLATE, -1, -1,
                            -1);
    return rc;
}

int watpl__check_category(watpl__vstate *v)
{
    int rc = check_marketing_only(v);
    if (rc || v->category == WATPL_CATEGORY_NONE || v->category == WATPL_CATEGORY_AUTHENTICATION)
        return rc;
    watpl__verdict verdict;
    if (v->cls)
        watpl__verdict_of(v->cls, &verdict);
    else if ((rc = watpl__classify_verdict(v->ctx, v->tpl, &verdict)) != WATPL_OK)
        return rc;
    if (verdict.sends_code)
        return watpl__finding(v->rep, WATPL__R_CATEGORY_OTP_CONTENT, verdict.code_component, -1,
                              verdict.code_offset, verdict.code_length);
    if (verdict.category != v->category && verdict.category != WATPL_CATEGORY_NONE &&
        verdict.confidence * 1000.0 >= (double)v->policy->mismatch_confidence) {
        const char *extra = v->category == WATPL_CATEGORY_UTILITY &&
                                    verdict.category == WATPL_CATEGORY_MARKETING
                                ? "; Meta will approve it as MARKETING, at the MARKETING price"
                                : "";
        char confidence[WATPL__FIXED_CAP];
        watpl__fmt_fixed(confidence, verdict.confidence, 2);
        rc = watpl__finding(v->rep, WATPL__R_CATEGORY_MISMATCH, WATPL_COMPONENT_TEMPLATE, -1, -1, -1,
                            watpl_category_name(verdict.category), confidence,
                            watpl_category_name(v->category), extra,
                            verdict.why[0] ? "; deciding signals: " : "", verdict.why);
    }
    return rc;
}
