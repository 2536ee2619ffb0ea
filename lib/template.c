/* Template model: construction and release, owned strings, the typed array
 * push, component lookup, name mappings and Meta's language codes (the
 * builder and getters are in template_build.c). SPDX-License-Identifier: MIT */
#include <string.h>

#include "template_internal.h"
#include "text_internal.h"

/* ---- strings -------------------------------------------------------------- */

void watpl__str_free(const watpl__alloc *a, watpl__str *s)
{
    watpl__mfree(a, s->s);
    s->s = NULL;
    s->len = 0;
}

int watpl__str_set(const watpl__alloc *a, watpl__str *dst, const char *s, size_t len)
{
    if (!s && len)
        return WATPL_EINVAL;
    if (len > WATPL__MAX_TEXT_BYTES)
        return WATPL_ELIMIT;
    if (!watpl__utf8_valid(s ? s : "", len, NULL))
        return WATPL_EUTF8;
    char *copy = watpl__memdup(a, s ? s : "", len);
    if (!copy)
        return WATPL_ENOMEM;
    watpl__mfree(a, dst->s);
    dst->s = copy;
    dst->len = len;
    return WATPL_OK;
}

/* ---- freeing ---------------------------------------------------------------- */

static void free_button(const watpl__alloc *a, watpl__button *b)
{
    watpl__str_free(a, &b->type_raw);
    watpl__str_free(a, &b->text);
    watpl__str_free(a, &b->url);
    watpl__str_free(a, &b->phone_number);
    watpl__str_free(a, &b->otp_type);
    watpl__str_free(a, &b->autofill_text);
    for (size_t i = 0; i < b->n_examples; i++)
        watpl__str_free(a, &b->examples[i]);
    watpl__mfree(a, b->examples);
    for (size_t i = 0; i < b->n_apps; i++) {
        watpl__str_free(a, &b->apps[i].package_name);
        watpl__str_free(a, &b->apps[i].signature_hash);
    }
    watpl__mfree(a, b->apps);
}

void watpl__component_free(const watpl__alloc *a, watpl__component *c)
{
    watpl__str_free(a, &c->type_raw);
    watpl__str_free(a, &c->format_raw);
    for (size_t i = 0; i < c->n_handles; i++)
        watpl__str_free(a, &c->handles[i]);
    watpl__mfree(a, c->handles);
    watpl__str_free(a, &c->text);
    for (size_t i = 0; i < c->n_examples; i++)
        watpl__str_free(a, &c->examples[i]);
    watpl__mfree(a, c->examples);
    for (size_t i = 0; i < c->n_named; i++) {
        watpl__str_free(a, &c->named[i].name);
        watpl__str_free(a, &c->named[i].value);
    }
    watpl__mfree(a, c->named);
    for (size_t i = 0; i < c->n_buttons; i++)
        free_button(a, &c->buttons[i]);
    watpl__mfree(a, c->buttons);
    for (size_t i = 0; i < c->n_cards; i++) {
        for (size_t j = 0; j < c->cards[i].n_components; j++)
            watpl__component_free(a, &c->cards[i].components[j]);
        watpl__mfree(a, c->cards[i].components);
    }
    watpl__mfree(a, c->cards);
    watpl__str_free(a, &c->lto_text);
    memset(c, 0, sizeof *c);
}

int watpl_template_new(watpl_template **out, watpl_ctx *ctx)
{
    WATPL__ENTER(ctx, out, WATPL__OUT(out));
    watpl_template *t = watpl__calloc(&ctx->alloc, 1, sizeof *t);
    if (!t)
        return watpl__fail_nomem(ctx);
    t->alloc = ctx->alloc;
    t->category = WATPL_CATEGORY_NONE;
    t->parameter_format = WATPL_PARAMS_POSITIONAL;
    *out = t;
    return WATPL_OK;
}

void watpl_template_free(watpl_template *t)
{
    if (!t)
        return;
    watpl__alloc a = t->alloc;
    watpl__str_free(&a, &t->name);
    watpl__str_free(&a, &t->language);
    watpl__str_free(&a, &t->category_raw);
    watpl__str_free(&a, &t->parameter_format_raw);
    for (size_t i = 0; i < t->n_components; i++)
        watpl__component_free(&a, &t->components[i]);
    watpl__mfree(&a, t->components);
    watpl__mfree(&a, t);
}

/* ---- growable arrays ---------------------------------------------------------- */

/* Append one zeroed element to *arr (n elements of size sz), bounded by max. */
void *watpl__array_push(const watpl__alloc *a, void **arr, size_t *n, size_t sz, size_t max,
                        int *rc)
{
    if (*n >= max) {
        *rc = WATPL_ELIMIT;
        return NULL;
    }
    size_t old = *n * sz, bytes;
    if (watpl__mul_overflows_size(*n + 1, sz, &bytes)) {
        *rc = WATPL_ENOMEM;
        return NULL;
    }
    char *p = watpl__realloc(a, *arr, old, bytes);
    if (!p) {
        *rc = WATPL_ENOMEM;
        return NULL;
    }
    memset(p + old, 0, sz);
    *arr = p;
    (*n)++;
    *rc = WATPL_OK;
    return p + old;
}

/* ---- lookups ------------------------------------------------------------------- */

static const watpl__component *find_kind(const watpl__component *cs, size_t n, int kind)
{
    for (size_t i = 0; i < n; i++)
        if (cs[i].kind == kind)
            return &cs[i];
    return NULL;
}

const watpl__component *watpl__tpl_component(const watpl_template *t, int card, int kind)
{
    if (!t)
        return NULL;
    if (card < 0)
        return find_kind(t->components, t->n_components, kind);
    const watpl__component *car = find_kind(t->components, t->n_components, WATPL_COMPONENT_CAROUSEL);
    if (!car || (size_t)card >= car->n_cards)
        return NULL;
    return find_kind(car->cards[card].components, car->cards[card].n_components, kind);
}

/* ---- name mappings ------------------------------------------------------------------ */

typedef struct name_map {
    const char *name;
    int value;
} name_map;

static const name_map header_formats[] = {
    {"TEXT", WATPL_HEADER_TEXT},         {"IMAGE", WATPL_HEADER_IMAGE},
    {"VIDEO", WATPL_HEADER_VIDEO},       {"DOCUMENT", WATPL_HEADER_DOCUMENT},
    {"LOCATION", WATPL_HEADER_LOCATION}, {"GIF", WATPL_HEADER_GIF},
    {"PRODUCT", WATPL_HEADER_PRODUCT},
};

static const name_map button_types[] = {
    {"QUICK_REPLY", WATPL_BUTTON_QUICK_REPLY},
    {"URL", WATPL_BUTTON_URL},
    {"PHONE_NUMBER", WATPL_BUTTON_PHONE_NUMBER},
    {"COPY_CODE", WATPL_BUTTON_COPY_CODE},
    {"OTP", WATPL_BUTTON_OTP},
    {"FLOW", WATPL_BUTTON_FLOW},
    {"VOICE_CALL", WATPL_BUTTON_VOICE_CALL},
    {"MPM", WATPL_BUTTON_MPM},
    {"CATALOG", WATPL_BUTTON_CATALOG},
    {"SPM", WATPL_BUTTON_SPM},
    {"CALL_PERMISSION_REQUEST", WATPL_BUTTON_CALL_PERMISSION_REQUEST},
    {"APP", WATPL_BUTTON_APP},
    {"ORDER_DETAILS", WATPL_BUTTON_ORDER_DETAILS},
    {"REQUEST_CONTACT_INFO", WATPL_BUTTON_REQUEST_CONTACT_INFO},
};

static const name_map component_kinds[] = {
    {"HEADER", WATPL_COMPONENT_HEADER},
    {"BODY", WATPL_COMPONENT_BODY},
    {"FOOTER", WATPL_COMPONENT_FOOTER},
    {"BUTTONS", WATPL_COMPONENT_BUTTONS},
    {"CAROUSEL", WATPL_COMPONENT_CAROUSEL},
    {"LIMITED_TIME_OFFER", WATPL_COMPONENT_LIMITED_TIME_OFFER},
};

static bool eq_nocase(const char *a, size_t alen, const char *b)
{
    size_t blen = strlen(b);
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        char x = a[i], y = b[i];
        if (x >= 'a' && x <= 'z')
            x = (char)(x - 'a' + 'A');
        if (y >= 'a' && y <= 'z')
            y = (char)(y - 'a' + 'A');
        if (x != y)
            return false;
    }
    return true;
}

static int map_lookup(const name_map *m, size_t n, const char *s, size_t len, bool nocase,
                      int missing)
{
    for (size_t i = 0; s && i < n; i++) {
        if (nocase ? eq_nocase(s, len, m[i].name)
                   : (strlen(m[i].name) == len && memcmp(s, m[i].name, len) == 0))
            return m[i].value;
    }
    return missing;
}

int watpl__header_format_from(const char *s, size_t len)
{
    return map_lookup(header_formats, WATPL__ARRAY_LEN(header_formats), s, len, false,
                      WATPL_HEADER_UNKNOWN);
}

int watpl__button_type_from(const char *s, size_t len)
{
    return map_lookup(button_types, WATPL__ARRAY_LEN(button_types), s, len, false,
                      WATPL_BUTTON_UNKNOWN);
}

int watpl__component_kind_from(const char *s, size_t len)
{
    return map_lookup(component_kinds, WATPL__ARRAY_LEN(component_kinds), s, len, true, -1);
}

static const char *const legacy_utility[] = {
    "TRANSACTIONAL",      "ACCOUNT_UPDATE",          "ALERT_UPDATE",       "APPOINTMENT_UPDATE",
    "AUTO_REPLY",         "ISSUE_RESOLUTION",        "PAYMENT_UPDATE",     "PERSONAL_FINANCE_UPDATE",
    "RESERVATION_UPDATE", "SHIPPING_UPDATE",         "TICKET_UPDATE",      "TRANSPORTATION_UPDATE",
};

static bool eq(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

int watpl__category_from(const char *s, size_t len, bool *legacy)
{
    *legacy = false;
    if (!s)
        return WATPL_CATEGORY_NONE;
    if (eq(s, len, "MARKETING"))
        return WATPL_CATEGORY_MARKETING;
    if (eq(s, len, "UTILITY"))
        return WATPL_CATEGORY_UTILITY;
    if (eq(s, len, "AUTHENTICATION"))
        return WATPL_CATEGORY_AUTHENTICATION;
    *legacy = true;
    if (eq(s, len, "OTP"))
        return WATPL_CATEGORY_AUTHENTICATION;
    for (size_t i = 0; i < WATPL__ARRAY_LEN(legacy_utility); i++)
        if (eq(s, len, legacy_utility[i]))
            return WATPL_CATEGORY_UTILITY;
    *legacy = false;
    return WATPL_CATEGORY_NONE;
}

int watpl__parameter_format_from(const char *s, size_t len)
{
    if (s && eq_nocase(s, len, "POSITIONAL"))
        return WATPL_PARAMS_POSITIONAL;
    if (s && eq_nocase(s, len, "NAMED"))
        return WATPL_PARAMS_NAMED;
    return WATPL_PARAMS_INVALID;
}

/* Meta's 111 template language codes, sorted for binary search. */
static const char *const languages[] = {
    "af",    "ar",    "ar_AE", "ar_EG", "ar_LB", "ar_MA", "ar_QA", "az",    "be_BY", "bg",
    "bn",    "bn_IN", "ca",    "cs",    "da",    "de",    "de_AT", "de_CH", "el",    "en",
    "en_AE", "en_AU", "en_CA", "en_GB", "en_GH", "en_IE", "en_IN", "en_JM", "en_MY", "en_NZ",
    "en_QA", "en_SG", "en_UG", "en_US", "en_ZA", "es",    "es_AR", "es_CL", "es_CO", "es_CR",
    "es_DO", "es_EC", "es_ES", "es_HN", "es_MX", "es_PA", "es_PE", "es_UY", "et",    "fa",
    "fi",    "fil",   "fr",    "fr_BE", "fr_CA", "fr_CH", "fr_CI", "fr_MA", "ga",    "gu",
    "ha",    "he",    "hi",    "hr",    "hu",    "id",    "it",    "ja",    "ka",    "kk",
    "kn",    "ko",    "ky_KG", "lo",    "lt",    "lv",    "mk",    "ml",    "mr",    "ms",
    "nb",    "nl",    "nl_BE", "pa",    "pl",    "prs_AF", "ps_AF", "pt_BR", "pt_PT", "ro",
    "ru",    "rw_RW", "si_LK", "sk",    "sl",    "sq",    "sr",    "sv",    "sw",    "ta",
    "te",    "th",    "tr",    "uk",    "ur",    "uz",    "vi",    "zh_CN", "zh_HK", "zh_TW",
    "zu",
};

static int cmp_code(const char *s, size_t len, const char *code)
{
    size_t n = strlen(code);
    int c = memcmp(s, code, len < n ? len : n);
    if (c)
        return c;
    return (len > n) - (len < n);
}

bool watpl__language_known(const char *s, size_t len)
{
    size_t lo = 0, hi = WATPL__ARRAY_LEN(languages);
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = cmp_code(s, len, languages[mid]);
        if (c == 0)
            return true;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return false;
}
