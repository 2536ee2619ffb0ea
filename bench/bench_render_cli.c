/* Benchmark 6: `watpl render --json --params SENDS.jsonl TEMPLATE` on many
 * send payloads (whole message objects, one per line), against a floor in
 * the same run: this program reading the same file line by line, parsing
 * each payload with jansson and substituting its values into the header,
 * body and URL by memcpy, one output line per payload. The two alternate,
 * several rounds; the ratio is the median of the per-round ratios of their
 * CPU times (user + system). The
 * command's peak memory is the largest of its runs (getrusage of the children).
 *   bench_render_cli WATPL TEMPLATE.json SENDS.jsonl [PAYLOADS] [ROUNDS]
 * SENDS.jsonl is written first when it does not exist (PAYLOADS lines,
 * default 200 000). The template is examples/templates/order_shipped.json.
 * SPDX-License-Identifier: MIT */
#include <jansson.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench_util.h"

/* CPU time (user + system): of this process, and of its waited-for children.
 * On a shared machine, time spent waiting for a core is charged to neither. */
static double cpu_self(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double cpu_children(void)
{
    struct rusage ru;
    if (getrusage(RUSAGE_CHILDREN, &ru) != 0)
        return 0;
    return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec * 1e-6 + (double)ru.ru_stime.tv_sec +
           (double)ru.ru_stime.tv_usec * 1e-6;
}

static const char *const names[] = {"Ana", "Bjørn", "Zoë-Marie", "Mohammed", "محمد", "李雷",
                                    "Élodie", "Priya", "प्रिया", "Kwame", "Łukasz", "Aiko"};
static const char *const days[] = {"May 3", "June 14", "3 de mayo", "14. Juni", "Friday", "tomorrow"};

static int write_sends(const char *path, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    for (size_t i = 0; i < n; i++) {
        char order[24];
        snprintf(order, sizeof order, "A-%zu", 100000 + i);
        fprintf(f,
                "{\"messaging_product\":\"whatsapp\",\"to\":\"+49151%08zu\",\"type\":\"template\",\"template\":{"
                "\"name\":\"order_shipped\",\"language\":{\"code\":\"en_US\"},\"components\":["
                "{\"type\":\"header\",\"parameters\":[{\"type\":\"text\",\"text\":\"%s\"}]},"
                "{\"type\":\"body\",\"parameters\":[{\"type\":\"text\",\"text\":\"%s\"},{\"type\":\"text\",\"text\":"
                "\"%s\"},{\"type\":\"text\",\"text\":\"%s\"}]},"
                "{\"type\":\"button\",\"sub_type\":\"url\",\"index\":\"0\",\"parameters\":[{\"type\":\"text\","
                "\"text\":\"%s\"}]}]}}\n",
                i * 7919 % 100000000, order, names[i % 12], order, days[i % 6], order);
    }
    return fclose(f);
}

/* ---- the floor ------------------------------------------------------------------------- */

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
    const char *p = s, *open;
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

/* Substitute the n values of params (a jansson parameters array) into sp. */
static size_t substitute(const split *sp, const json_t *params, char *out)
{
    size_t n = 0;
    for (size_t k = 0; k < sp->n; k++) {
        memcpy(out + n, sp->pieces[k], sp->lens[k]);
        n += sp->lens[k];
        const json_t *v = json_object_get(json_array_get(params, sp->numbers[k] - 1), "text");
        size_t len = json_string_length(v);
        memcpy(out + n, json_string_value(v), len);
        n += len;
    }
    memcpy(out + n, sp->tail, sp->tail_len);
    return n + sp->tail_len;
}

static split header, body, url;

static double run_floor(const char *sends, FILE *out, size_t *sink)
{
    double t0 = cpu_self();
    FILE *f = fopen(sends, "rb");
    if (!f)
        exit(1);
    char *line = NULL, text[4096];
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, f)) > 0) {
        json_t *root = json_loadb(line, (size_t)len, 0, NULL);
        const json_t *comps = json_object_get(json_object_get(root, "template"), "components");
        for (size_t i = 0; i < json_array_size(comps); i++) {
            const json_t *c = json_array_get(comps, i);
            const char *type = json_string_value(json_object_get(c, "type"));
            const split *sp = !type ? NULL : strcmp(type, "header") == 0 ? &header : strcmp(type, "body") == 0 ? &body : &url;
            if (!sp)
                continue;
            size_t n = substitute(sp, json_object_get(c, "parameters"), text);
            text[n++] = '\n';
            fwrite(text, 1, n, out);
            *sink += n;
        }
        json_decref(root);
    }
    free(line);
    fclose(f);
    fflush(out);
    return cpu_self() - t0;
}

/* ---- the command ------------------------------------------------------------------------ */

static double run_command(const char *watpl, const char *tpl, const char *sends, long *peak_kb)
{
    double t0 = cpu_children();
    pid_t pid = fork();
    if (pid < 0)
        exit(1);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout))
            _exit(127);
        execl(watpl, watpl, "render", "--json", "--params", sends, tpl, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    struct rusage ru;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) > 1 ||
        getrusage(RUSAGE_CHILDREN, &ru) != 0) {
        fprintf(stderr, "bench_render_cli: the command failed (status %d)\n", status);
        exit(1);
    }
    double t = cpu_children() - t0;
    if (ru.ru_maxrss > *peak_kb)
        *peak_kb = ru.ru_maxrss;
    return t;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_render_cli WATPL TEMPLATE.json SENDS.jsonl [PAYLOADS] [ROUNDS]\n");
        return 2;
    }
    const char *watpl = argv[1], *tpl = argv[2], *sends = argv[3];
    size_t payloads = argc > 4 ? (size_t)strtoul(argv[4], NULL, 10) : 200000;
    size_t rounds = argc > 5 ? (size_t)strtoul(argv[5], NULL, 10) : 5;
    if (payloads < 1)
        payloads = 200000;
    if (rounds < 1 || rounds > 99)
        rounds = 5;
    if (access(sends, R_OK) != 0 && write_sends(sends, payloads) != 0)
        return 1;
    json_t *t = json_load_file(tpl, 0, NULL);
    const json_t *comps = json_object_get(t, "components");
    for (size_t i = 0; i < json_array_size(comps); i++) {
        const json_t *c = json_array_get(comps, i);
        const char *type = json_string_value(json_object_get(c, "type"));
        if (type && strcmp(type, "HEADER") == 0)
            split_text(json_string_value(json_object_get(c, "text")), &header);
        else if (type && strcmp(type, "BODY") == 0)
            split_text(json_string_value(json_object_get(c, "text")), &body);
        else if (type && strcmp(type, "BUTTONS") == 0)
            split_text(json_string_value(json_object_get(json_array_get(json_object_get(c, "buttons"), 0), "url")),
                       &url);
    }
    FILE *null = fopen("/dev/null", "w");
    if (!null || !body.tail)
        return 1;
    double *tf = malloc(rounds * sizeof *tf), *tc = malloc(rounds * sizeof *tc), *ratio = malloc(rounds * sizeof *ratio);
    if (!tf || !tc || !ratio)
        return 1;
    size_t sink = 0;
    long peak = 0;
    run_floor(sends, null, &sink); /* the file into the page cache */
    for (size_t r = 0; r < rounds; r++) {
        if (r % 2) {
            tc[r] = run_command(watpl, tpl, sends, &peak);
            tf[r] = run_floor(sends, null, &sink);
        } else {
            tf[r] = run_floor(sends, null, &sink);
            tc[r] = run_command(watpl, tpl, sends, &peak);
        }
        ratio[r] = tc[r] / tf[r];
    }
    FILE *f = fopen(sends, "rb");
    size_t lines = 0;
    for (int c; f && (c = getc(f)) != EOF;)
        lines += c == '\n';
    if (f)
        fclose(f);
    double mf = bench_median(tf, rounds), mc = bench_median(tc, rounds);
    printf("bench_render_cli: %zu payloads (one message object per line), %zu rounds\n", lines, rounds);
    printf("  floor (jansson parse + memcpy substitution)   %7.3f s CPU  %9.0f payloads/s\n", mf, (double)lines / mf);
    printf("  watpl render --json --params SENDS TEMPLATE   %7.3f s CPU  %9.0f payloads/s  ratio %.2f  peak RSS %ld KB\n",
           mc, (double)lines / mc, bench_median(ratio, rounds), peak);
    printf("  (sink %zu)\n", sink);
    free(tf);
    free(tc);
    free(ratio);
    fclose(null);
    json_decref(t);
    return 0;
}
