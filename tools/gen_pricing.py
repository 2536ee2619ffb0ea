#!/usr/bin/env python3
"""Compile Meta's market table and rate cards (data/pricing/) into C.

Usage: gen_pricing.py OUT.c MARKETS.csv CARD.csv...

The output (lib/rates_data.c) is committed, so that building the library
needs no Python; `make pricing-data` runs this again after a data file
changed, and `make check` verifies that doing so changes nothing.

The card files follow docs/pricing.md, "Card files". This script checks them
as strictly as the library's run-time loader (lib/rates_card.c), and the unit
tests check that the compiled cards price exactly like the same files loaded
at run time.
"""
import csv
import datetime
import re
import sys

RATE_COLUMNS = ["marketing", "utility", "authentication", "authentication_international", "service"]
REQUIRED = ["marketing", "utility", "authentication"]
MODELS = {"CBP": 1, "PMP": 2}  # WATPL_PRICING_*
KEYS = ["model", "currency", "effective_from", "effective_until", "source"]
AMOUNT = re.compile(r"^([0-9]{1,6})(?:\.([0-9]{1,6}))?$")


def die(path, line, msg):
    sys.exit("%s:%d: %s" % (path, line, msg))


def c_string(s):
    out = []
    for b in s.encode("utf-8"):
        if 0x20 <= b < 0x7F and b not in (0x22, 0x5C, 0x3F):
            out.append(chr(b))
        else:
            out.append("\\%03o" % b)
    return '"' + "".join(out) + '"'


def read_markets(path):
    """Rows (digits, market, iso, country) and the place names: markets, then countries."""
    rows = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for i, r in enumerate(csv.DictReader(f), start=2):
            code = r["calling_code"].replace("-", "")
            if not code.isdigit() or len(code) > 6 or not re.fullmatch(r"[A-Z]{2}", r["country_iso"]):
                die(path, i, "bad calling code or country_iso")
            rows.append((code, r["market"], r["country_iso"], r["country"]))
    markets = ["Other"] + sorted({m for _, m, _, _ in rows} - {"Other"})
    countries = sorted({(c, iso) for _, _, iso, c in rows})
    names = list(markets)
    iso_of = [""] * len(markets)
    for c, iso in countries:
        if c in names:  # a country that is also a market (Argentina): one name
            iso_of[names.index(c)] = iso
        else:
            names.append(c)
            iso_of.append(iso)
    prefixes = {}
    for code, m, iso, c in rows:
        entry = (names.index(m), names.index(c))
        if code in prefixes and prefixes[code][0] != entry[0]:
            die(path, 0, "calling code %s in two markets" % code)
        # one prefix for several countries (+1: Canada, United States): no country
        prefixes[code] = entry if code not in prefixes or prefixes[code] == entry else (entry[0], -1)
    return names, iso_of, sorted(prefixes.items())


def parse_date(path, line, s, allow_undated):
    if allow_undated and s == "undated":
        return None
    try:
        d = datetime.date.fromisoformat(s) if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", s) else None
    except ValueError:
        d = None
    if d is None:
        die(path, line, "a date is YYYY-MM-DD: %r" % s)
    return (d - datetime.date(1970, 1, 1)).days * 86400


def micros(path, line, s):
    if s in ("", "n/a"):
        return -1
    m = AMOUNT.match(s)
    if not m:
        die(path, line, "not an amount: %r" % s)
    return int(m.group(1)) * 1000000 + int((m.group(2) or "").ljust(6, "0"))


def read_card(path, names):
    meta = {}
    rows = []
    header = None
    with open(path, encoding="utf-8-sig", newline="") as f:
        lines = [(i, l) for i, l in enumerate(f, start=1)]
    for i, text in lines:
        if text.startswith("#") or not text.strip():
            continue
        fields = next(csv.reader([text]))
        if header is None and fields[0] != "market":
            if fields[0] not in KEYS or fields[0] in meta or len(fields) != 2:
                die(path, i, "bad card fact %r" % fields[0])
            meta[fields[0]] = (i, fields[1])
        elif header is None:
            header = fields[1:]
            if len(set(header)) != len(header) or not set(header) <= set(RATE_COLUMNS) or \
                    not set(REQUIRED) <= set(header):
                die(path, i, "bad columns")
        else:
            if len(fields) != len(header) + 1:
                die(path, i, "%d fields, the header has %d" % (len(fields), len(header) + 1))
            if fields[0] not in names or any(r[0] == names.index(fields[0]) for r in rows):
                die(path, i, "unknown or repeated market %r" % fields[0])
            rate = dict(zip(header, fields[1:]))
            rows.append((names.index(fields[0]), [micros(path, i, rate.get(c, "")) for c in RATE_COLUMNS]))
    for k in ("model", "currency", "effective_from"):
        if k not in meta:
            die(path, 0, "missing %s" % k)
    if meta["model"][1] not in MODELS or not re.fullmatch(r"[A-Z]{3}", meta["currency"][1]) or not rows:
        die(path, 0, "bad model or currency, or no rows")
    start = parse_date(path, meta["effective_from"][0], meta["effective_from"][1], True)
    until_s = meta.get("effective_until", (0, ""))
    until = parse_date(path, until_s[0], until_s[1], False) if until_s[1] else None
    if until is not None and (start is None or until <= start):
        die(path, until_s[0], "effective_until must be after effective_from")
    rows.sort()
    return {"model": MODELS[meta["model"][1]], "currency": meta["currency"][1], "from": start,
            "until": until, "source": meta.get("source", (0, ""))[1], "rows": rows}


def main():
    out, markets_path, card_paths = sys.argv[1], sys.argv[2], sys.argv[3:]
    names, iso_of, prefixes = read_markets(markets_path)
    cards = [read_card(p, names) for p in sorted(card_paths)]
    o = []
    w = o.append
    w("/* Generated by tools/gen_pricing.py from data/pricing/: do not edit; run")
    w(" * `make pricing-data` after changing a data file (docs/pricing.md).")
    w(" * SPDX-License-Identifier: MIT */")
    w('#include "rates_internal.h"')
    w("")
    w("/* Markets first (0 is Other), then the countries that are not markets. */")
    w("const char *const watpl__place_names[] = {")
    for n in names:
        w("    %s," % c_string(n))
    w("};")
    w("const char *const watpl__place_iso[] = {")
    for iso in iso_of:
        w("    %s," % c_string(iso))
    w("};")
    w("const size_t watpl__n_places = %d;" % len(names))
    w("")
    w("/* Calling-code prefixes, sorted by digits: market and country (-1: several). */")
    w("const watpl__prefix watpl__prefixes[] = {")
    for code, (m, c) in prefixes:
        w("    {%s, %d, %d, %d}," % (c_string(code), len(code), m, c))
    w("};")
    w("const size_t watpl__n_prefixes = %d;" % len(prefixes))
    w("")
    for k, card in enumerate(cards):
        w("static const watpl__card_row card%d_rows[] = {" % k)
        for place, rates in card["rows"]:
            w("    {%d, {%s}}, /* %s */" % (place, ", ".join("INT64_C(%d)" % r for r in rates), names[place]))
        w("};")
    w("")
    w("const watpl__card watpl__compiled_cards[] = {")
    for k, card in enumerate(cards):
        t = lambda v: "WATPL_TIME_NONE" if v is None else "INT64_C(%d)" % v
        w("    {%d, %s, %s, %s, %s, card%d_rows, %d}," % (card["model"], c_string(card["currency"]),
                                                     t(card["from"]), t(card["until"]),
                                                     c_string(card["source"]), k, len(card["rows"])))
    w("};")
    w("const size_t watpl__n_compiled_cards = %d;" % len(cards))
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(o) + "\n")


if __name__ == "__main__":
    main()
