#!/usr/bin/env python3
"""Write the seed corpora of the fuzz targets (fuzz/corpus/<target>/) from the
bundled examples and the test fixtures. Deterministic: running it twice gives
the same files. Usage: tools/gen_fuzz_seeds.py [repo-root]
SPDX-License-Identifier: MIT"""
import glob
import hashlib
import json
import os
import struct
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode("utf-8")
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def templates():
    """Every example template, every rule fixture (trigger and clean), a few
    dev-corpus templates in Meta's form."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "examples", "templates", "**", "*.json"), recursive=True)):
        with open(path, "rb") as f:
            out.append(f.read().decode("utf-8"))
    cases = os.path.join(ROOT, "tests", "data", "rules", "cases.jsonl")
    with open(cases, encoding="utf-8") as f:
        for i, line in enumerate(f):
            case = json.loads(line)
            # every fourth rule keeps the corpus small; triggers cover each family
            if i % 4 == 0:
                for key in ("trigger", "clean"):
                    if isinstance(case.get(key), dict):
                        out.append(json.dumps(case[key], ensure_ascii=False))
    return out


def body_values(tpl):
    """A send payload with one value per placeholder of the body and header."""
    comps = []
    for c in tpl.get("components", []):
        t = c.get("type", "")
        if t in ("BODY", "HEADER") and isinstance(c.get("text"), str):
            n = c["text"].count("{{")
            if n:
                comps.append({"type": t.lower(),
                              "parameters": [{"type": "text", "text": "valor %d \U0001F600" % k}
                                             for k in range(n)]})
        if t == "BUTTONS":
            for i, b in enumerate(c.get("buttons", [])):
                if b.get("type") == "URL" and "{{" in b.get("url", ""):
                    comps.append({"type": "button", "sub_type": "url", "index": str(i),
                                  "parameters": [{"type": "text", "text": "abc-123"}]})
                if b.get("type") == "COPY_CODE":
                    comps.append({"type": "button", "sub_type": "copy_code", "index": str(i),
                                  "parameters": [{"type": "coupon_code", "coupon_code": "SAVE25"}]})
    return comps


def main():
    tpls = templates()
    for t in tpls:
        put("template", t)
    # malformed JSON shapes that exercise the error paths
    for t in ['{"name":', '[' * 40, '{"components":[{"type":"BODY","text":"\\ud800"}]}',
              '{"name":"a","language":"en_US","category":"MARKETING","components":{}}', '\xff\xfe',
              '{"data":[{"name":"x"}]}']:
        put("template", t)

    for t in tpls[:40]:
        try:
            obj = json.loads(t)
        except ValueError:
            continue
        if not isinstance(obj, dict):
            continue
        # fuzz_send reads the same inputs as fuzz_render
        for target in ("render", "send"):
            put(target, t.encode("utf-8") + b"\0" + json.dumps(body_values(obj), ensure_ascii=False).encode("utf-8"))
            put(target, t.encode("utf-8") + b"\0" + "raw value {{1}}\n\t  ".encode("utf-8"))

    # window: event streams of 10-byte records (type, kind, little-endian time)
    base = 1767225600  # 2026-01-01T00:00:00Z
    def ev(type_, kind, t):
        return bytes([type_, kind]) + struct.pack("<q", t)
    streams = [
        [ev(0, 0, base), ev(4, 1, base + 3600), ev(3, 3, base + 7200), ev(4, 2, base + 90000)],
        [ev(0, 1, base), ev(4, 0, base + 60), ev(3, 0, base + 120), ev(4, 0, base + 72 * 3600)],
        [ev(1, 0, base), ev(2, 0, base + 10), ev(3, 1, base + 20), ev(4, 3, base + 86400)],
        [ev(0, 0, base + 86400 * k) for k in range(12)] + [ev(4, 1, base + 86400 * 13)],
        [ev(3, 2, base), ev(0, 0, base - 1), ev(4, 2, -(2 ** 63)), ev(4, 2, 2 ** 63 - 1)],
    ]
    for s in streams:
        put("window", b"".join(s))
    try:
        sys.path.insert(0, os.path.join(ROOT, "python"))
        os.environ.setdefault("WATPL_LIBRARY", os.path.join(ROOT, "build", "libwatpl.so.1"))
        import watpl  # noqa: E402
        w = watpl.Window()
        w.inbound(base, entry="ctwa")
        w.outbound(base + 60, "MARKETING")
        w.call(base + 3600)
        put("window", w.save())
        w.reset()
        put("window", w.save())
        w.close()
    except Exception as e:  # the library is needed only for saved-state seeds
        print("gen_fuzz_seeds: no saved-state seeds (%s)" % e, file=sys.stderr)

    texts = [
        "Hello {{1}}, your order {{2}} has shipped.",
        "Olá {{nome}}! Seu código é {{ 1 }} {1} {{#}} {{",
        "👨‍👩‍👧‍👦 🇧🇷 🇺🇸 ❤️ 1️⃣ 👍🏽",
        "e\u0301\u0301\u0301 ﬁ Ａ ß İ",
        "مرحبا {{1}} ، طلبك جاهز",
        "नमस्ते {{1}}, आपका ऑर्डर",
        "\xc0\xaf overlong \xed\xa0\x80 surrogate \xf4\x90\x80\x80 too high \xe2\x82",
        "{" * 300 + "}" * 300,
        " " * 200 + "\n" * 20,
    ]
    for t in texts:
        put("text", t.encode("latin-1") if t.startswith("\xc0") else t.encode("utf-8"))
    for data in reader_seeds():
        put("reader", data)
    for data in pricing_seeds():
        put("pricing", data)
    return 0


def pricing_seeds():
    """Rate cards (the shipped ones, a newer one, an overlapping one) and
    phone numbers, for fuzz_pricing."""
    import glob
    out = [open(f, "rb").read() for f in sorted(glob.glob(os.path.join(ROOT, "data", "pricing", "cards", "*.csv")))]
    out += [b"model,PMP\ncurrency,USD\neffective_from,2026-07-01\nmarket,marketing,utility,authentication\n"
            b"United Kingdom,0.0635,0.022,0.022\n",
            b"model,PMP\ncurrency,USD\neffective_from,2026-03-01\nmarket,marketing,utility,authentication\n"
            b"Brazil,0.1,0.1,0.1\n",
            b"+55 11 99999-0000", b"+1 809 555 0143", b"+7 701 123 4567", b"customer-7"]
    return out


def reader_seeds():
    """Files for the record reader of the command: JSON Lines with cut lines,
    GET pages (cut, with a data field that is not one), pretty values,
    arrays, a stray bracket, BOM and CRLF, invalid UTF-8."""
    good = ('{"name":"good_%d","language":"en_US","category":"UTILITY","components":'
            '[{"type":"BODY","text":"Your order has shipped."}]}')
    g = [good % i for i in range(8)]
    pretty = [json.dumps(json.loads(x), indent=2) for x in g[:3]]
    seeds = [
        "\n".join(g[:3]) + "\n",
        g[1] + "\n" + '{"name":"cut","components":[{"text":"Your ord\n' + g[2] + "\n",
        '{"name":"esc\\\n' + g[3] + "\n",
        "[[[\n" + g[4] + "\n]\n" + '{"a":{{\n',
        '{"data":[' + g[5] + "," + g[6] + '],"paging":{"cursors":{"before":"a","after":"b"}}}\n',
        '{"data":[' + g[5] + "," + g[6] + "]\n" + g[7] + "\n",
        '{"data":[1],"name":"x"}\n{"contact":"a","type":"inbound","t":1,"data":[{"x":1}]}\n',
        "\ufeff" + g[1] + "\r\n\ufeff" + g[2] + "\r\n",
        pretty[0] + "\n" + pretty[1] + "\n",
        json.dumps([json.loads(x) for x in g[:3]], indent=2) + "\n",
        "[" + ",\n".join(g[:3]) + "]\n",
        "[\n" + g[1] + "\n],\n" + g[2] + "\n]\n",
        json.dumps({"data": [json.loads(x) for x in g[:2]], "paging": {}}, indent=2) + "\n",
    ]
    out = [x.encode("utf-8") for x in seeds]
    out.append(b'{"name":"caf\xc3"}\n' + g[1].encode() + b"\n\xff\xfe\n")
    return out


if __name__ == "__main__":
    sys.exit(main())
