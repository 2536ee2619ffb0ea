/* Window events in and answers out as JSON (watpl_window_event_json,
 * watpl_window_answer_to_json). SPDX-License-Identifier: MIT */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "watpl.h"

/* 2026-01-05 00:00:00 UTC: per-message pricing, 2025-07 rules. */
#define T0 INT64_C(1767571200)

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
}

static int event(const char *json)
{
    return watpl_window_event_json(ctx, w, json, strlen(json));
}

/* The saved bytes of w, to compare states. */
static void saved(const watpl_window *win, unsigned char *buf)
{
    size_t n = 0;
    ck_assert_int_eq(watpl_window_save(win, buf, watpl_window_saved_size(), &n), WATPL_OK);
}

START_TEST(json_events_equal_the_calls)
{
    watpl_window *direct = NULL;
    ck_assert_int_eq(watpl_window_new(&direct, ctx), WATPL_OK);
    ck_assert_int_eq(event("{\"contact\":\"+1\",\"id\":\"wamid.1\",\"t\":1767571200,\"type\":\"inbound\","
                           "\"entry\":\"ctwa\",\"device\":\"mobile\"}"),
                     WATPL_OK);
    ck_assert_int_eq(event("{\"t\":1767571500,\"type\":\"outbound\",\"kind\":\"UTILITY\"}"), WATPL_OK);
    ck_assert_int_eq(event("{\"t\":1767572000,\"type\":\"call\"}"), WATPL_OK);
    ck_assert_int_eq(event("{\"t\":1767573000,\"type\":\"welcome\"}"), WATPL_OK);
    ck_assert_int_eq(event("{\"t\":1767574000,\"type\":\"inbound\",\"device\":\"desktop\",\"entry\":\"page_cta\"}"),
                     WATPL_OK);
    watpl_window_inbound(direct, T0, WATPL_ENTRY_CTWA, WATPL_DEVICE_MOBILE);
    watpl_window_outbound(direct, T0 + 300, WATPL_KIND_UTILITY);
    watpl_window_call(direct, T0 + 800);
    watpl_window_welcome(direct, T0 + 1800);
    watpl_window_inbound(direct, T0 + 2800, WATPL_ENTRY_PAGE_CTA, WATPL_DEVICE_DESKTOP);
    unsigned char a[512], b[512];
    saved(w, a);
    saved(direct, b);
    ck_assert_mem_eq(a, b, watpl_window_saved_size());
    watpl_window_free(direct);
}
END_TEST

/* Each bad event: its code, rule and path, and the state untouched. */
static void refused(const char *json, int code, const char *rule, const char *path)
{
    unsigned char before[512], after[512];
    saved(w, before);
    ck_assert_int_eq(event(json), code);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), rule);
    ck_assert_str_eq(watpl_ctx_error_path(ctx), path);
    ck_assert_str_ne(watpl_ctx_errmsg(ctx), "");
    saved(w, after);
    ck_assert_mem_eq(before, after, watpl_window_saved_size());
}

START_TEST(bad_events_name_their_rule_and_member)
{
    ck_assert_int_eq(event("{\"t\":1767571200,\"type\":\"inbound\"}"), WATPL_OK);
    refused("{\"t\":1767571200,\"type\":\"inbound\"", WATPL_ESYNTAX, "input.json.syntax", "");
    ck_assert_int_eq(watpl_ctx_error_line(ctx), 1);
    ck_assert_int_gt(watpl_ctx_error_column(ctx), 0);
    refused("[1]", WATPL_ETYPE, "input.json.type", "$");
    refused("{\"t\":\"now\",\"type\":\"call\"}", WATPL_ETYPE, "input.json.type", "$.t");
    refused("{\"t\":1767571200}", WATPL_ETYPE, "input.json.type", "$.type");
    refused("{\"t\":1767571200,\"type\":\"query\",\"kind\":\"UTILITY\"}", WATPL_EINVAL, "input.json.value",
            "$.type");
    refused("{\"t\":1767571200,\"type\":\"outbound\"}", WATPL_EINVAL, "input.json.value", "$.kind");
    refused("{\"t\":1767571200,\"type\":\"outbound\",\"kind\":\"PROMO\"}", WATPL_EINVAL, "input.json.value",
            "$.kind");
    refused("{\"t\":1767571200,\"type\":\"inbound\",\"entry\":\"banner\"}", WATPL_EINVAL, "input.json.value",
            "$.entry");
    refused("{\"t\":1767571200,\"type\":\"inbound\",\"device\":\"tv\"}", WATPL_EINVAL, "input.json.value",
            "$.device");
    refused("{\"t\":1767571200,\"type\":\"inbound\",\"device\":7}", WATPL_ETYPE, "input.json.type", "$.device");
    refused("{\"t\":1767571200,\"type\":\"outbound\",\"kind\":[\"UTILITY\"]}", WATPL_ETYPE, "input.json.type",
            "$.kind");
    refused("{\"t\":9223372036854775807,\"type\":\"call\"}", WATPL_EINVAL, "input.json.value", "$.t");
    refused("{\"t\":1767571200,\"t\":1767571201,\"type\":\"call\"}", WATPL_ESYNTAX, "input.json.syntax", "");
    refused("{\"t\":1767571200,\"type\":\"call\",\"x\":\"caf\xc3\"}", WATPL_EUTF8, "input.utf8", "");
    ck_assert_int_eq(watpl_ctx_error_offset(ctx), 38);
    ck_assert_int_eq(watpl_window_event_json(NULL, w, "{}", 2), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_event_json(ctx, NULL, "{}", 2), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_event_json(ctx, w, NULL, 2), WATPL_EINVAL);
}
END_TEST

START_TEST(oversized_event_is_refused_unread)
{
    size_t n = (1u << 20) + 1;
    char *big = malloc(n);
    ck_assert_ptr_nonnull(big);
    memset(big, ' ', n);
    ck_assert_int_eq(watpl_window_event_json(ctx, w, big, n), WATPL_ELIMIT);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.too_large");
    free(big);
}
END_TEST

static char *answer_json(int64_t now, int kind)
{
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_query(w, now, kind, WATPL_SCHEDULE_2025_07, 0, &a), WATPL_OK);
    char *out = NULL;
    size_t len = 0;
    ck_assert_int_eq(watpl_window_answer_to_json(ctx, &a, &out, &len), WATPL_OK);
    ck_assert_uint_eq(strlen(out), len);
    return out;
}

START_TEST(answer_json_has_the_command_fields_in_order)
{
    ck_assert_int_eq(event("{\"t\":1767571200,\"type\":\"inbound\",\"entry\":\"ctwa\"}"), WATPL_OK);
    ck_assert_int_eq(event("{\"t\":1767571500,\"type\":\"outbound\",\"kind\":\"UTILITY\"}"), WATPL_OK);
    char *js = answer_json(T0 + 74400, WATPL_KIND_MARKETING);
    ck_assert_str_eq(js, "{\"kind\":\"MARKETING\",\"csw_open\":true,\"csw_closes_at\":1767657600,"
                         "\"fep_open\":true,\"fep_until\":1767830700,\"allowed\":true,\"billable\":false,"
                         "\"pricing_model\":\"PMP\",\"pricing_category\":\"referral_conversion\","
                         "\"pricing_type\":\"free_entry_point\",\"initiator\":\"user\",\"reason\":\"fep.open\","
                         "\"schedule\":\"2025-07\"}");
    watpl_free(js);
    watpl_window_reset(w);
    js = answer_json(T0, WATPL_KIND_SERVICE);
    ck_assert_str_eq(js, "{\"kind\":\"SERVICE\",\"csw_open\":false,\"csw_closes_at\":null,"
                         "\"fep_open\":false,\"fep_until\":null,\"allowed\":false,\"billable\":false,"
                         "\"pricing_model\":\"PMP\",\"pricing_category\":\"service\","
                         "\"pricing_type\":null,\"initiator\":null,\"reason\":\"csw.closed\","
                         "\"schedule\":\"2025-07\"}");
    watpl_free(js);
    js = answer_json(INT64_C(1709510400), WATPL_KIND_UTILITY); /* CBP: no type, no schedule */
    ck_assert_ptr_nonnull(strstr(js, "\"pricing_model\":\"CBP\""));
    ck_assert_ptr_nonnull(strstr(js, "\"pricing_type\":null"));
    ck_assert_ptr_nonnull(strstr(js, "\"schedule\":null}"));
    watpl_free(js);
}
END_TEST

START_TEST(answer_json_refuses_bad_arguments)
{
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    char *out = (char *)&a;
    size_t len = 7;
    ck_assert_int_eq(watpl_window_answer_to_json(ctx, &a, &out, &len), WATPL_EINVAL); /* kind 0 */
    ck_assert_ptr_null(out);
    ck_assert_uint_eq(len, 0);
    a.kind = WATPL_KIND_UTILITY;
    a.version = 0;
    ck_assert_int_eq(watpl_window_answer_to_json(ctx, &a, &out, &len), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_answer_to_json(NULL, &a, &out, &len), WATPL_EINVAL);
    ck_assert_int_eq(watpl_window_answer_to_json(ctx, NULL, &out, &len), WATPL_EINVAL);
}
END_TEST

/* An allocator that fails from the n-th allocation on. */
typedef struct failing {
    int left;
} failing;

static void *f_alloc(void *ud, size_t size)
{
    failing *f = ud;
    return f->left-- > 0 ? malloc(size) : NULL;
}

static void *f_realloc(void *ud, void *p, size_t old_size, size_t new_size)
{
    failing *f = ud;
    (void)old_size;
    return f->left-- > 0 ? realloc(p, new_size) : NULL;
}

static void f_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

START_TEST(answer_json_fails_cleanly_without_memory)
{
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    ck_assert_int_eq(watpl_window_query(w, T0, WATPL_KIND_UTILITY, WATPL_SCHEDULE_2025_07, 0, &a), WATPL_OK);
    int ok_at = -1;
    for (int n = 0; n < 64 && ok_at < 0; n++) {
        failing f = {1 << 20};
        watpl_ctx *c = NULL;
        ck_assert_int_eq(watpl_ctx_new_with_allocator(&c, f_alloc, f_realloc, f_free, &f), WATPL_OK);
        f.left = n;
        char *out = NULL;
        size_t len = 0;
        int rc = watpl_window_answer_to_json(c, &a, &out, &len);
        if (rc == WATPL_OK) {
            ok_at = n;
            watpl_free(out);
        } else {
            ck_assert_int_eq(rc, WATPL_ENOMEM);
            ck_assert_ptr_null(out);
        }
        watpl_ctx_free(c);
    }
    ck_assert_int_gt(ok_at, 0);
}
END_TEST

/* zlib's CRC-32, bit by bit, to check the library's sliced one. */
static uint32_t crc32_bitwise(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc & 1u) ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
    }
    return ~crc;
}

/* A state of a newer version is told from damage by its checksum alone, at
 * any length: WATPL_EVERSION needs the CRC-32 right at every length. */
START_TEST(saved_state_checksum_is_zlibs_at_every_length)
{
    unsigned char buf[320];
    uint32_t x = 2463534242u; /* xorshift32: every byte value at every position of a block */
    for (size_t len = 12; len <= sizeof buf; len++) {
        for (size_t i = 0; i < sizeof buf; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (unsigned char)x;
        }
        memcpy(buf, "WTPW", 4);
        buf[4] = 2;
        buf[5] = 0;
        uint32_t crc = crc32_bitwise(buf, len - 4);
        for (int i = 0; i < 4; i++)
            buf[len - 4 + (size_t)i] = (unsigned char)(crc >> (8 * i));
        ck_assert_int_eq(watpl_window_load(w, buf, len), WATPL_EVERSION);
        buf[len - 1] ^= 1u;
        ck_assert_int_eq(watpl_window_load(w, buf, len), WATPL_ECORRUPT);
    }
}
END_TEST

static Suite *window_json_suite(void)
{
    Suite *s = suite_create("window_json");
    TCase *tc = tcase_create("events and answers");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, json_events_equal_the_calls);
    tcase_add_test(tc, bad_events_name_their_rule_and_member);
    tcase_add_test(tc, oversized_event_is_refused_unread);
    tcase_add_test(tc, answer_json_has_the_command_fields_in_order);
    tcase_add_test(tc, answer_json_refuses_bad_arguments);
    tcase_add_test(tc, answer_json_fails_cleanly_without_memory);
    tcase_add_test(tc, saved_state_checksum_is_zlibs_at_every_length);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return th_run_suite(window_json_suite());
}
