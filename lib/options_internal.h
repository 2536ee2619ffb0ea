/* The options of a context (WATPL_OPT_* of watpl.h), one row each. Every
 * fact about an option comes from its row: the field of watpl__policy
 * (common_internal.h), the default (watpl_ctx_new), the values
 * watpl_ctx_set_option accepts, watpl_ctx_get_option (ctx.c), and the name
 * the Python binding uses as a keyword (python/tests/test_options.py checks
 * the binding's list against this table). Adding an option: a WATPL_OPT_
 * value in watpl.h, a row here, the binding's entry and docs. Never
 * installed. SPDX-License-Identifier: MIT
 *
 * X(NAME, name, type, default, min, max): the option WATPL_OPT_NAME, its
 * field and keyword `name`, the field's C type, the default, and the range
 * accepted (inclusive; a choice between WATPL_* values is the range of those
 * values, which ctx.c checks to be consecutive). MISMATCH_CONFIDENCE is per
 * mille. */
#ifndef WATPL_OPTIONS_INTERNAL_H
#define WATPL_OPTIONS_INTERNAL_H

#define WATPL__OPTIONS(X)                                                                            \
    X(COUNT_UNIT, count_unit, int, WATPL_UNIT_UTF16, WATPL_UNIT_UTF16, WATPL_UNIT_CODEPOINTS)        \
    X(WORDS_PER_PARAM, words_per_param, int, 3, 0, 100)                                              \
    X(FOOTER_PARAM_SEVERITY, footer_param_severity, int, WATPL_SEVERITY_ERROR, WATPL_SEVERITY_ERROR, \
      WATPL_SEVERITY_WARNING)                                                                        \
    X(EMOJI_CAP_MARKETING, emoji_cap_marketing, int, 10, 0, 1000000)                                 \
    X(EMOJI_CAP_UTILITY, emoji_cap_utility, int, 6, 0, 1000000)                                      \
    X(MAX_INPUT_BYTES, max_input_bytes, int64_t, 1048576, 64, 268435456)                             \
    X(MAX_JSON_DEPTH, max_json_depth, int, 32, 4, 256)                                               \
    X(MISMATCH_CONFIDENCE, mismatch_confidence, int, 600, 0, 1000)                                   \
    X(PRICING_SCHEDULE, pricing_schedule, int, WATPL_SCHEDULE_2025_07, WATPL_SCHEDULE_2025_07,       \
      WATPL_SCHEDULE_2026_10)                                                                        \
    X(PLACEMENT_POLICY, placement_policy, int, WATPL_PLACEMENT_OBSERVED, WATPL_PLACEMENT_OBSERVED,   \
      WATPL_PLACEMENT_EDITOR)

#endif
