/* The rate card file format (docs/pricing.md, "Card files"): comment lines,
 * the card's facts as key,value rows, then a header row starting with
 * "market" and one row per market. Every refusal names the line and column.
 * SPDX-License-Identifier: MIT */
#include <stdlib.h>
#include <string.h>

#include "rates_internal.h"
#include "text_internal.h"

#define FIELDS_MAX 8   /* market and the five rate columns, with room to report extras */
#define FIELD_CAP 1024 /* bytes of one unquoted field value kept (the source may be longer) */

static const char *const rate_column_names[WATPL__RATE_COLUMNS] = {
    "marketing", "utility", "authentication", "authentication_international", "service",
};

/* One field of a row: where it starts (for errors) and its unescaped value. */
typedef struct field {
    const char *raw; /* start in the text (after an opening quote) */
    size_t raw_len;  /* bytes up to the closing quote or the separator */
    bool quoted;
    int64_t line, column;
} field;

typedef struct row {
    field f[FIELDS_MAX];
    size_t n;          /* fields seen (may exceed FIELDS_MAX: only counted) */
    int64_t line;
    int64_t end_column; /* column just after the row's last byte */
} row;

typedef struct cursor {
    const char *s;
    size_t len, i;
    int64_t line, column;
} cursor;

typedef struct parse {
    watpl_ctx *ctx;
    cursor c;
    /* facts */
    int model;
    char currency[4];
    bool has_from, has_until, undated;
    int64_t from, until;
    int64_t from_line, from_column, until_line, until_column;
    const char *source;
    size_t source_len;
    bool source_quoted;
    /* table */
    int col_of[FIELDS_MAX]; /* rate column of field k (k >= 1), or -1 */
    size_t n_cols;
    watpl__card_row *rows;
    size_t n_rows, cap_rows;
} parse;

static int fail_at(parse *p, int64_t line, int64_t column, const char *rule, const char *msg,
                   const char *arg, size_t arg_len)
{
    if (arg)
        watpl__fail(p->ctx, WATPL_ESYNTAX, rule, "line %lld, column %lld: %s '%.*s'", (long long)line,
                    (long long)column, msg, (int)(arg_len > 80 ? 80 : arg_len), arg);
    else
        watpl__fail(p->ctx, WATPL_ESYNTAX, rule, "line %lld, column %lld: %s", (long long)line,
                    (long long)column, msg);
    watpl__fail_pos(p->ctx, -1, line, column, "");
    return WATPL_ESYNTAX;
}

static void advance(cursor *c)
{
    unsigned char b = (unsigned char)c->s[c->i++];
    if ((b & 0xC0) != 0x80)
        c->column++;
}

/* Read one row (the cursor at a line start that is not a comment). */
static int read_row(parse *p, row *r)
{
    cursor *c = &p->c;
    r->n = 0;
    r->line = c->line;
    for (;;) {
        field *f = r->n < FIELDS_MAX ? &r->f[r->n] : NULL;
        field scratch;
        if (!f)
            f = &scratch;
        f->line = c->line;
        f->column = c->column;
        f->quoted = c->i < c->len && c->s[c->i] == '"';
        if (f->quoted) {
            advance(c);
            f->raw = c->s + c->i;
            for (;;) {
                if (c->i >= c->len || c->s[c->i] == '\n')
                    return fail_at(p, f->line, f->column, "card.syntax", "unterminated quoted field", NULL, 0);
                if (c->s[c->i] == '"' && (c->i + 1 >= c->len || c->s[c->i + 1] != '"'))
                    break;
                if (c->s[c->i] == '"')
                    advance(c);
                advance(c);
            }
            f->raw_len = (size_t)(c->s + c->i - f->raw);
            advance(c); /* the closing quote */
        } else {
            f->raw = c->s + c->i;
            while (c->i < c->len && c->s[c->i] != ',' && c->s[c->i] != '\n' && c->s[c->i] != '\r') {
                if (c->s[c->i] == '"')
                    return fail_at(p, c->line, c->column, "card.syntax", "a quote inside an unquoted field", NULL, 0);
                advance(c);
            }
            f->raw_len = (size_t)(c->s + c->i - f->raw);
        }
        r->n++;
        if (c->i < c->len && c->s[c->i] == '\r')
            advance(c);
        if (c->i >= c->len || c->s[c->i] == '\n')
            break;
        if (c->s[c->i] != ',')
            return fail_at(p, c->line, c->column, "card.syntax", "expected a comma after a quoted field", NULL, 0);
        advance(c);
    }
    r->end_column = c->column;
    if (c->i < c->len) { /* the newline */
        c->i++;
        c->line++;
        c->column = 1;
    }
    return WATPL_OK;
}

static bool field_is(const field *f, const char *s)
{
    return !f->quoted && f->raw_len == strlen(s) && memcmp(f->raw, s, f->raw_len) == 0;
}

/* ---- dates ----------------------------------------------------------------------------------- */

/* Days-from-civil after H. Hinnant's public-domain algorithm, in seconds. */
int64_t watpl__days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (era * 146097 + doe - 719468) * 86400;
}

/* ---- facts --------------------------------------------------------------------------------- */

static bool parse_date(const field *f, int64_t *t)
{
    const char *s = f->raw;
    if (f->raw_len != 10 || s[4] != '-' || s[7] != '-')
        return false;
    int v[8];
    for (int k = 0, j = 0; k < 10; k++) {
        if (k == 4 || k == 7)
            continue;
        if (s[k] < '0' || s[k] > '9')
            return false;
        v[j++] = s[k] - '0';
    }
    int y = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3], m = v[4] * 10 + v[5], d = v[6] * 10 + v[7];
    static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] || (m == 2 && d == 29 && !leap))
        return false;
    *t = watpl__days_from_civil(y, (unsigned)m, (unsigned)d);
    return true;
}

static int fact(parse *p, const row *r)
{
    const field *k = &r->f[0], *v = &r->f[1];
    if (r->n != 2)
        return fail_at(p, r->line, r->n < 2 ? r->end_column : r->f[2].column,
                       "card.header", "a fact is one key and one value (key,value)", NULL, 0);
    if (field_is(k, "model")) {
        if (p->model)
            return fail_at(p, k->line, k->column, "card.header", "model given twice", NULL, 0);
        p->model = field_is(v, "PMP") ? WATPL_PRICING_PMP : field_is(v, "CBP") ? WATPL_PRICING_CBP : 0;
        if (!p->model)
            return fail_at(p, v->line, v->column, "card.header", "model must be PMP or CBP, not", v->raw, v->raw_len);
    } else if (field_is(k, "currency")) {
        bool ok = v->raw_len == 3 && !p->currency[0];
        for (size_t i = 0; ok && i < 3; i++)
            ok = v->raw[i] >= 'A' && v->raw[i] <= 'Z';
        if (!ok)
            return fail_at(p, v->line, v->column, "card.header",
                           "currency is given once, as an ISO 4217 code (USD, EUR, INR ...), not", v->raw, v->raw_len);
        memcpy(p->currency, v->raw, 3);
        p->currency[3] = '\0';
    } else if (field_is(k, "effective_from")) {
        p->undated = field_is(v, "undated");
        if (p->has_from || (!p->undated && !parse_date(v, &p->from)))
            return fail_at(p, v->line, v->column, "card.date",
                           "effective_from is given once, as YYYY-MM-DD or undated, not", v->raw, v->raw_len);
        p->has_from = true;
        p->from_line = v->line;
        p->from_column = v->column;
    } else if (field_is(k, "effective_until")) {
        if (p->has_until || (v->raw_len && !parse_date(v, &p->until)))
            return fail_at(p, v->line, v->column, "card.date",
                           "effective_until is given once, as YYYY-MM-DD or left empty, not", v->raw, v->raw_len);
        p->has_until = v->raw_len > 0;
        p->until_line = v->line;
        p->until_column = v->column;
    } else if (field_is(k, "source")) {
        p->source = v->raw;
        p->source_len = v->raw_len;
        p->source_quoted = v->quoted;
    } else {
        return fail_at(p, k->line, k->column, "card.header",
                       "unknown fact (model, currency, effective_from, effective_until, source, then the market header):",
                       k->raw, k->raw_len);
    }
    return WATPL_OK;
}

static int check_facts(parse *p, const row *header)
{
    const char *missing = !p->model ? "model" : !p->currency[0] ? "currency" : !p->has_from ? "effective_from" : NULL;
    if (missing)
        return fail_at(p, header->line, 1, "card.header", "the facts before the market header lack", missing,
                       strlen(missing));
    if (p->has_until && (p->undated || p->until <= p->from))
        return fail_at(p, p->until_line, p->until_column, "card.date",
                       "effective_until must be a day after effective_from (an undated card has none)", NULL, 0);
    return WATPL_OK;
}

/* ---- table --------------------------------------------------------------------------------- */

static int table_header(parse *p, const row *r)
{
    if (r->n > FIELDS_MAX)
        return fail_at(p, r->line, r->f[FIELDS_MAX - 1].column, "card.columns", "too many columns", NULL, 0);
    bool seen[WATPL__RATE_COLUMNS] = {false};
    p->n_cols = r->n;
    for (size_t k = 1; k < r->n; k++) {
        const field *f = &r->f[k];
        int col = -1;
        for (int j = 0; j < WATPL__RATE_COLUMNS && col < 0; j++)
            if (field_is(f, rate_column_names[j]))
                col = j;
        if (col < 0 || seen[col])
            return fail_at(p, f->line, f->column, "card.columns",
                           col < 0 ? "unknown column (marketing, utility, authentication, "
                                     "authentication_international, service):"
                                   : "column given twice:",
                           f->raw, f->raw_len);
        seen[col] = true;
        p->col_of[k] = col;
    }
    for (int j = 0; j <= WATPL__RATE_AUTHENTICATION; j++)
        if (!seen[j])
            return fail_at(p, r->line, r->end_column, "card.columns", "missing column", rate_column_names[j],
                           strlen(rate_column_names[j]));
    return WATPL_OK;
}

/* An amount in millionths: digits, an optional point and at most six
 * decimals; empty or n/a for no rate. */
static int amount(parse *p, const field *f, int64_t *out)
{
    if (f->raw_len == 0 || field_is(f, "n/a")) {
        *out = WATPL__NO_RATE;
        return WATPL_OK;
    }
    if (f->raw[0] == '-')
        return fail_at(p, f->line, f->column, "card.rate", "a rate cannot be negative:", f->raw, f->raw_len);
    int64_t units = 0, frac = 0;
    size_t i = 0, int_digits = 0, decimals = 0;
    for (; i < f->raw_len && f->raw[i] >= '0' && f->raw[i] <= '9'; i++, int_digits++)
        units = units * 10 + (f->raw[i] - '0');
    if (i < f->raw_len && f->raw[i] == '.')
        for (i++; i < f->raw_len && f->raw[i] >= '0' && f->raw[i] <= '9'; i++, decimals++)
            frac = frac * 10 + (f->raw[i] - '0');
    if (i != f->raw_len || int_digits == 0 || (f->raw_len > int_digits && decimals == 0))
        return fail_at(p, f->line, f->column, "card.rate", "a rate is a decimal number such as 0.0618, not", f->raw,
                       f->raw_len);
    if (int_digits > 6 || decimals > WATPL__AMOUNT_DECIMALS)
        return fail_at(p, f->line, f->column, "card.rate",
                       "a rate has at most 6 digits before the point and 6 after it:", f->raw, f->raw_len);
    for (; decimals < WATPL__AMOUNT_DECIMALS; decimals++)
        frac *= 10;
    *out = units * 1000000 + frac;
    return WATPL_OK;
}

static int table_row(parse *p, const row *r)
{
    if (r->n != p->n_cols)
        return fail_at(p, r->line, r->n < p->n_cols ? r->end_column : r->f[p->n_cols].column,
                       "card.columns",
                       r->n < p->n_cols ? "missing column: the row has fewer fields than the header"
                                        : "the row has more fields than the header",
                       NULL, 0);
    const field *m = &r->f[0];
    int place = watpl__place_find(m->raw, m->raw_len);
    if (place < 0)
        return fail_at(p, m->line, m->column, "card.market",
                       "not a market or country of data/pricing/markets.csv:", m->raw, m->raw_len);
    for (size_t i = 0; i < p->n_rows; i++)
        if (p->rows[i].place == place)
            return fail_at(p, m->line, m->column, "card.market", "market given twice:", m->raw, m->raw_len);
    if (p->n_rows == p->cap_rows) {
        size_t cap = p->cap_rows ? p->cap_rows * 2 : 64;
        watpl__card_row *nr = watpl__realloc(&p->ctx->alloc, p->rows, p->cap_rows * sizeof *nr, cap * sizeof *nr);
        if (!nr)
            return watpl__fail(p->ctx, WATPL_ENOMEM, NULL, "out of memory");
        p->rows = nr;
        p->cap_rows = cap;
    }
    watpl__card_row *out = &p->rows[p->n_rows];
    out->place = (int16_t)place;
    for (int j = 0; j < WATPL__RATE_COLUMNS; j++)
        out->rate[j] = WATPL__NO_RATE;
    for (size_t k = 1; k < r->n; k++) {
        int rc = amount(p, &r->f[k], &out->rate[p->col_of[k]]);
        if (rc)
            return rc;
    }
    p->n_rows++;
    return WATPL_OK;
}

/* ---- the card -------------------------------------------------------------------------------- */

static int compare_rows(const void *a, const void *b)
{
    const watpl__card_row *x = a, *y = b;
    return (x->place > y->place) - (x->place < y->place);
}

/* The card, its rows and its source in one block. */
static int pack(parse *p, watpl__card **out)
{
    size_t rows_off = WATPL__PACK_UP(sizeof(watpl__card));
    size_t src_off = rows_off + WATPL__PACK_UP(p->n_rows * sizeof(watpl__card_row));
    watpl__card *card = watpl__malloc(&p->ctx->alloc, src_off + p->source_len + 1);
    if (!card)
        return watpl__fail(p->ctx, WATPL_ENOMEM, NULL, "out of memory");
    watpl__card_row *rows = (watpl__card_row *)((char *)card + rows_off);
    char *src = (char *)card + src_off;
    size_t n = 0;
    for (size_t i = 0; i < p->source_len; i++) { /* "" inside a quoted field is one quote */
        src[n++] = p->source[i];
        if (p->source_quoted && p->source[i] == '"')
            i++;
    }
    src[n] = '\0';
    if (p->n_rows)
        memcpy(rows, p->rows, p->n_rows * sizeof *rows);
    qsort(rows, p->n_rows, sizeof *rows, compare_rows);
    card->model = p->model;
    memcpy(card->currency, p->currency, 4);
    card->from = p->undated ? WATPL_TIME_NONE : p->from;
    card->until = p->has_until ? p->until : WATPL_TIME_NONE;
    card->source = src;
    card->rows = rows;
    card->n_rows = p->n_rows;
    *out = card;
    return WATPL_OK;
}

static bool skip_comment_or_blank(cursor *c)
{
    size_t j = c->i;
    while (j < c->len && (c->s[j] == ' ' || c->s[j] == '\t' || c->s[j] == '\r'))
        j++;
    bool blank = j >= c->len || c->s[j] == '\n';
    if (!blank && c->s[c->i] != '#')
        return false;
    while (c->i < c->len && c->s[c->i] != '\n')
        c->i++;
    if (c->i < c->len) {
        c->i++;
        c->line++;
        c->column = 1;
    }
    return true;
}

static int parse_rows(parse *p)
{
    bool in_table = false;
    row r;
    while (p->c.i < p->c.len) {
        if (skip_comment_or_blank(&p->c))
            continue;
        int rc = read_row(p, &r);
        if (rc)
            return rc;
        if (in_table)
            rc = table_row(p, &r);
        else if (field_is(&r.f[0], "market"))
            in_table = true, rc = check_facts(p, &r), rc = rc ? rc : table_header(p, &r);
        else
            rc = fact(p, &r);
        if (rc)
            return rc;
    }
    if (!in_table)
        return fail_at(p, p->c.line, 1, "card.columns", "no market header (market,marketing,utility,authentication...)",
                       NULL, 0);
    if (!p->n_rows)
        return fail_at(p, p->c.line, 1, "card.columns", "the card has no market rows", NULL, 0);
    return WATPL_OK;
}

int watpl__card_parse(watpl_ctx *ctx, const char *text, size_t len, watpl__card **out, int64_t *from_line,
                      int64_t *from_column)
{
    if (len > WATPL__CARD_BYTES)
        return watpl__fail(ctx, WATPL_ELIMIT, "input.too_large", "a rate card is at most %u bytes",
                           WATPL__CARD_BYTES);
    size_t bad = 0;
    if (!watpl__utf8_valid(text, len, &bad)) {
        watpl__fail(ctx, WATPL_EUTF8, "input.utf8", "invalid UTF-8 at byte %zu", bad);
        watpl__fail_pos(ctx, (int64_t)bad, 0, 0, "");
        return WATPL_EUTF8;
    }
    parse p;
    memset(&p, 0, sizeof p);
    p.ctx = ctx;
    p.c = (cursor){text, len, 0, 1, 1};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) /* the byte-order mark spreadsheets write */
        p.c.i = 3;
    int rc = parse_rows(&p);
    if (!rc)
        rc = pack(&p, out);
    watpl__mfree(&ctx->alloc, p.rows);
    *from_line = p.from_line;
    *from_column = p.from_column;
    return rc;
}
