/* Saved form of a window state: fixed size, little-endian, versioned, ending
 * in a CRC-32 of everything before it (layout in docs/window.md).
 * SPDX-License-Identifier: MIT */
#include <string.h>

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

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32), bitwise: the state is small. */
static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int k = 0; k < 8; k++)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

static void put_le(unsigned char *p, uint64_t v, int bytes)
{
    for (int i = 0; i < bytes; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *p, int bytes)
{
    uint64_t v = 0;
    for (int i = 0; i < bytes; i++)
        v |= (uint64_t)p[i] << (8 * i);
    return v;
}

static void put_times(unsigned char *p, const int64_t *t, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++)
        put_le(p + 8 * i, (uint64_t)t[i], 8);
}

static void get_times(const unsigned char *p, int64_t *t, uint8_t n)
{
    for (uint8_t i = 0; i < n; i++)
        t[i] = (int64_t)get_le(p + 8 * i, 8);
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
    put_le(buf + OFF_VERSION, STATE_VERSION, 2);
    put_le(buf + OFF_PAYLOAD_LEN, OFF_CRC - HEADER_SIZE, 2);
    buf[OFF_COUNTS] = w->n_user;
    buf[OFF_COUNTS + 1] = w->n_entry;
    buf[OFF_COUNTS + 2] = w->n_out;
    put_times(buf + OFF_USER_T, w->user_t, w->n_user);
    memcpy(buf + OFF_ENTRY_KIND, w->entry_kind, w->n_entry);
    put_times(buf + OFF_ENTRY_T, w->entry_t, w->n_entry);
    put_times(buf + OFF_ENTRY_REPLY, w->entry_reply, w->n_entry);
    memcpy(buf + OFF_OUT_KIND, w->out_kind, w->n_out);
    put_times(buf + OFF_OUT_T, w->out_t, w->n_out);
    put_le(buf + OFF_CRC, crc32_of(buf, OFF_CRC), 4);
    return WATPL_OK;
}

/* ---- validation: a loaded state must be one that events could produce ---------------- */

static bool all_zero(const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* n events strictly ascending by (time, tag) and in range, then zeroed slots;
 * tags (NULL for user events) in [lo, hi]. */
static bool list_ok(const unsigned char *times, const unsigned char *tags, uint8_t n, uint8_t cap,
                    int lo, int hi)
{
    for (uint8_t i = 0; i < n; i++) {
        int64_t t = (int64_t)get_le(times + 8 * i, 8);
        int tag = tags ? tags[i] : 0;
        if (!watpl__time_ok(t) || (tags && (tag < lo || tag > hi)))
            return false;
        if (i > 0) {
            int64_t prev = (int64_t)get_le(times + 8 * (i - 1), 8);
            int prev_tag = tags ? tags[i - 1] : 0;
            if (t < prev || (t == prev && tag <= prev_tag))
                return false;
        }
    }
    return all_zero(times + 8 * n, 8u * (size_t)(cap - n)) &&
           (!tags || all_zero(tags + n, (size_t)(cap - n)));
}

/* Each entry is also a user event, so no later than the latest one; a reply
 * is a delivery seen, so no later than the latest retained delivery. */
static bool replies_ok(const unsigned char *buf, uint8_t n, uint8_t nu, uint8_t no)
{
    int64_t last_user = nu ? (int64_t)get_le(buf + OFF_USER_T + 8 * (nu - 1), 8) : INT64_MIN;
    int64_t last_out = no ? (int64_t)get_le(buf + OFF_OUT_T + 8 * (no - 1), 8) : INT64_MIN;
    for (uint8_t i = 0; i < n; i++) {
        int64_t te = (int64_t)get_le(buf + OFF_ENTRY_T + 8 * i, 8);
        int64_t reply = (int64_t)get_le(buf + OFF_ENTRY_REPLY + 8 * i, 8);
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
    return get_le(buf + OFF_PAYLOAD_LEN, 2) == OFF_CRC - HEADER_SIZE &&
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
        get_le(buf + len - 4, 4) != crc32_of(buf, len - 4))
        return WATPL_ECORRUPT;
    uint64_t version = get_le(buf + OFF_VERSION, 2);
    if (version == 0)
        return WATPL_ECORRUPT;
    if (version != STATE_VERSION)
        return WATPL_EVERSION;
    if (len != STATE_SIZE || !payload_ok(buf))
        return WATPL_ECORRUPT;
    watpl_window_reset(w);
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
