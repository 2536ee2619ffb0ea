/* Classifier internals shared with validation. Never installed.
 * SPDX-License-Identifier: MIT */
#ifndef WATPL_CLASSIFY_INTERNAL_H
#define WATPL_CLASSIFY_INTERNAL_H

#include <stdbool.h>

#include "template_internal.h"

/* What validation needs from the classifier: the predicted category, its
 * confidence, and whether the content sends a one-time code. */
typedef struct watpl__verdict {
    int category;        /* WATPL_CATEGORY_* */
    double confidence;   /* [0,1] */
    bool sends_code;     /* an authentication-code signal fired */
    int code_component;  /* where that signal is (WATPL_COMPONENT_*) */
    int64_t code_offset, code_length;
    char why[200];       /* the top signals toward the category, e.g. `promo.discount "% off" (BODY 61)` */
} watpl__verdict;

/* Classify tpl's content. Returns WATPL_OK or WATPL_ENOMEM. */
int watpl__classify_verdict(watpl_ctx *ctx, const watpl_template *tpl, watpl__verdict *out);
/* The verdict of a classification already made. */
void watpl__verdict_of(const watpl_classification *r, watpl__verdict *out);

/* The fitted weight table (lib/classify_weights.c, written by
 * tools/fit_classifier.py): per signal rule, its weight toward MARKETING,
 * UTILITY and AUTHENTICATION; sorted by rule for binary search. */
typedef struct watpl__cls_weight {
    const char *rule;
    double w[3];
} watpl__cls_weight;

extern const watpl__cls_weight watpl__cls_weights[];
extern const size_t watpl__cls_weight_count;
extern const double watpl__cls_bias[3];     /* per category, before the signals */

/* The calibration of the confidence, fitted on held-out predictions:
 * confidence = logistic(intercept + margin x (1 - exp(-m)) - shape x s), with m
 * the winner's score minus the runner-up's and s the part of the winner's
 * score that comes from signals not bound to its category (the text's shape:
 * marks, buttons, length), at least 1/3; at most unsupported_cap (a fixed
 * rule, not fitted) when no signal bound to the category has a weight. */
typedef struct watpl__cls_calibration {
    double intercept, margin, shape, unsupported_cap;
} watpl__cls_calibration;

extern const watpl__cls_calibration watpl__cls_calibration_fit;
/* The calibrated confidence for a margin, a shape and the weight of the
 * signals bound to the category (tests check its monotony). */
double watpl__cls_confidence(double margin, double shape_weight, double evidence_weight);

/* The features of tpl before weighting, for the fitting tool: fn is called
 * once per feature with its rule id, the category of its lexicon family (0
 * for structure and content, whose weights may favour any category), the
 * weight used when the table lacks the rule, and its value (their sum per rule is what the weights multiply).
 * Returns WATPL_OK or WATPL_ENOMEM. */
typedef void (*watpl__feature_fn)(const char *rule, int category, double fallback, double value, void *ud);
int watpl__classify_features(watpl_ctx *ctx, const watpl_template *tpl, watpl__feature_fn fn, void *ud);

#endif
