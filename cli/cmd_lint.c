/* `watpl lint`: validate every template of the input (docs/cli.md).
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

typedef struct lint_run {
    watpl_ctx *ctx;
    cli_out out;
    bool json;
    const char *category;  /* --category override, or NULL */
    size_t templates, errors, warnings;
} lint_run;

/* The text a diagnostic's offset points into, for underlining. */
static const char *component_text(const watpl_template *tpl, const char *rule, int component,
                                  int64_t index, size_t *len)
{
    int card = -1;
    switch (component) {
    case WATPL_COMPONENT_BUTTONS:
        if (index < 0)
            return NULL;
        return watpl_template_button_field(tpl, -1, (size_t)index,
                                           strncmp(rule, "button.url", 10) == 0 ? WATPL_BUTTON_FIELD_URL
                                                                               : WATPL_BUTTON_FIELD_TEXT,
                                           len);
    case WATPL_COMPONENT_HEADER:
        return watpl_template_header_text(tpl, card, len);
    case WATPL_COMPONENT_BODY:
        return watpl_template_body(tpl, card, len);
    case WATPL_COMPONENT_FOOTER:
        return watpl_template_footer(tpl, len);
    case WATPL_COMPONENT_CARD:
        card = index >= 0 && index < 1000 ? (int)index : 0;
        return watpl_template_body(tpl, card, len);
    default:
        return NULL;
    }
}

/* Under a category.mismatch warning: the signals that decided, each with its
 * span underlined, so that the user knows what to rewrite. */
static void print_deciding_signals(lint_run *run, const watpl_template *tpl)
{
    watpl_classification *c = NULL;
    if (watpl_classify(run->ctx, tpl, &c) != WATPL_OK)
        return;
    int cat = watpl_classification_category(c);
    for (size_t i = 0, shown = 0; i < watpl_classification_signal_count(c) && shown < 3; i++) {
        if (watpl_classification_signal_category(c, i) != cat)
            continue;
        shown++;
        int comp = watpl_classification_signal_component(c, i);
        int64_t idx = watpl_classification_signal_index(c, i), off = watpl_classification_signal_offset(c, i);
        fprintf(run->out.f, "      %+.2f %s %s", watpl_classification_signal_weight(c, i),
                watpl_classification_signal_rule(c, i), watpl_component_name(comp));
        if (idx >= 0)
            fprintf(run->out.f, "[%lld]", (long long)idx);
        fprintf(run->out.f, " %lld\n", (long long)off);
        size_t tl = 0;
        const char *text = component_text(tpl, "", comp, idx, &tl);
        if (text && off >= 0)
            cli_underline(&run->out, text, tl, off, watpl_classification_signal_length(c, i));
    }
    watpl_classification_free(c);
}

static void print_human(lint_run *run, const cli_record *rec, const watpl_template *tpl,
                        const watpl_report *rep)
{
    cli_out *o = &run->out;
    size_t nl = 0, ll = 0;
    const char *name = watpl_template_name(tpl, &nl);
    const char *lang = watpl_template_language(tpl, &ll);
    size_t cl = 0;
    const char *cat = watpl_template_category_string(tpl, &cl);
    fputs(cli_color(o, "bold"), o->f);
    cli_text(o->f, rec->file, strlen(rec->file), false);
    fprintf(o->f, ":%lld%s ", (long long)rec->line, cli_color(o, "reset"));
    cli_text(o->f, name ? name : "", nl, false);
    fputs(" (", o->f);
    cli_text(o->f, lang ? lang : "", ll, false);
    fputs(", ", o->f);
    cli_text(o->f, cat ? cat : "no category", cat ? cl : 11, false);
    fputs(")\n", o->f);
    for (size_t i = 0; i < watpl_report_count(rep); i++) {
        int sev = watpl_report_severity(rep, i);
        int comp = watpl_report_component(rep, i);
        int64_t idx = watpl_report_index(rep, i), off = watpl_report_offset(rep, i);
        fprintf(o->f, "  %s%s%s %s %s", cli_color(o, sev == WATPL_SEVERITY_ERROR ? "err" : "warn"),
                sev == WATPL_SEVERITY_ERROR ? "error" : "warning", cli_color(o, "reset"),
                watpl_report_rule(rep, i), watpl_component_name(comp));
        if (idx >= 0)
            fprintf(o->f, "[%lld]", (long long)idx);
        const char *msg = watpl_report_message(rep, i);
        fprintf(o->f, " %lld: ", (long long)off);
        cli_text(o->f, msg, strlen(msg), false);
        fputc('\n', o->f);
        size_t tl = 0;
        const char *text = component_text(tpl, watpl_report_rule(rep, i), comp, idx, &tl);
        if (text && off >= 0)
            cli_underline(o, text, tl, off, watpl_report_length(rep, i));
        if (strcmp(watpl_report_rule(rep, i), "category.mismatch") == 0)
            print_deciding_signals(run, tpl);
    }
    if (watpl_report_count(rep) == 0)
        fprintf(o->f, "  ok\n");
}

static void print_json(lint_run *run, const cli_record *rec, const watpl_report *rep)
{
    char *js = NULL;
    size_t jl = 0;
    if (watpl_report_to_json(run->ctx, rep, &js, &jl) != WATPL_OK || jl < 2) {
        cli_print_error_record(&run->out, true, rec, "input.too_large", "out of memory", rec->line,
                               rec->column, NULL);
        return;
    }
    cli_json_record(&run->out, rec, NULL, 0, js, jl);
    watpl_free(js);
}

static int lint_record(const cli_record *rec, void *ud)
{
    lint_run *run = ud;
    watpl_template *tpl = NULL;
    watpl_report *rep = NULL;
    int rc = watpl_template_parse_json(run->ctx, rec->data, rec->len, &tpl);
    if (rc != WATPL_OK) {
        cli_print_parse_error(&run->out, run->json, rec, run->ctx);
        return CLI_EXIT_USAGE;
    }
    if (run->category)
        rc = watpl_template_set_category(tpl, run->category, strlen(run->category));
    if (rc == WATPL_OK)
        rc = watpl_validate(run->ctx, tpl, &rep);
    if (rc != WATPL_OK) {
        fprintf(stderr, "watpl: %s:%lld: %s\n", rec->file, (long long)rec->line, watpl_strerror(rc));
        watpl_template_free(tpl);
        return CLI_EXIT_USAGE;
    }
    run->templates++;
    run->errors += watpl_report_errors(rep);
    run->warnings += watpl_report_warnings(rep);
    if (run->json)
        print_json(run, rec, rep);
    else
        print_human(run, rec, tpl, rep);
    int st = watpl_report_errors(rep) ? CLI_EXIT_FINDINGS : CLI_EXIT_OK;
    watpl_report_free(rep);
    watpl_template_free(tpl);
    return st;
}

/* A category the library knows (current or legacy), as --category takes. */
static bool is_category(const char *s)
{
    watpl_ctx *ctx = NULL;
    watpl_template *tpl = NULL;
    bool known = watpl_ctx_new(&ctx) == WATPL_OK && watpl_template_new(&tpl, ctx) == WATPL_OK &&
                 watpl_template_set_category(tpl, s, strlen(s)) == WATPL_OK &&
                 watpl_template_category(tpl) != WATPL_CATEGORY_NONE;
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    return known;
}

static const char *opt_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (strcmp(argv[*i], name) == 0 && *i + 1 < argc)
        return argv[++*i];
    return NULL;
}

int watpl__cmd_lint(int argc, char **argv)
{
    lint_run run = {0};
    int unit = WATPL_UNIT_UTF16;
    cli_files files = {argv + 1, 0};
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths)
        return CLI_EXIT_USAGE;
    files.paths = paths;
    for (int i = 1; i < argc; i++) {
        const char *v;
        if (strcmp(argv[i], "--json") == 0) {
            run.json = true;
        } else if ((v = opt_value(argc, argv, &i, "--category")) != NULL) {
            run.category = v;
        } else if ((v = opt_value(argc, argv, &i, "--unit")) != NULL) {
            if (strcmp(v, "utf16") == 0) {
                unit = WATPL_UNIT_UTF16;
            } else if (strcmp(v, "codepoints") == 0) {
                unit = WATPL_UNIT_CODEPOINTS;
            } else {
                fprintf(stderr, "watpl lint: --unit must be utf16 or codepoints\n");
                free(paths);
                return CLI_EXIT_USAGE;
            }
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "watpl lint: unknown option '%s'\n"
                            "usage: watpl lint [--json] [--category CAT] [--unit utf16|codepoints] [FILE...]\n",
                    argv[i]);
            free(paths);
            return CLI_EXIT_USAGE;
        } else {
            paths[files.count++] = argv[i];
        }
    }
    if (run.category && !is_category(run.category)) {
        fprintf(stderr, "watpl lint: --category must be MARKETING, UTILITY or AUTHENTICATION (or a legacy "
                        "category), not '%s'\n", run.category);
        free(paths);
        return CLI_EXIT_USAGE;
    }
    if (watpl_ctx_new(&run.ctx) != WATPL_OK) {
        free(paths);
        return CLI_EXIT_USAGE;
    }
    watpl_ctx_set_option(run.ctx, WATPL_OPT_COUNT_UNIT, unit);
    cli_out_init(&run.out, stdout);
    int64_t max = 0;
    watpl_ctx_get_option(run.ctx, WATPL_OPT_MAX_INPUT_BYTES, &max);
    int st = cli_for_each_record(&files, (size_t)max, lint_record, &run, &run.out, run.json);
    if (!run.json)
        printf("%zu template%s, %zu error%s, %zu warning%s\n", run.templates,
               run.templates == 1 ? "" : "s", run.errors, run.errors == 1 ? "" : "s", run.warnings,
               run.warnings == 1 ? "" : "s");
    cli_out_close(&run.out);
    watpl_ctx_free(run.ctx);
    free(paths);
    return st;
}
