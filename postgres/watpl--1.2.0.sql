-- The watpl extension, version 1.2.0 (docs/postgres.md).
-- SPDX-License-Identifier: MIT
\echo Use "CREATE EXTENSION watpl" to load this file. \quit

-- Templates: the JSON of `watpl lint/classify/render --json`, without "source".
-- Deterministic for a given library version (after upgrading the library,
-- recompute anything stored from them).
CREATE FUNCTION watpl_lint(template jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'watpl_pg_lint' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION watpl_classify(template jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'watpl_pg_classify' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION watpl_render(template jsonb, payload jsonb) RETURNS jsonb
AS 'MODULE_PATHNAME', 'watpl_pg_render' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE FUNCTION watpl_version() RETURNS text
AS 'MODULE_PATHNAME', 'watpl_pg_version' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

-- Window states. NULL state: a contact with no event yet; NULL event: the
-- state unchanged. An event with an "id" seen among the contact's 32 most
-- recent ids changes nothing.
CREATE FUNCTION watpl_window_apply(state bytea, event jsonb) RETURNS bytea
AS 'MODULE_PATHNAME', 'watpl_pg_window_apply' LANGUAGE C IMMUTABLE PARALLEL SAFE;

CREATE AGGREGATE watpl_window_agg(event jsonb) (
    SFUNC = watpl_window_apply,
    STYPE = bytea,
    PARALLEL = SAFE
);

CREATE FUNCTION watpl_window_query(state bytea, at bigint, kind text,
                                   schedule text DEFAULT '2025-07',
                                   service_sent_this_month bigint DEFAULT 0) RETURNS jsonb
AS 'MODULE_PATHNAME', 'watpl_pg_window_query' LANGUAGE C IMMUTABLE PARALLEL SAFE;
