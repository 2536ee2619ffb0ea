/* `watpl classify`: the predicted category of every template, and why.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "cli_internal.h"

typedef struct classify_run {
    watpl_ctx *ctx;
    cli_out out;
    bool json;
    size_t templates, mismatches;
} classify_run;

static void print_human(classify_run *run, const cli_record *rec, const watpl_template *tpl,
                        const watpl_classification *c)
{
    cli_out *o = &run->out;
    size_t nl = 0;
    const char *name = watpl_template_name(tpl, &nl);
    int declared = watpl_template_category(tpl);
    int predicted = watpl_classification_category(c);
    fputs(cli_color(o, "bold"), o->f);
    cli_text(o->f, rec->file, strlen(rec->file), false);
    fprintf(o->f, ":%lld%s ", (long long)rec->line, cli_color(o, "reset"));
    cli_text(o->f, name ? name : "", nl, false);
    fprintf(o->f, ": %s%s%s (confidence %.2f; MARKETING %.2f, UTILITY %.2f, AUTHENTICATION %.2f)",
            cli_color(o, "bold"), watpl_category_name(predicted), cli_color(o, "reset"),
            watpl_classification_confidence(c), watpl_classification_score(c, WATPL_CATEGORY_MARKETING),
            watpl_classification_score(c, WATPL_CATEGORY_UTILITY),
            watpl_classification_score(c, WATPL_CATEGORY_AUTHENTICATION));
    if (declared && declared != predicted)
        fprintf(o->f, " %s[declared %s]%s", cli_color(o, "warn"), watpl_category_name(declared),
                cli_color(o, "reset"));
    fputc('\n', o->f);
    size_t n = watpl_classification_signal_count(c);
    for (size_t i = 0; i < n && i < 8; i++) {
        fprintf(o->f, "  %+.2f %-26s -> %-14s %s", watpl_classification_signal_weight(c, i),
                watpl_classification_signal_rule(c, i),
                watpl_category_name(watpl_classification_signal_category(c, i)),
                watpl_component_name(watpl_classification_signal_component(c, i)));
        int64_t idx = watpl_classification_signal_index(c, i);
        if (idx >= 0)
            fprintf(o->f, "[%lld]", (long long)idx);
        int64_t off = watpl_classification_signal_offset(c, i), len = watpl_classification_signal_length(c, i);
        if (off >= 0) {
            size_t tl = 0;
            const char *text = watpl_classification_signal_component(c, i) == WATPL_COMPONENT_BODY
                                   ? watpl_template_body(tpl, -1, &tl)
                                   : NULL;
            if (text && len >= 0 && (size_t)(off + len) <= tl) {
                fputs(" \"", o->f);
                cli_text(o->f, text + off, (size_t)len, false);
                fputc('"', o->f);
            } else
                fprintf(o->f, " @%lld", (long long)off);
        }
        fputc('\n', o->f);
    }
}

static int classify_record(const cli_record *rec, void *ud)
{
    classify_run *run = ud;
    watpl_template *tpl = NULL;
    watpl_classification *c = NULL;
    if (watpl_template_parse_json(run->ctx, rec->data, rec->len, &tpl) != WATPL_OK) {
        cli_print_parse_error(&run->out, run->json, rec, run->ctx);
        return CLI_EXIT_USAGE;
    }
    int rc = watpl_classify(run->ctx, tpl, &c);
    if (rc != WATPL_OK) {
        fprintf(stderr, "watpl: %s:%lld: %s\n", rec->file, (long long)rec->line, watpl_strerror(rc));
        watpl_template_free(tpl);
        return CLI_EXIT_USAGE;
    }
    run->templates++;
    int declared = watpl_template_category(tpl);
    run->mismatches += declared && declared != watpl_classification_category(c);
    if (run->json) {
        char *js = NULL;
        size_t jl = 0;
        if (watpl_classification_to_json(run->ctx, c, &js, &jl) == WATPL_OK && jl >= 2)
            cli_json_record(&run->out, rec, NULL, 0, js, jl);
        watpl_free(js);
    } else {
        print_human(run, rec, tpl, c);
    }
    watpl_classification_free(c);
    watpl_template_free(tpl);
    return CLI_EXIT_OK;
}

int watpl__cmd_classify(int argc, char **argv)
{
    classify_run run = {0};
    char **paths = calloc((size_t)argc + 1, sizeof *paths);
    if (!paths)
        return CLI_EXIT_USAGE;
    cli_files files = {paths, 0};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            run.json = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            fprintf(stderr, "watpl classify: unknown option '%s'\nusage: watpl classify [--json] [FILE...]\n",
                    argv[i]);
            free(paths);
            return CLI_EXIT_USAGE;
        } else {
            paths[files.count++] = argv[i];
        }
    }
    int st = CLI_EXIT_USAGE;
    if (watpl_ctx_new(&run.ctx) == WATPL_OK) {
        cli_out_init(&run.out, stdout);
        int64_t max = 0;
        watpl_ctx_get_option(run.ctx, WATPL_OPT_MAX_INPUT_BYTES, &max);
        st = cli_for_each_record(&files, (size_t)max, classify_record, &run, &run.out, run.json);
        if (!run.json)
            printf("%zu template%s, %zu with a category different from the declared one\n", run.templates,
                   run.templates == 1 ? "" : "s", run.mismatches);
    }
    cli_out_close(&run.out);
    watpl_ctx_free(run.ctx);
    free(paths);
    return st;
}
