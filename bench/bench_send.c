/* Benchmark 5: many sends of one template (a campaign). N sends with
 * different values through the prepared path (watpl_params_clear + 5 x
 * watpl_params_add + watpl_send_render, and the caller-buffer variant
 * watpl_send_payload), against a floor in the same run: the template's
 * texts split once at their placeholders, then for each send the pieces
 * and the values copied with memcpy into the header, body and URL. Also
 * the one-shot path (watpl_params_new + watpl_render) and a window state
 * load + query per send. Rounds alternate which goes first; the ratio is
 * the median of the per-round ratios. Times are the process's CPU time
 * (CLOCK_PROCESS_CPUTIME_ID): on a shared machine, time spent waiting for a
 * core is not charged to either side. Allocations are counted through the
 * context's allocator.
 *   bench_send [SENDS] [ROUNDS]
 *   bench_send --prepared-only SENDS   (for valgrind: only the prepared loop)
 *   bench_send --payload-only SENDS    (only the caller-buffer loop)
 *   bench_send --floor-only SENDS      (only the floor loop)
 * SPDX-License-Identifier: MIT */
#include "bench_util.h"
#include "watpl.h"

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static const char tpl_json[] =
    "{\"name\":\"order_shipped\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
    "{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Order {{1}} is on its way\","
    "\"example\":{\"header_text\":[\"A-1001\"]}},"
    "{\"type\":\"BODY\",\"text\":\"Hi {{1}}, your order {{2}} has shipped with {{3}} and should arrive by "
    "{{4}}. Track it with the button below; reply to this message if anything is wrong.\","
    "\"example\":{\"body_text\":[[\"Ana\",\"A-1001\",\"DHL\",\"Friday\"]]}},"
    "{\"type\":\"FOOTER\",\"text\":\"Example Shop\"},"
    "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"URL\",\"text\":\"Track\","
    "\"url\":\"https://shop.example.com/track/{{1}}\",\"example\":[\"A-1001\"]}]}]}";

static const char *const names[] = {"Ana",   "Bjørn", "Zoë-Marie", "Mohammed", "محمد",  "李雷",
                                    "Élodie", "Priya", "प्रिया",      "Kwame",    "Łukasz", "Aiko"};
static const char *const carriers[] = {"DHL", "UPS", "La Poste", "Correos", "DPD"};
static const char *const days[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

/* The values of a send, made before the timing: 4096 distinct sets, cycled. */
#define SETS 4096
typedef struct send_values {
    char order[16];
    const char *name, *carrier, *day;
    size_t order_len, name_len, carrier_len, day_len;
} send_values;

static send_values value_sets[SETS];

static void make_values(void)
{
    for (size_t i = 0; i < SETS; i++) {
        send_values *v = &value_sets[i];
        snprintf(v->order, sizeof v->order, "A-%zu", 100000 + i * 7919);
        v->name = names[i % (sizeof names / sizeof names[0])];
        v->carrier = carriers[i % 5];
        v->day = days[i % 6];
        v->order_len = strlen(v->order);
        v->name_len = strlen(v->name);
        v->carrier_len = strlen(v->carrier);
        v->day_len = strlen(v->day);
    }
}

/* ---- an allocator that counts ---------------------------------------------------------- */

static void *c_alloc(void *ud, size_t n)
{
    ++*(long *)ud;
    return malloc(n);
}

static void *c_realloc(void *ud, void *p, size_t old, size_t n)
{
    (void)old;
    ++*(long *)ud;
    return realloc(p, n);
}

static void c_free(void *ud, void *p)
{
    (void)ud;
    free(p);
}

/* ---- the floor ------------------------------------------------------------------------------ */

/* A text split at "{{n}}": pieces[k] precedes the value numbered numbers[k]. */
typedef struct split {
    const char *pieces[8];
    size_t lens[8], numbers[8], n;
    const char *tail;
    size_t tail_len;
} split;

static void split_text(const char *s, split *sp)
{
    sp->n = 0;
    const char *p = s;
    const char *open;
    while (sp->n < 8 && (open = strstr(p, "{{")) != NULL) {
        sp->pieces[sp->n] = p;
        sp->lens[sp->n] = (size_t)(open - p);
        sp->numbers[sp->n] = (size_t)strtoul(open + 2, NULL, 10);
        sp->n++;
        p = strstr(open, "}}") + 2;
    }
    sp->tail = p;
    sp->tail_len = strlen(p);
}

static size_t substitute(const split *sp, const char *const *vals, const size_t *lens, char *out)
{
    size_t n = 0;
    for (size_t k = 0; k < sp->n; k++) {
        memcpy(out + n, sp->pieces[k], sp->lens[k]);
        n += sp->lens[k];
        memcpy(out + n, vals[sp->numbers[k] - 1], lens[sp->numbers[k] - 1]);
        n += lens[sp->numbers[k] - 1];
    }
    memcpy(out + n, sp->tail, sp->tail_len);
    return n + sp->tail_len;
}

static split floor_header, floor_body, floor_url;

static double run_floor(size_t sends, size_t *sink)
{
    char header[256], body[2048], url[256];
    double t0 = cpu_now();
    for (size_t i = 0; i < sends; i++) {
        const send_values *v = &value_sets[i % SETS];
        const char *hv[1] = {v->order}, *bv[4] = {v->name, v->order, v->carrier, v->day};
        size_t hl[1] = {v->order_len}, bl[4] = {v->name_len, v->order_len, v->carrier_len, v->day_len};
        *sink += substitute(&floor_header, hv, hl, header);
        *sink += substitute(&floor_body, bv, bl, body);
        *sink += substitute(&floor_url, hv, hl, url);
        *sink += (unsigned char)body[i % 64];
    }
    return cpu_now() - t0;
}

/* ---- the library ------------------------------------------------------------------------- */

static int fill(watpl_params *p, const send_values *v)
{
    size_t ol = v->order_len;
    int rc = watpl_params_add(p, WATPL_COMPONENT_HEADER, 0, NULL, 0, v->order, ol);
    rc |= watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, v->name, v->name_len);
    rc |= watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, v->order, ol);
    rc |= watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, v->carrier, v->carrier_len);
    rc |= watpl_params_add(p, WATPL_COMPONENT_BODY, 0, NULL, 0, v->day, v->day_len);
    rc |= watpl_params_add(p, WATPL_COMPONENT_BUTTONS, 0, NULL, 0, v->order, ol);
    return rc;
}

typedef struct lib {
    watpl_ctx *ctx;
    watpl_template *tpl;
    watpl_prepared *prep;
    watpl_params *params;
    watpl_rendered *out;
} lib;

static double run_prepared(lib *l, size_t sends, size_t *sink)
{
    double t0 = cpu_now();
    for (size_t i = 0; i < sends; i++) {
        const send_values *v = &value_sets[i % SETS];
        watpl_params_clear(l->params);
        size_t len = 0;
        if (fill(l->params, v) || watpl_send_render(l->ctx, l->prep, l->params, l->out) ||
            watpl_report_errors(watpl_rendered_report(l->out)))
            exit(1);
        *sink += (unsigned char)watpl_rendered_payload_json(l->out, &len)[i % 64] + len;
    }
    return cpu_now() - t0;
}

static double run_payload(lib *l, size_t sends, size_t *sink)
{
    char buf[2048];
    double t0 = cpu_now();
    for (size_t i = 0; i < sends; i++) {
        const send_values *v = &value_sets[i % SETS];
        watpl_params_clear(l->params);
        size_t len = 0, errors = 0;
        if (fill(l->params, v) ||
            watpl_send_payload(l->ctx, l->prep, l->params, buf, sizeof buf, &len, &errors) || errors)
            exit(1);
        *sink += (unsigned char)buf[i % 64] + len;
    }
    return cpu_now() - t0;
}

static double run_one_shot(lib *l, size_t sends, size_t *sink)
{
    double t0 = cpu_now();
    for (size_t i = 0; i < sends; i++) {
        const send_values *v = &value_sets[i % SETS];
        watpl_params *p = NULL;
        watpl_rendered *r = NULL;
        size_t len = 0;
        if (watpl_params_new(&p, l->ctx) || fill(p, v) || watpl_render(l->ctx, l->tpl, p, &r))
            exit(1);
        *sink += (unsigned char)watpl_rendered_payload_json(r, &len)[i % 64] + len;
        watpl_rendered_free(r);
        watpl_params_free(p);
    }
    return cpu_now() - t0;
}

/* A gateway's check before each send: the contact's saved state loaded and asked. */
static double run_window(watpl_window *w, const unsigned char *state, size_t size, size_t sends, size_t *sink)
{
    watpl_window_answer a;
    watpl_window_answer_init(&a);
    double t0 = cpu_now();
    for (size_t i = 0; i < sends; i++) {
        if (watpl_window_load(w, state, size) ||
            watpl_window_query(w, 1767230000 + (int64_t)(i % 80000), WATPL_KIND_UTILITY, WATPL_SCHEDULE_2025_07, 0,
                               &a))
            exit(1);
        *sink += (size_t)a.billable;
    }
    return cpu_now() - t0;
}

static void open_lib(lib *l, long *allocs)
{
    if (watpl_ctx_new_with_allocator(&l->ctx, c_alloc, c_realloc, c_free, allocs) ||
        watpl_template_parse_json(l->ctx, tpl_json, sizeof tpl_json - 1, &l->tpl) ||
        watpl_prepared_new(l->ctx, l->tpl, &l->prep) || watpl_params_new(&l->params, l->ctx) ||
        watpl_rendered_new(&l->out, l->ctx)) {
        fprintf(stderr, "bench_send: setup failed\n");
        exit(1);
    }
}

static void close_lib(lib *l)
{
    watpl_rendered_free(l->out);
    watpl_params_free(l->params);
    watpl_prepared_free(l->prep);
    watpl_template_free(l->tpl);
    watpl_ctx_free(l->ctx);
}

int main(int argc, char **argv)
{
    size_t sends = 1000000, rounds = 7;
    int prepared_only = argc > 1 && strcmp(argv[1], "--prepared-only") == 0;
    int floor_only = argc > 1 && strcmp(argv[1], "--floor-only") == 0;
    int payload_only = argc > 1 && strcmp(argv[1], "--payload-only") == 0;
    int a = prepared_only || floor_only || payload_only ? 2 : 1;
    if (argc > a)
        sends = (size_t)strtoul(argv[a], NULL, 10);
    if (argc > a + 1)
        rounds = (size_t)strtoul(argv[a + 1], NULL, 10);
    if (sends < 1000 || sends > 100000000)
        sends = 1000000;
    if (rounds < 1 || rounds > 99)
        rounds = 7;
    make_values();
    long allocs = 0;
    lib l;
    open_lib(&l, &allocs);
    size_t sink = 0;
    if (prepared_only || payload_only) {
        (prepared_only ? run_prepared : run_payload)(&l, sends, &sink);
        printf("%zu %s sends (sink %zu)\n", sends, prepared_only ? "prepared" : "caller-buffer", sink);
        close_lib(&l);
        return 0;
    }
    split_text("Order {{1}} is on its way", &floor_header);
    split_text("Hi {{1}}, your order {{2}} has shipped with {{3}} and should arrive by {{4}}. Track it with "
               "the button below; reply to this message if anything is wrong.",
               &floor_body);
    split_text("https://shop.example.com/track/{{1}}", &floor_url);
    if (floor_only) {
        run_floor(sends, &sink);
        printf("%zu floor sends (sink %zu)\n", sends, sink);
        close_lib(&l);
        return 0;
    }
    watpl_window *w = NULL;
    unsigned char state[4096];
    size_t state_len = 0;
    if (watpl_window_new(&w, l.ctx) || watpl_window_inbound(w, 1767225600, WATPL_ENTRY_NONE, WATPL_DEVICE_MOBILE) ||
        watpl_window_outbound(w, 1767225700, WATPL_KIND_UTILITY) ||
        watpl_window_save(w, state, sizeof state, &state_len))
        return 1;
    /* warm-up, then the allocations of the warm loops */
    run_prepared(&l, 1000, &sink);
    run_payload(&l, 1000, &sink);
    run_window(w, state, state_len, 1000, &sink);
    long before = allocs;
    run_prepared(&l, sends, &sink);
    long prepared_allocs = allocs - before;
    before = allocs;
    run_payload(&l, sends, &sink);
    long payload_allocs = allocs - before;
    before = allocs;
    run_window(w, state, state_len, sends, &sink);
    long window_allocs = allocs - before;
    before = allocs;
    run_one_shot(&l, sends / 10, &sink);
    double one_shot_allocs = (double)(allocs - before) / (double)(sends / 10);
    double *tf = malloc(rounds * sizeof *tf), *tp = malloc(rounds * sizeof *tp), *tb = malloc(rounds * sizeof *tb);
    double *to = malloc(rounds * sizeof *to), *tw = malloc(rounds * sizeof *tw);
    double *rp = malloc(rounds * sizeof *rp), *rb = malloc(rounds * sizeof *rb), *ro = malloc(rounds * sizeof *ro);
    if (!tf || !tp || !tb || !to || !tw || !rp || !rb || !ro)
        return 1;
    for (size_t r = 0; r < rounds; r++) {
        if (r % 2) {
            tp[r] = run_prepared(&l, sends, &sink);
            tb[r] = run_payload(&l, sends, &sink);
            tf[r] = run_floor(sends, &sink);
        } else {
            tf[r] = run_floor(sends, &sink);
            tb[r] = run_payload(&l, sends, &sink);
            tp[r] = run_prepared(&l, sends, &sink);
        }
        to[r] = run_one_shot(&l, sends / 10, &sink) * 10;
        tw[r] = run_window(w, state, state_len, sends, &sink);
        rp[r] = tp[r] / tf[r];
        rb[r] = tb[r] / tf[r];
        ro[r] = to[r] / tf[r];
    }
    double ns = 1e9 / (double)sends;
    printf("bench_send: %zu sends of one template (header, body, URL button; 6 values), %zu rounds\n", sends,
           rounds);
    printf("  floor (memcpy substitution of header, body, URL)   %8.1f ns/send\n", bench_median(tf, rounds) * ns);
    printf("  watpl_send_render (clear + 6 adds + render)        %8.1f ns/send  ratio %.2f  allocations/send %.4f\n",
           bench_median(tp, rounds) * ns, bench_median(rp, rounds), (double)prepared_allocs / (double)sends);
    printf("  watpl_send_payload (clear + 6 adds + payload)      %8.1f ns/send  ratio %.2f  allocations/send %.4f\n",
           bench_median(tb, rounds) * ns, bench_median(rb, rounds), (double)payload_allocs / (double)sends);
    printf("  one-shot (params_new + 6 adds + watpl_render)      %8.1f ns/send  ratio %.2f  allocations/send %.1f\n",
           bench_median(to, rounds) * ns, bench_median(ro, rounds), one_shot_allocs);
    printf("  window load + query                                %8.1f ns/send  allocations/send %.4f\n",
           bench_median(tw, rounds) * ns, (double)window_allocs / (double)sends);
    printf("  (sink %zu)\n", sink);
    free(tf);
    free(tp);
    free(tb);
    free(to);
    free(tw);
    free(rp);
    free(rb);
    free(ro);
    watpl_window_free(w);
    close_lib(&l);
    return 0;
}
