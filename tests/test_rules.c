/* The rule catalogue: every rule has a template that triggers it and one
 * that must not (tests/data/rules/cases.jsonl), plus positions, policy
 * options and the report's order and JSON form. */
#include <check.h>
#include <jansson.h>
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

static bool report_has(const watpl_report *r, const char *rule)
{
    for (size_t i = 0; i < watpl_report_count(r); i++)
        if (strcmp(watpl_report_rule(r, i), rule) == 0)
            return true;
    return false;
}

static watpl_template *parse_value(const json_t *v)
{
    char *s = json_dumps(v, JSON_COMPACT);
    ck_assert_ptr_nonnull(s);
    watpl_template *t = th_parse(ctx, s);
    free(s);
    return t;
}

static bool creation_triggers(const json_t *tpl, const char *rule)
{
    watpl_template *t = parse_value(tpl);
    bool found = th_has_rule(ctx, t, rule);
    watpl_template_free(t);
    return found;
}

static bool send_triggers(const json_t *tpl, const json_t *params, const char *rule)
{
    watpl_template *t = parse_value(tpl);
    char *ps = json_dumps(params, JSON_COMPACT);
    watpl_params *p = NULL;
    watpl_rendered *r = NULL;
    ck_assert_int_eq(watpl_params_parse_json(ctx, ps, strlen(ps), &p), WATPL_OK);
    ck_assert_int_eq(watpl_render(ctx, t, p, &r), WATPL_OK);
    bool found = report_has(watpl_rendered_report(r), rule);
    watpl_rendered_free(r);
    watpl_params_free(p);
    free(ps);
    watpl_template_free(t);
    return found;
}

START_TEST(every_rule_triggers_and_has_a_clean_counterpart)
{
    char path[256];
    th_data_path(path, sizeof path, "rules/cases.jsonl");
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    size_t nrules = watpl_rule_count();
    bool *covered = calloc(nrules, sizeof *covered);
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *c = json_loads(line, 0, &err);
        ck_assert_msg(c != NULL, "bad case line: %s", err.text);
        const char *rule = json_string_value(json_object_get(c, "rule"));
        ck_assert_ptr_nonnull(rule);
        if (json_object_get(c, "trigger")) {
            ck_assert_msg(creation_triggers(json_object_get(c, "trigger"), rule), "%s: not triggered", rule);
            ck_assert_msg(!creation_triggers(json_object_get(c, "clean"), rule), "%s: fires on the clean case",
                          rule);
        } else {
            const json_t *tpl = json_object_get(c, "template");
            ck_assert_msg(send_triggers(tpl, json_object_get(c, "trigger_params"), rule), "%s: not triggered", rule);
            ck_assert_msg(!send_triggers(tpl, json_object_get(c, "clean_params"), rule),
                          "%s: fires on the clean case", rule);
        }
        for (size_t i = 0; i < nrules; i++)
            if (strcmp(watpl_rule_id(i), rule) == 0)
                covered[i] = true;
        json_decref(c);
    }
    free(line);
    fclose(f);
    for (size_t i = 0; i < nrules; i++)
        ck_assert_msg(covered[i], "rule %s has no test case", watpl_rule_id(i));
    free(covered);
}
END_TEST

START_TEST(catalogue_ids_are_unique_with_severities_and_meta_codes)
{
    size_t n = watpl_rule_count();
    ck_assert_uint_ge(n, 80);
    for (size_t i = 0; i < n; i++) {
        ck_assert_ptr_nonnull(watpl_rule_id(i));
        ck_assert(watpl_rule_severity(i) == WATPL_SEVERITY_ERROR || watpl_rule_severity(i) == WATPL_SEVERITY_WARNING);
        for (size_t j = 0; j < i; j++)
            ck_assert_str_ne(watpl_rule_id(i), watpl_rule_id(j));
        if (strcmp(watpl_rule_id(i), "body.trailing_param") == 0)
            ck_assert_int_eq(watpl_rule_meta_code(i), 2388299);
        if (strcmp(watpl_rule_id(i), "send.param.whitespace") == 0)
            ck_assert_int_eq(watpl_rule_meta_code(i), 132018);
    }
    ck_assert_ptr_null(watpl_rule_id(n));
    ck_assert_int_eq(watpl_rule_severity(n), 0);
}
END_TEST

static watpl_report *lint(const char *json)
{
    watpl_template *t = th_parse(ctx, json);
    watpl_report *r = NULL;
    ck_assert_int_eq(watpl_validate(ctx, t, &r), WATPL_OK);
    watpl_template_free(t);
    return r;
}

static size_t find(const watpl_report *r, const char *rule)
{
    for (size_t i = 0; i < watpl_report_count(r); i++)
        if (strcmp(watpl_report_rule(r, i), rule) == 0)
            return i;
    ck_abort_msg("rule %s not reported", rule);
    return 0;
}

#define TPL(body) "{\"name\":\"t\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":[" body "]}"

START_TEST(positions_point_into_the_original_text)
{
    /* é and an emoji before the variable: offsets are bytes of the original */
    watpl_report *r = lint(TPL("{\"type\":\"BODY\",\"text\":\"Olá 😀 thanks, your order is {{1}}\","
                               "\"example\":{\"body_text\":[[\"A1\"]]}}"));
    size_t i = find(r, "body.trailing_param");
    ck_assert_int_eq(watpl_report_component(r, i), WATPL_COMPONENT_BODY);
    ck_assert_int_eq(watpl_report_offset(r, i), 32); /* O l á(2) ' ' 😀(4) ' ' + 22 bytes */
    ck_assert_int_eq(watpl_report_length(r, i), 5);
    ck_assert_int_eq(watpl_report_meta_code(r, i), 2388299);
    ck_assert_int_eq(watpl_report_index(r, i), -1);
    watpl_report_free(r);
    r = lint(TPL("{\"type\":\"BODY\",\"text\":\"Your order has shipped today.\"},{\"type\":\"BUTTONS\",\"buttons\":["
                 "{\"type\":\"QUICK_REPLY\",\"text\":\"Ok\"},{\"type\":\"URL\",\"text\":\"Go\",\"url\":\"ftp://x\"}]}"));
    i = find(r, "button.url.invalid");
    ck_assert_int_eq(watpl_report_component(r, i), WATPL_COMPONENT_BUTTONS);
    ck_assert_int_eq(watpl_report_index(r, i), 1);
    watpl_report_free(r);
}
END_TEST

/* The severity of a rule in a body, or 0 when it is not reported. */
static int severity_of(const char *body, const char *rule)
{
    char json[1024];
    snprintf(json, sizeof json,
             "{\"name\":\"t\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
             "{\"type\":\"BODY\",\"text\":\"%s\",\"example\":{\"body_text\":[[\"a\",\"b\",\"c\",\"d\"]]}}]}",
             body);
    watpl_report *r = lint(json);
    int sev = 0;
    for (size_t i = 0; i < watpl_report_count(r); i++)
        if (strcmp(watpl_report_rule(r, i), rule) == 0 && (sev == 0 || watpl_report_severity(r, i) < sev))
            sev = watpl_report_severity(r, i);
    watpl_report_free(r);
    return sev;
}

/* The bodies docs/rules.md cites: what Meta refused is an error, what it
 * approved is at most a warning (API-observed policy, the default). */
START_TEST(trailing_param_ignores_final_punctuation_only)
{
    /* Meta's sample_flight_confirmation and its guidelines end "... {{3}}." */
    ck_assert_int_eq(severity_of("This is your flight confirmation for {{1}}-{{2}} on {{3}}.", "body.trailing_param"), 0);
    ck_assert_int_eq(severity_of("Your order will arrive on {{1}} !  ", "body.trailing_param"), 0);
    /* approved with a bare trailing variable: a warning, not an error */
    ck_assert_int_eq(severity_of("Your account setup is complete with API version {{1}}", "body.trailing_param"),
                     WATPL_SEVERITY_WARNING);
    ck_assert_int_eq(severity_of("Your order will arrive on {{1}} at noon.", "body.trailing_param"), 0);
}
END_TEST

START_TEST(leading_param_is_an_error_only_alone_on_the_first_line)
{
    /* refused by Meta (2388299): the first line is only the variable */
    ck_assert_int_eq(severity_of("{{1}}\\n\\nReply to this message to confirm your booking for tomorrow.",
                                 "body.leading_param"), WATPL_SEVERITY_ERROR);
    ck_assert_int_eq(severity_of("  {{1}}  \\nReply to this message to confirm your booking.", "body.leading_param"),
                     WATPL_SEVERITY_ERROR);
    /* approved: "{{1}}, your order was successfully delivered on {{2}}." */
    ck_assert_int_eq(severity_of("{{1}}, your order was successfully delivered on {{2}}.", "body.leading_param"),
                     WATPL_SEVERITY_WARNING);
    /* the fix Meta approved: a sentence before the variable */
    ck_assert_int_eq(severity_of("Hello {{1}}\\n\\nReply to this message to confirm your booking.", "body.leading_param"), 0);
}
END_TEST

START_TEST(adjacent_params_severity_depends_on_the_separator)
{
    /* approved: "Your {{2}} {{3}} at {{4}} has been scheduled" */
    ck_assert_int_eq(severity_of("Hello {{1}},\\nYour {{2}} {{3}} at {{4}} has been scheduled for you today.",
                                 "body.adjacent_params"), WATPL_SEVERITY_WARNING);
    /* Meta's own sample: "{{1}}-{{2}}" */
    ck_assert_int_eq(severity_of("This is your flight confirmation for {{1}}-{{2}} on {{3}}.", "body.adjacent_params"), 0);
    ck_assert_int_eq(severity_of("Dear customer, items {{1}}, {{2}} are ready for pickup now.", "body.adjacent_params"), 0);
    /* nothing at all between them: the values run together */
    ck_assert_int_eq(severity_of("Dear customer, items {{1}}{{2}} are ready for pickup now.", "body.adjacent_params"),
                     WATPL_SEVERITY_ERROR);
}
END_TEST

START_TEST(words_per_variable_is_a_warning_meta_approved_denser_bodies)
{
    /* sample_flight_confirmation: 7 plain words, 3 variables, approved */
    ck_assert_int_eq(severity_of("This is your flight confirmation for {{1}}-{{2}} on {{3}}.", "body.too_many_params"),
                     WATPL_SEVERITY_WARNING);
    ck_assert_int_eq(severity_of("Hello {{1}}, your order has shipped and will arrive on Friday.", "body.too_many_params"), 0);
}
END_TEST

START_TEST(editor_placement_policy_is_as_strict_as_whatsapp_manager)
{
    int64_t v = 0;
    ck_assert_int_eq(watpl_ctx_get_option(ctx, WATPL_OPT_PLACEMENT_POLICY, &v), WATPL_OK);
    ck_assert_int_eq(v, WATPL_PLACEMENT_OBSERVED);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_PLACEMENT_POLICY, 3), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_PLACEMENT_POLICY, WATPL_PLACEMENT_EDITOR), WATPL_OK);
    ck_assert_int_eq(severity_of("{{1}}, your order was successfully delivered on {{2}}.", "body.leading_param"),
                     WATPL_SEVERITY_ERROR);
    ck_assert_int_eq(severity_of("Your account setup is complete with API version {{1}}", "body.trailing_param"),
                     WATPL_SEVERITY_ERROR);
    ck_assert_int_eq(severity_of("Your order will arrive on {{1}}.", "body.trailing_param"), WATPL_SEVERITY_WARNING);
    ck_assert_int_eq(severity_of("Hello {{1}},\\nYour {{2}} {{3}} at {{4}} has been scheduled for you today.",
                                 "body.adjacent_params"), WATPL_SEVERITY_ERROR);
    ck_assert_int_eq(severity_of("This is your flight confirmation for {{1}}-{{2}} on {{3}}.", "body.adjacent_params"),
                     WATPL_SEVERITY_WARNING);
    ck_assert_int_eq(severity_of("This is your flight confirmation for {{1}}-{{2}} on {{3}}.", "body.too_many_params"),
                     WATPL_SEVERITY_ERROR);
    ck_assert_int_eq(severity_of("Your order will arrive on {{1}} at noon.", "body.trailing_param"), 0);
}
END_TEST

START_TEST(policy_options_change_the_decisions)
{
    const char *footer = TPL("{\"type\":\"BODY\",\"text\":\"Your order has shipped today.\"},"
                             "{\"type\":\"FOOTER\",\"text\":\"Write to {{1}} soon\"}");
    watpl_report *r = lint(footer);
    ck_assert_int_eq(watpl_report_severity(r, find(r, "footer.param")), WATPL_SEVERITY_ERROR);
    watpl_report_free(r);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_FOOTER_PARAM_SEVERITY, WATPL_SEVERITY_WARNING), WATPL_OK);
    r = lint(footer);
    ck_assert_int_eq(watpl_report_severity(r, find(r, "footer.param")), WATPL_SEVERITY_WARNING);
    watpl_report_free(r);
    /* words per variable */
    const char *dense = TPL("{\"type\":\"BODY\",\"text\":\"Hi {{1}}, order {{2}} ships {{3}} today.\","
                            "\"example\":{\"body_text\":[[\"a\",\"b\",\"c\"]]}}");
    ck_assert(th_triggers(ctx, dense, "body.too_many_params"));
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_WORDS_PER_PARAM, 1), WATPL_OK);
    ck_assert(!th_triggers(ctx, dense, "body.too_many_params"));
    /* counting unit: 30 emoji are 60 UTF-16 units but 30 code points */
    char hdr[512];
    strcpy(hdr, "{\"name\":\"t\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"");
    for (int i = 0; i < 31; i++)
        strcat(hdr, "😀");
    strcat(hdr, "\"},{\"type\":\"BODY\",\"text\":\"Your order has shipped today.\"}]}");
    ck_assert(th_triggers(ctx, hdr, "header.text.too_long"));
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_COUNT_UNIT, WATPL_UNIT_CODEPOINTS), WATPL_OK);
    ck_assert(!th_triggers(ctx, hdr, "header.text.too_long"));
    /* out-of-range values are refused and leave the option unchanged */
    int64_t v = 0;
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_WORDS_PER_PARAM, 1000), WATPL_EINVAL);
    ck_assert_int_eq(watpl_ctx_get_option(ctx, WATPL_OPT_WORDS_PER_PARAM, &v), WATPL_OK);
    ck_assert_int_eq(v, 1);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, 999, 1), WATPL_EINVAL);
}
END_TEST

START_TEST(template_named_test_may_have_one_variable)
{
    ck_assert(!th_triggers(ctx, "{\"name\":\"test\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                                "{\"type\":\"BODY\",\"text\":\"Hello {{1}}\",\"example\":{\"body_text\":[[\"a\"]]}}]}",
                           "body.too_many_params"));
}
END_TEST

START_TEST(report_order_and_json_form)
{
    watpl_report *r = lint("{\"name\":\"Bad Name\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                           "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"QUICK_REPLY\"}]},"
                           "{\"type\":\"FOOTER\",\"text\":\"a\\nb\"},"
                           "{\"type\":\"BODY\",\"text\":\"{{1}} is here and ready for you now.\",\"example\":{\"body_text\":[[\"a\"]]}}]}");
    int last = -1;
    for (size_t i = 0; i < watpl_report_count(r); i++) {
        int c = watpl_report_component(r, i);
        int rank = c == WATPL_COMPONENT_TEMPLATE ? 0 : c == WATPL_COMPONENT_BODY ? 2 : c == WATPL_COMPONENT_FOOTER ? 3 : 4;
        ck_assert_int_ge(rank, last);
        last = rank;
    }
    ck_assert_uint_eq(watpl_report_errors(r) + watpl_report_warnings(r), watpl_report_count(r));
    char *js = NULL;
    size_t jl = 0;
    ck_assert_int_eq(watpl_report_to_json(ctx, r, &js, &jl), WATPL_OK);
    json_error_t err;
    json_t *v = json_loadb(js, jl, 0, &err);
    ck_assert_ptr_nonnull(v);
    ck_assert(json_is_false(json_object_get(v, "valid")));
    ck_assert_str_eq(json_string_value(json_object_get(v, "name")), "Bad Name");
    json_t *d0 = json_array_get(json_object_get(v, "diagnostics"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(d0, "rule")), "template.name.charset");
    ck_assert_str_eq(json_string_value(json_object_get(d0, "severity")), "error");
    json_decref(v);
    watpl_free(js);
    ck_assert_ptr_null(watpl_report_rule(r, 999));
    ck_assert_int_eq(watpl_report_component(r, 999), -1);
    watpl_report_free(r);
    watpl_report_free(NULL);
    ck_assert_int_eq(watpl_validate(ctx, NULL, &r), WATPL_EINVAL);
}
END_TEST

START_TEST(example_templates_get_the_expected_verdicts)
{
    static const struct {
        const char *file;
        bool valid;
    } ex[] = {{"order_shipped", true}, {"summer_sale", true}, {"login_code", true},
              {"appointment_reminder", true}, {"carousel_offers", true}, {"loyalty_update", true},
              {"mistakes/with_mistakes", false}};
    for (size_t i = 0; i < sizeof ex / sizeof *ex; i++) {
        char path[256];
        snprintf(path, sizeof path, "examples/templates/%s.json", ex[i].file);
        size_t len = 0;
        char *json = th_read_file(path, &len);
        ck_assert_ptr_nonnull(json);
        watpl_report *r = lint(json);
        ck_assert_msg((watpl_report_errors(r) == 0) == ex[i].valid, "%s: %zu errors", ex[i].file,
                      watpl_report_errors(r));
        watpl_report_free(r);
        free(json);
    }
}
END_TEST

/* Meta's GET form of an authentication template: preset body, preset
 * footer, OTP button returned as a URL button. No error may be raised. */
START_TEST(get_form_of_authentication_template_is_clean)
{
    watpl_report *r = lint(
        "{\"id\":\"1\",\"status\":\"APPROVED\",\"name\":\"login_code\",\"language\":\"pt_BR\","
        "\"category\":\"AUTHENTICATION\",\"components\":[{\"type\":\"BODY\",\"text\":\"*{{1}}* é seu código de "
        "verificação. Para sua segurança, não o compartilhe.\",\"add_security_recommendation\":true},"
        "{\"type\":\"FOOTER\",\"text\":\"Este código expira em 10 minutos.\",\"code_expiration_minutes\":10},"
        "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Copiar código\","
        "\"url\":\"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code_expiration_minutes=10&code=otp{{1}}\"}]}]}");
    for (size_t i = 0; i < watpl_report_count(r); i++)
        ck_assert_msg(watpl_report_severity(r, i) != WATPL_SEVERITY_ERROR, "false positive %s",
                      watpl_report_rule(r, i));
    watpl_report_free(r);
}
END_TEST

/* Render tpl_json with an authentication code given through
 * watpl_params_set_auth_code: the body text and the payload. */
static void render_code(const char *tpl_json, const char *code, const char *want_body, const char *want_payload,
                        const char *want_rule)
{
    watpl_template *t = th_parse(ctx, tpl_json);
    watpl_params *p = NULL;
    watpl_rendered *r = NULL;
    ck_assert_int_eq(watpl_params_new(&p, ctx), WATPL_OK);
    ck_assert_int_eq(watpl_params_set_auth_code(p, code, strlen(code)), WATPL_OK);
    ck_assert_int_eq(watpl_render(ctx, t, p, &r), WATPL_OK);
    const watpl_report *rep = watpl_rendered_report(r);
    if (want_rule) {
        ck_assert_msg(report_has(rep, want_rule), "no %s", want_rule);
    } else {
        for (size_t i = 0; i < watpl_report_count(rep); i++)
            ck_assert_msg(watpl_report_severity(rep, i) != WATPL_SEVERITY_ERROR, "unexpected %s: %s",
                          watpl_report_rule(rep, i), watpl_report_message(rep, i));
    }
    ck_assert_str_eq(watpl_rendered_body(r, NULL), want_body);
    ck_assert_str_eq(watpl_rendered_payload_json(r, NULL), want_payload);
    watpl_rendered_free(r);
    watpl_params_free(p);
    watpl_template_free(t);
}

START_TEST(header_second_variable_is_the_one_pointed_at)
{
    /* a malformed placeholder between the two variables is not counted */
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\","
                                      "\"components\":[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":"
                                      "\"{{1}} {{ x }} and {{2}}\"},{\"type\":\"BODY\",\"text\":\"Your order has shipped.\"}]}");
    watpl_report *r = NULL;
    ck_assert_int_eq(watpl_validate(ctx, t, &r), WATPL_OK);
    bool seen = false;
    for (size_t i = 0; i < watpl_report_count(r); i++) {
        if (strcmp(watpl_report_rule(r, i), "header.text.too_many_params") != 0)
            continue;
        seen = true;
        ck_assert_int_eq(watpl_report_offset(r, i), 18);
        ck_assert_int_eq(watpl_report_length(r, i), 5);
    }
    ck_assert(seen);
    watpl_report_free(r);
    watpl_template_free(t);
}
END_TEST

START_TEST(auth_code_fills_body_and_button_in_both_forms)
{
    /* Meta's GET form: the body is written out with {{1}}, the button is a URL */
    render_code("{\"name\":\"login_code\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":["
                "{\"type\":\"BODY\",\"text\":\"*{{1}}* is your verification code.\"},"
                "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Copy code\","
                "\"url\":\"https://www.whatsapp.com/otp/code/?otp_type=COPY_CODE&code=otp{{1}}\"}]}]}",
                "482913", "*482913* is your verification code.",
                "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"482913\"}]},"
                "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\","
                "\"text\":\"482913\"}]}]",
                NULL);
    /* the POST form: preset body, OTP button */
    render_code("{\"name\":\"login_code\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":["
                "{\"type\":\"BODY\",\"add_security_recommendation\":true},"
                "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"OTP\",\"otp_type\":\"COPY_CODE\"}]}]}",
                "482913", "*482913* is your verification code. For your security, do not share this code.",
                "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"482913\"}]},"
                "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\","
                "\"text\":\"482913\"}]}]",
                NULL);
    /* the code given only as the body value also goes to the OTP button */
    {
        watpl_template *t = th_parse(ctx, "{\"name\":\"login_code\",\"language\":\"en_US\",\"category\":"
                                          "\"AUTHENTICATION\",\"components\":[{\"type\":\"BODY\"},{\"type\":"
                                          "\"BUTTONS\",\"buttons\":[{\"type\":\"OTP\",\"otp_type\":\"COPY_CODE\"}]}]}");
        const char *ps = "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"482913\"}]}]";
        watpl_params *p = NULL;
        watpl_rendered *r = NULL;
        ck_assert_int_eq(watpl_params_parse_json(ctx, ps, strlen(ps), &p), WATPL_OK);
        ck_assert_int_eq(watpl_render(ctx, t, p, &r), WATPL_OK);
        ck_assert_str_eq(watpl_rendered_payload_json(r, NULL),
                         "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"482913\"}]},"
                         "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":"
                         "[{\"type\":\"text\",\"text\":\"482913\"}]}]");
        ck_assert_uint_eq(watpl_report_errors(watpl_rendered_report(r)), 0);
        watpl_rendered_free(r);
        /* a body value and a different authentication code: reported */
        ck_assert_int_eq(watpl_params_set_auth_code(p, "111111", 6), WATPL_OK);
        ck_assert_int_eq(watpl_render(ctx, t, p, &r), WATPL_OK);
        ck_assert(report_has(watpl_rendered_report(r), "send.auth.code"));
        watpl_rendered_free(r);
        watpl_params_free(p);
        watpl_template_free(t);
    }
    /* the code itself is checked in both forms */
    render_code("{\"name\":\"login_code\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\",\"components\":["
                "{\"type\":\"BODY\",\"text\":\"*{{1}}* is your verification code.\"}]}",
                "see https://x.io", "*see https://x.io* is your verification code.",
                "[{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"see https://x.io\"}]}]",
                "send.auth.code");
}
END_TEST

START_TEST(media_currency_and_date_parameters_are_read)
{
    watpl_template *t = th_parse(ctx, "{\"name\":\"sale\",\"language\":\"en_US\",\"category\":\"MARKETING\","
                                      "\"components\":[{\"type\":\"HEADER\",\"format\":\"IMAGE\"},"
                                      "{\"type\":\"BODY\",\"text\":\"Pay {{1}} by {{2}} and save.\"}]}");
    const char *ps = "[{\"type\":\"header\",\"parameters\":[{\"type\":\"image\",\"image\":{\"link\":\"https://x.io/a.jpg\"}}]},"
                     "{\"type\":\"body\",\"parameters\":[{\"type\":\"currency\",\"currency\":{\"fallback_value\":\"$10.99\","
                     "\"code\":\"USD\",\"amount_1000\":10990}},{\"type\":\"date_time\",\"date_time\":"
                     "{\"fallback_value\":\"May 3\"}}]}]";
    watpl_params *p = NULL;
    watpl_rendered *r = NULL;
    ck_assert_int_eq(watpl_params_parse_json(ctx, ps, strlen(ps), &p), WATPL_OK);
    ck_assert_int_eq(watpl_render(ctx, t, p, &r), WATPL_OK);
    ck_assert_str_eq(watpl_rendered_body(r, NULL), "Pay $10.99 by May 3 and save.");
    ck_assert_uint_eq(watpl_report_errors(watpl_rendered_report(r)), 0);
    watpl_rendered_free(r);
    watpl_params_free(p);
    /* a media parameter without its object is a type error with a path */
    const char *bad = "[{\"type\":\"header\",\"parameters\":[{\"type\":\"image\"}]}]";
    ck_assert_int_eq(watpl_params_parse_json(ctx, bad, strlen(bad), &p), WATPL_ETYPE);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.json.type");
    ck_assert_str_eq(watpl_ctx_error_path(ctx), "$.components[0].parameters[0]");
    /* a value over the size bound: input.too_large, with its path */
    size_t n = 70000;
    char *huge = malloc(n + 128);
    strcpy(huge, "[{\"type\":\"body\",\"parameters\":[{\"type\":\"coupon_code\",\"coupon_code\":\"");
    size_t at = strlen(huge);
    memset(huge + at, 'x', n);
    strcpy(huge + at + n, "\"}]}]");
    ck_assert_int_eq(watpl_params_parse_json(ctx, huge, strlen(huge), &p), WATPL_ELIMIT);
    ck_assert_str_eq(watpl_ctx_error_rule(ctx), "input.too_large");
    ck_assert_str_eq(watpl_ctx_error_path(ctx), "$.components[0].parameters[0]");
    free(huge);
    watpl_template_free(t);
}
END_TEST

/* A template whose `field` holds n ASCII letters followed by `tail`. */
static bool limit_hit(const char *kind, size_t n, const char *tail, int unit, const char *rule)
{
    size_t cap = n + 512;
    char *text = malloc(n + strlen(tail) + 1), *json = malloc(cap + strlen(tail));
    memset(text, 'a', n);
    strcpy(text + n, tail);
    if (strcmp(kind, "header") == 0)
        snprintf(json, cap + strlen(tail), TPL("{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"%s\"},"
                                               "{\"type\":\"BODY\",\"text\":\"Your order has shipped.\"}"), text);
    else if (strcmp(kind, "body") == 0)
        snprintf(json, cap + strlen(tail), TPL("{\"type\":\"BODY\",\"text\":\"%s\"}"), text);
    else if (strcmp(kind, "label") == 0)
        snprintf(json, cap + strlen(tail), TPL("{\"type\":\"BODY\",\"text\":\"Your order has shipped.\"},"
                                               "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"%s\"}]}"), text);
    else
        snprintf(json, cap + strlen(tail), TPL("{\"type\":\"BODY\",\"text\":\"Your order has shipped.\"},"
                                               "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Go\",\"url\":\"https://x.io/%s\"}]}"), text);
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_COUNT_UNIT, unit), WATPL_OK);
    bool hit = th_triggers(ctx, json, rule);
    free(text);
    free(json);
    return hit;
}

START_TEST(limits_hold_exactly_at_the_boundary_in_both_units)
{
    static const struct {
        const char *kind, *rule;
        size_t limit, prefix; /* prefix: characters the template adds before the text */
    } lim[] = {{"header", "header.text.too_long", 60, 0},
               {"body", "body.too_long", 1024, 0},
               {"label", "button.text.too_long", 25, 0},
               {"url", "button.url.too_long", 2000, 13}};
    for (size_t i = 0; i < sizeof lim / sizeof *lim; i++) {
        size_t n = lim[i].limit - lim[i].prefix;
        for (int unit = WATPL_UNIT_UTF16; unit <= WATPL_UNIT_CODEPOINTS; unit++) {
            ck_assert_msg(!limit_hit(lim[i].kind, n, "", unit, lim[i].rule), "%s at the limit", lim[i].kind);
            ck_assert_msg(limit_hit(lim[i].kind, n + 1, "", unit, lim[i].rule), "%s over the limit", lim[i].kind);
            /* a combining mark costs one unit in both */
            ck_assert_msg(limit_hit(lim[i].kind, n - 1, "e\xcc\x81", unit, lim[i].rule), "%s: combining", lim[i].kind);
            ck_assert_msg(!limit_hit(lim[i].kind, n - 2, "e\xcc\x81", unit, lim[i].rule), "%s: combining", lim[i].kind);
        }
        /* an emoji outside the BMP on the boundary: 2 UTF-16 units, 1 code point */
        if (strcmp(lim[i].kind, "label") != 0) {
            ck_assert(limit_hit(lim[i].kind, n - 1, "😀", WATPL_UNIT_UTF16, lim[i].rule));
            ck_assert(!limit_hit(lim[i].kind, n - 1, "😀", WATPL_UNIT_CODEPOINTS, lim[i].rule));
            ck_assert(!limit_hit(lim[i].kind, n - 2, "😀", WATPL_UNIT_UTF16, lim[i].rule));
        }
    }
}
END_TEST

/* Converted copies of the labeled corpora (tools/corpus2meta.py). */
static const char *corpus_file(const char *name, char *buf, size_t cap)
{
    if (strcmp(name, "templates-dev") == 0)
        return th_corpus_path(buf, cap);
    snprintf(buf, cap, "build/test-%s.meta.jsonl", name);
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "python3 tools/corpus2meta.py tests/data/corpus/%s.jsonl %s 2>/dev/null", name, buf);
    return system(cmd) == 0 ? buf : NULL;
}

/* The labeled corpora: every template its source shows approved or valid
 * lints without an error (docs/rules.md names no refusal among them: a false
 * positive is a bug); the ones known to be broken get a finding. Records of
 * category UNKNOWN (rule examples) are linted as UTILITY. */
static void corpus_verdicts(const char *name, size_t *valid, size_t *broken)
{
    char path[512];
    ck_assert_msg(corpus_file(name, path, sizeof path) != NULL, "the converted corpus cannot be produced");
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) > 0) {
        json_error_t err;
        json_t *c = json_loads(line, 0, &err);
        ck_assert_ptr_nonnull(c);
        const json_t *expected = json_object_get(c, "x_expected_valid");
        const char *id = json_string_value(json_object_get(c, "x_corpus_id"));
        if (strcmp(json_string_value(json_object_get(c, "category")), "UNKNOWN") == 0)
            json_object_set_new(c, "category", json_string("UTILITY"));
        if (json_is_boolean(expected)) {
            char *tpl = json_dumps(c, JSON_COMPACT);
            ck_assert_ptr_nonnull(tpl);
            watpl_report *r = lint(tpl);
            free(tpl);
            if (json_is_true(expected)) {
                for (size_t i = 0; i < watpl_report_count(r); i++)
                    ck_assert_msg(watpl_report_severity(r, i) != WATPL_SEVERITY_ERROR, "%s: false positive %s",
                                  id, watpl_report_rule(r, i));
                (*valid)++;
            } else {
                ck_assert_msg(watpl_report_count(r) > 0, "%s: known broken, nothing reported", id);
                (*broken)++;
            }
            watpl_report_free(r);
        }
        json_decref(c);
    }
    free(line);
    fclose(f);
}

START_TEST(corpus_expected_verdicts_hold)
{
    size_t valid = 0, broken = 0;
    corpus_verdicts("templates-dev", &valid, &broken);
    ck_assert_uint_ge(valid, 30);
    ck_assert_uint_ge(broken, 2);
    valid = 0;
    corpus_verdicts("templates-dev-2", &valid, &broken);
    ck_assert_uint_ge(valid, 30);
}
END_TEST

/* Templates as Meta's GET /message_templates returns them (tests/data/rules/
 * get_forms.jsonl: authentication with its generated footer text beside
 * code_expiration_minutes and its OTP button as a URL button, sub_category,
 * FLOW buttons, upper-case parameter_format, named parameters) lint without
 * an error or a warning. */
START_TEST(get_forms_of_every_kind_lint_clean)
{
    char path[512];
    th_data_path(path, sizeof path, "rules/get_forms.jsonl");
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    char *line = NULL;
    size_t cap = 0, n = 0;
    while (getline(&line, &cap, f) > 0) {
        watpl_report *r = lint(line);
        ck_assert_msg(watpl_report_count(r) == 0, "line %zu: %s: %s", n + 1, watpl_report_rule(r, 0),
                      watpl_report_message(r, 0));
        watpl_report_free(r);
        n++;
    }
    free(line);
    fclose(f);
    ck_assert_uint_ge(n, 6);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rules");
    TCase *tc = tcase_create("catalogue");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, every_rule_triggers_and_has_a_clean_counterpart);
    tcase_add_test(tc, catalogue_ids_are_unique_with_severities_and_meta_codes);
    tcase_add_test(tc, positions_point_into_the_original_text);
    tcase_add_test(tc, trailing_param_ignores_final_punctuation_only);
    tcase_add_test(tc, adjacent_params_severity_depends_on_the_separator);
    tcase_add_test(tc, leading_param_is_an_error_only_alone_on_the_first_line);
    tcase_add_test(tc, words_per_variable_is_a_warning_meta_approved_denser_bodies);
    tcase_add_test(tc, editor_placement_policy_is_as_strict_as_whatsapp_manager);
    tcase_add_test(tc, policy_options_change_the_decisions);
    tcase_add_test(tc, template_named_test_may_have_one_variable);
    tcase_add_test(tc, report_order_and_json_form);
    tcase_add_test(tc, example_templates_get_the_expected_verdicts);
    tcase_add_test(tc, corpus_expected_verdicts_hold);
    tcase_add_test(tc, get_forms_of_every_kind_lint_clean);
    tcase_add_test(tc, get_form_of_authentication_template_is_clean);
    tcase_add_test(tc, auth_code_fills_body_and_button_in_both_forms);
    tcase_add_test(tc, header_second_variable_is_the_one_pointed_at);
    tcase_add_test(tc, media_currency_and_date_parameters_are_read);
    tcase_add_test(tc, limits_hold_exactly_at_the_boundary_in_both_units);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
