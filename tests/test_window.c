/* Customer service window, free entry points, pricing, saved state.
 * SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "watpl.h"
#include "window_internal.h" /* the cached facts, checked against a recomputation */

#define DAY 86400
#define FEP (3 * DAY)
/* 2026-01-05 00:00:00 UTC: per-message pricing, 2025-07 rules. */
#define T0 INT64_C(1767571200)
#define PMP_START INT64_C(1751328000)
#define S2026_START INT64_C(1790812800)
/* 2024-03-04: conversation-based pricing, service free tier of 1000. */
#define CBP_T INT64_C(1709510400)
#define TIME_LIMIT (INT64_MAX - FEP)

static watpl_ctx *ctx;
static watpl_window *w;

static void setup(void)
{
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_new(&w, ctx), WATPL_OK);
}

static void teardown(void)
{
    watpl_window_free(w);
    watpl_ctx_free(ctx);
    w = NULL;
    ctx = NULL;
}

static watpl_window_answer ask_full(const watpl_window *win, int64_t now, int kind, int schedule,
                                    int64_t service_sent)
{
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_query(win, now, kind, schedule, service_sent, &a), WATPL_OK);
    return a;
}

static watpl_window_answer ask(int64_t now, int kind)
{
    return ask_full(w, now, kind, WATPL_SCHEDULE_2025_07, 0);
}

static const char *reason(const watpl_window_answer *a)
{
    return watpl_window_reason_name(a->reason);
}

/* ---- the customer service window ----------------------------------------------------- */

START_TEST(csw_open_until_one_second_before_24h)
{
    ck_assert_int_eq(watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE), WATPL_OK);
    watpl_window_answer a = ask(T0 + DAY - 1, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 1);
    ck_assert_int_eq(a.allowed, 1);
    ck_assert_int_eq(a.csw_closes_at, T0 + DAY);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "csw.open");
    ck_assert_int_eq(a.pricing_type, WATPL_PTYPE_FREE_CUSTOMER_SERVICE);
    ck_assert_int_eq(a.initiator, WATPL_INITIATOR_USER);
}
END_TEST

START_TEST(csw_closed_at_exactly_24h)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer a = ask(T0 + DAY, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 0);
    ck_assert_int_eq(a.allowed, 0);
    ck_assert_int_eq(a.csw_closes_at, T0 + DAY);
    ck_assert_str_eq(reason(&a), "csw.closed");
    ck_assert_int_eq(a.billable, 0);
}
END_TEST

START_TEST(csw_not_open_before_the_inbound)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer a = ask(T0 - 1, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 0);
    ck_assert_int_eq(a.allowed, 0);
    ck_assert(a.csw_closes_at == WATPL_TIME_NONE);
}
END_TEST

START_TEST(no_event_means_no_window_and_absent_times)
{
    watpl_window_answer a = ask(T0, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 0);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert(a.csw_closes_at == WATPL_TIME_NONE);
    ck_assert(a.fep_until == WATPL_TIME_NONE);
    ck_assert_int_eq(a.allowed, 0);
    ck_assert_int_eq(a.initiator, WATPL_INITIATOR_NONE);
}
END_TEST

START_TEST(call_opens_the_window)
{
    ck_assert_int_eq(watpl_window_call(w, T0), WATPL_OK);
    watpl_window_answer a = ask(T0 + 10, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 1);
    ck_assert_int_eq(a.csw_closes_at, T0 + DAY);
}
END_TEST

START_TEST(welcome_opens_the_window)
{
    ck_assert_int_eq(watpl_window_welcome(w, T0), WATPL_OK);
    watpl_window_answer a = ask(T0 + DAY - 1, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 1);
    ck_assert_int_eq(a.allowed, 1);
}
END_TEST

START_TEST(outbound_never_opens_the_window)
{
    for (int kind = WATPL_KIND_MARKETING; kind <= WATPL_KIND_SERVICE; kind++)
        ck_assert_int_eq(watpl_window_outbound(w, T0 + kind, kind), WATPL_OK);
    watpl_window_answer a = ask(T0 + 10, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 0);
    ck_assert_int_eq(a.allowed, 0);
    ck_assert(a.csw_closes_at == WATPL_TIME_NONE);
}
END_TEST

START_TEST(outbound_does_not_refresh_an_open_window)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 3600, WATPL_KIND_UTILITY);
    watpl_window_answer a = ask(T0 + 3600, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_closes_at, T0 + DAY);
}
END_TEST

START_TEST(later_inbound_refreshes_the_window)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_inbound(w, T0 + 7200, WATPL_ENTRY_NONE, WATPL_DEVICE_DESKTOP);
    watpl_window_answer a = ask(T0 + DAY + 100, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 1);
    ck_assert_int_eq(a.csw_closes_at, T0 + 7200 + DAY);
}
END_TEST

START_TEST(older_inbound_changes_nothing)
{
    watpl_window_inbound(w, T0 + 7200, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer before = ask(T0 + DAY + 100, WATPL_KIND_SERVICE);
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer after = ask(T0 + DAY + 100, WATPL_KIND_SERVICE);
    ck_assert_int_eq(after.csw_closes_at, T0 + 7200 + DAY);
    ck_assert_int_eq(memcmp(&before, &after, sizeof before), 0);
}
END_TEST

/* ---- free entry points ------------------------------------------------------------------- */

START_TEST(fep_starts_with_reply_at_23h59m59s)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + DAY - 1, WATPL_KIND_MARKETING);
    watpl_window_answer a = ask(T0 + DAY, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.fep_open, 1);
    ck_assert_int_eq(a.fep_until, T0 + DAY - 1 + FEP);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_int_eq(a.pricing_category, WATPL_PCAT_REFERRAL_CONVERSION);
    ck_assert_int_eq(a.pricing_type, WATPL_PTYPE_FREE_ENTRY_POINT);
    ck_assert_str_eq(reason(&a), "fep.open");
}
END_TEST

START_TEST(no_fep_when_reply_at_exactly_24h)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + DAY, WATPL_KIND_MARKETING);
    watpl_window_answer a = ask(T0 + DAY + 1, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert(a.fep_until == WATPL_TIME_NONE);
    ck_assert_int_eq(a.billable, 1);
    ck_assert_str_eq(reason(&a), "pmp.template");
}
END_TEST

START_TEST(fep_lasts_72h_from_the_first_reply)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_PAGE_CTA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 300, WATPL_KIND_SERVICE);
    watpl_window_outbound(w, T0 + 600, WATPL_KIND_UTILITY); /* does not move the start */
    ck_assert_int_eq(ask(T0 + 300 + FEP - 1, WATPL_KIND_MARKETING).fep_open, 1);
    watpl_window_answer a = ask(T0 + 300 + FEP, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert_int_eq(a.fep_until, T0 + 300 + FEP);
    ck_assert_int_eq(a.billable, 1);
}
END_TEST

START_TEST(fep_not_open_before_the_reply_is_delivered)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 300, WATPL_KIND_SERVICE);
    watpl_window_answer a = ask(T0 + 299, WATPL_KIND_UTILITY);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert_str_eq(reason(&a), "pmp.utility_in_csw");
}
END_TEST

START_TEST(desktop_entry_gives_no_fep)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_DESKTOP);
    watpl_window_outbound(w, T0 + 60, WATPL_KIND_SERVICE);
    watpl_window_answer a = ask(T0 + 120, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert_int_eq(a.csw_open, 1); /* the message still opens the window */
    ck_assert_int_eq(a.billable, 1);
}
END_TEST

START_TEST(plain_inbound_gives_no_fep)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 60, WATPL_KIND_SERVICE);
    ck_assert_int_eq(ask(T0 + 120, WATPL_KIND_MARKETING).fep_open, 0);
}
END_TEST

START_TEST(fep_does_not_allow_free_form_outside_the_window)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 60, WATPL_KIND_SERVICE);
    watpl_window_answer a = ask(T0 + DAY + 10, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.fep_open, 1);
    ck_assert_int_eq(a.csw_open, 0);
    ck_assert_int_eq(a.allowed, 0);
    ck_assert_str_eq(reason(&a), "csw.closed");
    a = ask(T0 + DAY + 10, WATPL_KIND_UTILITY); /* templates are free in the FEP */
    ck_assert_int_eq(a.allowed, 1);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "fep.open");
}
END_TEST

START_TEST(later_entry_starts_new_fep_after_the_old_one_ends)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 60, WATPL_KIND_SERVICE);
    int64_t t2 = T0 + 60 + FEP + 1000;
    watpl_window_inbound(w, t2, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, t2 + 50, WATPL_KIND_SERVICE);
    watpl_window_answer a = ask(t2 + 100, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.fep_open, 1);
    ck_assert_int_eq(a.fep_until, t2 + 50 + FEP);
    a = ask(t2 + 10, WATPL_KIND_MARKETING); /* between the FEPs */
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert_int_eq(a.fep_until, T0 + 60 + FEP);
}
END_TEST

START_TEST(entry_during_running_fep_does_not_extend_it)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 60, WATPL_KIND_SERVICE);
    watpl_window_inbound(w, T0 + DAY * 2, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + DAY * 2 + 60, WATPL_KIND_SERVICE);
    watpl_window_answer a = ask(T0 + 60 + FEP, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert_int_eq(a.fep_until, T0 + 60 + FEP);
}
END_TEST

START_TEST(fep_start_survives_many_later_deliveries)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    for (int i = 0; i < 40; i++)
        watpl_window_outbound(w, T0 + 60 + 600 * i, WATPL_KIND_SERVICE);
    ck_assert_int_eq(ask(T0 + DAY, WATPL_KIND_MARKETING).fep_until, T0 + 60 + FEP);
}
END_TEST

/* ---- per-message pricing ----------------------------------------------------------------- */

START_TEST(pmp_marketing_and_authentication_always_charged)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    const int kinds[] = {WATPL_KIND_MARKETING, WATPL_KIND_AUTHENTICATION};
    for (int i = 0; i < 2; i++) {
        watpl_window_answer in = ask(T0 + 10, kinds[i]);
        watpl_window_answer out = ask(T0 + 2 * DAY, kinds[i]);
        ck_assert_int_eq(in.billable, 1);
        ck_assert_int_eq(out.billable, 1);
        ck_assert_int_eq(in.allowed, 1);
        ck_assert_int_eq(out.allowed, 1);
        ck_assert_int_eq(in.pricing_category, kinds[i]);
        ck_assert_int_eq(in.pricing_type, WATPL_PTYPE_REGULAR);
        ck_assert_int_eq(in.pricing_model, WATPL_PRICING_PMP);
        ck_assert_str_eq(reason(&out), "pmp.template");
    }
}
END_TEST

START_TEST(pmp_utility_free_inside_window_charged_outside)
{
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer in = ask(T0 + DAY - 1, WATPL_KIND_UTILITY);
    ck_assert_int_eq(in.billable, 0);
    ck_assert_int_eq(in.pricing_type, WATPL_PTYPE_FREE_CUSTOMER_SERVICE);
    ck_assert_int_eq(in.pricing_category, WATPL_PCAT_UTILITY);
    ck_assert_str_eq(reason(&in), "pmp.utility_in_csw");
    ck_assert_int_eq(in.schedule, WATPL_SCHEDULE_2025_07);
    watpl_window_answer out = ask(T0 + DAY, WATPL_KIND_UTILITY);
    ck_assert_int_eq(out.billable, 1);
    ck_assert_int_eq(out.pricing_type, WATPL_PTYPE_REGULAR);
    ck_assert_str_eq(reason(&out), "pmp.utility_outside_csw");
}
END_TEST

START_TEST(pricing_model_switches_at_2025_07_01)
{
    watpl_window_answer before = ask(PMP_START - 1, WATPL_KIND_MARKETING);
    watpl_window_answer at = ask(PMP_START, WATPL_KIND_MARKETING);
    ck_assert_int_eq(before.pricing_model, WATPL_PRICING_CBP);
    ck_assert_int_eq(before.pricing_type, WATPL_PTYPE_NONE);
    ck_assert_int_eq(at.pricing_model, WATPL_PRICING_PMP);
    ck_assert_int_eq(at.pricing_type, WATPL_PTYPE_REGULAR);
}
END_TEST

START_TEST(schedule_2026_10_charges_utility_in_window)
{
    watpl_window_inbound(w, S2026_START, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer a = ask_full(w, S2026_START + 10, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2026_10, 0);
    ck_assert_int_eq(a.billable, 1);
    ck_assert_int_eq(a.schedule, WATPL_SCHEDULE_2026_10);
    ck_assert_str_eq(reason(&a), "s2026.utility_in_csw");
    a = ask_full(w, S2026_START + 10, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2025_07, 0);
    ck_assert_int_eq(a.billable, 0); /* not opted in */
    ck_assert_int_eq(a.schedule, WATPL_SCHEDULE_2025_07);
}
END_TEST

START_TEST(schedule_2026_10_service_allowance_of_1000)
{
    watpl_window_inbound(w, S2026_START, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer a = ask_full(w, S2026_START + 10, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2026_10, 999);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "s2026.service_allowance");
    a = ask_full(w, S2026_START + 10, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2026_10, 1000);
    ck_assert_int_eq(a.billable, 1);
    ck_assert_int_eq(a.pricing_category, WATPL_PCAT_SERVICE);
    ck_assert_int_eq(a.pricing_type, WATPL_PTYPE_REGULAR);
    ck_assert_str_eq(reason(&a), "s2026.service_over_allowance");
}
END_TEST

START_TEST(schedule_2026_10_ignored_before_its_date)
{
    int64_t t = S2026_START - DAY;
    watpl_window_inbound(w, t, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer a = ask_full(w, S2026_START - 1, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2026_10, 5000);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_int_eq(a.schedule, WATPL_SCHEDULE_2025_07);
    a = ask_full(w, S2026_START - 1, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2026_10, 5000);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "csw.open");
}
END_TEST

START_TEST(schedule_2026_10_keeps_fep_free)
{
    watpl_window_inbound(w, S2026_START, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, S2026_START + 5, WATPL_KIND_SERVICE);
    watpl_window_answer a = ask_full(w, S2026_START + 10, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2026_10, 5000);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "fep.open");
}
END_TEST

/* ---- initiator --------------------------------------------------------------------------- */

START_TEST(template_outside_window_is_business_initiated)
{
    ck_assert_int_eq(ask(T0, WATPL_KIND_MARKETING).initiator, WATPL_INITIATOR_BUSINESS);
    watpl_window_outbound(w, T0, WATPL_KIND_UTILITY);
    watpl_window_inbound(w, T0 + 3600, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE); /* the user replies */
    ck_assert_int_eq(ask(T0 + 7200, WATPL_KIND_SERVICE).initiator, WATPL_INITIATOR_BUSINESS);
}
END_TEST

START_TEST(user_writing_after_24h_silence_is_user_initiated)
{
    watpl_window_outbound(w, T0, WATPL_KIND_UTILITY);
    watpl_window_inbound(w, T0 + DAY, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    ck_assert_int_eq(ask(T0 + DAY + 60, WATPL_KIND_SERVICE).initiator, WATPL_INITIATOR_USER);
    ck_assert_int_eq(ask(T0 + DAY + 60, WATPL_KIND_MARKETING).initiator, WATPL_INITIATOR_USER);
}
END_TEST

/* ---- conversation-based pricing ---------------------------------------------------------- */

START_TEST(cbp_template_opens_conversation_of_its_category)
{
    watpl_window_answer a = ask(CBP_T, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.pricing_model, WATPL_PRICING_CBP);
    ck_assert_int_eq(a.billable, 1);
    ck_assert_str_eq(reason(&a), "cbp.new_conversation");
    ck_assert_int_eq(a.schedule, 0);
    watpl_window_outbound(w, CBP_T, WATPL_KIND_MARKETING);
    a = ask(CBP_T + DAY - 1, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "cbp.conversation_open");
    a = ask(CBP_T + DAY, WATPL_KIND_MARKETING);
    ck_assert_int_eq(a.billable, 1);
    a = ask(CBP_T + 10, WATPL_KIND_UTILITY); /* another category opens its own */
    ck_assert_int_eq(a.billable, 1);
    ck_assert_int_eq(a.pricing_category, WATPL_PCAT_UTILITY);
}
END_TEST

START_TEST(cbp_free_form_rides_on_any_open_conversation)
{
    watpl_window_inbound(w, CBP_T, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, CBP_T + 10, WATPL_KIND_UTILITY);
    watpl_window_answer a = ask_full(w, CBP_T + 20, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 5000);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_int_eq(a.pricing_category, WATPL_PCAT_UTILITY);
    ck_assert_str_eq(reason(&a), "cbp.conversation_open");
}
END_TEST

START_TEST(cbp_service_conversation_only_when_none_open)
{
    watpl_window_inbound(w, CBP_T, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    watpl_window_answer a = ask_full(w, CBP_T + 20, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 1000);
    ck_assert_int_eq(a.billable, 1);
    ck_assert_str_eq(reason(&a), "cbp.service_charged");
    a = ask_full(w, CBP_T + 20, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 999);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "cbp.service_free");
    /* A service conversation does not cover a template. */
    watpl_window_outbound(w, CBP_T + 30, WATPL_KIND_SERVICE);
    a = ask_full(w, CBP_T + 40, WATPL_KIND_SERVICE, WATPL_SCHEDULE_2025_07, 5000);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_int_eq(a.pricing_category, WATPL_PCAT_SERVICE);
    ck_assert_int_eq(ask(CBP_T + 40, WATPL_KIND_UTILITY).billable, 1);
}
END_TEST

START_TEST(cbp_service_all_free_from_2024_11)
{
    int64_t t = INT64_C(1730419200);
    watpl_window_inbound(w, t - 100, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    ck_assert_int_eq(ask_full(w, t - 1, WATPL_KIND_SERVICE, 1, 1000).billable, 1);
    watpl_window_answer a = ask_full(w, t, WATPL_KIND_SERVICE, 1, 1000000);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "cbp.service_free");
}
END_TEST

START_TEST(cbp_first_1000_conversations_free_before_2023_06)
{
    int64_t t = INT64_C(1685577600);
    watpl_window_answer a = ask_full(w, t - 1, WATPL_KIND_MARKETING, 1, 999);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_str_eq(reason(&a), "cbp.free_tier");
    ck_assert_int_eq(ask_full(w, t - 1, WATPL_KIND_MARKETING, 1, 1000).billable, 1);
    ck_assert_int_eq(ask_full(w, t, WATPL_KIND_MARKETING, 1, 0).billable, 1);
}
END_TEST

START_TEST(cbp_fep_conversation_is_free_and_suppresses_others)
{
    watpl_window_outbound(w, CBP_T - 3600, WATPL_KIND_MARKETING); /* open before the FEP */
    watpl_window_inbound(w, CBP_T, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, CBP_T + 10, WATPL_KIND_SERVICE);
    watpl_window_outbound(w, CBP_T + 20, WATPL_KIND_UTILITY); /* inside the FEP: opens nothing */
    watpl_window_answer a = ask(CBP_T + 30, WATPL_KIND_UTILITY);
    ck_assert_int_eq(a.billable, 0);
    ck_assert_int_eq(a.pricing_category, WATPL_PCAT_REFERRAL_CONVERSION);
    ck_assert_str_eq(reason(&a), "cbp.fep_conversation");
    int64_t after = CBP_T + 10 + FEP;
    a = ask(after, WATPL_KIND_UTILITY);
    ck_assert_int_eq(a.billable, 1);
    ck_assert_str_eq(reason(&a), "cbp.new_conversation");
    watpl_window_outbound(w, after, WATPL_KIND_UTILITY);
    ck_assert_int_eq(ask(after + 5, WATPL_KIND_UTILITY).billable, 0);
}
END_TEST

START_TEST(cbp_fep_closes_conversations_open_before_it)
{
    watpl_window_outbound(w, CBP_T - 3600, WATPL_KIND_MARKETING);
    watpl_window_inbound(w, CBP_T, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, CBP_T + 10, WATPL_KIND_SERVICE);
    /* Without the FEP the marketing conversation would be open here. */
    watpl_window_answer a = ask(CBP_T - 3600 + DAY - 1, WATPL_KIND_MARKETING);
    ck_assert_str_eq(reason(&a), "cbp.fep_conversation");
    ck_assert_int_eq(ask(CBP_T - 1, WATPL_KIND_MARKETING).billable, 0);
}
END_TEST

/* ---- order independence ------------------------------------------------------------------ */

/* xorshift64*: a fixed-seed generator, so failures reproduce. */
static uint64_t rng_next(uint64_t *s)
{
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * UINT64_C(2685821657736338717);
}

typedef struct event {
    int type; /* 0 inbound, 1 call, 2 welcome, 3 outbound */
    int64_t t;
    int a, b; /* entry/device or kind */
} event;

static void apply(watpl_window *win, const event *e)
{
    int rc = WATPL_OK;
    switch (e->type) {
    case 0: rc = watpl_window_inbound(win, e->t, e->a, e->b); break;
    case 1: rc = watpl_window_call(win, e->t); break;
    case 2: rc = watpl_window_welcome(win, e->t); break;
    default: rc = watpl_window_outbound(win, e->t, e->a); break;
    }
    ck_assert_int_eq(rc, WATPL_OK);
}

/* Times on a coarse grid around T0, so that ties and exact 24h/72h gaps occur. */
static int64_t random_time(uint64_t *s)
{
    static const int64_t steps[] = {0, 1, 3600, DAY - 1, DAY, FEP - 1, FEP};
    return T0 + (int64_t)(rng_next(s) % 5) * DAY + steps[rng_next(s) % 7] + (int64_t)(rng_next(s) % 3) * 7200;
}

/* count events; entry points (at most 4, the retained number) only if asked:
 * with more deliveries than retained, the reply an entry remembers depends
 * on arrival order (docs/window.md, "Bounds"). */
static size_t random_events(uint64_t *s, event *ev, size_t count, size_t max_out, bool entries_ok)
{
    size_t n = 0, outs = 0, entries = 0;
    for (size_t i = 0; i < count; i++) {
        event e = {(int)(rng_next(s) % 4), random_time(s), 0, 0};
        if (e.type == 0) {
            e.a = (int)(rng_next(s) % 3);
            e.b = (int)(rng_next(s) % 4 == 0);
            if (!entries_ok || (e.a && !e.b && ++entries > 4))
                e.a = 0;
        } else if (e.type == 3) {
            if (++outs > max_out)
                continue;
            e.a = 1 + (int)(rng_next(s) % 4);
        }
        ev[n++] = e;
    }
    return n;
}

static void saved(const watpl_window *win, unsigned char *buf)
{
    size_t need = 0;
    ck_assert_int_eq(watpl_window_save(win, buf, watpl_window_saved_size(), &need), WATPL_OK);
}

static void assert_same_answers(const watpl_window *x, const watpl_window *y)
{
    for (int64_t now = T0 - DAY; now < T0 + 10 * DAY; now += 1800) {
        for (int kind = 1; kind <= 4; kind++) {
            watpl_window_answer a = ask_full(x, now, kind, WATPL_SCHEDULE_2025_07, 0);
            watpl_window_answer b = ask_full(y, now, kind, WATPL_SCHEDULE_2025_07, 0);
            ck_assert_int_eq(memcmp(&a, &b, sizeof a), 0);
        }
    }
}

static bool same_facts(const watpl__win_facts *x, const watpl__win_facts *y)
{
    return x->has_user == y->has_user && x->has_fep == y->has_fep && x->has_thread == y->has_thread &&
           (!x->has_user || x->last_user == y->last_user) && (!x->has_fep || x->fep_until == y->fep_until) &&
           (!x->has_thread || (x->thread_last == y->thread_last && x->thread_by_user == y->thread_by_user));
}

/* The facts cached for "after every event" equal those recomputed then. */
static void assert_cache_holds(const watpl_window *win)
{
    const int64_t later[] = {0, 1, DAY - 1, DAY, FEP, 10 * DAY};
    for (size_t i = 0; i < WATPL__ARRAY_LEN(later); i++) {
        watpl__win_facts f;
        watpl__win_compute_facts(win, win->latest_event + later[i], &f);
        ck_assert(same_facts(&f, &win->latest));
    }
}

static void check_order_independence(uint64_t seed, size_t count, size_t max_out, bool entries_ok)
{
    event ev[64], shuffled[64];
    size_t n = random_events(&seed, ev, count, max_out, entries_ok);
    watpl_window *ordered = NULL, *other = NULL;
    ck_assert_int_eq(watpl_window_new(&ordered, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_new(&other, ctx), WATPL_OK);
    for (size_t i = 0; i < n; i++)
        apply(ordered, &ev[i]);
    size_t size = watpl_window_saved_size();
    unsigned char *ref = malloc(size), *got = malloc(size);
    ck_assert_ptr_nonnull(ref);
    ck_assert_ptr_nonnull(got);
    saved(ordered, ref);
    for (int round = 0; round < 8; round++) {
        memcpy(shuffled, ev, n * sizeof *ev);
        for (size_t i = n; i > 1; i--) { /* Fisher-Yates */
            size_t j = (size_t)(rng_next(&seed) % i);
            event tmp = shuffled[i - 1];
            shuffled[i - 1] = shuffled[j];
            shuffled[j] = tmp;
        }
        watpl_window_reset(other);
        for (size_t i = 0; i < n; i++)
            apply(other, &shuffled[i]);
        saved(other, got);
        ck_assert_int_eq(memcmp(ref, got, size), 0);
        if (round == 0) {
            assert_same_answers(ordered, other);
            assert_cache_holds(other);
        }
    }
    free(ref);
    free(got);
    watpl_window_free(ordered);
    watpl_window_free(other);
}

START_TEST(events_in_any_order_give_the_same_state)
{
    uint64_t seed = UINT64_C(0x9E3779B97F4A7C15) + (uint64_t)_i;
    check_order_independence(seed, 4 + (size_t)(rng_next(&seed) % 20), 16, true);
}
END_TEST

START_TEST(more_events_than_retained_in_any_order_give_the_same_state)
{
    uint64_t seed = UINT64_C(0xD1B54A32D192ED03) + (uint64_t)_i;
    check_order_independence(seed, 64, 64, false);
}
END_TEST

START_TEST(duplicate_webhook_changes_nothing)
{
    unsigned char a[1024], b[1024];
    ck_assert_uint_le(watpl_window_saved_size(), sizeof a);
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 5, WATPL_KIND_UTILITY);
    saved(w, a);
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 5, WATPL_KIND_UTILITY);
    saved(w, b);
    ck_assert_int_eq(memcmp(a, b, watpl_window_saved_size()), 0);
}
END_TEST

START_TEST(event_older_than_every_retained_one_is_ignored)
{
    unsigned char a[1024], b[1024];
    for (int i = 0; i < 64; i++)
        watpl_window_outbound(w, T0 + i, WATPL_KIND_MARKETING);
    saved(w, a);
    watpl_window_outbound(w, T0 - 1, WATPL_KIND_SERVICE);
    saved(w, b);
    ck_assert_int_eq(memcmp(a, b, watpl_window_saved_size()), 0);
    for (int i = 0; i < 64; i++) /* the latest user event is always kept */
        watpl_window_call(w, T0 + 1000 - i);
    ck_assert_int_eq(ask(T0 + 1000, WATPL_KIND_SERVICE).csw_closes_at, T0 + 1000 + DAY);
}
END_TEST

static void busy_state(watpl_window *win);

START_TEST(query_sets_every_field_whatever_the_struct_held)
{
    busy_state(w);
    const int64_t times[] = {T0 - 1, T0 + 60, T0 + 250, T0 + 2 * DAY, T0 + 9 * DAY, CBP_T,
                             INT64_C(1685577599), S2026_START + 1};
    for (size_t i = 0; i < WATPL__ARRAY_LEN(times); i++) {
        for (int kind = 1; kind <= 4; kind++) {
            for (int schedule = 1; schedule <= 2; schedule++) {
                watpl_window_answer clean, dirty;
                watpl_window_answer_init(&clean);
                memset(&dirty, 0xA5, sizeof dirty);
                dirty.version = WATPL_WINDOW_ANSWER_VERSION;
                ck_assert_int_eq(watpl_window_query(w, times[i], kind, schedule, 7, &clean), WATPL_OK);
                ck_assert_int_eq(watpl_window_query(w, times[i], kind, schedule, 7, &dirty), WATPL_OK);
                ck_assert_int_eq(memcmp(&clean, &dirty, sizeof clean), 0);
            }
        }
    }
}
END_TEST

/* ---- arguments and extremes -------------------------------------------------------------- */

START_TEST(int64_extremes_rejected_or_computed_without_overflow)
{
    unsigned char before[1024], after[1024];
    watpl_window_inbound(w, T0, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE);
    saved(w, before);
    ck_assert_int_eq(watpl_window_inbound(w, INT64_MAX, 0, 0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_inbound(w, TIME_LIMIT + 1, 1, 0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_call(w, INT64_MAX), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_welcome(w, INT64_MAX), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_outbound(w, INT64_MAX, WATPL_KIND_MARKETING), WATPL_EINVAL);
    saved(w, after);
    ck_assert_int_eq(memcmp(before, after, watpl_window_saved_size()), 0);
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_query(w, INT64_MAX, 1, 1, 0, &a), WATPL_EINVAL);

    watpl_window_reset(w);
    ck_assert_int_eq(watpl_window_inbound(w, TIME_LIMIT, WATPL_ENTRY_CTWA, 0), WATPL_OK);
    ck_assert_int_eq(watpl_window_outbound(w, TIME_LIMIT, WATPL_KIND_SERVICE), WATPL_OK);
    a = ask(TIME_LIMIT, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_closes_at, TIME_LIMIT + DAY);
    ck_assert_int_eq(a.fep_until, INT64_MAX);
    ck_assert_int_eq(a.fep_open, 1);

    watpl_window_reset(w);
    ck_assert_int_eq(watpl_window_inbound(w, INT64_MIN, WATPL_ENTRY_CTWA, 0), WATPL_OK);
    ck_assert_int_eq(watpl_window_outbound(w, INT64_MIN, WATPL_KIND_UTILITY), WATPL_OK);
    ck_assert_int_eq(watpl_window_call(w, INT64_MIN + 1), WATPL_OK);
    a = ask(INT64_MIN, WATPL_KIND_SERVICE);
    ck_assert_int_eq(a.csw_open, 1);
    ck_assert_int_eq(a.csw_closes_at, INT64_MIN + DAY);
    ck_assert_int_eq(a.fep_until, INT64_MIN + FEP);
    a = ask(TIME_LIMIT, WATPL_KIND_UTILITY); /* far later: everything closed */
    ck_assert_int_eq(a.csw_open, 0);
    ck_assert_int_eq(a.fep_open, 0);
    ck_assert_int_eq(a.billable, 1);
}
END_TEST

START_TEST(bad_arguments_are_einval)
{
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_inbound(NULL, T0, 0, 0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_inbound(w, T0, 3, 0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_inbound(w, T0, -1, 0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_inbound(w, T0, 0, 2), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_call(NULL, T0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_welcome(NULL, T0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_outbound(w, T0, 0), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_outbound(w, T0, 5), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(NULL, T0, 1, 1, 0, &a), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(w, T0, 1, 1, 0, NULL), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(w, T0, 0, 1, 0, &a), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(w, T0, 5, 1, 0, &a), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(w, T0, 1, 0, 0, &a), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(w, T0, 1, 3, 0, &a), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_query(w, T0, 1, 1, -1, &a), WATPL_EINVAL);
    a.version = 0;
    ck_assert_int_eq(watpl_window_query(w, T0, 1, 1, 0, &a), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_new(NULL, ctx), WATPL_EINVAL);
    watpl_window *x = (watpl_window *)&a;
    ck_assert_int_eq(watpl_window_new(&x, NULL), WATPL_EINVAL);
    ck_assert_ptr_null(x);
    watpl_window_free(NULL);
    watpl_window_reset(NULL);
    watpl_window_answer_init(NULL);
}
END_TEST

START_TEST(names_are_stable_and_never_null)
{
    ck_assert_str_eq(watpl_window_reason_name(WATPL_REASON_CSW_OPEN), "csw.open");
    ck_assert_str_eq(watpl_window_reason_name(WATPL_REASON_CBP_FREE_TIER), "cbp.free_tier");
    ck_assert_str_eq(watpl_window_reason_name(0), "");
    ck_assert_str_eq(watpl_window_reason_name(999), "");
    ck_assert_str_eq(watpl_window_reason_name(-1), "");
    for (int i = 1; i <= WATPL_REASON_CBP_FREE_TIER; i++) {
        ck_assert_str_ne(watpl_window_reason_name(i), "");
        for (int j = 1; j < i; j++)
            ck_assert_str_ne(watpl_window_reason_name(i), watpl_window_reason_name(j));
    }
    ck_assert_str_eq(watpl_pricing_category_name(WATPL_PCAT_REFERRAL_CONVERSION), "referral_conversion");
    ck_assert_str_eq(watpl_pricing_category_name(WATPL_PCAT_AUTHENTICATION), "authentication");
    ck_assert_str_eq(watpl_pricing_category_name(42), "");
    ck_assert_str_eq(watpl_pricing_type_name(WATPL_PTYPE_FREE_ENTRY_POINT), "free_entry_point");
    ck_assert_str_eq(watpl_pricing_type_name(WATPL_PTYPE_NONE), "");
}
END_TEST

/* ---- saved state --------------------------------------------------------------------------- */

/* The CRC-32 the format documents, recomputed independently. */
static uint32_t crc32_ref(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

static void reseal(unsigned char *buf, size_t len)
{
    uint32_t crc = crc32_ref(buf, len - 4);
    for (int i = 0; i < 4; i++)
        buf[len - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
}

static void busy_state(watpl_window *win)
{
    watpl_window_welcome(win, T0 - DAY);
    watpl_window_inbound(win, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_inbound(win, T0 + 50, WATPL_ENTRY_PAGE_CTA, WATPL_DEVICE_MOBILE);
    watpl_window_call(win, T0 + 100);
    watpl_window_outbound(win, T0 + 200, WATPL_KIND_UTILITY);
    watpl_window_outbound(win, T0 + 300, WATPL_KIND_SERVICE);
    watpl_window_outbound(win, T0 + 5 * DAY, WATPL_KIND_MARKETING);
}

START_TEST(save_load_round_trip)
{
    busy_state(w);
    size_t size = watpl_window_saved_size(), need = 0;
    unsigned char buf[1024], again[1024];
    ck_assert_uint_le(size, sizeof buf);
    ck_assert_int_eq(watpl_window_save(w, buf, sizeof buf, &need), WATPL_OK);
    ck_assert_uint_eq(need, size);
    ck_assert_int_eq(memcmp(buf, "WTPW", 4), 0);
    ck_assert_uint_eq(buf[4], 1); /* format version, little-endian */
    ck_assert_uint_eq(buf[5], 0);
    watpl_window *copy = NULL;
    ck_assert_int_eq(watpl_window_new(&copy, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_window_load(copy, buf, size), WATPL_OK);
    saved(copy, again);
    ck_assert_int_eq(memcmp(buf, again, size), 0);
    assert_same_answers(w, copy);
    watpl_window_reset(copy); /* an empty state round-trips too */
    saved(copy, buf);
    ck_assert_int_eq(watpl_window_load(w, buf, size), WATPL_OK);
    ck_assert_int_eq(ask(T0 + 250, WATPL_KIND_SERVICE).csw_open, 0);
    watpl_window_free(copy);
}
END_TEST

START_TEST(save_into_short_buffer_reports_the_size)
{
    unsigned char small[8];
    size_t need = 0;
    ck_assert_int_eq(watpl_window_save(w, small, sizeof small, &need), WATPL_EBUFSIZE);
    ck_assert_uint_eq(need, watpl_window_saved_size());
    ck_assert_int_eq(watpl_window_save(w, NULL, 0, &need), WATPL_EBUFSIZE);
    ck_assert_int_eq(watpl_window_save(NULL, small, sizeof small, &need), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_load(NULL, small, sizeof small), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_load(w, NULL, 4), WATPL_EINVAL);
}
END_TEST

/* Load must fail with `expected` and leave w as it was. */
static void assert_rejected(const unsigned char *blob, size_t len, int expected)
{
    unsigned char before[1024], after[1024];
    saved(w, before);
    ck_assert_int_eq(watpl_window_load(w, blob, len), expected);
    saved(w, after);
    ck_assert_int_eq(memcmp(before, after, watpl_window_saved_size()), 0);
}

START_TEST(every_truncation_is_rejected)
{
    busy_state(w);
    unsigned char buf[1024];
    saved(w, buf);
    for (size_t len = 0; len < watpl_window_saved_size(); len++)
        assert_rejected(buf, len, WATPL_ECORRUPT);
}
END_TEST

START_TEST(every_single_bit_flip_is_rejected)
{
    busy_state(w);
    size_t size = watpl_window_saved_size();
    unsigned char buf[1024], bad[1024];
    saved(w, buf);
    for (size_t bit = 0; bit < size * 8; bit++) {
        memcpy(bad, buf, size);
        bad[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        assert_rejected(bad, size, WATPL_ECORRUPT);
    }
}
END_TEST

START_TEST(future_version_is_rejected)
{
    busy_state(w);
    size_t size = watpl_window_saved_size();
    unsigned char buf[1100];
    saved(w, buf);
    buf[4] = 2;
    reseal(buf, size);
    assert_rejected(buf, size, WATPL_EVERSION);
    memset(buf + size - 4, 0, 64); /* a longer future layout */
    reseal(buf, size + 60);
    assert_rejected(buf, size + 60, WATPL_EVERSION);
}
END_TEST

START_TEST(checksummed_but_impossible_state_is_rejected)
{
    watpl_window_outbound(w, T0, WATPL_KIND_UTILITY);
    watpl_window_outbound(w, T0 + 1, WATPL_KIND_UTILITY);
    size_t size = watpl_window_saved_size();
    unsigned char buf[1024], bad[1024];
    saved(w, buf);
    memcpy(bad, buf, size);
    bad[10] = 200; /* more deliveries than the state holds */
    reseal(bad, size);
    assert_rejected(bad, size, WATPL_ECORRUPT);
    memcpy(bad, buf, size);
    bad[10] = 0; /* a count that hides non-zero slots */
    reseal(bad, size);
    assert_rejected(bad, size, WATPL_ECORRUPT);
    memcpy(bad, buf, size);
    bad[4] = 0; /* version 0 was never written */
    reseal(bad, size);
    assert_rejected(bad, size, WATPL_ECORRUPT);

    watpl_window_reset(w);
    watpl_window_inbound(w, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(w, T0 + 5, WATPL_KIND_SERVICE);
    saved(w, buf);
    memcpy(bad, buf, size);
    bad[112] = (unsigned char)(bad[112] + 1); /* a reply later than every delivery */
    reseal(bad, size);
    assert_rejected(bad, size, WATPL_ECORRUPT);
    memcpy(bad, buf, size);
    bad[8] = 0; /* an entry point without its user message */
    memset(bad + 12, 0, 8);
    reseal(bad, size);
    assert_rejected(bad, size, WATPL_ECORRUPT);
}
END_TEST

/* ---- allocation ------------------------------------------------------------------------------ */

typedef struct budget {
    int left;
} budget;

static void *budget_alloc(void *ud, size_t size)
{
    budget *b = ud;
    if (b->left-- <= 0)
        return NULL;
    return malloc(size);
}

static void *budget_realloc(void *ud, void *p, size_t old_size, size_t new_size)
{
    (void)old_size;
    budget *b = ud;
    if (b->left-- <= 0)
        return NULL;
    return realloc(p, new_size);
}

static void budget_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

START_TEST(window_new_fails_cleanly_without_memory)
{
    for (int n = 0; n < 8; n++) {
        budget b = {n};
        watpl_ctx *c = NULL;
        if (watpl_ctx_new_with_allocator(&c, budget_alloc, budget_realloc, budget_free, &b) != WATPL_OK)
            continue;
        b.left = 0;
        watpl_window *x = (watpl_window *)&b;
        ck_assert_int_eq(watpl_window_new(&x, c), WATPL_ENOMEM);
        ck_assert_ptr_null(x);
        b.left = 1;
        ck_assert_int_eq(watpl_window_new(&x, c), WATPL_OK);
        ck_assert_int_eq(watpl_window_inbound(x, T0, 0, 0), WATPL_OK); /* no allocation after new */
        watpl_window_answer a = ask_full(x, T0, WATPL_KIND_SERVICE, 1, 0);
        ck_assert_int_eq(a.csw_open, 1);
        watpl_window_free(x);
        watpl_ctx_free(c);
        return;
    }
    ck_abort_msg("no context could be made");
}
END_TEST

/* ---- suite ----------------------------------------------------------------------------------- */

static Suite *window_suite(void)
{
    Suite *s = suite_create("window");
    TCase *tc = tcase_create("csw");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, csw_open_until_one_second_before_24h);
    tcase_add_test(tc, csw_closed_at_exactly_24h);
    tcase_add_test(tc, csw_not_open_before_the_inbound);
    tcase_add_test(tc, no_event_means_no_window_and_absent_times);
    tcase_add_test(tc, call_opens_the_window);
    tcase_add_test(tc, welcome_opens_the_window);
    tcase_add_test(tc, outbound_never_opens_the_window);
    tcase_add_test(tc, outbound_does_not_refresh_an_open_window);
    tcase_add_test(tc, later_inbound_refreshes_the_window);
    tcase_add_test(tc, older_inbound_changes_nothing);
    suite_add_tcase(s, tc);

    tc = tcase_create("fep");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, fep_starts_with_reply_at_23h59m59s);
    tcase_add_test(tc, no_fep_when_reply_at_exactly_24h);
    tcase_add_test(tc, fep_lasts_72h_from_the_first_reply);
    tcase_add_test(tc, fep_not_open_before_the_reply_is_delivered);
    tcase_add_test(tc, desktop_entry_gives_no_fep);
    tcase_add_test(tc, plain_inbound_gives_no_fep);
    tcase_add_test(tc, fep_does_not_allow_free_form_outside_the_window);
    tcase_add_test(tc, later_entry_starts_new_fep_after_the_old_one_ends);
    tcase_add_test(tc, entry_during_running_fep_does_not_extend_it);
    tcase_add_test(tc, fep_start_survives_many_later_deliveries);
    suite_add_tcase(s, tc);

    tc = tcase_create("pricing");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, pmp_marketing_and_authentication_always_charged);
    tcase_add_test(tc, pmp_utility_free_inside_window_charged_outside);
    tcase_add_test(tc, pricing_model_switches_at_2025_07_01);
    tcase_add_test(tc, schedule_2026_10_charges_utility_in_window);
    tcase_add_test(tc, schedule_2026_10_service_allowance_of_1000);
    tcase_add_test(tc, schedule_2026_10_ignored_before_its_date);
    tcase_add_test(tc, schedule_2026_10_keeps_fep_free);
    tcase_add_test(tc, template_outside_window_is_business_initiated);
    tcase_add_test(tc, user_writing_after_24h_silence_is_user_initiated);
    tcase_add_test(tc, cbp_template_opens_conversation_of_its_category);
    tcase_add_test(tc, cbp_free_form_rides_on_any_open_conversation);
    tcase_add_test(tc, cbp_service_conversation_only_when_none_open);
    tcase_add_test(tc, cbp_service_all_free_from_2024_11);
    tcase_add_test(tc, cbp_first_1000_conversations_free_before_2023_06);
    tcase_add_test(tc, cbp_fep_conversation_is_free_and_suppresses_others);
    tcase_add_test(tc, cbp_fep_closes_conversations_open_before_it);
    suite_add_tcase(s, tc);

    tc = tcase_create("order");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, events_in_any_order_give_the_same_state, 0, 200);
    tcase_add_loop_test(tc, more_events_than_retained_in_any_order_give_the_same_state, 0, 100);
    tcase_add_test(tc, duplicate_webhook_changes_nothing);
    tcase_add_test(tc, event_older_than_every_retained_one_is_ignored);
    suite_add_tcase(s, tc);

    tc = tcase_create("limits");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, int64_extremes_rejected_or_computed_without_overflow);
    tcase_add_test(tc, query_sets_every_field_whatever_the_struct_held);
    tcase_add_test(tc, bad_arguments_are_einval);
    tcase_add_test(tc, names_are_stable_and_never_null);
    tcase_add_test(tc, window_new_fails_cleanly_without_memory);
    suite_add_tcase(s, tc);

    tc = tcase_create("saved");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, save_load_round_trip);
    tcase_add_test(tc, save_into_short_buffer_reports_the_size);
    tcase_add_test(tc, every_truncation_is_rejected);
    tcase_add_test(tc, every_single_bit_flip_is_rejected);
    tcase_add_test(tc, future_version_is_rejected);
    tcase_add_test(tc, checksummed_but_impossible_state_is_rejected);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(window_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
