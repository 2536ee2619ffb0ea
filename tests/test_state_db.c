/* The temporary state database's layout (cli/state_db.c): contacts keyed
 * by a hash of their id, probing on to the next slot when another contact
 * holds one. The hash is cut to 2 bits here, so that nearly every contact
 * collides: each must still be found, with its own state, and an absent
 * one reported absent. SPDX-License-Identifier: MIT */
#define STATE_DB_SLOT_BITS 2
#include "../cli/state_db.c"

#include <check.h>

#include "helpers.h"

#define CONTACTS 300

static void state_of(unsigned i, unsigned char *buf, size_t n)
{
    for (size_t k = 0; k < n; k++)
        buf[k] = (unsigned char)(i * 31u + k);
}

START_TEST(colliding_contacts_keep_their_own_states)
{
    state_db *db = NULL;
    char why[600];
    ck_assert_int_eq(state_db_open(&db, NULL, STATE_DB_TEMPORARY, why, sizeof why), 0);
    unsigned char want[64], got[64];
    char id[32];
    /* ids that are prefixes of each other, then many that collide */
    const char *const prefixes[] = {"a", "ab", "abc"};
    for (unsigned i = 0; i < 3; i++) {
        state_of(1000 + i, want, sizeof want);
        ck_assert_int_eq(state_db_put(db, prefixes[i], strlen(prefixes[i]), want, sizeof want), 0);
    }
    for (unsigned i = 0; i < CONTACTS; i++) {
        int n = snprintf(id, sizeof id, "+5511%08u", i);
        size_t len = 0;
        ck_assert_int_eq(state_db_get(db, id, (size_t)n, got, sizeof got, &len), 0); /* new */
        state_of(i, want, sizeof want);
        ck_assert_int_eq(state_db_put(db, id, (size_t)n, want, sizeof want), 0);
        if (i % 97 == 0)
            ck_assert_int_eq(state_db_commit(db), 0);
    }
    /* one changed after the others were stored, without a read first */
    state_of(7777, want, sizeof want);
    ck_assert_int_eq(state_db_put(db, "+551100000005", 13, want, sizeof want), 0);
    for (unsigned i = 0; i < CONTACTS; i++) {
        int n = snprintf(id, sizeof id, "+5511%08u", i);
        size_t len = 0;
        ck_assert_int_eq(state_db_get(db, id, (size_t)n, got, sizeof got, &len), 1);
        ck_assert_uint_eq(len, sizeof want);
        state_of(i == 5 ? 7777 : i, want, sizeof want);
        ck_assert_mem_eq(got, want, sizeof want);
    }
    for (unsigned i = 0; i < 3; i++) {
        size_t len = 0;
        ck_assert_int_eq(state_db_get(db, prefixes[i], strlen(prefixes[i]), got, sizeof got, &len), 1);
        state_of(1000 + i, want, sizeof want);
        ck_assert_mem_eq(got, want, sizeof want);
    }
    size_t len = 0;
    ck_assert_int_eq(state_db_get(db, "abcd", 4, got, sizeof got, &len), 0);
    ck_assert_int_eq(state_db_get(db, "+551100000300", 13, got, sizeof got, &len), 0);
    ck_assert_int_eq(state_db_close(db, why, sizeof why), 0);
}
END_TEST

static Suite *state_db_suite(void)
{
    Suite *s = suite_create("state_db");
    TCase *tc = tcase_create("temporary layout");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, colliding_contacts_keep_their_own_states);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return th_run_suite(state_db_suite());
}
