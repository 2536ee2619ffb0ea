#!/usr/bin/env python3
"""Convert the labeled corpus (flat records: header/body/footer/buttons) into
Meta's template JSON, one template per line.

Usage: corpus2meta.py IN.jsonl OUT.jsonl

The output keeps the corpus id and labels under extra keys (x_corpus_id,
x_expected_valid) that the library ignores. Placeholders are left exactly as
written (some records use invalid syntax on purpose); examples are generated
for every well-formed variable so that valid texts make valid templates.
"""
import json
import re
import sys

POSITIONAL = re.compile(r"\{\{([1-9][0-9]*)\}\}")
NAMED = re.compile(r"\{\{([a-z_][a-z0-9_]{0,31})\}\}")
BUTTON_TYPES = {"QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW", "VOICE_CALL",
                "MPM", "CATALOG", "SPM", "CALL_PERMISSION_REQUEST", "APP"}


def slug(text):
    s = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")
    return s[:512] or "template"


def language(code):
    return {"en": "en_US", "pt": "pt_BR"}.get(code, code)


def examples_for(text, named):
    if named:
        names = []
        for n in NAMED.findall(text):
            if n not in names:
                names.append(n)
        return {"named": [{"param_name": n, "example": "sample_" + n} for n in names]}
    nums = sorted({int(n) for n in POSITIONAL.findall(text)})
    return {"positional": ["sample%d" % n for n in nums]}


def text_component(kind, text, named, key):
    comp = {"type": kind, "text": text}
    if kind == "HEADER":
        comp["format"] = "TEXT"
    ex = examples_for(text, named)
    if ex.get("positional"):
        comp["example"] = {key: ex["positional"] if kind == "HEADER" else [ex["positional"]]}
    elif ex.get("named"):
        comp["example"] = {key + "_named_params": ex["named"]}
    return comp


def button(b):
    t = (b.get("type") or "QUICK_REPLY").upper()
    out = {"type": t}
    if t not in ("COPY_CODE", "OTP"):
        out["text"] = b.get("text") or t.title()
    if t == "URL":
        out["url"] = b.get("url") or "https://example.com/"
        if "{{" in out["url"]:
            out["example"] = ["sample"]
    if t == "PHONE_NUMBER":
        out["phone_number"] = b.get("phone_number") or "+15550100000"
    if t == "COPY_CODE":
        out["example"] = "SAMPLE10"
    return out


def convert(r):
    body = r.get("body") or ""
    named = bool(NAMED.search(body + (r.get("header") or ""))) and not POSITIONAL.search(body)
    tpl = {"name": r.get("name") or slug(r["id"]), "language": language(r.get("language") or "en_US"),
           "category": r["category"]}
    if named:
        tpl["parameter_format"] = "named"
    comps = []
    if r["category"] == "AUTHENTICATION":
        comps.append({"type": "BODY", "add_security_recommendation": True})
        comps.append({"type": "BUTTONS", "buttons": [{"type": "OTP", "otp_type": "COPY_CODE"}]})
        tpl["x_body_text"] = body
    else:
        if r.get("header"):
            comps.append(text_component("HEADER", r["header"], named, "header_text"))
        comps.append(text_component("BODY", body, named, "body_text"))
        if r.get("footer"):
            comps.append({"type": "FOOTER", "text": r["footer"]})
        buttons = [button(b) for b in r.get("buttons") or []]
        if buttons:
            comps.append({"type": "BUTTONS", "buttons": buttons})
    tpl["components"] = comps
    tpl["x_corpus_id"] = r["id"]
    tpl["x_expected_valid"] = r.get("expected_valid")
    tpl["x_source"] = r.get("source") or ""
    return tpl


def main():
    src, dst = sys.argv[1], sys.argv[2]
    n = 0
    with open(src, encoding="utf-8") as f, open(dst, "w", encoding="utf-8") as out:
        for line in f:
            if line.strip():
                out.write(json.dumps(convert(json.loads(line)), ensure_ascii=False) + "\n")
                n += 1
    print("corpus2meta: %d templates -> %s" % (n, dst), file=sys.stderr)


if __name__ == "__main__":
    main()
