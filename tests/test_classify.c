/* The classifier: lexicon families in several languages, spans into the
 * original text, structure, transactional context, language detection. */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"
#include "classify_internal.h"
#include "lexicon_internal.h"

static watpl_ctx *ctx;

static void setup(void)
{
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
}

static void teardown(void)
{
    watpl_ctx_free(ctx);
}

static watpl_classification *text(const char *s, const char *lang)
{
    watpl_classification *c = NULL;
    ck_assert_int_eq(watpl_classify_text(ctx, s, strlen(s), lang, lang ? strlen(lang) : 0, &c), WATPL_OK);
    return c;
}

/* Index of the first signal of rule, or -1. */
static long signal_of(const watpl_classification *c, const char *rule)
{
    for (size_t i = 0; i < watpl_classification_signal_count(c); i++)
        if (strcmp(watpl_classification_signal_rule(c, i), rule) == 0)
            return (long)i;
    return -1;
}

/* The signal's span in s equals want. */
static void expect_span(const char *s, const char *lang, const char *rule, const char *want)
{
    watpl_classification *c = text(s, lang);
    long i = signal_of(c, rule);
    ck_assert_msg(i >= 0, "'%s': no %s", s, rule);
    int64_t off = watpl_classification_signal_offset(c, (size_t)i);
    int64_t len = watpl_classification_signal_length(c, (size_t)i);
    ck_assert_msg(off >= 0 && (size_t)(off + len) <= strlen(s), "'%s': span %lld+%lld", s, (long long)off,
                  (long long)len);
    ck_assert_msg((size_t)len == strlen(want) && memcmp(s + off, want, (size_t)len) == 0, "'%s': span '%.*s'", s,
                  (int)len, s + off);
    watpl_classification_free(c);
}

/* tests/data/classify/families.jsonl: for every lexicon family of the
 * compiled lexicons, texts in at least two languages that must fire it. */
START_TEST(each_family_fires_in_two_languages_or_more)
{
    char path[256];
    th_data_path(path, sizeof path, "classify/families.jsonl");
    size_t len = 0;
    char *data = th_read_file(path, &len);
    ck_assert_msg(data != NULL, "cannot read %s", path);
    size_t nrules = watpl__lex_rule_count;
    char (*langs)[2][8] = calloc(nrules, sizeof *langs);
    size_t *covered = calloc(nrules, sizeof *covered);
    for (char *line = strtok(data, "\n"); line; line = strtok(NULL, "\n")) {
        json_error_t err;
        json_t *c = json_loads(line, 0, &err);
        ck_assert_msg(c != NULL, "bad line: %s", err.text);
        const char *rule = json_string_value(json_object_get(c, "rule"));
        const char *lang = json_string_value(json_object_get(c, "lang"));
        const char *t = json_string_value(json_object_get(c, "text"));
        watpl_classification *r = text(t, lang);
        ck_assert_msg(signal_of(r, rule) >= 0, "'%s': no %s", t, rule);
        watpl_classification_free(r);
        for (size_t i = 0; i < nrules; i++) {
            if (strcmp(watpl__lex_rules[i].id, rule) != 0)
                continue;
            char base[8] = {0};
            for (size_t k = 0; k < 7 && lang[k] && lang[k] != '_'; k++)
                base[k] = lang[k];
            if (covered[i] == 0 || (covered[i] == 1 && strcmp(langs[i][0], base) != 0)) {
                memcpy(langs[i][covered[i]], base, sizeof base);
                covered[i]++;
            }
        }
        json_decref(c);
    }
    for (size_t i = 0; i < nrules; i++)
        ck_assert_msg(covered[i] >= 2, "family %s is tested in fewer than two languages", watpl__lex_rules[i].id);
    free(covered);
    free(langs);
    free(data);
}
END_TEST

START_TEST(matching_folds_case_accents_and_width)
{
    expect_span("Só hoje: DESCONTO de 10%!", "pt_BR", "promo.discount", "DESCONTO");
    expect_span("Só hoje: descontó de 10%!", "pt_BR", "promo.discount", "descontó");
    expect_span("Só hoje: ＤＥＳＣＯＮＴＯ de 10%!", "pt_BR", "promo.discount", "ＤＥＳＣＯＮＴＯ");
    /* spans stay in the original after emoji and accents */
    expect_span("🎉🎉 Olá! Aproveite o cupom FESTA", "pt_BR", "promo.coupon", "cupom");
}
END_TEST

START_TEST(whole_words_only_unless_the_lexicon_says_so)
{
    watpl_classification *c = text("The discounted items were returned to stock", "en");
    ck_assert_int_lt(signal_of(c, "promo.discount"), 0);
    watpl_classification_free(c);
    c = text("Promoção imperdível", "pt_BR"); /* promoc* is a prefix entry */
    ck_assert_int_ge(signal_of(c, "promo.sale"), 0);
    watpl_classification_free(c);
    /* a prefix entry extends over whole code points: the span of kampanya*
     * ends after the two-byte dotless i, not inside it */
    expect_span("Yeni kampanyası başladı", "tr", "promo.sale", "kampanyası");
    expect_span("Fırsatçılar için", "tr", "promo.sale", "Fırsatçılar");
}
END_TEST

START_TEST(refund_percentage_is_not_a_discount_offer)
{
    watpl_classification *c = text("A refund of 10% on order 123 was processed to your card.", "en");
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_UTILITY);
    ck_assert_int_lt(signal_of(c, "promo.discount"), 0);
    watpl_classification_free(c);
    c = text("Get 10% off your next order 123 today!", "en");
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_MARKETING);
    watpl_classification_free(c);
}
END_TEST

START_TEST(mixed_update_and_promotion_is_marketing)
{
    watpl_classification *c =
        text("Your order has shipped! Use code THANKS15 to get 15% off your next purchase.", "en");
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_MARKETING);
    watpl_classification_free(c);
}
END_TEST

START_TEST(language_detected_when_missing_or_wrong)
{
    watpl_classification *c = text("Votre commande a été expédiée et votre paiement reçu.", NULL);
    ck_assert_str_eq(watpl_classification_language(c), "fr");
    watpl_classification_free(c);
    c = text("Ihre Bestellung wurde versandt und die Zahlung ist eingegangen.", "pt_BR");
    ck_assert_str_eq(watpl_classification_language(c), "de");
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_UTILITY);
    watpl_classification_free(c);
    c = text("Seu pedido foi enviado.", "pt_BR");
    ck_assert_str_eq(watpl_classification_language(c), "pt");
    watpl_classification_free(c);
}
END_TEST

START_TEST(structure_counts_otp_coupon_carousel)
{
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"AUTHENTICATION\","
                                      "\"components\":[{\"type\":\"BODY\",\"add_security_recommendation\":true},"
                                      "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"OTP\",\"otp_type\":\"COPY_CODE\"}]}]}");
    watpl_classification *c = NULL;
    ck_assert_int_eq(watpl_classify(ctx, t, &c), WATPL_OK);
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_AUTHENTICATION);
    ck_assert_int_ge(signal_of(c, "struct.otp_button"), 0);
    ck_assert_int_eq(watpl_classification_signal_component(c, (size_t)signal_of(c, "struct.otp_button")),
                     WATPL_COMPONENT_BUTTONS);
    watpl_classification_free(c);
    watpl_template_free(t);
    t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                      "{\"type\":\"BODY\",\"text\":\"Thanks for your visit, here is something for you.\"},"
                      "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"COPY_CODE\",\"example\":\"X1\"},"
                      "{\"type\":\"URL\",\"text\":\"Go\",\"url\":\"https://x.io/?utm_source=wa\"}]}]}");
    ck_assert_int_eq(watpl_classify(ctx, t, &c), WATPL_OK);
    ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_MARKETING);
    ck_assert_int_ge(signal_of(c, "struct.coupon_button"), 0);
    ck_assert_int_ge(signal_of(c, "struct.campaign_url"), 0);
    watpl_classification_free(c);
    watpl_template_free(t);
}
END_TEST

START_TEST(scores_sum_to_one_and_json_is_complete)
{
    watpl_classification *c = text("Your order has shipped.", "en");
    double sum = 0;
    for (int k = 1; k <= 3; k++)
        sum += watpl_classification_score(c, k);
    ck_assert(sum > 0.999 && sum < 1.001);
    ck_assert(watpl_classification_confidence(c) ==
              watpl_classification_score(c, watpl_classification_category(c)));
    char *js = NULL;
    size_t jl = 0;
    ck_assert_int_eq(watpl_classification_to_json(ctx, c, &js, &jl), WATPL_OK);
    json_error_t err;
    json_t *v = json_loadb(js, jl, 0, &err);
    ck_assert_ptr_nonnull(v);
    ck_assert_str_eq(json_string_value(json_object_get(v, "category")), "UTILITY");
    json_t *s0 = json_array_get(json_object_get(v, "signals"), 0);
    ck_assert_ptr_nonnull(json_object_get(s0, "rule"));
    ck_assert_ptr_nonnull(json_object_get(s0, "text"));
    json_decref(v);
    watpl_free(js);
    ck_assert_ptr_null(watpl_classification_signal_rule(c, 999));
    watpl_classification_free(c);
    watpl_classification_free(NULL);
}
END_TEST

START_TEST(unclear_content_leans_marketing_and_is_deterministic)
{
    watpl_classification *a = text("Congratulations!", "en"), *b = text("Congratulations!", "en");
    ck_assert_int_eq(watpl_classification_category(a), WATPL_CATEGORY_MARKETING);
    ck_assert(watpl_classification_confidence(a) == watpl_classification_confidence(b));
    watpl_classification_free(a);
    watpl_classification_free(b);
}
END_TEST

START_TEST(validator_uses_the_classifier)
{
    ck_assert(th_triggers(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                               "{\"type\":\"BODY\",\"text\":\"Mega sale: 40% off everything, use code MEGA40 and shop now!\"}]}",
                          "category.mismatch"));
    ck_assert(!th_triggers(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                                "{\"type\":\"BODY\",\"text\":\"Your order has shipped and arrives on Friday.\"}]}",
                           "category.mismatch"));
    ck_assert_int_eq(watpl_ctx_set_option(ctx, WATPL_OPT_MISMATCH_CONFIDENCE, 1000), WATPL_OK);
    ck_assert(!th_triggers(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                                "{\"type\":\"BODY\",\"text\":\"Mega sale: 40% off everything, use code MEGA40 and shop now!\"}]}",
                           "category.mismatch"));
}
END_TEST

/* watpl_lint gives exactly watpl_validate's report and watpl_classify's
 * classification, on every rule fixture (triggers and clean templates). */
START_TEST(lint_equals_validate_plus_classify)
{
    char path[512];
    th_data_path(path, sizeof path, "rules/cases.jsonl");
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "%s", path);
    static char line[65536];
    size_t n = 0;
    while (fgets(line, sizeof line, f)) {
        json_error_t err;
        json_t *cs = json_loads(line, 0, &err);
        ck_assert(cs != NULL);
        const char *keys[] = {"trigger", "clean"};
        for (size_t k = 0; k < 2; k++) {
            json_t *t = json_object_get(cs, keys[k]);
            if (!json_is_object(t))
                continue;
            char *js = json_dumps(t, JSON_COMPACT);
            watpl_template *tpl = NULL;
            if (watpl_template_parse_json(ctx, js, strlen(js), &tpl) == WATPL_OK) {
                watpl_report *r1 = NULL, *r2 = NULL;
                watpl_classification *c1 = NULL, *c2 = NULL;
                ck_assert_int_eq(watpl_validate(ctx, tpl, &r1), WATPL_OK);
                ck_assert_int_eq(watpl_classify(ctx, tpl, &c1), WATPL_OK);
                ck_assert_int_eq(watpl_lint(ctx, tpl, &r2, &c2), WATPL_OK);
                char *a = NULL, *b = NULL;
                ck_assert_int_eq(watpl_report_to_json(ctx, r1, &a, NULL), WATPL_OK);
                ck_assert_int_eq(watpl_report_to_json(ctx, r2, &b, NULL), WATPL_OK);
                ck_assert_str_eq(a, b);
                watpl_free(a);
                watpl_free(b);
                ck_assert_int_eq(watpl_classification_to_json(ctx, c1, &a, NULL), WATPL_OK);
                ck_assert_int_eq(watpl_classification_to_json(ctx, c2, &b, NULL), WATPL_OK);
                ck_assert_str_eq(a, b);
                watpl_free(a);
                watpl_free(b);
                watpl_report_free(r1);
                watpl_report_free(r2);
                watpl_classification_free(c1);
                watpl_classification_free(c2);
                watpl_template_free(tpl);
                n++;
            }
            free(js);
        }
        json_decref(cs);
    }
    fclose(f);
    ck_assert_uint_gt(n, 100);
    watpl_report *r = (watpl_report *)1;
    watpl_classification *c = (watpl_classification *)1;
    ck_assert_int_eq(watpl_lint(ctx, NULL, &r, &c), WATPL_EINVAL);
    ck_assert_ptr_null(r);
    ck_assert_ptr_null(c);
}
END_TEST

START_TEST(bad_arguments_are_refused)
{
    watpl_classification *c = NULL;
    ck_assert_int_eq(watpl_classify_text(ctx, "a\xff", 2, NULL, 0, &c), WATPL_EUTF8);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(watpl_classify_text(NULL, "a", 1, NULL, 0, &c), WATPL_EINVAL);
    ck_assert_int_eq(watpl_classify(ctx, NULL, &c), WATPL_EINVAL);
    ck_assert_int_eq(watpl_classify_text(ctx, "", 0, NULL, 0, &c), WATPL_OK);
    watpl_classification_free(c);
}
END_TEST

/* Chinese, Japanese and Thai have no spaces between words: phrases match
 * inside a run of letters, and the span is the phrase's own bytes. */
START_TEST(unspaced_scripts_match_without_word_boundaries)
{
    expect_span("您的订单已发货，请注意查收。", "zh_CN", "txn.order_reference", "您的订单");
    expect_span("您的订单已发货，请注意查收。", "zh_CN", "txn.shipping", "已发货");
    expect_span("ご注文の商品を発送しました。", "ja", "txn.order_reference", "ご注文");
    expect_span("ご注文の商品を発送しました。", "ja", "txn.shipping", "発送");
    expect_span("คำสั่งซื้อของคุณจัดส่งแล้ว", "th", "txn.order_reference", "คำสั่งซื้อ");
    expect_span("โปรโมชั่นพิเศษวันนี้เท่านั้น", "th", "promo.urgency", "วันนี้เท่านั้น");
    /* a Latin phrase still needs its word boundaries */
    watpl_classification *c = text("The discounted items were returned", "en");
    ck_assert_int_lt(signal_of(c, "promo.discount"), 0);
    watpl_classification_free(c);
}
END_TEST

/* A Chinese or Japanese sentence is one "word" between spaces: it must not
 * read as content too short to have a purpose. */
START_TEST(cjk_utility_template_is_not_unclear)
{
    const char *bodies[][2] = {
        {"zh_CN", "您好 {{1}}，您的订单 {{2}} 已发货，预计明天送达。"},
        {"ja", "{{1}}様、ご注文の商品を発送しました。お届けは明日の予定です。"},
    };
    for (size_t i = 0; i < 2; i++) {
        char json[512];
        snprintf(json, sizeof json,
                 "{\"name\":\"a\",\"language\":\"%s\",\"category\":\"UTILITY\",\"components\":[{\"type\":\"BODY\","
                 "\"text\":\"%s\",\"example\":{\"body_text\":[[\"a\",\"b\"]]}}]}",
                 bodies[i][0], bodies[i][1]);
        watpl_template *t = th_parse(ctx, json);
        watpl_classification *c = NULL;
        ck_assert_int_eq(watpl_classify(ctx, t, &c), WATPL_OK);
        ck_assert_int_lt(signal_of(c, "content.unclear"), 0);
        ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_UTILITY);
        ck_assert(!th_has_rule(ctx, t, "category.mismatch"));
        watpl_classification_free(c);
        watpl_template_free(t);
    }
}
END_TEST

/* One update and one promotion per added language (texts written for these
 * tests, not real templates): the category, and the language detected
 * without a declared one (Malay and Indonesian share most words: Malay is
 * declared). */
START_TEST(added_languages_tell_updates_from_promotions)
{
    static const char *const cases[][3] = {
        {"zh", "UTILITY", "您的订单已发货，快递单号为 123456，预计明天送达。"},
        {"zh", "MARKETING", "双十一大促！全场限时五折，使用优惠码再享立减，不要错过。"},
        {"ja", "UTILITY", "ご注文を発送しました。お届け予定日は明日です。"},
        {"ja", "MARKETING", "期間限定セール開催中！クーポンをご利用ください。"},
        {"ko", "UTILITY", "고객님, 주문하신 상품이 발송되었습니다. 송장번호를 확인하세요."},
        {"ko", "MARKETING", "봄맞이 세일! 전 상품 할인 쿠폰을 드립니다. 오늘만 사용 가능합니다."},
        {"ru", "UTILITY", "Ваш заказ отправлен. Трек-номер придет отдельным сообщением."},
        {"ru", "MARKETING", "Большая распродажа! Скидки на всю коллекцию, только сегодня."},
        {"vi", "UTILITY", "Đơn hàng của bạn đã được xác nhận và đang giao đến bạn."},
        {"vi", "MARKETING", "Siêu khuyến mãi! Giảm giá cho tất cả sản phẩm. Mua ngay!"},
        {"th", "UTILITY", "คำสั่งซื้อของคุณได้รับการยืนยันแล้ว และจะจัดส่งพรุ่งนี้"},
        {"th", "MARKETING", "โปรโมชั่นพิเศษ ส่วนลดทุกรายการ วันนี้เท่านั้น ช้อปเลย"},
        {"he", "UTILITY", "ההזמנה שלך נשלחה. מספר מעקב יישלח בהודעה נפרדת."},
        {"he", "MARKETING", "מבצע סוף עונה! הנחה על כל הקולקציה, רק היום."},
        {"fa", "UTILITY", "سفارش شما ارسال شد. کد رهگیری برای شما پیامک می شود."},
        {"fa", "MARKETING", "جشنواره فروش ویژه! تخفیف روی همه محصولات، فقط امروز."},
        {"ms", "UTILITY", "Pesanan anda telah dihantar dan akan tiba esok."},
        {"ms", "MARKETING", "Jualan mega! Diskaun untuk semua produk. Beli sekarang!"},
        {"nl", "UTILITY", "Je bestelling is verzonden en wordt morgen bezorgd."},
        {"nl", "MARKETING", "Uitverkoop! Korting op de hele collectie met een kortingscode. Shop nu."},
        {"pl", "UTILITY", "Twoje zamówienie zostało wysłane. Przesyłka dotrze jutro."},
        {"pl", "MARKETING", "Wielka wyprzedaż! Rabaty na wszystko, tylko dziś. Kup teraz!"},
        {"sw", "UTILITY", "Oda yako imetumwa na itawasilishwa kesho."},
        {"sw", "MARKETING", "Ofa maalum! Punguzo kwa bidhaa zote. Nunua sasa, leo tu!"},
        {"es", "UTILITY", "Tu pedido está en camino y llegará mañana. Gracias por tu compra."},
        {"es", "MARKETING", "¡Solo este fin de semana! 30% de descuento en toda la tienda. Compra ya."},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        watpl_classification *c = text(cases[i][2], strcmp(cases[i][0], "ms") == 0 ? "ms" : NULL);
        ck_assert_msg(strcmp(watpl_category_name(watpl_classification_category(c)), cases[i][1]) == 0,
                      "%s: '%s' read as %s", cases[i][0], cases[i][2],
                      watpl_category_name(watpl_classification_category(c)));
        ck_assert_msg(strcmp(watpl_classification_language(c), cases[i][0]) == 0, "'%s' detected as %s",
                      cases[i][2], watpl_classification_language(c));
        watpl_classification_free(c);
    }
}
END_TEST

/* A signal's weight is its value times the fitted weight of its rule
 * (lib/classify_weights.c): the table is what the library uses. */
START_TEST(signal_weights_come_from_the_fitted_table)
{
    watpl_classification *c = text("Your payment was received, thank you.", "en");
    long i = signal_of(c, "txn.payment");
    ck_assert_int_ge(i, 0);
    double fitted = -1;
    for (size_t k = 0; k < watpl__cls_weight_count; k++)
        if (strcmp(watpl__cls_weights[k].rule, "txn.payment") == 0)
            fitted = watpl__cls_weights[k].w[WATPL_CATEGORY_UTILITY - 1];
    ck_assert(fitted > 0);
    ck_assert_double_eq_tol(watpl_classification_signal_weight(c, (size_t)i), fitted, 1e-9);
    for (size_t k = 1; k < watpl__cls_weight_count; k++)
        ck_assert_msg(strcmp(watpl__cls_weights[k - 1].rule, watpl__cls_weights[k].rule) < 0,
                      "the weight table is not sorted at %s", watpl__cls_weights[k].rule);
    ck_assert(watpl__cls_calibration_fit.margin >= 0 && watpl__cls_calibration_fit.shape >= 0);
    watpl_classification_free(c);
}
END_TEST

/* The margin of a classification from its signals: the winner's score minus
 * the runner-up's (fitted biases plus signal weights), as the library decides. */
static double margin_of(const watpl_classification *c)
{
    double s[3];
    for (int k = 0; k < 3; k++)
        s[k] = watpl__cls_bias[k];
    for (size_t i = 0; i < watpl_classification_signal_count(c); i++)
        s[watpl_classification_signal_category(c, i) - 1] += watpl_classification_signal_weight(c, i);
    int w = watpl_classification_category(c) - 1;
    double runner_up = -1e300;
    for (int k = 0; k < 3; k++)
        if (k != w && s[k] > runner_up)
            runner_up = s[k];
    return s[w] - runner_up;
}

/* The calibrated confidence (lib/classify_weights.c) never falls when the
 * margin grows, never rises when more of the winner's score is the text's
 * shape, and stays in [1/3, 1). */
START_TEST(confidence_is_monotone_in_the_margin)
{
    static const double shapes[] = {0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0};
    for (size_t k = 0; k < sizeof shapes / sizeof shapes[0]; k++) {
        double prev = 0.0;
        for (int i = 0; i <= 400; i++) {
            double m = 0.025 * i, conf = watpl__cls_confidence(m, shapes[k], 1.0);
            ck_assert_msg(conf >= prev, "margin %.3f shape %.2f: %.6f after %.6f", m, shapes[k], conf, prev);
            ck_assert(conf >= 1.0 / 3.0 && conf < 1.0);
            if (k > 0)
                ck_assert(conf <= watpl__cls_confidence(m, shapes[k - 1], 1.0));
            prev = conf;
        }
    }
    /* the fit is not flat: a wide win is surer than a tie, phrases surer than shape */
    ck_assert(watpl__cls_confidence(5.0, 0.0, 1.0) > watpl__cls_confidence(0.0, 0.0, 1.0));
    ck_assert(watpl__cls_confidence(1.0, 0.0, 1.0) > watpl__cls_confidence(1.0, 2.0, 1.0));
}
END_TEST

/* Each promotional phrase added to a text widens the margin, and the
 * confidence the library reports is the calibrated function of that margin
 * (no shape signal here: no marks, no buttons). */
START_TEST(more_promotional_phrases_never_lower_the_confidence)
{
    static const char *const texts[] = {
        "Our new collection is here and waiting for you",
        "Our new collection is here and waiting for you with a discount",
        "Our new collection is here and waiting for you with a discount and free shipping",
        "Our new collection is here and waiting for you with a discount and free shipping so shop now",
    };
    double prev_margin = -1.0, prev_conf = 0.0;
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        watpl_classification *c = text(texts[i], "en");
        ck_assert_int_eq(watpl_classification_category(c), WATPL_CATEGORY_MARKETING);
        double m = margin_of(c), conf = watpl_classification_confidence(c);
        ck_assert_msg(m > prev_margin, "'%s': margin %.4f after %.4f", texts[i], m, prev_margin);
        ck_assert_msg(conf >= prev_conf, "'%s': confidence %.4f after %.4f", texts[i], conf, prev_conf);
        ck_assert_double_eq_tol(conf, watpl__cls_confidence(m, 0.0, 1.0), 1e-9);
        prev_margin = m;
        prev_conf = conf;
        watpl_classification_free(c);
    }
}
END_TEST

/* A category won on the text's shape alone (a question, an exclamation mark,
 * quick replies: no phrase of the category) is less sure than one won on a
 * phrase, even by a wider margin: held out, such wins were mostly wrong. */
START_TEST(a_win_on_shape_alone_is_less_sure)
{
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                                      "{\"type\":\"BODY\",\"text\":\"Thanks for picking up your bag! How was it this time?\"},"
                                      "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"Great\"},"
                                      "{\"type\":\"QUICK_REPLY\",\"text\":\"OK\"},{\"type\":\"QUICK_REPLY\",\"text\":\"Not good\"}]}]}");
    watpl_classification *shape = NULL;
    ck_assert_int_eq(watpl_classify(ctx, t, &shape), WATPL_OK);
    watpl_classification *phrase = text("Our new collection is here and waiting for you", "en");
    ck_assert_int_eq(watpl_classification_category(shape), WATPL_CATEGORY_MARKETING);
    ck_assert_int_eq(watpl_classification_category(phrase), WATPL_CATEGORY_MARKETING);
    ck_assert(margin_of(shape) > margin_of(phrase));
    ck_assert_msg(watpl_classification_confidence(shape) < watpl_classification_confidence(phrase), "%.4f, %.4f",
                  watpl_classification_confidence(shape), watpl_classification_confidence(phrase));
    for (int k = 1; k <= 3; k++) /* the winner's score is the confidence and no other is above it */
        ck_assert(watpl_classification_score(shape, k) <= watpl_classification_confidence(shape));
    watpl_classification_free(shape);
    watpl_classification_free(phrase);
    watpl_template_free(t);
}
END_TEST

/* A lexicon family the fit weighs 0 counts 0 in the library too (not its
 * lexicon weight, as when the table left the row out) and is still listed:
 * the phrase was found, and the fit says it tells nothing. */
START_TEST(a_family_fitted_to_zero_scores_its_fitted_weight)
{
    watpl_classification *c = text("We received your request and will reply within two days.", "en");
    long i = signal_of(c, "txn.request");
    ck_assert_msg(i >= 0, "txn.request is not listed");
    const watpl__cls_weight *row = NULL;
    for (size_t k = 0; k < watpl__cls_weight_count; k++)
        if (strcmp(watpl__cls_weights[k].rule, "txn.request") == 0)
            row = &watpl__cls_weights[k];
    ck_assert_msg(row != NULL, "the weight table has no row for txn.request: the library falls back to the lexicon");
    ck_assert_int_eq(watpl_classification_signal_category(c, (size_t)i), WATPL_CATEGORY_UTILITY);
    ck_assert_double_eq_tol(watpl_classification_signal_weight(c, (size_t)i), row->w[WATPL_CATEGORY_UTILITY - 1],
                            1e-9);
    watpl_classification_free(c);
}
END_TEST

/* A win that no signal bound to its category supports (no phrase of its
 * lexicons, no transactional shape, none of Meta's definitions: only marks,
 * buttons, length and the biases) is never reported as sure, however wide. */
START_TEST(a_win_without_evidence_is_never_sure)
{
    double cap = watpl__cls_calibration_fit.unsupported_cap;
    ck_assert(cap >= 1.0 / 3.0 && cap < 0.9);
    for (int i = 0; i <= 40; i++) {
        double m = 0.25 * i;
        ck_assert(watpl__cls_confidence(m, 0.0, 0.0) <= cap);
        ck_assert(watpl__cls_confidence(m, 0.0, 0.0) <= watpl__cls_confidence(m, 0.0, 0.5));
    }
    ck_assert(watpl__cls_confidence(10.0, 0.0, 1.0) >= 0.9);
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                                      "{\"type\":\"BODY\",\"text\":\"How was it this time? Tell us!\"},"
                                      "{\"type\":\"BUTTONS\",\"buttons\":[{\"type\":\"QUICK_REPLY\",\"text\":\"Great\"},"
                                      "{\"type\":\"QUICK_REPLY\",\"text\":\"Not good\"}]}]}");
    watpl_classification *shape = NULL;
    ck_assert_int_eq(watpl_classify(ctx, t, &shape), WATPL_OK);
    int win = watpl_classification_category(shape);
    for (size_t i = 0; i < watpl_classification_signal_count(shape); i++) {
        const char *rule = watpl_classification_signal_rule(shape, i);
        ck_assert_msg(watpl_classification_signal_category(shape, i) != win || strncmp(rule, "content.", 8) == 0 ||
                          strncmp(rule, "struct.", 7) == 0,
                      "%s supports the winner", rule);
    }
    ck_assert_msg(watpl_classification_confidence(shape) <= cap, "%.4f", watpl_classification_confidence(shape));
    watpl_classification_free(shape);
    watpl_template_free(t);
    /* the same question with a phrase of the category is surer */
    watpl_classification *phrase = text("How was it this time? Use code SAVE10 for 20% off your next order!", "en");
    ck_assert_int_eq(watpl_classification_category(phrase), WATPL_CATEGORY_MARKETING);
    ck_assert(watpl_classification_confidence(phrase) > cap);
    watpl_classification_free(phrase);
}
END_TEST

/* category.mismatch names the signals that decided, with their text and offset. */
START_TEST(mismatch_names_its_deciding_signals)
{
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en_US\",\"category\":\"UTILITY\",\"components\":["
                                      "{\"type\":\"BODY\",\"text\":\"Mega sale: 40% off everything, use code MEGA40 and shop now!\"}]}");
    watpl_report *r = NULL;
    ck_assert_int_eq(watpl_validate(ctx, t, &r), WATPL_OK);
    const char *msg = NULL;
    for (size_t i = 0; i < watpl_report_count(r); i++)
        if (strcmp(watpl_report_rule(r, i), "category.mismatch") == 0)
            msg = watpl_report_message(r, i);
    ck_assert_ptr_nonnull(msg);
    ck_assert_msg(strstr(msg, "deciding signals: ") != NULL, "%s", msg);
    ck_assert_msg(strstr(msg, "promo.discount \"% off\" (BODY 13)") != NULL, "%s", msg);
    watpl_report_free(r);
    watpl_template_free(t);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("classify");
    TCase *tc = tcase_create("classifier");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, each_family_fires_in_two_languages_or_more);
    tcase_add_test(tc, matching_folds_case_accents_and_width);
    tcase_add_test(tc, whole_words_only_unless_the_lexicon_says_so);
    tcase_add_test(tc, refund_percentage_is_not_a_discount_offer);
    tcase_add_test(tc, mixed_update_and_promotion_is_marketing);
    tcase_add_test(tc, language_detected_when_missing_or_wrong);
    tcase_add_test(tc, structure_counts_otp_coupon_carousel);
    tcase_add_test(tc, scores_sum_to_one_and_json_is_complete);
    tcase_add_test(tc, unclear_content_leans_marketing_and_is_deterministic);
    tcase_add_test(tc, validator_uses_the_classifier);
    tcase_add_test(tc, lint_equals_validate_plus_classify);
    tcase_add_test(tc, bad_arguments_are_refused);
    tcase_add_test(tc, unspaced_scripts_match_without_word_boundaries);
    tcase_add_test(tc, cjk_utility_template_is_not_unclear);
    tcase_add_test(tc, added_languages_tell_updates_from_promotions);
    tcase_add_test(tc, signal_weights_come_from_the_fitted_table);
    tcase_add_test(tc, mismatch_names_its_deciding_signals);
    tcase_add_test(tc, confidence_is_monotone_in_the_margin);
    tcase_add_test(tc, more_promotional_phrases_never_lower_the_confidence);
    tcase_add_test(tc, a_win_on_shape_alone_is_less_sure);
    tcase_add_test(tc, a_family_fitted_to_zero_scores_its_fitted_weight);
    tcase_add_test(tc, a_win_without_evidence_is_never_sure);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
