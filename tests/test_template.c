/* Template model: builder, getters, Meta JSON in and out, input errors. */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static watpl_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
}

static void teardown(void)
{
    watpl_ctx_free(ctx);
}

#define S(x) x, strlen(x)

START_TEST(builder_sets_every_field_and_getters_read_them)
{
    watpl_template *t = NULL;
    size_t idx = 99, len = 0;
    ck_assert_int_eq(watpl_template_new(&t, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_name(t, S("order_update")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_language(t, S("en_US")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_category(t, S("TRANSACTIONAL")), WATPL_OK);
    ck_assert_int_eq(watpl_template_category(t), WATPL_CATEGORY_UTILITY);
    ck_assert_int_eq(watpl_template_set_parameter_format(t, S("NAMED")), WATPL_OK);
    ck_assert_int_eq(watpl_template_parameter_format(t), WATPL_PARAMS_NAMED);
    ck_assert_int_eq(watpl_template_set_header_text(t, -1, S("Order {{id}}")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_body(t, -1, S("Hi {{name}}, thanks for your order.")), WATPL_OK);
    ck_assert_int_eq(watpl_template_add_example(t, -1, WATPL_COMPONENT_BODY, S("name"), S("Ana")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_footer(t, S("Shop team")), WATPL_OK);
    ck_assert_int_eq(watpl_template_add_button(t, -1, S("URL"), S("Track"), &idx), WATPL_OK);
    ck_assert_uint_eq(idx, 0);
    ck_assert_int_eq(watpl_template_set_button_field(t, -1, 0, WATPL_BUTTON_FIELD_URL, S("https://x.example/{{1}}")),
                     WATPL_OK);
    ck_assert_int_eq(watpl_template_set_button_field(t, -1, 0, WATPL_BUTTON_FIELD_EXAMPLE, S("A1")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_button_field(t, -1, 5, WATPL_BUTTON_FIELD_URL, S("x")), WATPL_ENOTFOUND);
    ck_assert_int_eq(watpl_template_set_button_field(t, -1, 0, 77, S("x")), WATPL_EINVAL);
    ck_assert_str_eq(watpl_template_name(t, &len), "order_update");
    ck_assert_uint_eq(len, 12);
    ck_assert_str_eq(watpl_template_category_string(t, NULL), "TRANSACTIONAL");
    ck_assert_str_eq(watpl_template_header_text(t, -1, NULL), "Order {{id}}");
    ck_assert_int_eq(watpl_template_header_format(t, -1), WATPL_HEADER_TEXT);
    ck_assert_str_eq(watpl_template_footer(t, NULL), "Shop team");
    ck_assert_uint_eq(watpl_template_button_count(t, -1), 1);
    ck_assert_int_eq(watpl_template_button_type(t, -1, 0), WATPL_BUTTON_URL);
    ck_assert_int_eq(watpl_template_button_type(t, -1, 3), -1);
    ck_assert_str_eq(watpl_template_button_field(t, -1, 0, WATPL_BUTTON_FIELD_EXAMPLE, NULL), "A1");
    ck_assert_ptr_null(watpl_template_limited_time_offer(t, &len));
    ck_assert_uint_eq(len, 0);
    /* cards */
    ck_assert_int_eq(watpl_template_set_body(t, 0, S("x")), WATPL_ENOTFOUND);
    ck_assert_int_eq(watpl_template_add_card(t, &idx), WATPL_OK);
    ck_assert_uint_eq(idx, 0);
    ck_assert_int_eq(watpl_template_set_header_media(t, 0, S("IMAGE"), S("4::h")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_body(t, 0, S("Card body")), WATPL_OK);
    ck_assert_int_eq(watpl_template_add_button(t, 0, S("QUICK_REPLY"), S("More"), NULL), WATPL_OK);
    ck_assert_uint_eq(watpl_template_card_count(t), 1);
    ck_assert_str_eq(watpl_template_body(t, 0, NULL), "Card body");
    ck_assert_int_eq(watpl_template_header_format(t, 0), WATPL_HEADER_IMAGE);
    ck_assert_uint_eq(watpl_template_button_count(t, 0), 1);
    /* invalid UTF-8 and oversize strings are refused, the field unchanged */
    ck_assert_int_eq(watpl_template_set_name(t, "a\xff", 2), WATPL_EUTF8);
    ck_assert_str_eq(watpl_template_name(t, NULL), "order_update");
    char *big = malloc(70000);
    memset(big, 'a', 70000);
    ck_assert_int_eq(watpl_template_set_body(t, -1, big, 70000), WATPL_ELIMIT);
    free(big);
    ck_assert_int_eq(watpl_template_set_name(NULL, S("x")), WATPL_EINVAL);
    watpl_template_free(t);
    watpl_template_free(NULL);
}
END_TEST

START_TEST(authentication_builder_fields)
{
    watpl_template *t = NULL;
    size_t b;
    ck_assert_int_eq(watpl_template_new(&t, ctx), WATPL_OK);
    watpl_template_set_category(t, S("AUTHENTICATION"));
    ck_assert_int_eq(watpl_template_set_security_recommendation(t, 1), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_code_expiration(t, 10), WATPL_OK);
    ck_assert_int_eq(watpl_template_add_button(t, -1, S("OTP"), NULL, 0, &b), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_button_field(t, -1, b, WATPL_BUTTON_FIELD_OTP_TYPE, S("ZERO_TAP")), WATPL_OK);
    ck_assert_int_eq(watpl_template_set_button_zero_tap_terms(t, b, 1), WATPL_OK);
    ck_assert_int_eq(watpl_template_add_button_app(t, b, S("com.example.app"), S("K8a/AINcGX7")), WATPL_OK);
    ck_assert_int_eq(watpl_template_add_button_app(t, 9, S("com.example.app"), S("K8a/AINcGX7")), WATPL_ENOTFOUND);
    char *js = NULL;
    size_t jl = 0;
    ck_assert_int_eq(watpl_template_to_json(ctx, t, &js, &jl), WATPL_OK);
    ck_assert_ptr_nonnull(strstr(js, "\"add_security_recommendation\":true"));
    ck_assert_ptr_nonnull(strstr(js, "\"code_expiration_minutes\":10"));
    ck_assert_ptr_nonnull(strstr(js, "\"zero_tap_terms_accepted\":true"));
    ck_assert_ptr_nonnull(strstr(js, "\"signature_hash\":\"K8a/AINcGX7\""));
    watpl_free(js);
    watpl_template_free(t);
}
END_TEST

START_TEST(limited_time_offer_round_trip)
{
    watpl_template *t = th_parse(ctx, "{\"name\":\"lto\",\"language\":\"en_US\",\"category\":\"MARKETING\","
                                      "\"components\":[{\"type\":\"LIMITED_TIME_OFFER\",\"limited_time_offer\":"
                                      "{\"text\":\"Expiring offer!\",\"has_expiration\":true}},"
                                      "{\"type\":\"BODY\",\"text\":\"Good deal here for you.\"}]}");
    ck_assert_str_eq(watpl_template_limited_time_offer(t, NULL), "Expiring offer!");
    watpl_template_free(t);
}
END_TEST

static void round_trip(const char *json, size_t len, const char *what)
{
    watpl_template *a = NULL, *b = NULL;
    int rc = watpl_template_parse_json(ctx, json, len, &a);
    ck_assert_msg(rc == WATPL_OK, "%s: %s", what, watpl_ctx_errmsg(ctx));
    char *j1 = NULL, *j2 = NULL;
    size_t l1 = 0, l2 = 0;
    ck_assert_int_eq(watpl_template_to_json(ctx, a, &j1, &l1), WATPL_OK);
    ck_assert_int_eq(watpl_template_parse_json(ctx, j1, l1, &b), WATPL_OK);
    ck_assert_int_eq(watpl_template_to_json(ctx, b, &j2, &l2), WATPL_OK);
    ck_assert_msg(l1 == l2 && memcmp(j1, j2, l1) == 0, "%s: not a fixed point:\n%s\n%s", what, j1, j2);
    /* the model survives: same body and button count */
    size_t ba = 0, bb = 0;
    const char *x = watpl_template_body(a, -1, &ba), *y = watpl_template_body(b, -1, &bb);
    ck_assert(ba == bb && (!x || memcmp(x, y, ba) == 0));
    ck_assert_uint_eq(watpl_template_button_count(a, -1), watpl_template_button_count(b, -1));
    watpl_free(j1);
    watpl_free(j2);
    watpl_template_free(a);
    watpl_template_free(b);
}

START_TEST(examples_parse_and_round_trip)
{
    static const char *const files[] = {"order_shipped", "summer_sale", "login_code", "appointment_reminder",
                                        "carousel_offers", "loyalty_update",
                                        "mistakes/with_mistakes"};
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        char path[256];
        snprintf(path, sizeof path, "examples/templates/%s.json", files[i]);
        size_t len = 0;
        char *json = th_read_file(path, &len);
        ck_assert_msg(json != NULL, "cannot read %s", path);
        round_trip(json, len, path);
        free(json);
    }
}
END_TEST

START_TEST(corpus_round_trip_is_a_fixed_point)
{
    char path[512];
    ck_assert_msg(th_corpus_path(path, sizeof path) != NULL, "the converted corpus cannot be produced");
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    char *line = NULL;
    size_t cap = 0, count = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, f)) > 0) {
        if (n <= 1)
            continue;
        round_trip(line, (size_t)n, line);
        count++;
    }
    free(line);
    fclose(f);
    ck_assert_uint_ge(count, 70);
}
END_TEST

START_TEST(get_item_and_unknown_fields_are_accepted)
{
    watpl_template *t = th_parse(ctx,
        "{\"id\":\"123\",\"status\":\"APPROVED\",\"quality_score\":{\"score\":\"GREEN\"},\"name\":\"login\","
        "\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":[{\"type\":\"BODY\",\"text\":"
        "\"*{{1}}* is your verification code.\",\"add_security_recommendation\":true},{\"type\":\"BUTTONS\","
        "\"buttons\":[{\"type\":\"URL\",\"text\":\"Copy code\",\"url\":\"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE\"}]}],"
        "\"x_unknown\":[1,2,{\"deep\":true}]}");
    ck_assert_str_eq(watpl_template_name(t, NULL), "login");
    ck_assert_int_eq(watpl_template_category(t), WATPL_CATEGORY_AUTHENTICATION);
    ck_assert_int_eq(watpl_template_button_type(t, -1, 0), WATPL_BUTTON_URL);
    watpl_template_free(t);
}
END_TEST

START_TEST(lowercase_component_types_and_legacy_categories)
{
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"OTP\","
                                      "\"components\":[{\"type\":\"body\",\"text\":\"hello there\"}]}");
    ck_assert_str_eq(watpl_template_body(t, -1, NULL), "hello there");
    ck_assert_int_eq(watpl_template_category(t), WATPL_CATEGORY_AUTHENTICATION);
    watpl_template_free(t);
    static const char *const legacy[] = {"ACCOUNT_UPDATE", "ALERT_UPDATE", "APPOINTMENT_UPDATE", "AUTO_REPLY",
                                         "ISSUE_RESOLUTION", "PAYMENT_UPDATE", "PERSONAL_FINANCE_UPDATE",
                                         "RESERVATION_UPDATE", "SHIPPING_UPDATE", "TICKET_UPDATE",
                                         "TRANSPORTATION_UPDATE", "TRANSACTIONAL"};
    for (size_t i = 0; i < sizeof legacy / sizeof *legacy; i++) {
        watpl_template_new(&t, ctx);
        watpl_template_set_category(t, legacy[i], strlen(legacy[i]));
        ck_assert_int_eq(watpl_template_category(t), WATPL_CATEGORY_UTILITY);
        watpl_template_free(t);
    }
}
END_TEST

static void expect_error(const char *json, int code, const char *rule, int64_t line, int64_t column,
                         const char *path)
{
    watpl_template *t = (watpl_template *)1;
    int rc = watpl_template_parse_json(ctx, json, strlen(json), &t);
    ck_assert_msg(rc == code, "'%s': rc %d (%s)", json, rc, watpl_ctx_errmsg(ctx));
    ck_assert_ptr_null(t);
    ck_assert_int_eq(watpl_ctx_errcode(ctx), code);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), rule);
    ck_assert(strlen(watpl_ctx_errmsg(ctx)) > 0);
    if (line >= 0)
        ck_assert_msg(watpl_ctx_error_line(ctx) == line && (column < 0 || watpl_ctx_error_column(ctx) == column),
                      "'%s': at %lld:%lld", json, (long long)watpl_ctx_error_line(ctx),
                      (long long)watpl_ctx_error_column(ctx));
    if (path)
        ck_assert_str_eq(watpl_ctx_error_path(ctx), path);
}

START_TEST(malformed_json_reports_line_and_column)
{
    expect_error("{\"name\": \"x\"", WATPL_ESYNTAX, "input.json.syntax", 1, 12, NULL);
    expect_error("{\"name\": \"x\"}\ntrailing", WATPL_ESYNTAX, "input.json.syntax", 2, 8, NULL);
    expect_error("{\n  \"name\": \"bad \\q escape\"\n}", WATPL_ESYNTAX, "input.json.syntax", 2, -1, NULL);
    expect_error("", WATPL_ESYNTAX, "input.json.syntax", -1, 0, NULL);
    expect_error("{\"a\":1,\"a\":2}", WATPL_ESYNTAX, "input.json.syntax", -1, 0, NULL);
}
END_TEST

START_TEST(wrong_types_name_the_json_path)
{
    expect_error("[]", WATPL_ETYPE, "input.json.type", -1, 0, "$");
    expect_error("{\"name\": 3}", WATPL_ETYPE, "input.json.type", -1, 0, "$.name");
    expect_error("{\"components\": {}}", WATPL_ETYPE, "input.json.type", -1, 0, "$.components");
    expect_error("{\"components\": [{\"type\":\"BODY\",\"text\":1}]}", WATPL_ETYPE, "input.json.type", -1, 0,
                 "$.components[0].text");
    expect_error("{\"components\": [{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\"},{\"type\":\"URL\",\"url\":[]}]}]}",
                 WATPL_ETYPE, "input.json.type", -1, 0, "$.components[0].buttons[1].url");
    expect_error("{\"components\": [{\"type\":\"BODY\",\"example\":{\"body_text\":[[\"a\", 2]]}}]}", WATPL_ETYPE,
                 "input.json.type", -1, 0, "$.components[0].example.body_text[0][1]");
    expect_error("{\"components\": [{\"type\":\"FOOTER\",\"code_expiration_minutes\":\"10\"}]}", WATPL_ETYPE,
                 "input.json.type", -1, 0, "$.components[0].code_expiration_minutes");
    expect_error("{\"components\": [{\"type\":\"CAROUSEL\",\"cards\":[{\"components\":[{\"type\":\"BODY\",\"text\":false}]}]}]}",
                 WATPL_ETYPE, "input.json.type", -1, 0, "$.components[0].cards[0].components[0].text");
}
END_TEST

START_TEST(hostile_nesting_and_sizes_are_bounded)
{
    char deep[200];
    size_t n = 0;
    deep[n++] = '{';
    memcpy(deep + n, "\"x\":", 4);
    n += 4;
    for (int i = 0; i < 33; i++)
        deep[n++] = '[';
    for (int i = 0; i < 33; i++)
        deep[n++] = ']';
    deep[n++] = '}';
    deep[n] = '\0';
    expect_error(deep, WATPL_ELIMIT, "input.too_large", -1, 0, NULL);
    size_t big = 100000;
    char *b = malloc(big + 1);
    memset(b, '[', big);
    b[big] = '\0';
    expect_error(b, WATPL_ELIMIT, "input.too_large", 1, 33, NULL);
    free(b);
    /* a string over the per-field bound */
    size_t sl = 70000;
    char *s = malloc(sl + 64);
    strcpy(s, "{\"name\":\"");
    memset(s + 9, 'a', sl);
    strcpy(s + 9 + sl, "\"}");
    expect_error(s, WATPL_ELIMIT, "input.too_large", -1, 0, "$.name");
    /* over the context's input limit */
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_MAX_INPUT_BYTES, 1024), WATPL_OK);
    expect_error(s, WATPL_ELIMIT, "input.too_large", -1, 0, NULL);
    free(s);
    /* too many buttons */
    char many[2048] = "{\"components\":[{\"type\":\"BUTTONS\",\"buttons\":[";
    for (int i = 0; i < 17; i++)
        strcat(many, i ? ",{\"type\":\"QUICK_REPLY\",\"text\":\"a\"}" : "{\"type\":\"QUICK_REPLY\",\"text\":\"a\"}");
    strcat(many, "]}]}");
    expect_error(many, WATPL_ELIMIT, "input.too_large", -1, 0, "$.components[0].buttons");
}
END_TEST

START_TEST(invalid_utf8_reports_its_offset)
{
    const char json[] = "{\"name\": \"caf\xc3\"}";
    watpl_template *t = NULL;
    ck_assert_int_eq(watpl_template_parse_json(ctx, json, sizeof json - 1, &t), WATPL_EUTF8);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.utf8");
    ck_assert_int_eq(watpl_ctx_error_offset(ctx), 13);
    ck_assert_int_eq(watpl_ctx_error_line(ctx), 1);
    ck_assert_int_eq(watpl_ctx_error_column(ctx), 14);
    const char nul[] = "{\"name\": \"a\\u0000b\"}";
    ck_assert_int_eq(watpl_template_parse_json(ctx, nul, sizeof nul - 1, &t), WATPL_ESYNTAX);
}
END_TEST

START_TEST(errors_are_cleared_by_the_next_success)
{
    watpl_template *t = NULL;
    ck_assert_int_eq(watpl_template_parse_json(ctx, "{", 1, &t), WATPL_ESYNTAX);
    t = th_parse(ctx, "{\"name\":\"ok\"}");
    ck_assert_int_eq(watpl_ctx_errcode(ctx), WATPL_OK);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "");
    watpl_template_free(t);
    ck_assert_int_eq(watpl_template_parse_json(NULL, "{}", 2, &t), WATPL_EINVAL);
    ck_assert_int_eq(watpl_template_parse_json(ctx, "{}", 2, NULL), WATPL_EINVAL);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("template");
    TCase *tc = tcase_create("model");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, builder_sets_every_field_and_getters_read_them);
    tcase_add_test(tc, authentication_builder_fields);
    tcase_add_test(tc, limited_time_offer_round_trip);
    tcase_add_test(tc, examples_parse_and_round_trip);
    tcase_add_test(tc, corpus_round_trip_is_a_fixed_point);
    tcase_add_test(tc, get_item_and_unknown_fields_are_accepted);
    tcase_add_test(tc, lowercase_component_types_and_legacy_categories);
    tcase_add_test(tc, malformed_json_reports_line_and_column);
    tcase_add_test(tc, wrong_types_name_the_json_path);
    tcase_add_test(tc, hostile_nesting_and_sizes_are_bounded);
    tcase_add_test(tc, invalid_utf8_reports_its_offset);
    tcase_add_test(tc, errors_are_cleared_by_the_next_success);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
