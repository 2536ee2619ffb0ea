/*
 * The watpl PostgreSQL extension (docs/postgres.md): templates checked and
 * window states kept inside a gateway's own database.
 *
 * Every library call runs to its end before anything can raise an ERROR: the
 * library's allocator hooks use palloc in MCXT_ALLOC_NO_OOM mode, so an
 * allocation failure comes back as WATPL_ENOMEM, the library frees what it
 * made, and only then is the error raised. Nothing longjmps through the
 * library.
 *
 * SPDX-License-Identifier: MIT
 */
#include "postgres.h"

#include "fmgr.h"
#include "port/pg_crc32c.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "watpl.h"

PG_MODULE_MAGIC;

/* ---- the library's allocator in PostgreSQL's memory contexts ------------------------ */

static void *
pg_alloc_hook(void *user_data, size_t size)
{
	if (size == 0)
		size = 1;
	if (size > MaxAllocHugeSize)
		return NULL;
	return MemoryContextAllocExtended((MemoryContext) user_data, size,
									  MCXT_ALLOC_HUGE | MCXT_ALLOC_NO_OOM);
}

static void *
pg_realloc_hook(void *user_data, void *ptr, size_t old_size, size_t new_size)
{
	void	   *p = pg_alloc_hook(user_data, new_size);

	if (p == NULL)
		return NULL;			/* the old block stays valid, as realloc's */
	memcpy(p, ptr, Min(old_size, new_size));
	pfree(ptr);
	return p;
}

static void
pg_free_hook(void *user_data, void *ptr)
{
	(void) user_data;
	pfree(ptr);
}

/*
 * One library context (and one window) per call site, made on first use in
 * the function's memory context (fn_mcxt, which lives as long as the query):
 * the classifier keeps its scratch buffers warm across the rows of a query.
 */
typedef struct call_cache
{
	watpl_ctx  *ctx;
	watpl_window *window;
} call_cache;

static call_cache *
cache_of(FunctionCallInfo fcinfo)
{
	call_cache *c = (call_cache *) fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;

	if (c != NULL)
		return c;
	c = MemoryContextAllocZero(mcxt, sizeof(call_cache));
	if (watpl_ctx_new_with_allocator(&c->ctx, pg_alloc_hook, pg_realloc_hook,
									 pg_free_hook, mcxt) != WATPL_OK ||
		watpl_window_new(&c->window, c->ctx) != WATPL_OK)
		ereport(ERROR, (errcode(ERRCODE_OUT_OF_MEMORY), errmsg("out of memory")));
	fcinfo->flinfo->fn_extra = c;
	return c;
}

/* ---- errors --------------------------------------------------------------------------- */

static int
sqlstate_of(int code)
{
	switch (code)
	{
		case WATPL_ESYNTAX:
			return ERRCODE_INVALID_TEXT_REPRESENTATION;	/* 22P02 */
		case WATPL_ETYPE:
		case WATPL_EINVAL:
			return ERRCODE_INVALID_PARAMETER_VALUE; /* 22023 */
		case WATPL_EUTF8:
			return ERRCODE_CHARACTER_NOT_IN_REPERTOIRE; /* 22021 */
		case WATPL_ELIMIT:
			return ERRCODE_PROGRAM_LIMIT_EXCEEDED;	/* 54000 */
		case WATPL_ENOMEM:
			return ERRCODE_OUT_OF_MEMORY;	/* 53200 */
		case WATPL_ECORRUPT:
			return ERRCODE_DATA_CORRUPTED;	/* XX001 */
		case WATPL_EVERSION:
			return ERRCODE_FEATURE_NOT_SUPPORTED;	/* 0A000 */
		default:
			return ERRCODE_INTERNAL_ERROR;
	}
}

/* Raise the library's last failure on ctx: the rule id and position in DETAIL. */
static void
raise_library_error(const char *fn, watpl_ctx *ctx, int code)
pg_attribute_noreturn();

static void
raise_library_error(const char *fn, watpl_ctx *ctx, int code)
{
	StringInfoData detail;
	const char *rule = watpl_ctx_error_rule(ctx);
	const char *path = watpl_ctx_error_path(ctx);
	const char *msg = watpl_ctx_errmsg(ctx);

	initStringInfo(&detail);
	appendStringInfo(&detail, "rule %s", *rule ? rule : "none");
	if (*path)
		appendStringInfo(&detail, ", at %s", path);
	if (watpl_ctx_error_line(ctx) > 0)
		appendStringInfo(&detail, ", line %lld, column %lld",
						 (long long) watpl_ctx_error_line(ctx),
						 (long long) watpl_ctx_error_column(ctx));
	if (watpl_ctx_error_offset(ctx) >= 0)
		appendStringInfo(&detail, ", byte offset %lld", (long long) watpl_ctx_error_offset(ctx));
	ereport(ERROR,
			(errcode(sqlstate_of(code)),
			 errmsg("%s: %s", fn, *msg ? msg : watpl_strerror(code)),
			 errdetail("%s", detail.data)));
	pg_unreachable();
}

/* ---- JSON in and out ------------------------------------------------------------------ */

/* A jsonb as text (PostgreSQL's canonical form: positions refer to it). */
static char *
jsonb_text(Jsonb *jb, size_t *len)
{
	char	   *s = JsonbToCString(NULL, &jb->root, VARSIZE_ANY_EXHDR(jb));

	*len = strlen(s);
	return s;
}

/* A JSON text the library made (freed here) as a jsonb datum. */
static Datum
library_json_to_jsonb(char *js)
{
	char	   *copy = pstrdup(js);

	watpl_free(js);
	return DirectFunctionCall1(jsonb_in, CStringGetDatum(copy));
}

static watpl_template *
parse_template(const char *fn, watpl_ctx *ctx, Jsonb *jb)
{
	size_t		len;
	char	   *s = jsonb_text(jb, &len);
	watpl_template *tpl = NULL;
	int			rc = watpl_template_parse_json(ctx, s, len, &tpl);

	pfree(s);
	if (rc != WATPL_OK)
		raise_library_error(fn, ctx, rc);
	return tpl;
}

/* ---- templates ------------------------------------------------------------------------ */

PG_FUNCTION_INFO_V1(watpl_pg_lint);
PG_FUNCTION_INFO_V1(watpl_pg_classify);
PG_FUNCTION_INFO_V1(watpl_pg_render);
PG_FUNCTION_INFO_V1(watpl_pg_version);

Datum
watpl_pg_lint(PG_FUNCTION_ARGS)
{
	call_cache *c = cache_of(fcinfo);
	watpl_template *tpl = parse_template("watpl_lint", c->ctx, PG_GETARG_JSONB_P(0));
	watpl_report *rep = NULL;
	char	   *js = NULL;
	size_t		len = 0;
	int			rc = watpl_validate(c->ctx, tpl, &rep);

	if (rc == WATPL_OK)
		rc = watpl_report_to_json(c->ctx, rep, &js, &len);
	watpl_report_free(rep);
	watpl_template_free(tpl);
	if (rc != WATPL_OK)
		raise_library_error("watpl_lint", c->ctx, rc);
	PG_RETURN_DATUM(library_json_to_jsonb(js));
}

Datum
watpl_pg_classify(PG_FUNCTION_ARGS)
{
	call_cache *c = cache_of(fcinfo);
	watpl_template *tpl = parse_template("watpl_classify", c->ctx, PG_GETARG_JSONB_P(0));
	watpl_classification *cls = NULL;
	char	   *js = NULL;
	size_t		len = 0;
	int			rc = watpl_classify(c->ctx, tpl, &cls);

	if (rc == WATPL_OK)
		rc = watpl_classification_to_json(c->ctx, cls, &js, &len);
	watpl_classification_free(cls);
	watpl_template_free(tpl);
	if (rc != WATPL_OK)
		raise_library_error("watpl_classify", c->ctx, rc);
	PG_RETURN_DATUM(library_json_to_jsonb(js));
}

Datum
watpl_pg_render(PG_FUNCTION_ARGS)
{
	call_cache *c = cache_of(fcinfo);
	watpl_template *tpl = parse_template("watpl_render", c->ctx, PG_GETARG_JSONB_P(0));
	size_t		plen;
	char	   *payload = jsonb_text(PG_GETARG_JSONB_P(1), &plen);
	watpl_params *params = NULL;
	watpl_rendered *r = NULL;
	char	   *js = NULL;
	size_t		len = 0;
	int			rc = watpl_params_parse_json(c->ctx, payload, plen, &params);

	if (rc == WATPL_OK)
		rc = watpl_render(c->ctx, tpl, params, &r);
	if (rc == WATPL_OK)
		rc = watpl_rendered_to_json(c->ctx, r, &js, &len);
	watpl_rendered_free(r);
	watpl_params_free(params);
	watpl_template_free(tpl);
	pfree(payload);
	if (rc != WATPL_OK)
		raise_library_error("watpl_render", c->ctx, rc);
	PG_RETURN_DATUM(library_json_to_jsonb(js));
}

Datum
watpl_pg_version(PG_FUNCTION_ARGS)
{
	PG_RETURN_TEXT_P(cstring_to_text(watpl_version_string()));
}

/* ---- the extension's window state ------------------------------------------------------
 *
 * A bytea, little-endian (docs/postgres.md, "State format"):
 *
 *   0      4   magic "WPGS"
 *   4      2   format version, 1
 *   6      2   number of remembered event ids n (0..STATE_IDS)
 *   8      4   length L of the library's saved state (watpl_window_save)
 *   12     L   the library's saved state (its own format, docs/window.md)
 *   12+L   16n remembered ids: (event time int64, id hash uint64), ascending
 *   end-4  4   CRC-32C of every byte before it
 *
 * The ids are those of the STATE_IDS most recent events (by event time, then
 * hash) that carried an "id": a repeat of one of them is a no-op.
 */

#define STATE_MAGIC "WPGS"
#define STATE_VERSION 1
#define STATE_IDS 32
#define STATE_HEAD 12
/* The longest event id, as the command's state database takes it (a wamid is under 100). */
#define EVENT_ID_MAX 256

typedef struct remembered_id
{
	int64		t;
	uint64		hash;
} remembered_id;

typedef struct pg_state
{
	int			n_ids;
	remembered_id ids[STATE_IDS];
} pg_state;

static void
put_u16(unsigned char *p, uint32 v)
{
	p[0] = (unsigned char) (v & 0xff);
	p[1] = (unsigned char) ((v >> 8) & 0xff);
}

static void
put_u32(unsigned char *p, uint32 v)
{
	put_u16(p, v & 0xffff);
	put_u16(p + 2, v >> 16);
}

static void
put_u64(unsigned char *p, uint64 v)
{
	put_u32(p, (uint32) (v & 0xffffffff));
	put_u32(p + 4, (uint32) (v >> 32));
}

static uint32
get_u16(const unsigned char *p)
{
	return (uint32) p[0] | ((uint32) p[1] << 8);
}

static uint32
get_u32(const unsigned char *p)
{
	return get_u16(p) | (get_u16(p + 2) << 16);
}

static uint64
get_u64(const unsigned char *p)
{
	return (uint64) get_u32(p) | ((uint64) get_u32(p + 4) << 32);
}

static uint32
state_crc(const unsigned char *p, size_t n)
{
	pg_crc32c	crc;

	INIT_CRC32C(crc);
	COMP_CRC32C(crc, p, n);
	FIN_CRC32C(crc);
	return (uint32) crc;
}

static int
cmp_id(const remembered_id *a, const remembered_id *b)
{
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return 0;
}

static void
state_corrupt(const char *fn, const char *why)
pg_attribute_noreturn();

static void
state_corrupt(const char *fn, const char *why)
{
	ereport(ERROR,
			(errcode(ERRCODE_DATA_CORRUPTED),
			 errmsg("%s: the window state is not a watpl state or is damaged", fn),
			 errdetail("%s", why)));
	pg_unreachable();
}

/* Load a stored state into c->window and *st; ERROR when it is damaged. */
static void
load_state(const char *fn, call_cache *c, bytea *b, pg_state *st)
{
	const unsigned char *p = (const unsigned char *) VARDATA_ANY(b);
	size_t		len = VARSIZE_ANY_EXHDR(b);
	size_t		lib_len,
				need;
	uint32		version;
	int			rc;

	if (len < STATE_HEAD + 4 || memcmp(p, STATE_MAGIC, 4) != 0)
		state_corrupt(fn, "wrong magic or too short");
	if (get_u32(p + len - 4) != state_crc(p, len - 4))
		state_corrupt(fn, "checksum mismatch");
	version = get_u16(p + 4);
	if (version != STATE_VERSION)
		ereport(ERROR,
				(errcode(version == 0 ? ERRCODE_DATA_CORRUPTED : ERRCODE_FEATURE_NOT_SUPPORTED),
				 errmsg("%s: window state of format version %u; this extension reads version %d",
						fn, version, STATE_VERSION)));
	st->n_ids = (int) get_u16(p + 6);
	lib_len = get_u32(p + 8);
	if (st->n_ids > STATE_IDS || lib_len != watpl_window_saved_size())
		state_corrupt(fn, "counts over their limits");
	need = STATE_HEAD + lib_len + 16 * (size_t) st->n_ids + 4;
	if (len != need)
		state_corrupt(fn, "wrong length");
	for (int i = 0; i < st->n_ids; i++)
	{
		const unsigned char *q = p + STATE_HEAD + lib_len + 16 * (size_t) i;

		st->ids[i].t = (int64) get_u64(q);
		st->ids[i].hash = get_u64(q + 8);
		if (i > 0 && cmp_id(&st->ids[i - 1], &st->ids[i]) >= 0)
			state_corrupt(fn, "remembered ids not in ascending order");
	}
	rc = watpl_window_load(c->window, p + STATE_HEAD, lib_len);
	if (rc != WATPL_OK)
		state_corrupt(fn, watpl_strerror(rc));
}

static bytea *
save_state(const char *fn, call_cache *c, const pg_state *st)
{
	size_t		lib_len = watpl_window_saved_size();
	size_t		len = STATE_HEAD + lib_len + 16 * (size_t) st->n_ids + 4;
	bytea	   *b = (bytea *) palloc(VARHDRSZ + len);
	unsigned char *p = (unsigned char *) VARDATA(b);
	size_t		written = 0;
	int			rc;

	SET_VARSIZE(b, VARHDRSZ + len);
	memcpy(p, STATE_MAGIC, 4);
	put_u16(p + 4, STATE_VERSION);
	put_u16(p + 6, (uint32) st->n_ids);
	put_u32(p + 8, (uint32) lib_len);
	rc = watpl_window_save(c->window, p + STATE_HEAD, lib_len, &written);
	if (rc != WATPL_OK)
		raise_library_error(fn, c->ctx, rc);
	for (int i = 0; i < st->n_ids; i++)
	{
		unsigned char *q = p + STATE_HEAD + lib_len + 16 * (size_t) i;

		put_u64(q, (uint64) st->ids[i].t);
		put_u64(q + 8, st->ids[i].hash);
	}
	put_u32(p + len - 4, state_crc(p, len - 4));
	return b;
}

/* A stable 64-bit hash of an event id: FNV-1a, then splitmix64's finalizer. */
static uint64
id_hash(const char *s, size_t len)
{
	uint64		h = UINT64CONST(0xcbf29ce484222325);

	for (size_t i = 0; i < len; i++)
	{
		h ^= (unsigned char) s[i];
		h *= UINT64CONST(0x100000001b3);
	}
	h ^= h >> 30;
	h *= UINT64CONST(0xbf58476d1ce4e5b9);
	h ^= h >> 27;
	h *= UINT64CONST(0x94d049bb133111eb);
	h ^= h >> 31;
	return h;
}

static bool
id_known(const pg_state *st, uint64 hash)
{
	for (int i = 0; i < st->n_ids; i++)
		if (st->ids[i].hash == hash)
			return true;
	return false;
}

/* Remember (t, hash), keeping the STATE_IDS greatest, sorted. */
static void
remember_id(pg_state *st, int64 t, uint64 hash)
{
	remembered_id id = {t, hash};
	int			at;

	if (st->n_ids == STATE_IDS)
	{
		if (cmp_id(&id, &st->ids[0]) <= 0)
			return;				/* older than every remembered one */
		memmove(&st->ids[0], &st->ids[1], sizeof(remembered_id) * (STATE_IDS - 1));
		st->n_ids--;
	}
	at = st->n_ids;
	while (at > 0 && cmp_id(&st->ids[at - 1], &id) > 0)
		at--;
	memmove(&st->ids[at + 1], &st->ids[at], sizeof(remembered_id) * (size_t) (st->n_ids - at));
	st->ids[at] = id;
	st->n_ids++;
}

/* The event's "id": false when absent or null; ERROR when not a string. */
static bool
event_id(Jsonb *ev, const char **s, size_t *len)
{
	JsonbValue	v;

	if (!JB_ROOT_IS_OBJECT(ev) ||
		getKeyJsonValueFromContainer(&ev->root, "id", 2, &v) == NULL || v.type == jbvNull)
		return false;
	if (v.type != jbvString || v.val.string.len == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("watpl_window_apply: an event's \"id\" is a non-empty string"),
				 errdetail("rule %s, at $.id", v.type == jbvString ? "input.json.value" : "input.json.type")));
	if (v.val.string.len > EVENT_ID_MAX)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("watpl_window_apply: an event's \"id\" is at most %d bytes, not %d",
						EVENT_ID_MAX, v.val.string.len),
				 errdetail("rule input.too_large, at $.id")));
	*s = v.val.string.val;
	*len = (size_t) v.val.string.len;
	return true;
}

/* The event's "t", once the library has accepted the event (so an integer). */
static int64
event_time(Jsonb *ev)
{
	JsonbValue	v;

	if (getKeyJsonValueFromContainer(&ev->root, "t", 1, &v) == NULL || v.type != jbvNumeric)
		elog(ERROR, "watpl_window_apply: accepted event without a numeric \"t\"");
	return DatumGetInt64(DirectFunctionCall1(numeric_int8, NumericGetDatum(v.val.numeric)));
}

PG_FUNCTION_INFO_V1(watpl_pg_window_apply);
PG_FUNCTION_INFO_V1(watpl_pg_window_query);

/* watpl_window_apply(state bytea, event jsonb) -> bytea; also the aggregate's step. */
Datum
watpl_pg_window_apply(PG_FUNCTION_ARGS)
{
	const char *fn = "watpl_window_apply";
	call_cache *c;
	pg_state	st;
	Jsonb	   *ev;
	const char *id = NULL;
	size_t		id_len = 0;
	bool		has_id;
	uint64		hash = 0;
	char	   *text;
	size_t		len;
	int			rc;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* no event: the state as it was */
	}
	c = cache_of(fcinfo);
	st.n_ids = 0;
	if (PG_ARGISNULL(0))
		watpl_window_reset(c->window);
	else
		load_state(fn, c, PG_GETARG_BYTEA_PP(0), &st);
	ev = PG_GETARG_JSONB_P(1);
	has_id = event_id(ev, &id, &id_len);
	if (has_id)
	{
		hash = id_hash(id, id_len);
		if (id_known(&st, hash))
			PG_RETURN_DATUM(PG_GETARG_DATUM(0));	/* a repeat: nothing changes */
	}
	text = jsonb_text(ev, &len);
	rc = watpl_window_event_json(c->ctx, c->window, text, len);
	pfree(text);
	if (rc != WATPL_OK)
		raise_library_error(fn, c->ctx, rc);
	if (has_id)
		remember_id(&st, event_time(ev), hash);
	PG_RETURN_BYTEA_P(save_state(fn, c, &st));
}

/*
 * The answer as jsonb, built directly: the fields and values of
 * watpl_window_answer_to_json (the command's query line without "contact"
 * and "t"; the tests compare the two), without printing and re-parsing text.
 * The pairs are written in jsonb's own key order (shorter keys first, then
 * bytewise), so that the object converts as it is, with no sort.
 */
enum answer_field
{
	F_KIND, F_REASON, F_ALLOWED, F_BILLABLE, F_CSW_OPEN, F_FEP_OPEN, F_SCHEDULE, F_FEP_UNTIL,
	F_INITIATOR, F_PRICING_TYPE, F_CSW_CLOSES_AT, F_PRICING_MODEL, F_PRICING_CATEGORY, N_FIELDS
};

static const char *const answer_keys[N_FIELDS] = {
	"kind", "reason", "allowed", "billable", "csw_open", "fep_open", "schedule", "fep_until",
	"initiator", "pricing_type", "csw_closes_at", "pricing_model", "pricing_category"
};

static void
set_string(JsonbValue *v, const char *s)
{
	if (s == NULL || *s == '\0')
		v->type = jbvNull;
	else
	{
		v->type = jbvString;
		v->val.string.val = (char *) s;
		v->val.string.len = (int) strlen(s);
	}
}

static void
set_bool(JsonbValue *v, int32 b)
{
	v->type = jbvBool;
	v->val.boolean = b != 0;
}

static void
set_time(JsonbValue *v, int64 t)
{
	if (t == WATPL_TIME_NONE)
		v->type = jbvNull;
	else
	{
		v->type = jbvNumeric;
		v->val.numeric = int64_to_numeric(t);
	}
}

static Jsonb *
answer_jsonb(const watpl_window_answer *a)
{
	JsonbPair	pairs[N_FIELDS];
	JsonbValue	obj;

	for (int i = 0; i < N_FIELDS; i++)
	{
		set_string(&pairs[i].key, answer_keys[i]);
		pairs[i].order = (uint32) i;
	}
	set_string(&pairs[F_KIND].value, watpl_kind_name(a->kind));
	set_bool(&pairs[F_CSW_OPEN].value, a->csw_open);
	set_time(&pairs[F_CSW_CLOSES_AT].value, a->csw_closes_at);
	set_bool(&pairs[F_FEP_OPEN].value, a->fep_open);
	set_time(&pairs[F_FEP_UNTIL].value, a->fep_until);
	set_bool(&pairs[F_ALLOWED].value, a->allowed);
	set_bool(&pairs[F_BILLABLE].value, a->billable);
	set_string(&pairs[F_PRICING_MODEL].value, a->pricing_model == WATPL_PRICING_CBP ? "CBP" : "PMP");
	set_string(&pairs[F_PRICING_CATEGORY].value, watpl_pricing_category_name(a->pricing_category));
	set_string(&pairs[F_PRICING_TYPE].value, watpl_pricing_type_name(a->pricing_type));
	set_string(&pairs[F_INITIATOR].value, watpl_initiator_name(a->initiator));
	set_string(&pairs[F_REASON].value, watpl_window_reason_name(a->reason));
	set_string(&pairs[F_SCHEDULE].value, watpl_schedule_name(a->schedule));
	obj.type = jbvObject;
	obj.val.object.nPairs = N_FIELDS;
	obj.val.object.pairs = pairs;
	return JsonbValueToJsonb(&obj);
}

static int
kind_from_text(text *t)
{
	char	   *s = text_to_cstring(t);
	size_t		len = strlen(s);
	char	   *upper = palloc(len + 1);
	int			kind;

	/* the library's names, in any case */
	for (size_t i = 0; i <= len; i++)
		upper[i] = (char) pg_toupper((unsigned char) s[i]);
	kind = watpl_kind_from_name(upper, len);
	pfree(upper);
	if (kind > 0)
		return kind;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("watpl_window_query: kind must be MARKETING, UTILITY, AUTHENTICATION or SERVICE, not \"%s\"", s)));
	return 0;
}

static int
schedule_from_text(text *t)
{
	char	   *s = text_to_cstring(t);
	int			schedule = watpl_schedule_from_name(s, strlen(s));

	if (schedule > 0)
		return schedule;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("watpl_window_query: schedule must be 2025-07 or 2026-10, not \"%s\"", s)));
	return 0;
}

/*
 * watpl_window_query(state bytea, at bigint, kind text, schedule text,
 * service_sent_this_month bigint) -> jsonb. A NULL state is a contact with
 * no event; any other NULL argument gives NULL.
 */
Datum
watpl_pg_window_query(PG_FUNCTION_ARGS)
{
	const char *fn = "watpl_window_query";
	call_cache *c;
	pg_state	st;
	watpl_window_answer a;
	int64		at,
				sent;
	int			kind,
				schedule,
				rc;

	for (int i = 1; i < PG_NARGS(); i++)
		if (PG_ARGISNULL(i))
			PG_RETURN_NULL();
	at = PG_GETARG_INT64(1);
	kind = kind_from_text(PG_GETARG_TEXT_PP(2));
	schedule = PG_NARGS() > 3 ? schedule_from_text(PG_GETARG_TEXT_PP(3)) : WATPL_SCHEDULE_2025_07;
	sent = PG_NARGS() > 4 ? PG_GETARG_INT64(4) : 0;
	c = cache_of(fcinfo);
	if (PG_ARGISNULL(0))
		watpl_window_reset(c->window);
	else
		load_state(fn, c, PG_GETARG_BYTEA_PP(0), &st);
	watpl_window_answer_init(&a);
	if (sent < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s: service_sent_this_month must be 0 or more, not %lld", fn, (long long) sent)));
	rc = watpl_window_query(c->window, at, kind, schedule, sent, &a);
	if (rc != WATPL_OK)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s: the time %lld is out of range", fn, (long long) at),
				 errdetail("A time is at most %lld, so that 72 hours can be added to it.",
						   (long long) (PG_INT64_MAX - 259200))));
	PG_RETURN_JSONB_P(answer_jsonb(&a));
}
