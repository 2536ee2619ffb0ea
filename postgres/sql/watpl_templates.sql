-- Templates: lint, classify, render; NULLs, bad JSON, errors with SQLSTATE and DETAIL.
CREATE EXTENSION watpl;

-- The SQLSTATE, message and DETAIL of a statement's error.
CREATE FUNCTION err(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text;
BEGIN
    EXECUTE q;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
    RETURN st || ': ' || msg || coalesce(' | ' || nullif(det, ''), '');
END $$;

-- Every function: its volatility, parallel safety and strictness.
SELECT p.proname, pg_get_function_identity_arguments(p.oid) AS args, p.provolatile, p.proparallel, p.proisstrict
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension x ON x.oid = d.refobjid AND x.extname = 'watpl'
ORDER BY 1, 2;

SELECT watpl_version() ~ '^[0-9]+\.[0-9]+\.[0-9]+$' AS version_ok;

CREATE TABLE tpl (name text PRIMARY KEY, body jsonb);
INSERT INTO tpl VALUES
('good', '{"name":"order_update","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"Hello {{1}}, your order {{2}} has shipped and will arrive soon.","example":{"body_text":[["Ana","A-1"]]}}]}'),
('promo', '{"name":"Big Sale","language":"en_US","category":"UTILITY","components":[{"type":"BODY","text":"{{1}} get 50% off everything today only! Shop now and save big with our discount code."}]}');

SELECT name, watpl_lint(body) -> 'valid' AS valid, watpl_lint(body) -> 'errors' AS errors,
       jsonb_path_query_array(watpl_lint(body), '$.diagnostics[*].rule') AS rules
FROM tpl ORDER BY name;

SELECT name, watpl_classify(body) ->> 'category' AS category, watpl_classify(body) ->> 'declared' AS declared,
       (watpl_classify(body) -> 'confidence')::numeric BETWEEN 0 AND 1 AS confidence_ok,
       jsonb_typeof(watpl_classify(body) -> 'signals') AS signals
FROM tpl ORDER BY name;

SELECT r ->> 'body' AS body, r -> 'valid' AS valid, r -> 'components' AS components
FROM (SELECT watpl_render(body, '[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"A-1"}]}]') AS r
      FROM tpl WHERE name = 'good') s;
SELECT jsonb_path_query_array(watpl_render(body, '[{"type":"body","parameters":[{"type":"text","text":"Ana"}]}]'),
                              '$.diagnostics[*].rule') AS rules
FROM tpl WHERE name = 'good';

-- NULL in, NULL out.
SELECT watpl_lint(NULL) IS NULL AS lint, watpl_classify(NULL) IS NULL AS classify,
       watpl_render(NULL, '[]') IS NULL AS render_t, watpl_render(body, NULL) IS NULL AS render_p
FROM tpl WHERE name = 'good';

-- Bad JSON never reaches the library: PostgreSQL's own 22P02.
SELECT err($q$SELECT watpl_lint('{"name": "x", ')$q$);
-- Wrong types and bounds: the rule id and the path in DETAIL.
SELECT err($q$SELECT watpl_lint('{"name": "x", "components": {"type": "BODY"}}')$q$);
SELECT err($q$SELECT watpl_lint('[1, 2]')$q$);
SELECT err($q$SELECT watpl_classify('{"name": 7}')$q$);
SELECT err($q$SELECT watpl_lint(jsonb_build_object('name', 'x', 'components',
    jsonb_build_array(jsonb_build_object('type', 'BODY', 'text', repeat('a', 70000)))))$q$);
SELECT err($q$SELECT watpl_render('{"name":"x","components":[{"type":"BODY","text":"Hi {{1}}"}]}', '{"components": 5}')$q$);
-- A number jansson cannot hold: a syntax error with its line and column.
SELECT err($q$SELECT watpl_lint('{"name": "x", "components": [{"type": "FOOTER", "code_expiration_minutes": 1e400}]}')$q$);
-- The extension keeps working after those errors.
SELECT watpl_lint(body) -> 'valid' AS still_valid FROM tpl WHERE name = 'good';
