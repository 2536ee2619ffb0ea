#!/usr/bin/env python3
"""Measure the classifier on labeled templates (Meta's JSON, one per line,
the label in "category"; tools/corpus2meta.py output).

Usage: eval_classifier.py --features BIN META.jsonl...

Prints, side by side:
- in-sample: the library itself (through the Python binding) on every
  record, with the weights compiled in (fitted on all of them);
- held-out by source: the records of real sources (not the ones the project
  wrote) grouped by provider or repository, the groups dealt into folds, each
  fold scored by weights fitted on the other folds and on the written records
  (tools/fit_classifier.py), the confidences of each fold calibrated on the
  other folds' held-out predictions (never on the fold's own), and, stricter,
  on held-out predictions of the other folds made by models that never saw
  the fold either (a cross-validation inside the other folds);
by set and by language, a confusion matrix, the calibration tables (accuracy of
the predictions whose confidence is at least 0.6, 0.8, 0.9; accuracy and mean
confidence by band of confidence, and the expected calibration error: the
mean, over the predictions, of |accuracy - mean confidence| of their band) and
every held-out miss with its top signals.
"""
import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import fit_classifier as fc  # noqa: E402
import watpl  # noqa: E402

CATS = fc.CATS
LEVELS = (0.6, 0.8, 0.9)


def pct(a, b):
    return "%5.1f %% (%d/%d)" % (100.0 * a / b, a, b) if b else "    - (0/0)"


def table(title, keyed):
    """keyed: {key: (in-sample right, in-sample n, held-out right, held-out n)}"""
    print("%-22s %-22s %-22s" % (title, "in-sample", "held-out by source"))
    for key in sorted(keyed, key=lambda k: (-keyed[k][1], k)):
        a, n, b, m = keyed[key]
        print("%-22s %-22s %-22s" % (key, pct(a, n), pct(b, m)))


def confusion(pairs, title):
    m = {(t, p): 0 for t in range(3) for p in range(3)}
    for t, p in pairs:
        m[(t, p)] += 1
    print("confusion, %s (rows: label, columns: predicted)" % title)
    print("%-16s " % "" + " ".join("%14s" % c for c in CATS))
    for t in range(3):
        print("%-16s " % CATS[t] + " ".join("%14d" % m[(t, p)] for p in range(3)))


BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 1.0)


def calibration(rows, title):
    """rows: (confidence, right)"""
    print("calibration, %s" % title)
    print("%-16s %10s %10s" % ("confidence >=", "templates", "right"))
    for level in LEVELS:
        sel = [ok for conf, ok in rows if conf >= level]
        print("%-16s %10d %10s" % ("%.1f" % level, len(sel),
                                   "%.1f %%" % (100.0 * sum(sel) / len(sel)) if sel else "-"))
    print("%-16s %10s %10s %16s" % ("confidence in", "templates", "right", "mean confidence"))
    ece = 0.0
    for lo, hi in zip(BANDS, BANDS[1:]):
        sel = [(conf, ok) for conf, ok in rows if lo <= conf < hi or (hi == 1.0 and conf == 1.0)]
        if not sel:
            continue
        acc = sum(ok for _, ok in sel) / len(sel)
        mean = sum(conf for conf, _ in sel) / len(sel)
        ece += len(sel) / len(rows) * abs(acc - mean)
        print("%-16s %10d %10s %16.3f" % ("[%.2f, %.2f%s" % (lo, hi, "]" if hi == 1.0 else ")"), len(sel),
                                          "%.1f %%" % (100.0 * acc), mean))
    print("expected calibration error (these bands): %.3f" % ece)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True)
    ap.add_argument("meta", nargs="+")
    args = ap.parse_args()
    records = fc.load(args.meta, args.features)
    scored = [r for r in records if not r.get("derived")]

    # in-sample: the library as built
    lib = {}
    for r in scored:
        res = watpl.classify(r["template"])
        lib[r["id"]] = (CATS.index(res.category), res.confidence, res)
    # held-out by source
    full = fc.fit(records)
    models = {}
    oof = fc.held_out(records, full, models=models)
    folds = sorted({k for _, _, _, _, k in oof})
    # each fold's calibration, fitted on the other folds' held-out predictions
    cals = {k: fc.fit_calibration([(z, sh, ev, r["label"]) for r, z, sh, ev, kk in oof if kk != k]) for k in folds}
    # stricter: on held-out predictions of the other folds made by models that
    # never saw this fold either (a cross-validation inside the other folds,
    # started from this fold's own model)
    nested = {k: fc.fit_calibration([(z, sh, ev, r["label"])
                                     for r, z, sh, ev, _ in fc.held_out(records, models[k], skip=k)])
              for k in folds}
    held, held_nested = {}, {}
    for r, z, sh, ev, k in oof:
        held[r["id"]] = (fc.winner(z), fc.confidence(cals[k], z, sh, ev), z)
        held_nested[r["id"]] = (fc.winner(z), fc.confidence(nested[k], z, sh, ev), z)

    def keyed(key):
        out = {}
        for r in scored:
            k = key(r)
            a, n, b, m = out.get(k, (0, 0, 0, 0))
            a += lib[r["id"]][0] == r["label"]
            n += 1
            if r["id"] in held:
                b += held[r["id"]][0] == r["label"]
                m += 1
            out[k] = (a, n, b, m)
        return out

    real = [r for r in scored if not r["written"]]
    a = sum(lib[r["id"]][0] == r["label"] for r in real)
    b = sum(held[r["id"]][0] == r["label"] for r in real)
    print("== classifier: %d labeled templates (%d from real sources in %d source groups, %d folds; "
          "%d written by the project)" % (len(scored), len(real), len({r["group"] for r in real}),
                                          len(folds), len(scored) - len(real)))
    print("real sources: in-sample %s, held-out by source %s" % (pct(a, len(real)), pct(b, len(real))))
    print()
    table("set", keyed(lambda r: r["set"]))
    print()
    table("language", keyed(lambda r: r["language"] + ("" if not r["written"] else " (written)")))
    print()
    confusion([(r["label"], lib[r["id"]][0]) for r in scored], "in-sample, all records")
    confusion([(r["label"], held[r["id"]][0]) for r in real], "held-out by source")
    print()
    calibration([(lib[r["id"]][1], lib[r["id"]][0] == r["label"]) for r in scored], "in-sample, all records")
    calibration([(held[r["id"]][1], held[r["id"]][0] == r["label"]) for r in real], "held-out by source")
    calibration([(held_nested[r["id"]][1], held_nested[r["id"]][0] == r["label"]) for r in real],
                "held-out by source, each fold calibrated on predictions by models that never saw it")

    def spread(cs):
        return ", ".join("%.2f..%.2f" % (min(c[i] for c in cs.values()), max(c[i] for c in cs.values()))
                         for i in range(3))

    cal = fc.fit_calibration([(z, sh, ev, r["label"]) for r, z, sh, ev, _ in oof])
    print("calibration fitted on every held-out prediction (the library's): confidence = logistic(%.2f + %.2f x "
          "(1 - exp(-margin)) - %.2f x shape), at most %.2f without evidence" % (tuple(cal) + (fc.UNSUPPORTED_CAP,)))
    unsupported = [r for r, z, _, ev, _ in oof if not fc.supported(z, ev)]
    print("held-out predictions without evidence of their category (capped): %d, right %s"
          % (len(unsupported), pct(sum(held[r["id"]][0] == r["label"] for r in unsupported), len(unsupported))))
    # the held-out confidences above are computed here, not by the library:
    # the same formula must give the library's own on every record
    gap = max(abs(fc.confidence(cal, full.logits(r), full.shape(r), full.evidence(r)) - lib[r["id"]][1])
              for r in scored)
    same = all(fc.winner(full.logits(r)) == lib[r["id"]][0] for r in scored)
    print("this tool's confidence vs the library's, every record: largest difference %.4f, same categories: %s"
          % (gap, "yes" if same else "NO"))
    print("each fold's, on the other folds' predictions: %s; on predictions by models that never saw it: %s"
          % (spread(cals), spread(nested)))
    print()
    for r in real:
        c, conf, _ = held[r["id"]]
        if c != r["label"]:
            res = lib[r["id"]][2]
            top = ", ".join("%s %+.2f" % (s.rule, s.weight) for s in res.signals[:3]) or "no signal"
            print("  held-out miss %s (%s, %s): %s read as %s (%.2f, strict %.2f); in-sample signals: %s"
                  % (r["id"], r["language"], r["group"], CATS[r["label"]], CATS[c], conf,
                     held_nested[r["id"]][1], top))


if __name__ == "__main__":
    main()
