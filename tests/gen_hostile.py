#!/usr/bin/env python3
"""Hostile input files for the record reader of `watpl` (docs/cli.md, "Input").

    gen_hostile.py write DIR     write the files and, for each, DIR/NAME.expect (JSON)
    gen_hostile.py check EXPECT OUTPUT
                                 check a `--json` output against its .expect file

Broken lines of every kind sit between good records: a good record cut at
every byte, unbalanced and stray brackets, a BOM and CRLF mid-file, invalid
UTF-8, NUL bytes, `data` fields, GET pages with bad elements, a line over the
1 MiB record bound, bare words. The .expect file lists, in order, the output
record each input record must give: its line, and either the name (contact)
of a good record or "error". The check asserts one output record per input
record, each naming its own line, every good record answered.
SPDX-License-Identifier: MIT
"""
import json
import os
import sys

BOM = b"\xef\xbb\xbf"


def template(name, extra=None):
    t = {"name": name, "language": "en_US", "category": "UTILITY",
         "components": [{"type": "BODY", "text": "Your order {{1}} has shipped today.",
                         "example": {"body_text": [["A-1042"]]}}]}
    if extra:
        t.update(extra)
    return t


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":")).encode()


# Lines that cannot be read, whatever the command (one error record each).
BROKEN = [
    b"[[[", b"{{{", b'{"a":[', b"]]]", b"]", b"}", b'{"a":1}}', b'[{"a":1}', b"{",
    b'{"name":"esc\\', b'{"name":"open', b'"just a string', b"nope", b"42", b"null", b"true",
    b'{"name":"caf\xc3"}', b"\xff\xfe", b'{"name":"over\xc0\xaflong"}', b'{"name":"nul\x00byte"}',
    b"\x00\x00", BOM + b'{"cut":', b'{"a":1} trailing', b'{"a":1},', b'{"a"::1}', b"[" * 100 + b"]" * 100,
    b'{"name":"\xe0\xa4\xb9\xe0\xa4', b'{"data":', b"\x1b[31mred\x1b[0m",
]


class Writer:
    """Lines with their expected output records."""

    def __init__(self):
        self.lines = []
        self.expect = []

    def line(self, raw, records=()):
        self.lines.append(raw)
        n = len(self.lines)
        for r in records:
            self.expect.append({"line": n, "record": r})

    def good(self, name, raw):
        self.line(raw, [name])

    def bad(self, raw):
        self.line(raw, ["error"])

    def write(self, path, eol=b"\n"):
        with open(path, "wb") as f:
            f.write(eol.join(self.lines) + eol)
        with open(path + ".expect", "w") as f:
            json.dump(self.expect, f)


def templates_jsonl(path, big):
    w = Writer()
    count = [0]

    def good_template(extra=None, prefix=b"", suffix=b""):
        count[0] += 1
        name = "good_%d" % count[0]
        w.good(name, prefix + compact(template(name, extra)) + suffix)

    good_template()
    cut = compact(template("cut_me"))
    for k in range(1, len(cut)):  # a good record cut at every byte
        w.bad(cut[:k])
        good_template()
    for raw in BROKEN:
        w.bad(raw)
        good_template()
    good_template(prefix=BOM)                  # a BOM mid-file
    good_template(suffix=b"\r")                # CRLF mid-file
    good_template(prefix=b"   \t")             # indented
    good_template({"data": [1, 2, 3]})         # a template with a data field is a template
    good_template({"data": [{"name": "inner"}]})
    w.line(b"")                                # blank lines give no record
    w.line(b"  \t \r")
    good_template()
    # a GET page with bad elements: one record per element, on its line
    p1, p2 = template("page_one"), template("page_two")
    page = b'{"data":[' + compact(p1) + b',1,"str",{"name":5},[],' + compact(p2) + b'],"paging":{"cursors":{}}}'
    w.line(page, ["page_one", "error", "error", "error", "error", "page_two"])
    good_template()
    # a page cut before its closing brace: its elements, then one error
    page = b'{"data":[' + compact(template("page_three")) + b"]"
    w.line(page, ["page_three", "error"])
    good_template()
    # a page cut inside an element: the good elements, then one error
    page = b'{"data":[' + compact(template("page_four")) + b"," + compact(template("cut"))[:40]
    w.line(page, ["page_four", "error"])
    good_template()
    if big:
        w.bad(b'{"name":"big","pad":"' + b"x" * (1 << 20) + b'"}')  # over the record bound
        good_template()
    w.write(path)


def window_jsonl(path):
    w = Writer()
    count = [0]

    def query(extra=None, prefix=b"", suffix=b""):
        count[0] += 1
        contact = "q%d" % count[0]
        q = {"contact": contact, "type": "query", "t": 1767225600 + count[0], "kind": "UTILITY"}
        if extra:
            q.update(extra)
        w.good(contact, prefix + compact(q) + suffix)

    query()
    cut = compact({"contact": "cut", "type": "query", "t": 1767225600, "kind": "UTILITY"})
    for k in range(1, len(cut)):
        w.bad(cut[:k])
        query()
    for raw in BROKEN:
        w.bad(raw)
        query()
    query(prefix=BOM)
    query(suffix=b"\r")
    query({"data": [1, 2]})
    # an event (no output) with a data field, then a query of its contact
    w.line(compact({"contact": "ev", "type": "inbound", "t": 1767225600, "data": [{"x": 1}]}))
    w.good("ev", compact({"contact": "ev", "type": "query", "t": 1767225700, "kind": "MARKETING"}))
    w.bad(b'{"contact":"bad\xff","type":"query","t":1,"kind":"UTILITY"}')  # input.utf8
    query()
    w.write(path)


def pretty_values(path, as_array):
    """Pretty-printed templates (an array of them, or one after another),
    some cut short: each cut one is one error, the next one is read."""
    out, expect = [], []
    count = [0]
    line = [1]

    def add(text, record):
        expect.append({"line": line[0], "record": record})
        out.append(text)
        line[0] += text.count("\n") + 1

    indent = "  " if as_array else ""
    sample = json.dumps(template("cut_me"), indent=2).replace("\n", "\n" + indent)
    cuts = list(range(1, len(sample), 7))
    for k in [None] + cuts:
        count[0] += 1
        name = "good_%d" % count[0]
        good = json.dumps(template(name), indent=2).replace("\n", "\n" + indent)
        if k is not None:
            add(indent + sample[:k], "error")
        add(indent + good, name)
    sep = ",\n" if as_array else "\n"
    body = sep.join(out)
    text = "[\n" + body + "\n]\n" if as_array else body + "\n"
    if as_array:
        for e in expect:
            e["line"] += 1
    with open(path, "w") as f:
        f.write(text)
    with open(path + ".expect", "w") as f:
        json.dump(expect, f)


def write(d):
    os.makedirs(d, exist_ok=True)
    templates_jsonl(os.path.join(d, "templates.jsonl"), big=True)
    window_jsonl(os.path.join(d, "events.jsonl"))
    pretty_values(os.path.join(d, "array.json"), True)
    pretty_values(os.path.join(d, "values.json"), False)


def check(expect_path, output_path):
    expect = json.load(open(expect_path))
    with open(output_path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")  # every output line is valid UTF-8
    got = [json.loads(l) for l in text.splitlines()]
    bad = []
    if len(got) != len(expect):
        bad.append("%d output records for %d input records" % (len(got), len(expect)))
    for i, (e, g) in enumerate(zip(expect, got)):
        src = g.get("source")
        line = int(src.rsplit(":", 1)[1]) if src else e["line"]
        name = "error" if "error" in g else g.get("name", g.get("contact"))
        if name != e["record"] or line != e["line"]:
            bad.append("record %d: got %s at line %s, expected %s at line %d"
                       % (i, name, line, e["record"], e["line"]))
        if len(bad) > 10:
            break
    if bad:
        print("\n".join(bad))
        return 1
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "write":
        write(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2], sys.argv[3]))
    else:
        sys.exit(__doc__)
