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

/* CRC-32 (IEEE 802.3, reflected, as zlib's crc32), one byte at a time from
 * the table of the polynomial 0xEDB88320 (crc_table[n] is n's CRC after 8 shifts). */
static const uint32_t crc_table[256] = {
    0x00000000u, 0x77073096u, 0xEE0E612Cu, 0x990951BAu, 0x076DC419u, 0x706AF48Fu,
    0xE963A535u, 0x9E6495A3u, 0x0EDB8832u, 0x79DCB8A4u, 0xE0D5E91Eu, 0x97D2D988u,
    0x09B64C2Bu, 0x7EB17CBDu, 0xE7B82D07u, 0x90BF1D91u, 0x1DB71064u, 0x6AB020F2u,
    0xF3B97148u, 0x84BE41DEu, 0x1ADAD47Du, 0x6DDDE4EBu, 0xF4D4B551u, 0x83D385C7u,
    0x136C9856u, 0x646BA8C0u, 0xFD62F97Au, 0x8A65C9ECu, 0x14015C4Fu, 0x63066CD9u,
    0xFA0F3D63u, 0x8D080DF5u, 0x3B6E20C8u, 0x4C69105Eu, 0xD56041E4u, 0xA2677172u,
    0x3C03E4D1u, 0x4B04D447u, 0xD20D85FDu, 0xA50AB56Bu, 0x35B5A8FAu, 0x42B2986Cu,
    0xDBBBC9D6u, 0xACBCF940u, 0x32D86CE3u, 0x45DF5C75u, 0xDCD60DCFu, 0xABD13D59u,
    0x26D930ACu, 0x51DE003Au, 0xC8D75180u, 0xBFD06116u, 0x21B4F4B5u, 0x56B3C423u,
    0xCFBA9599u, 0xB8BDA50Fu, 0x2802B89Eu, 0x5F058808u, 0xC60CD9B2u, 0xB10BE924u,
    0x2F6F7C87u, 0x58684C11u, 0xC1611DABu, 0xB6662D3Du, 0x76DC4190u, 0x01DB7106u,
    0x98D220BCu, 0xEFD5102Au, 0x71B18589u, 0x06B6B51Fu, 0x9FBFE4A5u, 0xE8B8D433u,
    0x7807C9A2u, 0x0F00F934u, 0x9609A88Eu, 0xE10E9818u, 0x7F6A0DBBu, 0x086D3D2Du,
    0x91646C97u, 0xE6635C01u, 0x6B6B51F4u, 0x1C6C6162u, 0x856530D8u, 0xF262004Eu,
    0x6C0695EDu, 0x1B01A57Bu, 0x8208F4C1u, 0xF50FC457u, 0x65B0D9C6u, 0x12B7E950u,
    0x8BBEB8EAu, 0xFCB9887Cu, 0x62DD1DDFu, 0x15DA2D49u, 0x8CD37CF3u, 0xFBD44C65u,
    0x4DB26158u, 0x3AB551CEu, 0xA3BC0074u, 0xD4BB30E2u, 0x4ADFA541u, 0x3DD895D7u,
    0xA4D1C46Du, 0xD3D6F4FBu, 0x4369E96Au, 0x346ED9FCu, 0xAD678846u, 0xDA60B8D0u,
    0x44042D73u, 0x33031DE5u, 0xAA0A4C5Fu, 0xDD0D7CC9u, 0x5005713Cu, 0x270241AAu,
    0xBE0B1010u, 0xC90C2086u, 0x5768B525u, 0x206F85B3u, 0xB966D409u, 0xCE61E49Fu,
    0x5EDEF90Eu, 0x29D9C998u, 0xB0D09822u, 0xC7D7A8B4u, 0x59B33D17u, 0x2EB40D81u,
    0xB7BD5C3Bu, 0xC0BA6CADu, 0xEDB88320u, 0x9ABFB3B6u, 0x03B6E20Cu, 0x74B1D29Au,
    0xEAD54739u, 0x9DD277AFu, 0x04DB2615u, 0x73DC1683u, 0xE3630B12u, 0x94643B84u,
    0x0D6D6A3Eu, 0x7A6A5AA8u, 0xE40ECF0Bu, 0x9309FF9Du, 0x0A00AE27u, 0x7D079EB1u,
    0xF00F9344u, 0x8708A3D2u, 0x1E01F268u, 0x6906C2FEu, 0xF762575Du, 0x806567CBu,
    0x196C3671u, 0x6E6B06E7u, 0xFED41B76u, 0x89D32BE0u, 0x10DA7A5Au, 0x67DD4ACCu,
    0xF9B9DF6Fu, 0x8EBEEFF9u, 0x17B7BE43u, 0x60B08ED5u, 0xD6D6A3E8u, 0xA1D1937Eu,
    0x38D8C2C4u, 0x4FDFF252u, 0xD1BB67F1u, 0xA6BC5767u, 0x3FB506DDu, 0x48B2364Bu,
    0xD80D2BDAu, 0xAF0A1B4Cu, 0x36034AF6u, 0x41047A60u, 0xDF60EFC3u, 0xA867DF55u,
    0x316E8EEFu, 0x4669BE79u, 0xCB61B38Cu, 0xBC66831Au, 0x256FD2A0u, 0x5268E236u,
    0xCC0C7795u, 0xBB0B4703u, 0x220216B9u, 0x5505262Fu, 0xC5BA3BBEu, 0xB2BD0B28u,
    0x2BB45A92u, 0x5CB36A04u, 0xC2D7FFA7u, 0xB5D0CF31u, 0x2CD99E8Bu, 0x5BDEAE1Du,
    0x9B64C2B0u, 0xEC63F226u, 0x756AA39Cu, 0x026D930Au, 0x9C0906A9u, 0xEB0E363Fu,
    0x72076785u, 0x05005713u, 0x95BF4A82u, 0xE2B87A14u, 0x7BB12BAEu, 0x0CB61B38u,
    0x92D28E9Bu, 0xE5D5BE0Du, 0x7CDCEFB7u, 0x0BDBDF21u, 0x86D3D2D4u, 0xF1D4E242u,
    0x68DDB3F8u, 0x1FDA836Eu, 0x81BE16CDu, 0xF6B9265Bu, 0x6FB077E1u, 0x18B74777u,
    0x88085AE6u, 0xFF0F6A70u, 0x66063BCAu, 0x11010B5Cu, 0x8F659EFFu, 0xF862AE69u,
    0x616BFFD3u, 0x166CCF45u, 0xA00AE278u, 0xD70DD2EEu, 0x4E048354u, 0x3903B3C2u,
    0xA7672661u, 0xD06016F7u, 0x4969474Du, 0x3E6E77DBu, 0xAED16A4Au, 0xD9D65ADCu,
    0x40DF0B66u, 0x37D83BF0u, 0xA9BCAE53u, 0xDEBB9EC5u, 0x47B2CF7Fu, 0x30B5FFE9u,
    0xBDBDF21Cu, 0xCABAC28Au, 0x53B39330u, 0x24B4A3A6u, 0xBAD03605u, 0xCDD70693u,
    0x54DE5729u, 0x23D967BFu, 0xB3667A2Eu, 0xC4614AB8u, 0x5D681B02u, 0x2A6F2B94u,
    0xB40BBE37u, 0xC30C8EA1u, 0x5A05DF1Bu, 0x2D02EF8Du,
};

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
    uint32_t crc = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++)
        crc = crc_table[(crc ^ p[i]) & 0xFFu] ^ (crc >> 8);
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
