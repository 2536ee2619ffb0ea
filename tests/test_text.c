/* Text layer: UTF-8 validation, counting, emoji, normalized view, words. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "text_internal.h"

static watpl__alloc std_alloc(void);
static void *a_alloc(void *ud, size_t n) { (void)ud; return malloc(n); }
static void *a_realloc(void *ud, void *p, size_t o, size_t n) { (void)ud; (void)o; return realloc(p, n); }
static void a_free(void *ud, void *p) { (void)ud; free(p); }
static watpl__alloc std_alloc(void)
{
    watpl__alloc a = {a_alloc, a_realloc, a_free, NULL};
    return a;
}

/* A mixed-script sample: ASCII, Latin accents, Arabic, Devanagari, CJK, emoji. */
static const char sample[] = "Olá مرحبا नमस्ते 你好 👍🏽 ok";

START_TEST(utf8_valid_sample_and_edges)
{
    ck_assert(watpl__utf8_valid(sample, strlen(sample), NULL));
    static const char *const edges[] = {"\x7f", "\xc2\x80", "\xdf\xbf", "\xe0\xa0\x80", "\xef\xbf\xbf",
                                        "\xf0\x90\x80\x80", "\xf4\x8f\xbf\xbf", ""};
    for (size_t i = 0; i < sizeof edges / sizeof *edges; i++)
        ck_assert_msg(watpl__utf8_valid(edges[i], strlen(edges[i]), NULL), "edge %zu", i);
}
END_TEST

START_TEST(utf8_invalid_classes_report_first_bad_byte)
{
    static const struct {
        const char *s;
        size_t bad;
    } cases[] = {
        {"ab\xc0\xaf", 2},         /* overlong '/' */
        {"\xe0\x80\xaf", 0},       /* overlong 3-byte */
        {"x\xed\xa0\x80", 1},      /* surrogate U+D800 */
        {"\xf4\x90\x80\x80", 0},   /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 0},   /* invalid lead */
        {"abc\x80", 3},            /* stray continuation */
        {"\xe2\x82", 0},           /* truncated at the end */
        {"\xe2\x28\xa1", 0},       /* broken in the middle */
        {"ok\xff", 2},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t bad = 999;
        ck_assert_msg(!watpl__utf8_valid(cases[i].s, strlen(cases[i].s), &bad), "case %zu", i);
        ck_assert_msg(bad == cases[i].bad, "case %zu: bad %zu", i, bad);
    }
}
END_TEST

START_TEST(utf8_invalid_byte_at_every_position)
{
    size_t n = strlen(sample);
    char buf[128];
    for (size_t pos = 0; pos <= n; pos++) {
        /* only insert at code point boundaries so that the prefix stays valid */
        if (pos < n && ((unsigned char)sample[pos] & 0xC0) == 0x80)
            continue;
        memcpy(buf, sample, pos);
        buf[pos] = (char)0xFF;
        memcpy(buf + pos + 1, sample + pos, n - pos);
        size_t bad = 999;
        ck_assert(!watpl__utf8_valid(buf, n + 1, &bad));
        ck_assert_uint_eq(bad, pos);
    }
}
END_TEST

START_TEST(counts_in_three_units)
{
    ck_assert_uint_eq(watpl__count_utf16_units("hello", 5), 5);
    ck_assert_uint_eq(watpl__count_codepoints("olá", strlen("olá")), 3);
    ck_assert_uint_eq(watpl__count_utf16_units("olá", strlen("olá")), 3);
    /* e + combining acute: 2 code points, 1 grapheme */
    ck_assert_uint_eq(watpl__count_codepoints("e\xcc\x81", 3), 2);
    ck_assert_uint_eq(watpl__count_graphemes("e\xcc\x81", 3), 1);
    /* non-BMP emoji: 1 code point, 2 UTF-16 units */
    ck_assert_uint_eq(watpl__count_codepoints("😀", 4), 1);
    ck_assert_uint_eq(watpl__count_utf16_units("😀", 4), 2);
    ck_assert_uint_eq(watpl__count_chars("😀", 4, WATPL_UNIT_CODEPOINTS), 1);
    ck_assert_uint_eq(watpl__count_chars("😀", 4, WATPL_UNIT_UTF16), 2);
    /* family ZWJ sequence: one grapheme */
    const char *fam = "👨‍👩‍👧";
    ck_assert_uint_eq(watpl__count_graphemes(fam, strlen(fam)), 1);
    ck_assert_uint_eq(watpl__count_codepoints("你好", strlen("你好")), 2);
    ck_assert_uint_eq(watpl__count_graphemes("a\r\nb", 4), 3);
}
END_TEST

START_TEST(emoji_sequences_count_as_one)
{
    static const struct {
        const char *s;
        size_t n;
    } cases[] = {
        {"no emoji here 123 #1 *", 0},
        {"👍", 1},
        {"👍🏽", 1},            /* skin tone */
        {"👨‍👩‍👧", 1},          /* ZWJ */
        {"🇧🇷", 1},              /* flag */
        {"1️⃣", 1},              /* keycap */
        {"❤️ and ☀", 2},        /* VS16 and BMP symbol */
        {"©", 0},
        {"😀😀😀 ok 🎉", 4},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        ck_assert_msg(watpl__count_emoji(cases[i].s, strlen(cases[i].s)) == cases[i].n, "case %zu", i);
    size_t off = 0, len = 0;
    ck_assert(watpl__find_emoji("Hi 👍🏽!", strlen("Hi 👍🏽!"), &off, &len));
    ck_assert_uint_eq(off, 3);
    ck_assert_uint_eq(len, 8);
    ck_assert(!watpl__find_emoji("plain", 5, &off, &len));
}
END_TEST

static void expect_norm(const char *in, const char *want)
{
    watpl__alloc a = std_alloc();
    watpl__normtext n;
    watpl__norm_init(&n, &a);
    ck_assert_int_eq(watpl__normalize(&n, in, strlen(in)), WATPL_OK);
    ck_assert_msg(n.norm_len == strlen(want) && memcmp(n.norm, want, n.norm_len) == 0, "'%s' -> '%.*s'", in,
                  (int)n.norm_len, n.norm);
    watpl__norm_free(&n);
}

START_TEST(normalized_view_folds_case_accents_width)
{
    expect_norm("DESCONTO", "desconto");
    expect_norm("descontó", "desconto");
    expect_norm("ＤＥＳＣＯＮＴＯ", "desconto");
    expect_norm("ﬁnal", "final");
    expect_norm("Straße", "strasse");
    expect_norm("a\xe2\x80\x8b" "b", "ab"); /* zero-width space removed */
    expect_norm("ÉTÉ", "ete");
}
END_TEST

START_TEST(normalized_view_maps_back_to_original_bytes)
{
    watpl__alloc a = std_alloc();
    watpl__normtext n;
    watpl__norm_init(&n, &a);
    const char *s = "😀 Olá DESCONTO";
    ck_assert_int_eq(watpl__normalize(&n, s, strlen(s)), WATPL_OK);
    const char *hit = strstr(n.norm, "desconto");
    ck_assert_ptr_nonnull(hit);
    size_t a0 = (size_t)(hit - n.norm), a1 = a0 + 8;
    ck_assert_uint_eq(n.map[a0], (size_t)(strstr(s, "DESCONTO") - s));
    ck_assert_uint_eq(n.map[a1], strlen(s));
    /* "ola": the 'a' comes from the 2-byte 'á' */
    hit = strstr(n.norm, "ola");
    ck_assert_ptr_nonnull(hit);
    size_t o = (size_t)(hit - n.norm);
    ck_assert_uint_eq(n.map[o], 5);
    ck_assert_uint_eq(n.map[o + 2], 7);
    ck_assert_uint_eq(n.map[o + 3], 9);
    /* buffers are reused */
    ck_assert_int_eq(watpl__normalize(&n, "ABC", 3), WATPL_OK);
    ck_assert_uint_eq(n.norm_len, 3);
    ck_assert_int_eq(memcmp(n.norm, "abc", 3), 0);
    ck_assert_int_eq(watpl__normalize(&n, "a\xff", 2), WATPL_EUTF8);
    watpl__norm_free(&n);
}
END_TEST

START_TEST(words_per_writing_system)
{
    const char *en = "Hi {{1}}, your order {{2}} has shipped!";
    ck_assert_uint_eq(watpl__count_plain_words(en, strlen(en)), 5);
    const char *ar = "مرحبا {{1}} طلبك جاهز";
    ck_assert_uint_eq(watpl__count_plain_words(ar, strlen(ar)), 3);
    const char *hi = "नमस्ते {{1}} आपका ऑर्डर";
    ck_assert_uint_eq(watpl__count_plain_words(hi, strlen(hi)), 3);
    /* Thai: 14 Thai characters are 2 words */
    const char *th = "สวัสดีครับสวัสดี";
    size_t thai_chars = watpl__count_codepoints(th, strlen(th));
    ck_assert_uint_eq(watpl__count_plain_words(th, strlen(th)), (thai_chars + 6) / 7);
    const char *emoji = "👍 🎉 !!! ok";
    ck_assert_uint_eq(watpl__count_plain_words(emoji, strlen(emoji)), 1);
    const char *apos = "don't stop";
    ck_assert_uint_eq(watpl__count_plain_words(apos, strlen(apos)), 2);
}
END_TEST

START_TEST(utf8_decode_and_encode_round_trip)
{
    int32_t cps[] = {0x41, 0xE9, 0x20AC, 0x1F600, 0x10FFFF};
    for (size_t i = 0; i < 5; i++) {
        char buf[4];
        size_t n = watpl__utf8_encode(cps[i], buf);
        int32_t back = 0;
        ck_assert_uint_eq(watpl__utf8_decode(buf, n, 0, &back), n);
        ck_assert_int_eq(back, cps[i]);
    }
    char buf[4];
    ck_assert_uint_eq(watpl__utf8_encode(0xD800, buf), 0);
    ck_assert_uint_eq(watpl__utf8_encode(0x110000, buf), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("text");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, utf8_valid_sample_and_edges);
    tcase_add_test(tc, utf8_invalid_classes_report_first_bad_byte);
    tcase_add_test(tc, utf8_invalid_byte_at_every_position);
    tcase_add_test(tc, counts_in_three_units);
    tcase_add_test(tc, emoji_sequences_count_as_one);
    tcase_add_test(tc, normalized_view_folds_case_accents_width);
    tcase_add_test(tc, normalized_view_maps_back_to_original_bytes);
    tcase_add_test(tc, words_per_writing_system);
    tcase_add_test(tc, utf8_decode_and_encode_round_trip);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
