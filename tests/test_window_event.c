/* The event reader of `watpl window` (cli/window_event.c): the scanner of
 * the common shape accepts only lines that jansson reads to the same
 * fields, and leaves every other shape to jansson, whose error texts and
 * positions the command prints (tests/cli/test_window_shapes.sh checks the
 * command's output). SPDX-License-Identifier: MIT */
#include "../cli/window_event.c"

#include <check.h>
#include <stdio.h>

#include "helpers.h"

/* The fields jansson reads from line, or false when it refuses the line
 * or the line is not an object; *obj keeps the strings alive. */
static bool jansson_fields(const char *line, size_t len, window_event *ev, json_t **obj)
{
    *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
    if (!*obj || !json_is_object(*obj))
        return false;
    window_event_from_json(ev, *obj);
    return true;
}

static bool same_field(const window_field *a, const window_field *b)
{
    if (a->type != b->type)
        return false;
    if (a->type == WINDOW_FIELD_STRING)
        return a->len == b->len && memcmp(a->str, b->str, a->len) == 0;
    return a->type != WINDOW_FIELD_INTEGER || a->integer == b->integer;
}

static bool same_event(window_event *a, window_event *b)
{
    for (size_t i = 0; i < WINDOW_KEYS; i++)
        if (!same_field(field_at(a, i), field_at(b, i)))
            return false;
    return true;
}

/* The scanner's answer for line agrees with jansson's: accepted lines
 * have jansson's fields. Returns whether the scanner accepted it. */
static bool scan_agrees(const char *line, size_t len)
{
    window_event scanned, parsed;
    bool accepted = window_event_scan(&scanned, line, len);
    for (size_t i = 0; accepted && i < len; i++) /* the command skips its UTF-8 check for these */
        ck_assert_msg((unsigned char)line[i] < 0x80, "scanned a byte past ASCII: %.*s", (int)len, line);
    if (accepted) {
        json_t *obj = NULL;
        bool ok = jansson_fields(line, len, &parsed, &obj);
        bool same = ok && same_event(&scanned, &parsed);
        json_decref(obj);
        ck_assert_msg(ok, "scanned, but jansson refuses: %.*s", (int)len, line);
        ck_assert_msg(same, "scanned fields differ from jansson's: %.*s", (int)len, line);
    }
    return accepted;
}

static const char *const common_lines[] = {
    "{\"contact\":\"+5511900339563\",\"t\":1767225600,\"type\":\"inbound\"}",
    "{\"contact\":\"a\",\"t\":1767225600,\"type\":\"query\",\"kind\":\"MARKETING\"}",
    "{}",
    " \t\r\n{ \t\r\n} \t\r\n",
    "{ \"contact\" : \"a\" , \"t\" : -1 , \"type\" : \"call\" }",
    "{\"contact\":null,\"t\":null,\"type\":null,\"kind\":null,\"id\":null,\"entry\":null,\"device\":null,"
    "\"service_sent_this_month\":null}",
    "{\"contact\":\"\",\"t\":0,\"type\":\"\",\"kind\":\"\",\"id\":\"\",\"entry\":\"\",\"device\":\"\","
    "\"service_sent_this_month\":0}",
    "{\"t\":-0}",
    "{\"t\":999999999999999999}",
    "{\"t\":-999999999999999999}",
    "{\"contact\":1,\"type\":2,\"kind\":3,\"id\":4,\"entry\":5,\"device\":6}",
    "{\"contact\":\"~ !#$%&'()*+,-./:;<=>?@[]^_`{|}\x7f\"}",
};

START_TEST(scanner_reads_the_common_shape_as_jansson_does)
{
    for (size_t i = 0; i < sizeof common_lines / sizeof *common_lines; i++) {
        const char *line = common_lines[i];
        ck_assert_msg(scan_agrees(line, strlen(line)), "not scanned: %s", line);
    }
    window_event ev;
    const char *line = "{\"contact\":\"ab\",\"t\":-42,\"id\":null}";
    ck_assert(window_event_scan(&ev, line, strlen(line)));
    ck_assert_int_eq(ev.contact.type, WINDOW_FIELD_STRING);
    ck_assert_uint_eq(ev.contact.len, 2);
    ck_assert(ev.contact.str == line + 12); /* in place: nothing copied */
    ck_assert(window_field_is(&ev.contact, "ab") && !window_field_is(&ev.contact, "a"));
    ck_assert_int_eq(ev.t.type, WINDOW_FIELD_INTEGER);
    ck_assert_int_eq(ev.t.integer, -42);
    ck_assert_int_eq(ev.id.type, WINDOW_FIELD_NULL);
    ck_assert_int_eq(ev.type.type, WINDOW_FIELD_ABSENT);
    ck_assert_int_eq(ev.service_sent_this_month.type, WINDOW_FIELD_ABSENT);
}
END_TEST

/* Every other shape goes to jansson (the scanner says no), whether jansson
 * then reads it or reports an error. */
static const char *const other_lines[] = {
    "{\"contact\":\"a\\u0062\"}", "{\"\\u0074\":1}", "{\"contact\":\"a\\\"\"}", "{\"contact\":\"\xc3\xbc\"}",
    "{\"contact\":\"a\tb\"}", "{\"contact\":\"a\x01\"}", "\xef\xbb\xbf{}", "{\"t\":1.0}", "{\"t\":1e3}",
    "{\"t\":1E3}", "{\"t\":1.}", "{\"t\":true}", "{\"t\":false}", "{\"t\":[]}", "{\"t\":{}}", "{\"t\":01}",
    "{\"t\":00}", "{\"t\":-01}", "{\"t\":+1}", "{\"t\":-}", "{\"t\":--1}", "{\"t\":1234567890123456789}",
    "{\"t\":-1234567890123456789}", "{\"t\":9223372036854775808}", "{\"t\":1,\"t\":1}",
    "{\"kind\":null,\"kind\":null}", "{\"x\":1}", "{\"\":1}", "{\"contac\":1}", "{\"contacts\":1}",
    "{\"T\":1}", "{\"t\":1} x", "{\"t\":1}}", "{\"t\":1},", "{} {}", "{\"t\":1,}", "{,\"t\":1}",
    "{\"t\":1,,\"type\":\"a\"}", "{\"t\" 1}", "{\"t\"::1}", "{t:1}", "{'t':1}", "{\"t\":1", "{\"t\":",
    "{\"t\"", "{\"t", "{", "}", "", "   ", "[]", "[{}]", "\"t\"", "17", "null", "{\"t\":nul}",
    "{\"t\":nullx}", "{\"t\":NULL}", "{\"t\":1x}", "{\"t\":1 1}", "{\f}", "{\v}", "{\"t\":1}\f",
    "{\"t\":1]",
};

START_TEST(scanner_leaves_every_other_shape_to_jansson)
{
    for (size_t i = 0; i < sizeof other_lines / sizeof *other_lines; i++) {
        window_event ev;
        const char *line = other_lines[i];
        ck_assert_msg(!window_event_scan(&ev, line, strlen(line)), "scanned: %s", line);
    }
    /* a NUL byte, inside a string and after the object */
    static const char nul_in_string[] = "{\"contact\":\"a\0b\"}", nul_after[] = "{}\0";
    window_event ev;
    ck_assert(!window_event_scan(&ev, nul_in_string, sizeof nul_in_string - 1));
    ck_assert(!window_event_scan(&ev, nul_after, sizeof nul_after - 1));
    /* the buffer is not read past its length */
    ck_assert(!window_event_scan(&ev, "{\"t\":12}", 6));
    ck_assert(!window_event_scan(&ev, "{\"t\":null}", 8));
    ck_assert(!window_event_scan(&ev, "{\"t\":\"ab\"}", 8));
}
END_TEST

START_TEST(jansson_fields_of_each_type)
{
    const char *line = "{\"contact\":\"a\\u0000\",\"t\":1.5,\"type\":true,\"kind\":[],\"id\":{},"
                       "\"entry\":null,\"device\":\"d\\u00e9\",\"service_sent_this_month\":12345678901234567}";
    json_t *obj = json_loadb(line, strlen(line), JSON_ALLOW_NUL, NULL);
    ck_assert_ptr_nonnull(obj);
    window_event ev;
    window_event_from_json(&ev, obj);
    ck_assert_int_eq(ev.contact.type, WINDOW_FIELD_STRING);
    ck_assert_uint_eq(ev.contact.len, 2);
    ck_assert_int_eq(ev.t.type, WINDOW_FIELD_OTHER);
    ck_assert_int_eq(ev.type.type, WINDOW_FIELD_OTHER);
    ck_assert_int_eq(ev.kind.type, WINDOW_FIELD_OTHER);
    ck_assert_int_eq(ev.id.type, WINDOW_FIELD_OTHER);
    ck_assert_int_eq(ev.entry.type, WINDOW_FIELD_NULL);
    ck_assert(window_field_is(&ev.device, "d\xc3\xa9"));
    ck_assert_int_eq(ev.service_sent_this_month.type, WINDOW_FIELD_INTEGER);
    ck_assert_int_eq(ev.service_sent_this_month.integer, 12345678901234567);
    json_decref(obj);
    obj = json_loads("[1]", 0, NULL); /* not an object: no fields */
    window_event_from_json(&ev, obj);
    ck_assert_int_eq(ev.contact.type, WINDOW_FIELD_ABSENT);
    ck_assert_int_eq(ev.t.type, WINDOW_FIELD_ABSENT);
    json_decref(obj);
}
END_TEST

/* Lines of the common shape, mutated byte by byte (deterministically):
 * whatever the scanner accepts, jansson reads to the same fields. */
START_TEST(mutated_lines_scanned_only_as_jansson_reads_them)
{
    static const char *const seeds[] = {
        "{\"contact\":\"+5511900339563\",\"t\":1767225600,\"type\":\"inbound\",\"entry\":\"ctwa\"}",
        "{ \"contact\" : \"a\", \"t\" : -17, \"type\" : \"query\", \"kind\" : null,"
        " \"service_sent_this_month\" : 999999999999999999 }",
        "{\"id\":\"wamid.1\",\"device\":\"desktop\",\"t\":0,\"contact\":\"x\"}",
    };
    static const char alphabet[] = "{}[]:,\"\\ \t\r\n0123456789-+.eEnulltruefalsx\x7f\x80\xc3\x01\f";
    char line[256];
    uint32_t rng = 12345; /* a local LCG: the same lines on every run */
    long accepted = 0, refused = 0;
    for (int round = 0; round < 40000; round++) {
        const char *seed = seeds[round % 3];
        size_t len = strlen(seed);
        memcpy(line, seed, len);
        int edits = 1 + (int)((rng = rng * 1103515245u + 12345u) >> 16) % 3;
        for (int e = 0; e < edits && len > 0; e++) {
            rng = rng * 1103515245u + 12345u;
            size_t at = (rng >> 8) % len;
            rng = rng * 1103515245u + 12345u;
            char c = alphabet[(rng >> 8) % (sizeof alphabet - 1)];
            switch ((rng >> 20) % 3) {
            case 0: /* replace */
                line[at] = c;
                break;
            case 1: /* insert */
                if (len + 1 < sizeof line) {
                    memmove(line + at + 1, line + at, len - at);
                    line[at] = c;
                    len++;
                }
                break;
            default: /* delete */
                memmove(line + at, line + at + 1, len - at - 1);
                len--;
                break;
            }
        }
        if (scan_agrees(line, len))
            accepted++;
        else
            refused++;
    }
    for (size_t i = 0; i < 3; i++) /* every prefix: lines cut anywhere */
        for (size_t n = 0; n < strlen(seeds[i]); n++)
            ck_assert(!scan_agrees(seeds[i], n));
    ck_assert_int_gt(accepted, 1000);
    ck_assert_int_gt(refused, 1000);
}
END_TEST

static Suite *window_event_suite(void)
{
    Suite *s = suite_create("window_event");
    TCase *tc = tcase_create("scanner");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, scanner_reads_the_common_shape_as_jansson_does);
    tcase_add_test(tc, scanner_leaves_every_other_shape_to_jansson);
    tcase_add_test(tc, jansson_fields_of_each_type);
    tcase_add_test(tc, mutated_lines_scanned_only_as_jansson_reads_them);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return th_run_suite(window_event_suite());
}
