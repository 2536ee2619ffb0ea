/* The floor of `watpl broadcast`: what `watpl render --json` does for one
 * send payload (parse the parameters, render, write the rendering's JSON),
 * for every payload of a file read with the command's own record reader
 * (cli/input.c), as a `watpl render` reading many payloads would. Prints the
 * time; docs/pricing.md compares `watpl broadcast` on the same file with it
 * (bench/broadcast_throughput.sh).
 * usage: bench_render_sends TEMPLATE.json SENDS.jsonl
 * SPDX-License-Identifier: MIT */
#include "bench_util.h"
#include "cli_internal.h"
#include "watpl.h"

typedef struct floor_run {
    watpl_ctx *ctx;
    const watpl_template *tpl;
    FILE *out;
    size_t n, bad;
} floor_run;

static int render_one(const cli_record *rec, void *ud)
{
    floor_run *run = ud;
    watpl_params *params = NULL;
    watpl_rendered *r = NULL;
    char *js = NULL;
    size_t jl = 0;
    if (watpl_params_parse_json(run->ctx, rec->data, rec->len, &params) ||
        watpl_render(run->ctx, run->tpl, params, &r) || watpl_rendered_to_json(run->ctx, r, &js, &jl)) {
        run->bad++;
    } else {
        fputc('{', run->out);
        cli_json_source(run->out, rec);
        fputc(',', run->out);
        fwrite(js + 1, 1, jl - 1, run->out);
        fputc('\n', run->out);
    }
    watpl_free(js);
    watpl_rendered_free(r);
    watpl_params_free(params);
    run->n++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s TEMPLATE.json SENDS.jsonl\n", argv[0]);
        return 2;
    }
    size_t tl = 0;
    char *tjson = bench_read_file(argv[1], &tl);
    watpl_ctx *ctx = NULL;
    watpl_template *tpl = NULL;
    if (!tjson || watpl_ctx_new(&ctx) || watpl_template_parse_json(ctx, tjson, tl, &tpl)) {
        fprintf(stderr, "bench_render_sends: cannot read the template\n");
        return 2;
    }
    floor_run run = {ctx, tpl, stdout, 0, 0};
    cli_out out;
    cli_out_init(&out, stderr);
    char *paths[] = {argv[2], NULL};
    cli_files files = {paths, 1};
    double t0 = bench_now();
    int st = cli_for_each_record(&files, 1 << 20, render_one, &run, &out, true);
    double secs = bench_now() - t0;
    fflush(stdout);
    fprintf(stderr, "render floor: %zu payloads in %.3f s (%.2f us each), %zu failed\n", run.n, secs,
            secs * 1e6 / (double)(run.n ? run.n : 1), run.bad);
    watpl_template_free(tpl);
    watpl_ctx_free(ctx);
    free(tjson);
    return st;
}
