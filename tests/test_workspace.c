/* The context's workspace (common_internal.h): a slot is lent to one
 * borrower at a time, keeps what was given back for the next borrower, and
 * the context frees it with the function its module gave. */
#include <check.h>
#include <string.h>

#include "common_internal.h"
#include "helpers.h"

static int released; /* objects freed through release_counted */

static void release_counted(const watpl__alloc *a, void *obj)
{
    released++;
    watpl__mfree(a, obj);
}

START_TEST(a_slot_borrowed_twice_is_refused_and_recorded)
{
    watpl_ctx *ctx;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    void *obj = (void *)1, *again = (void *)1;
    ck_assert_int_eq(watpl__wksp_borrow(ctx, WATPL__SLOT_PLACEHOLDERS, &obj), WATPL_OK);
    ck_assert_ptr_null(obj); /* nothing kept yet */
    ck_assert_int_eq(watpl__wksp_borrow(ctx, WATPL__SLOT_PLACEHOLDERS, &again), WATPL_EINVAL);
    ck_assert_ptr_null(again);
    ck_assert_int_eq(watpl_ctx_errcode(ctx), WATPL_EINVAL);
    ck_assert_ptr_nonnull(strstr(watpl_ctx_errmsg(ctx), "in use"));
    /* another slot is free meanwhile */
    ck_assert_int_eq(watpl__wksp_borrow(ctx, WATPL__SLOT_REPORT, &again), WATPL_OK);
    watpl__wksp_return(ctx, WATPL__SLOT_REPORT, NULL, release_counted);
    watpl__wksp_return(ctx, WATPL__SLOT_PLACEHOLDERS, NULL, release_counted);
    ck_assert_int_eq(watpl__wksp_borrow(ctx, WATPL__SLOT_PLACEHOLDERS, &again), WATPL_OK);
    watpl__wksp_return(ctx, WATPL__SLOT_PLACEHOLDERS, NULL, release_counted);
    watpl_ctx_free(ctx);
}
END_TEST

START_TEST(a_slot_keeps_its_object_and_the_context_frees_it)
{
    watpl_ctx *ctx;
    ck_assert_int_eq(watpl_ctx_new(&ctx), WATPL_OK);
    released = 0;
    void *obj;
    ck_assert_int_eq(watpl__wksp_borrow(ctx, WATPL__SLOT_PLACEHOLDERS, &obj), WATPL_OK);
    void *made = watpl__malloc(&ctx->alloc, 64);
    watpl__wksp_return(ctx, WATPL__SLOT_PLACEHOLDERS, made, release_counted);
    ck_assert_int_eq(watpl__wksp_borrow(ctx, WATPL__SLOT_PLACEHOLDERS, &obj), WATPL_OK);
    ck_assert_ptr_eq(obj, made);
    /* a grown object replaces it: the old one is freed */
    void *grown = watpl__malloc(&ctx->alloc, 128);
    watpl__wksp_return(ctx, WATPL__SLOT_PLACEHOLDERS, grown, release_counted);
    ck_assert_int_eq(released, 1);
    watpl_ctx_free(ctx);
    ck_assert_int_eq(released, 2);
}
END_TEST

/* What the modules keep there: a warm context allocates nothing more for
 * a second validation, and its slots are all given back after a lint. */
START_TEST(a_lint_gives_every_slot_back)
{
    th_counting c = {0, 0, 0};
    watpl_ctx *ctx;
    ck_assert_int_eq(watpl_ctx_new_with_allocator(&ctx, th_counting_alloc, th_counting_realloc, th_counting_free, &c),
                     WATPL_OK);
    watpl_template *t = th_parse(ctx, "{\"name\":\"a\",\"language\":\"en\",\"category\":\"UTILITY\",\"components\":"
                                      "[{\"type\":\"HEADER\",\"format\":\"TEXT\",\"text\":\"Your order\"},"
                                      "{\"type\":\"BODY\",\"text\":\"Your order {{1}} has shipped.\","
                                      "\"example\":{\"body_text\":[[\"A-1\"]]}},{\"type\":\"FOOTER\",\"text\":\"Thanks\"}]}");
    watpl_report *r = NULL;
    watpl_classification *cls = NULL;
    ck_assert_int_eq(watpl_lint(ctx, t, &r, &cls), WATPL_OK);
    for (int i = 0; i < WATPL__SLOT_COUNT; i++) {
        ck_assert_msg(!ctx->workspace[i].borrowed, "slot %d still lent", i);
        ck_assert_msg(ctx->workspace[i].obj && ctx->workspace[i].release, "slot %d kept nothing", i);
    }
    watpl_report_free(r);
    watpl_classification_free(cls);
    long live = c.live;
    ck_assert_int_eq(watpl_lint(ctx, t, &r, &cls), WATPL_OK);
    ck_assert_int_eq(c.live, live + 2); /* the two results only */
    watpl_report_free(r);
    watpl_classification_free(cls);
    watpl_template_free(t);
    watpl_ctx_free(ctx);
    ck_assert_int_eq(c.live, 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("workspace");
    TCase *tc = tcase_create("workspace");
    tcase_add_test(tc, a_slot_borrowed_twice_is_refused_and_recorded);
    tcase_add_test(tc, a_slot_keeps_its_object_and_the_context_frees_it);
    tcase_add_test(tc, a_lint_gives_every_slot_back);
    suite_add_tcase(s, tc);
    return th_run_suite(s);
}
