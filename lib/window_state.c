/* Saved form of a window state: fixed size, little-endian, versioned, ending
 * in a CRC-32 of everything before it (layout in docs/window.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

#include "crc32_table_internal.h"
#include "window_internal.h"

#define STATE_MAGIC "WTPW"
#define STATE_VERSION 1
#define OFF_VERSION 4
#define OFF_PAYLOAD_LEN 6
#define OFF_COUNTS 8
#define OFF_USER_T 12
#define OFF_ENTRY_KIND (OFF_USER_T + 8 * WATPL__WIN_USER)
#define OFF_ENTRY_T (OFF_ENTRY_KIND + WATPL__WIN_ENTRY)
#define OFF_ENTRY_REPLY (OFF_ENTRY_T + 8 * WATPL__WIN_ENTRY)
#define OFF_OUT_KIND (OFF_ENTRY_REPLY + 8 * WATPL__WIN_ENTRY)
#define OFF_OUT_T (OFF_OUT_KIND + WATPL__WIN_OUT)
#define OFF_CRC (OFF_OUT_T + 8 * WATPL__WIN_OUT)
#define STATE_SIZE (OFF_CRC + 4)
#define HEADER_SIZE 8

size_t watpl_window_saved_size(void)
{
    return STATE_SIZE;
}

/* ---- little-endian words ------------------------------------------------------------- */

/* Whole-word loads and stores (memcpy compiles to one move), swapped on a
 * big-endian host so that the saved bytes are the same everywhere. */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
#define WATPL__BIG_ENDIAN 1
#else
#define WATPL__BIG_ENDIAN 0
#endif

static uint64_t load64(const unsigned char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
#if WATPL__BIG_ENDIAN
    v = __builtin_bswap64(v);
#endif
    return v;
}

static uint32_t load32(const unsigned char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
#if WATPL__BIG_ENDIAN
    v = __builtin_bswap32(v);
#endif
    return v;
}

static void store64(unsigned char *p, uint64_t v)
{
#if WATPL__BIG_ENDIAN
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, 8);
}

static void store32(unsigned char *p, uint32_t v)
{
#if WATPL__BIG_ENDIAN
    v = __builtin_bswap32(v);
#endif
    memcpy(p, &v, 4);
}

static uint16_t load16(const unsigned char *p)
{
    return (uint16_t)(p[0] | p[1] << 8);
}

static void store16(unsigned char *p, uint16_t v)
{
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
}

/* ---- CRC-32 ---------------------------------------------------------------------------- */

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32), eight bytes per step
 * ("slice-by-8": table k holds the CRC of a byte followed by k zero bytes). */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    const uint32_t(*t)[256] = watpl__crc32_table;
    uint32_t crc = 0xFFFFFFFFu;
    for (; n >= 8; p += 8, n -= 8) {
        uint64_t word = load64(p);
        uint32_t lo = crc ^ (uint32_t)word, hi = (uint32_t)(word >> 32);
        crc = t[7][lo & 0xFF] ^ t[6][(lo >> 8) & 0xFF] ^ t[5][(lo >> 16) & 0xFF] ^ t[4][lo >> 24];
        if (hi) /* most of a saved state is unused zero slots: t[k][0] is 0 */
            crc ^= t[3][hi & 0xFF] ^ t[2][(hi >> 8) & 0xFF] ^ t[1][(hi >> 16) & 0xFF] ^ t[0][hi >> 24];
    }
    for (; n > 0; p++, n--)
        crc = t[0][(crc ^ *p) & 0xFF] ^ (crc >> 8);
    return ~crc;
}

static void put_times(unsigned char *p, const int64_t *t, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++)
        store64(p + 8 * i, (uint64_t)t[i]);
}

static void get_times(const unsigned char *p, int64_t *t, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++)
        t[i] = (int64_t)load64(p + 8 * i);
}

int watpl_window_save(const watpl_window *w, unsigned char *buf, size_t cap, size_t *needed)
{
    if (needed)
        *needed = STATE_SIZE;
    if (!w || (!buf && cap))
        return WATPL_EINVAL;
    if (cap < STATE_SIZE)
        return WATPL_EBUFSIZE;
    memset(buf, 0, STATE_SIZE); /* unused slots are zero */
    memcpy(buf, STATE_MAGIC, 4);
    store16(buf + OFF_VERSION, STATE_VERSION);
    store16(buf + OFF_PAYLOAD_LEN, OFF_CRC - HEADER_SIZE);
    buf[OFF_COUNTS] = w->n_user;
    buf[OFF_COUNTS + 1] = w->n_entry;
    buf[OFF_COUNTS + 2] = w->n_out;
    put_times(buf + OFF_USER_T, w->user_t, w->n_user);
    memcpy(buf + OFF_ENTRY_KIND, w->entry_kind, w->n_entry);
    put_times(buf + OFF_ENTRY_T, w->entry_t, w->n_entry);
    put_times(buf + OFF_ENTRY_REPLY, w->entry_reply, w->n_entry);
    memcpy(buf + OFF_OUT_KIND, w->out_kind, w->n_out);
    put_times(buf + OFF_OUT_T, w->out_t, w->n_out);
    store32(buf + OFF_CRC, crc32_of(buf, OFF_CRC));
    return WATPL_OK;
}

/* ---- validation: a loaded state must be one that events could produce ---------------- */

static bool all_zero(const unsigned char *p, size_t n)
{
    uint64_t any = 0;
    for (; n >= 8; p += 8, n -= 8)
        any |= load64(p);
    for (; n > 0; p++, n--)
        any |= *p;
    return any == 0;
}

/* n events strictly ascending by (time, tag) and in range, then zeroed slots;
 * tags (NULL for user events) in [lo, hi]. */
static bool list_ok(const unsigned char *times, const unsigned char *tags, uint8_t n, uint8_t cap,
                    int lo, int hi)
{
    int64_t prev = 0;
    int prev_tag = 0;
    for (uint8_t i = 0; i < n; i++) {
        int64_t t = (int64_t)load64(times + 8 * i);
        int tag = tags ? tags[i] : 0;
        if (!watpl__time_ok(t) || (tags && (tag < lo || tag > hi)))
            return false;
        if (i > 0 && (t < prev || (t == prev && tag <= prev_tag)))
            return false;
        prev = t;
        prev_tag = tag;
    }
    return all_zero(times + 8 * n, 8u * (size_t)(cap - n)) &&
           (!tags || all_zero(tags + n, (size_t)(cap - n)));
}

/* Each entry is also a user event, so no later than the latest one; a reply
 * is a delivery seen, so no later than the latest retained delivery. */
static bool replies_ok(const unsigned char *buf, uint8_t n, uint8_t nu, uint8_t no)
{
    int64_t last_user = nu ? (int64_t)load64(buf + OFF_USER_T + 8 * (nu - 1)) : INT64_MIN;
    int64_t last_out = no ? (int64_t)load64(buf + OFF_OUT_T + 8 * (no - 1)) : INT64_MIN;
    for (uint8_t i = 0; i < n; i++) {
        int64_t te = (int64_t)load64(buf + OFF_ENTRY_T + 8 * i);
        int64_t reply = (int64_t)load64(buf + OFF_ENTRY_REPLY + 8 * i);
        if (!nu || te > last_user)
            return false;
        if (reply != WATPL__NO_REPLY &&
            (!no || reply > last_out || reply < te || reply >= te + WATPL__CSW_SECONDS))
            return false;
    }
    return all_zero(buf + OFF_ENTRY_REPLY + 8 * n, 8u * (size_t)(WATPL__WIN_ENTRY - n));
}

static bool payload_ok(const unsigned char *buf)
{
    uint8_t nu = buf[OFF_COUNTS], ne = buf[OFF_COUNTS + 1], no = buf[OFF_COUNTS + 2];
    if (nu > WATPL__WIN_USER || ne > WATPL__WIN_ENTRY || no > WATPL__WIN_OUT || buf[OFF_COUNTS + 3])
        return false;
    return load16(buf + OFF_PAYLOAD_LEN) == OFF_CRC - HEADER_SIZE &&
           list_ok(buf + OFF_USER_T, NULL, nu, WATPL__WIN_USER, 0, 0) &&
           list_ok(buf + OFF_ENTRY_T, buf + OFF_ENTRY_KIND, ne, WATPL__WIN_ENTRY, WATPL_ENTRY_CTWA,
                   WATPL_ENTRY_PAGE_CTA) &&
           replies_ok(buf, ne, nu, no) &&
           list_ok(buf + OFF_OUT_T, buf + OFF_OUT_KIND, no, WATPL__WIN_OUT, WATPL_KIND_MARKETING,
                   WATPL_KIND_SERVICE);
}

/* The checksum is always the last 4 bytes, whatever the version, so damage
 * is told apart from a newer format: a damaged string is WATPL_ECORRUPT, an
 * intact one of an unknown version WATPL_EVERSION. */
int watpl_window_load(watpl_window *w, const unsigned char *buf, size_t len)
{
    if (!w || (!buf && len))
        return WATPL_EINVAL;
    if (len < HEADER_SIZE + 4 || memcmp(buf, STATE_MAGIC, 4) != 0 ||
        load32(buf + len - 4) != crc32_of(buf, len - 4))
        return WATPL_ECORRUPT;
    uint64_t version = load16(buf + OFF_VERSION);
    if (version == 0)
        return WATPL_ECORRUPT;
    if (version != STATE_VERSION)
        return WATPL_EVERSION;
    if (len != STATE_SIZE || !payload_ok(buf))
        return WATPL_ECORRUPT;
    watpl__alloc alloc = w->alloc; /* the lists' unused slots are zero, as after a reset */
    memset(w, 0, sizeof *w);
    w->alloc = alloc;
    w->n_user = buf[OFF_COUNTS];
    w->n_entry = buf[OFF_COUNTS + 1];
    w->n_out = buf[OFF_COUNTS + 2];
    get_times(buf + OFF_USER_T, w->user_t, w->n_user);
    memcpy(w->entry_kind, buf + OFF_ENTRY_KIND, w->n_entry);
    get_times(buf + OFF_ENTRY_T, w->entry_t, w->n_entry);
    get_times(buf + OFF_ENTRY_REPLY, w->entry_reply, w->n_entry);
    memcpy(w->out_kind, buf + OFF_OUT_KIND, w->n_out);
    get_times(buf + OFF_OUT_T, w->out_t, w->n_out);
    watpl__win_refresh(w);
    return WATPL_OK;
}
