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
} watpl__verdict;

/* Classify tpl's content. Returns WATPL_OK or WATPL_ENOMEM. */
int watpl__classify_verdict(watpl_ctx *ctx, const watpl_template *tpl, watpl__verdict *out);
/* The verdict of a classification already made. */
void watpl__verdict_of(const watpl_classification *r, watpl__verdict *out);

#endif
