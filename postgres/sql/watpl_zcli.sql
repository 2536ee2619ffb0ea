-- The extension answers as the command does, on the same data: `watpl window
-- --json` on a stream of 2400 events and queries (both schedules), and `watpl
-- lint/classify/render --json` on the example templates. The files were made
-- by the test runner (postgres/test/run.sh) in $WATPL_PG_DATA.
CREATE EXTENSION IF NOT EXISTS watpl;
\getenv dir WATPL_PG_DATA

CREATE TABLE ev AS
SELECT n, line::jsonb AS e
FROM regexp_split_to_table(pg_read_file(:'dir' || '/events.jsonl'), '\n') WITH ORDINALITY AS x(line, n)
WHERE line <> '';
CREATE TABLE cli_answers AS
SELECT sched, n AS qn, line::jsonb AS a
FROM (VALUES ('2025-07', '/window_2025.jsonl'), ('2026-10', '/window_2026.jsonl')) f(sched, file),
     regexp_split_to_table(pg_read_file(:'dir' || file), '\n') WITH ORDINALITY AS x(line, n)
WHERE line <> '';

-- A gateway's replay: one UPDATE per event, as webhooks arrive; each query
-- answered from the contact's row at that point.
CREATE TABLE gw (wa_id text PRIMARY KEY, wstate bytea);
CREATE TABLE pg_answers (sched text, qn bigint, a jsonb);
DO $$
DECLARE r record; qn bigint := 0;
BEGIN
    FOR r IN SELECT n, e FROM ev ORDER BY n LOOP
        IF r.e ->> 'type' = 'query' THEN
            qn := qn + 1;
            INSERT INTO pg_answers
            SELECT s, qn, watpl_window_query((SELECT wstate FROM gw WHERE wa_id = r.e ->> 'contact'),
                                             (r.e ->> 't')::bigint, r.e ->> 'kind', s,
                                             (r.e ->> 'service_sent_this_month')::bigint)
            FROM unnest(ARRAY['2025-07', '2026-10']) s;
        ELSE
            INSERT INTO gw VALUES (r.e ->> 'contact', NULL) ON CONFLICT DO NOTHING;
            UPDATE gw SET wstate = watpl_window_apply(wstate, r.e) WHERE wa_id = r.e ->> 'contact';
        END IF;
    END LOOP;
END $$;

SELECT c.sched, count(*) > 500 AS enough_queries,
       count(*) FILTER (WHERE p.a = c.a - '{contact,t,market,price,currency,price_reason}'::text[]) = count(*) AS all_equal,
       count(DISTINCT c.a ->> 'reason') >= 10 AS many_reasons
FROM cli_answers c JOIN pg_answers p USING (sched, qn)
GROUP BY c.sched ORDER BY 1;
SELECT (SELECT count(*) FROM cli_answers) = (SELECT count(*) FROM pg_answers) AS same_count;
-- Any difference, shown in full (none expected).
SELECT c.sched, c.qn, c.a, p.a FROM cli_answers c JOIN pg_answers p USING (sched, qn)
WHERE p.a <> c.a - '{contact,t,market,price,currency,price_reason}'::text[] ORDER BY 1, 2 LIMIT 5;

-- The aggregate over a contact's events gives the same state as the UPDATEs.
SELECT count(*) AS contacts, count(*) FILTER (WHERE g.wstate = a.s) AS equal_states
FROM gw g JOIN (SELECT e ->> 'contact' AS wa_id, watpl_window_agg(e ORDER BY n) AS s
                FROM ev WHERE e ->> 'type' <> 'query' GROUP BY 1) a USING (wa_id);
-- Replaying every webhook a second time changes no state.
SELECT count(*) FILTER (WHERE watpl_window_apply(g.wstate, ev.e) <> g.wstate) AS changed_by_repeat
FROM ev JOIN gw g ON g.wa_id = ev.e ->> 'contact' WHERE ev.e ->> 'type' <> 'query';

-- Templates: lint, classify and render equal the command's JSON without "source"
-- (a template's position; for render, the payload's).
CREATE TABLE cli_json AS
SELECT cmd, line::jsonb AS j
FROM (VALUES ('lint'), ('classify'), ('render')) f(cmd),
     regexp_split_to_table(pg_read_file(:'dir' || '/' || cmd || '.jsonl'), '\n') AS line
WHERE line <> '';
SELECT cmd, count(*) AS templates,
       count(*) FILTER (WHERE
           CASE cmd WHEN 'lint' THEN watpl_lint(t)
                    WHEN 'classify' THEN watpl_classify(t)
                    ELSE watpl_render(t, pg_read_file(:'dir' || '/render_params.json')::jsonb) END
           = j - 'source') AS equal
FROM (SELECT cmd, j, pg_read_file(:'dir' || '/' || CASE cmd WHEN 'render' THEN 'render_template.json'
                                                     ELSE split_part(j ->> 'source', ':', 1) END)::jsonb AS t
      FROM cli_json) x
GROUP BY cmd ORDER BY cmd;
