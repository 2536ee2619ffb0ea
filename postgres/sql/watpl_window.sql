-- Window states: apply, the aggregate, queries, event ids, NULLs, bad events, damaged states.
CREATE EXTENSION IF NOT EXISTS watpl;

CREATE TABLE contacts (wa_id text PRIMARY KEY, wstate bytea);
INSERT INTO contacts VALUES ('+5511999990000', NULL), ('+5511999990001', NULL);

-- A user writes through a click-to-WhatsApp ad at 2026-01-05 00:00; a UTILITY reply is delivered 5 minutes later.
UPDATE contacts SET wstate = watpl_window_apply(wstate,
    '{"id": "wamid.A", "t": 1767571200, "type": "inbound", "entry": "ctwa", "device": "mobile"}')
WHERE wa_id = '+5511999990000';
UPDATE contacts SET wstate = watpl_window_apply(wstate,
    '{"id": "wamid.B", "t": 1767571500, "type": "outbound", "kind": "UTILITY"}')
WHERE wa_id = '+5511999990000';
SELECT wa_id, length(wstate) AS bytes FROM contacts ORDER BY 1;

-- At 20:40, a MARKETING template: free inside the free entry point (docs/window.md).
SELECT watpl_window_query(wstate, 1767571200 + 74400, 'MARKETING') FROM contacts WHERE wa_id = '+5511999990000';
-- The answer is a well-formed jsonb: equal to its own text parsed again, every key found.
SELECT a = a::text::jsonb AS reparsed_equal, (SELECT count(*) FROM jsonb_object_keys(a)) AS keys,
       a ? 'pricing_category' AND a ? 'kind' AND a ? 'csw_closes_at' AS keys_found
FROM (SELECT watpl_window_query(wstate, 1767571200 + 74400, 'UTILITY') AS a FROM contacts WHERE wa_id = '+5511999990000') x;
-- The next day, free-form is no longer allowed; the other contact never wrote.
SELECT wa_id, watpl_window_query(wstate, 1767571200 + 86400, 'SERVICE') ->> 'reason' AS reason,
       watpl_window_query(wstate, 1767571200 + 86400, 'service') -> 'allowed' AS allowed
FROM contacts ORDER BY 1;
-- The opt-in 2026-10 schedule and the monthly service allowance.
SELECT n, watpl_window_query(watpl_window_apply(NULL, '{"t": 1790812800, "type": "inbound"}'),
                             1790812900, 'SERVICE', '2026-10', n) ->> 'reason' AS reason
FROM (VALUES (0), (999), (1000)) v(n);

-- Repeats: the same id again, even with other fields, changes nothing.
SELECT watpl_window_apply(wstate, '{"id": "wamid.B", "t": 1767571500, "type": "outbound", "kind": "UTILITY"}') = wstate AS same_repeat,
       watpl_window_apply(wstate, '{"id": "wamid.B", "t": 1767999999, "type": "inbound"}') = wstate AS same_id_other_event,
       watpl_window_apply(wstate, '{"id": "wamid.C", "t": 1767999999, "type": "inbound"}') = wstate AS new_id_changes
FROM contacts WHERE wa_id = '+5511999990000';
-- Without an id, the library's state already ignores an identical event (but remembers no id).
SELECT watpl_window_apply(s, '{"t": 1767571200, "type": "call"}') = s AS identical_is_noop
FROM (SELECT watpl_window_apply(NULL, '{"t": 1767571200, "type": "call"}') AS s) x;

-- The ids of the 32 most recent events are kept: an id pushed out is applied again.
CREATE TABLE many AS
SELECT i, jsonb_build_object('id', 'wamid.' || i, 't', 1767571200 + 60 * i, 'type', 'outbound', 'kind', 'MARKETING') AS e
FROM generate_series(1, 40) i;
-- An event with a remembered id is a no-op even when it says something else;
-- one whose id was pushed out (the 8th of 40) is applied.
SELECT length(s) AS bytes,
       watpl_window_apply(s, (SELECT e || '{"type": "inbound"}' FROM many WHERE i = 40)) = s AS newest_remembered,
       watpl_window_apply(s, (SELECT e || '{"type": "inbound"}' FROM many WHERE i = 9)) = s AS ninth_remembered,
       watpl_window_apply(s, (SELECT e || '{"type": "inbound"}' FROM many WHERE i = 8)) = s AS eighth_remembered
FROM (SELECT watpl_window_agg(e ORDER BY i) AS s FROM many) x;

-- The state does not depend on the order of the events.
SELECT (SELECT watpl_window_agg(e ORDER BY i) FROM many) = (SELECT watpl_window_agg(e ORDER BY i DESC) FROM many) AS order_free,
       (SELECT watpl_window_agg(e ORDER BY i) FROM many) = (SELECT watpl_window_agg(e ORDER BY md5(i::text)) FROM many) AS shuffled;
-- The aggregate equals applying one by one; NULL events are skipped; no rows give NULL.
SELECT (SELECT watpl_window_agg(e ORDER BY i) FROM many WHERE i <= 3)
     = watpl_window_apply(watpl_window_apply(watpl_window_apply(NULL, (SELECT e FROM many WHERE i = 1)),
                          (SELECT e FROM many WHERE i = 2)), (SELECT e FROM many WHERE i = 3)) AS agg_is_apply,
       (SELECT watpl_window_agg(e) FROM many WHERE false) IS NULL AS empty_is_null,
       (SELECT watpl_window_agg(e ORDER BY i) FROM (SELECT i, CASE WHEN i % 2 = 0 THEN NULL ELSE e END AS e FROM many) m)
     = (SELECT watpl_window_agg(e ORDER BY i) FROM many WHERE i % 2 = 1) AS nulls_skipped;

-- NULLs.
SELECT watpl_window_apply(NULL, NULL) IS NULL AS null_null,
       watpl_window_apply('\x00'::bytea, NULL) = '\x00'::bytea AS no_event_keeps_state,
       watpl_window_query(NULL, 1767571200, 'SERVICE') ->> 'reason' AS never_seen,
       watpl_window_query(NULL, NULL, 'SERVICE') IS NULL AS null_at,
       watpl_window_query(NULL, 1767571200, NULL) IS NULL AS null_kind,
       watpl_window_query(NULL, 1767571200, 'SERVICE', NULL) IS NULL AS null_schedule,
       watpl_window_query(NULL, 1767571200, 'SERVICE', '2025-07', NULL) IS NULL AS null_count;

-- Bad events: SQLSTATE, message, rule and path; the state is never half-changed.
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": "now", "type": "call"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 1767571200}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 1767571200, "type": "query", "kind": "UTILITY"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 1767571200, "type": "outbound", "kind": "PROMO"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 1767571200, "type": "inbound", "entry": "banner"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 9223372036854775807, "type": "call"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 1e400, "type": "call"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"t": 1767571200.5, "type": "call"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '[1]')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"id": 12, "t": 1767571200, "type": "call"}')$q$);
SELECT err($q$SELECT watpl_window_apply(NULL, '{"id": "", "t": 1767571200, "type": "call"}')$q$);
SELECT err(format('SELECT watpl_window_apply(NULL, %L)', jsonb_build_object('id', repeat('w', 257), 't', 1767571200, 'type', 'call')));
SELECT length(watpl_window_apply(NULL, jsonb_build_object('id', repeat('w', 256), 't', 1767571200, 'type', 'call'))) AS id_of_256_bytes;
SELECT err($q$SELECT watpl_window_apply(NULL, '{bad')$q$);
-- Bad queries.
SELECT err($q$SELECT watpl_window_query(NULL, 1767571200, 'PROMO')$q$);
SELECT err($q$SELECT watpl_window_query(NULL, 1767571200, 'SERVICE', '2027-01')$q$);
SELECT err($q$SELECT watpl_window_query(NULL, 1767571200, 'SERVICE', '2026-10', -1)$q$);
SELECT err($q$SELECT watpl_window_query(NULL, 9223372036854775807, 'SERVICE')$q$);

-- Damaged states: an error, never a crash, never an answer from an empty state.
SELECT err($q$SELECT watpl_window_query('\x'::bytea, 1767571200, 'SERVICE')$q$);
SELECT err($q$SELECT watpl_window_query('\x0102030405060708090a0b0c0d0e0f10'::bytea, 1767571200, 'SERVICE')$q$);
SELECT err(format('SELECT watpl_window_apply(%L::bytea, %L)',
                  substr(wstate, 1, length(wstate) - 1), '{"t": 1767571200, "type": "call"}'))
FROM contacts WHERE wa_id = '+5511999990000';
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)',
                  set_byte(wstate, 20, get_byte(wstate, 20) # 1), 'SERVICE'))
FROM contacts WHERE wa_id = '+5511999990000';
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', wstate || '\x00'::bytea, 'SERVICE'))
FROM contacts WHERE wa_id = '+5511999990000';
-- Every single-bit flip of a state with remembered ids is rejected.
CREATE FUNCTION rejected(s bytea) RETURNS boolean LANGUAGE plpgsql AS $$
BEGIN
    PERFORM watpl_window_query(s, 1767571200, 'SERVICE');
    RETURN false;
EXCEPTION WHEN data_corrupted OR feature_not_supported THEN
    RETURN true;
END $$;
SELECT count(*) AS bits, count(*) FILTER (WHERE rejected(set_bit(s, b, 1 - get_bit(s, b)))) AS rejected
FROM (SELECT watpl_window_agg(e ORDER BY i) AS s FROM many WHERE i <= 5) x,
     generate_series(0, 8 * (SELECT length(watpl_window_agg(e)) FROM many WHERE i <= 5) - 1) b;
-- Every truncation too.
SELECT count(*) AS cuts, count(*) FILTER (WHERE rejected(substr(s, 1, n))) AS rejected
FROM (SELECT watpl_window_agg(e ORDER BY i) AS s FROM many WHERE i <= 5) x,
     generate_series(0, (SELECT length(watpl_window_agg(e)) FROM many WHERE i <= 5) - 1) n;
-- States resealed with a correct checksum (CRC-32C, computed here) but wrong contents.
CREATE FUNCTION crc32c(b bytea) RETURNS bigint LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE crc bigint := 4294967295;
BEGIN
    FOR i IN 0 .. length(b) - 1 LOOP
        crc := crc # get_byte(b, i);
        FOR k IN 1 .. 8 LOOP
            crc := CASE WHEN crc & 1 = 1 THEN (crc >> 1) # 2197175160 ELSE crc >> 1 END;
        END LOOP;
    END LOOP;
    RETURN crc # 4294967295;
END $$;
CREATE FUNCTION reseal(b bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $$
    SELECT body || set_byte(set_byte(set_byte(set_byte('\x00000000'::bytea, 0, (c & 255)::int),
                   1, ((c >> 8) & 255)::int), 2, ((c >> 16) & 255)::int), 3, ((c >> 24) & 255)::int)
    FROM (SELECT substr(b, 1, length(b) - 4) AS body) x, LATERAL (SELECT crc32c(x.body) AS c) y
$$;
CREATE TABLE sealed AS SELECT watpl_window_agg(e ORDER BY i) AS s FROM many WHERE i <= 3;
SELECT reseal(s) = s AS checksum_as_the_extension FROM sealed;
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', reseal(set_byte(s, 4, 2)), 'SERVICE')) AS newer_version FROM sealed;
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', reseal(set_byte(s, 4, 0)), 'SERVICE')) AS version_0 FROM sealed;
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', reseal(set_byte(s, 6, 33)), 'SERVICE')) AS too_many_ids FROM sealed;
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', reseal(set_byte(s, 6, 2)), 'SERVICE')) AS wrong_length FROM sealed;
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', reseal(set_byte(s, 8, 200)), 'SERVICE')) AS library_length FROM sealed;
-- The ids swapped: out of order.
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)',
    reseal(substr(s, 1, 304) || substr(s, 321, 16) || substr(s, 305, 16) || substr(s, 337)), 'SERVICE')) AS ids_out_of_order FROM sealed;
-- The library's own state damaged inside an intact envelope.
SELECT err(format('SELECT watpl_window_query(%L::bytea, 1767571200, %L)', reseal(set_byte(s, 40, get_byte(s, 40) # 1)), 'SERVICE')) AS library_state FROM sealed;
-- Random bytes are never taken for a state.
SELECT count(*) AS random_states, count(*) FILTER (WHERE rejected(decode(repeat(md5(i::text), 1 + i % 60), 'hex'))) AS rejected
FROM generate_series(1, 2000) i;
-- Events with every member replaced by values of every type: applied, or an error of the documented SQLSTATEs.
CREATE FUNCTION outcome(s bytea, e jsonb) RETURNS text LANGUAGE plpgsql AS $$
BEGIN
    PERFORM watpl_window_apply(s, e);
    RETURN 'applied';
EXCEPTION WHEN OTHERS THEN
    RETURN SQLSTATE;
END $$;
SELECT outcome(s, e.e || jsonb_build_object(k, v)) AS outcome, count(*)
FROM sealed,
     (SELECT e FROM many WHERE i IN (1, 2)
      UNION ALL SELECT '{"t": 1767571200, "type": "inbound", "entry": "ctwa"}') e,
     unnest(ARRAY['t', 'type', 'kind', 'entry', 'device', 'id', 'contact']) k,
     unnest(ARRAY['null', '0', '-1', '1.5', '9223372036854775807', '-9223372036854775808', '1e30', '""',
                  '"inbound"', '"outbound"', '"MARKETING"', '"SERVICE"', '"ctwa"', '"desktop"', '"x"',
                  '[]', '{}', 'true', '[1767571200]', '{"t": 1}']::jsonb[]) v
GROUP BY 1 ORDER BY 1;
