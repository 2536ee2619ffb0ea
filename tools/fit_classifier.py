#!/usr/bin/env python3
"""Fit the classifier's weights from labeled templates and write the weight
table the library compiles in (lib/classify_weights.c).

Usage: fit_classifier.py --features BIN [--write OUT.c] META.jsonl...

META.jsonl are labeled templates in Meta's JSON (tools/corpus2meta.py output:
the label in "category", the record's origin in "x_source"). BIN is
tools/cls_features.c built against the library: it prints, per template, the
features the library computes before weighting, so that what is fitted here
is exactly what the library multiplies.

The model is a multinomial logistic regression over those features:
score(c) = bias(c) + sum over features of value x weight(feature, c), fitted
as softmax(score). Weights are non-negative, so that every signal the library
reports pushes toward a category; a lexicon family (promo.discount,
txn.shipping, ...) may only push toward the category its lexicon gives it, the
transactional shape (txn.variables, txn.identifier, ...) toward UTILITY; the
other structural and content features (struct.*, content.*) toward whichever
categories the data says. Nine rules are Meta's definitions, not statistics,
and keep fixed weights (FIXED).

The library's probabilities are not softmax(score): the winner's probability,
the confidence, is a calibrated function of two things only,
  confidence = logistic(a + b x (1 - exp(-margin)) - c x shape),
with margin the winner's score minus the runner-up's and shape the part of the
winner's score that comes from signals not bound to its category (struct.* and
content.* features whose direction the fit chose: marks, buttons, length),
b, c >= 0 (the confidence rises with the margin and falls with the shape), at
least 1/3; and at most UNSUPPORTED_CAP when no signal bound to the winning
category has a weight (no phrase of its lexicons, no txn.* shape for UTILITY,
none of Meta's definitions: the win rests on shape and biases alone). The cap
is a fixed rule, not fitted: such wins are too few to calibrate (they were
right in some sources and mostly wrong in others), and a prediction with no
evidence of its category is not reported as sure (0.9 or more). a, b, c are fitted on held-out predictions, never on the scores of
the records that fitted the weights: the real records are grouped by source (a
provider's page, an app's repository, Meta's docs), the groups are dealt into
folds, each fold is predicted by weights fitted on the others, and the
calibration is a logistic regression of "the held-out prediction was right" on
those predictions' margin and shape, over the predictions the cap leaves to
it (those with evidence) (tools/eval_classifier.py reports these figures, each
fold's confidences calibrated on the other folds).
"""
import argparse
import json
import math
import subprocess
import sys

CATS = ["MARKETING", "UTILITY", "AUTHENTICATION"]
# Meta's definitions: an OTP button or the authentication preset is
# AUTHENTICATION; a carousel, a limited-time offer, a coupon-code button and
# catalog or product-message buttons are MARKETING template types; content
# whose purpose is unclear is MARKETING (its categorization guidelines); a
# link tagged as a campaign (utm_, promo, coupon) says so itself; and Meta
# moves a transactional update that also promotes to MARKETING (content.mixed:
# the promotional phrases of a text that also has transactional ones).
FIXED = {
    "content.mixed": (1.5, 0.0, 0.0),
    "content.unclear": (0.5, 0.0, 0.0),
    "struct.campaign_url": (1.0, 0.0, 0.0),
    "struct.auth_preset": (0.0, 0.0, 4.0),
    "struct.carousel": (6.0, 0.0, 0.0),
    "struct.catalog_button": (3.0, 0.0, 0.0),
    "struct.coupon_button": (3.0, 0.0, 0.0),
    "struct.limited_time_offer": (6.0, 0.0, 0.0),
    "struct.otp_button": (0.0, 0.0, 6.0),
}
L2 = 0.005         # weight decay on the mean log-loss (chosen among 0.001..0.04 by held-out accuracy)
ITERATIONS = 700   # full-batch Adam steps
FOLDS = 8
CAL_L2 = 0.001     # weight decay on the calibration's two slopes (its mean log-loss)
UNSUPPORTED_CAP = 0.8  # the confidence at most, when no signal bound to the winner has a weight
WRITTEN = "written by the libwatpl authors"


def source_group(source):
    """The provider or repository a record comes from."""
    s = source or ""
    if s.startswith("http"):
        host = s.split("/")[2]
        return host[4:] if host.startswith("www.") else host
    if s.startswith("github:"):
        return s.split()[0]
    return s.split(" (")[0][:40] or "unknown"


def base_language(code):
    return (code or "").replace("-", "_").split("_")[0]


def load(paths, features_bin):
    records = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = [line for line in f if line.strip()]
        # an AUTHENTICATION record is converted with Meta's preset body; its
        # own text, as a body, teaches the code phrases (training only)
        derived = []
        for line in lines:
            tpl = json.loads(line)
            if tpl.get("x_body_text") and tpl.get("category") == "AUTHENTICATION":
                derived.append(json.dumps({"name": "derived", "language": tpl["language"],
                                           "category": "AUTHENTICATION", "x_source": WRITTEN,
                                           "x_corpus_id": tpl.get("x_corpus_id", "") + "#text",
                                           "x_derived": True,
                                           "components": [{"type": "BODY", "text": tpl["x_body_text"]}]},
                                          ensure_ascii=False) + "\n")
        lines += derived
        out = subprocess.run([features_bin], input="".join(lines), capture_output=True, text=True,
                             check=True).stdout.splitlines()
        if len(out) != len(lines):
            sys.exit("fit_classifier: %s: %d templates but %d feature lines" % (path, len(lines), len(out)))
        for line, feats in zip(lines, out):
            tpl = json.loads(line)
            if tpl.get("category") not in CATS:
                continue
            src = tpl.get("x_source", "")
            records.append({
                "id": tpl.get("x_corpus_id") or tpl.get("name"),
                "set": path.rsplit("/", 1)[-1].split(".")[0],
                "group": source_group(src),
                "written": src == WRITTEN,
                "derived": bool(tpl.get("x_derived")),
                "language": base_language(tpl.get("language")),
                "label": CATS.index(tpl["category"]),
                "features": {k: (v[0], v[1]) for k, v in json.loads(feats).items()},
                "fallback": {k: v[2] for k, v in json.loads(feats).items() if v[1]},
                "template": tpl,
            })
    return records


class Model:
    """Weights per feature (3 columns), biases, confidence calibration."""

    def __init__(self, weights, bias, calibration=(0.0, 0.0, 0.0)):
        self.weights = weights
        self.bias = bias
        self.calibration = calibration

    def weight(self, rec, rule, cat):
        """As the library looks it up: a lexicon family the weights lack
        counts with its lexicon weight."""
        w = FIXED.get(rule) or self.weights.get(rule)
        if w is None and cat:
            w = [rec["fallback"][rule] if c == cat - 1 else 0.0 for c in range(3)]
        return w

    def logits(self, rec):
        z = list(self.bias)
        for rule, (value, cat) in rec["features"].items():
            w = self.weight(rec, rule, cat)
            if w:
                for c in range(3):
                    z[c] += value * w[c]
        return z

    def shape(self, rec, bound=False):
        """Per category, the weight of the signals whose rule is not bound to
        it (the library's shape); with bound, of those bound to it (the
        library's evidence)."""
        s = [0.0, 0.0, 0.0]
        for rule, (value, cat) in rec["features"].items():
            w = self.weight(rec, rule, cat)
            if w:
                for c in range(3):
                    if (cat == c + 1) == bound:
                        s[c] += value * w[c]
        return s

    def evidence(self, rec):
        return self.shape(rec, bound=True)


def winner(z):
    """The library's choice: the highest score, MARKETING first on a tie."""
    return max(range(3), key=lambda c: (z[c], -c))


def calibration_inputs(z, shape):
    """(1 - exp(-margin), shape of the winner), the calibration's inputs."""
    w = winner(z)
    runner_up = max(z[c] for c in range(3) if c != w)
    return 1.0 - math.exp(-max(0.0, z[w] - runner_up)), shape[w]


def supported(z, evidence):
    """Some signal bound to the winner has a weight (else the cap applies)."""
    return evidence[winner(z)] > 0.0


def confidence(cal, z, shape, evidence):
    """As the library computes it (watpl__cls_confidence)."""
    m, s = calibration_inputs(z, shape)
    t = cal[0] + cal[1] * m - cal[2] * s
    p = 0.0 if t < -30.0 else 1.0 / (1.0 + math.exp(-t))
    if not supported(z, evidence):
        p = min(p, UNSUPPORTED_CAP)
    return max(1.0 / 3.0, p)


def fit_calibration(rows):
    """rows: (logits, shape, evidence, label) of held-out predictions.
    Logistic regression of "right" on (1 - exp(-margin), -shape), slopes >= 0,
    by Newton's method, over the predictions with evidence (the cap decides
    the others); a slope that would be negative is held at 0."""
    data = []
    for z, shape, evidence, label in rows:
        if not supported(z, evidence):
            continue
        m, s = calibration_inputs(z, shape)
        data.append(((1.0, m, -s), 1.0 if winner(z) == label else 0.0))
    n = float(len(data))
    free = [0, 1, 2]
    while True:
        x = [0.0, 0.0, 0.0]
        for _ in range(100):
            grad = [CAL_L2 * x[i] if i else 0.0 for i in range(3)]
            hess = [[(CAL_L2 if i == j and i else 0.0) for j in range(3)] for i in range(3)]
            for f, y in data:
                t = sum(x[i] * f[i] for i in range(3))
                p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, t))))
                for i in range(3):
                    grad[i] += (p - y) * f[i] / n
                    for j in range(3):
                        hess[i][j] += p * (1.0 - p) * f[i] * f[j] / n
            step = solve([[hess[i][j] for j in free] for i in free], [grad[i] for i in free])
            for k, i in enumerate(free):
                x[i] -= step[k]
            if max(abs(v) for v in step) < 1e-12:
                break
        negative = [i for i in free if i and x[i] < 0.0]
        if not negative:
            return (x[0], x[1], x[2])
        free.remove(negative[0])


def solve(a, b):
    """Gaussian elimination with partial pivoting (a small, positive definite system)."""
    n = len(b)
    m = [list(a[i]) + [b[i]] for i in range(n)]
    for col in range(n):
        piv = max(range(col, n), key=lambda r: abs(m[r][col]))
        m[col], m[piv] = m[piv], m[col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            for c in range(col, n + 1):
                m[r][c] -= f * m[col][c]
    x = [0.0] * n
    for r in range(n - 1, -1, -1):
        x[r] = (m[r][n] - sum(m[r][c] * x[c] for c in range(r + 1, n))) / m[r][r]
    return x


def softmax(z):
    m = max(z)
    e = [math.exp(x - m) for x in z]
    s = sum(e)
    return [x / s for x in e]


def fit(records, init=None, iterations=ITERATIONS):
    """Projected Adam on the mean log-loss plus L2; non-negative weights."""
    index, allowed = {}, []
    for rec in records:
        for rule, (_, cat) in rec["features"].items():
            if rule in FIXED or rule in index:
                continue
            index[rule] = len(allowed)
            allowed.append([cat == 0 or cat == c + 1 for c in range(3)])
    nf = len(allowed)
    W = [[0.0, 0.0, 0.0] for _ in range(nf)]
    b = [0.0, 0.0, 0.0]
    if init:
        for rule, i in index.items():
            if rule in init.weights:
                W[i] = list(init.weights[rule])
        b = list(init.bias)
    rows = []
    for rec in records:
        feats = [(index[r], v) for r, (v, _) in rec["features"].items() if r in index]
        off = [0.0, 0.0, 0.0]
        for r, (v, _) in rec["features"].items():
            if r in FIXED:
                for c in range(3):
                    off[c] += v * FIXED[r][c]
        rows.append((feats, off, rec["label"], rec.get("weight", 1.0)))
    n = sum(r[3] for r in rows)
    mW = [[0.0] * 3 for _ in range(nf)]
    vW = [[0.0] * 3 for _ in range(nf)]
    mb, vb = [0.0] * 3, [0.0] * 3
    lr, b1, b2, eps = 0.05, 0.9, 0.999, 1e-8
    for step in range(1, iterations + 1):
        gW = [[L2 * W[i][c] for c in range(3)] for i in range(nf)]
        gb = [0.0, 0.0, 0.0]
        for feats, off, y, sw in rows:
            z = [b[c] + off[c] for c in range(3)]
            for i, v in feats:
                w = W[i]
                z[0] += v * w[0]
                z[1] += v * w[1]
                z[2] += v * w[2]
            p = softmax(z)
            p[y] -= 1.0
            for c in range(3):
                p[c] *= sw
                gb[c] += p[c] / n
            for i, v in feats:
                g = gW[i]
                g[0] += v * p[0] / n
                g[1] += v * p[1] / n
                g[2] += v * p[2] / n
        c1, c2 = 1 - b1 ** step, 1 - b2 ** step
        for c in range(3):
            mb[c] = b1 * mb[c] + (1 - b1) * gb[c]
            vb[c] = b2 * vb[c] + (1 - b2) * gb[c] * gb[c]
            b[c] -= lr * (mb[c] / c1) / (math.sqrt(vb[c] / c2) + eps)
        for i in range(nf):
            for c in range(3):
                if not allowed[i][c]:
                    continue
                g = gW[i][c]
                mW[i][c] = b1 * mW[i][c] + (1 - b1) * g
                vW[i][c] = b2 * vW[i][c] + (1 - b2) * g * g
                W[i][c] = max(0.0, W[i][c] - lr * (mW[i][c] / c1) / (math.sqrt(vW[i][c] / c2) + eps))
    shift = sum(b) / 3.0
    weights = {rule: tuple(W[i]) for rule, i in index.items()}
    return Model(weights, [x - shift for x in b])


def fold_of_groups(records):
    """Deal the source groups of the real records into FOLDS folds of
    similar size, largest groups first (deterministic)."""
    sizes = {}
    for rec in records:
        if not rec["written"]:
            sizes[rec["group"]] = sizes.get(rec["group"], 0) + 1
    folds = [[] for _ in range(FOLDS)]
    load_ = [0] * FOLDS
    for g in sorted(sizes, key=lambda g: (-sizes[g], g)):
        k = min(range(FOLDS), key=lambda i: (load_[i], i))
        folds[k].append(g)
        load_[k] += sizes[g]
    return {g: k for k, gs in enumerate(folds) for g in gs}


def held_out(records, full=None, skip=None, models=None):
    """Out-of-fold predictions of every real record: (record, logits, shape,
    evidence, fold). With skip, the records of fold skip are left out entirely (neither
    fitted nor predicted: a cross-validation inside the other folds). models,
    a dict, receives each fold's model."""
    fold = fold_of_groups(records)
    out = []
    for k in range(FOLDS):
        if k == skip:
            continue
        train = [r for r in records if r["written"] or fold[r["group"]] not in (k, skip)]
        test = [r for r in records if not r["written"] and fold[r["group"]] == k]
        if not test:
            continue
        model = fit(train, init=full, iterations=ITERATIONS // 2 if full else ITERATIONS)
        if models is not None:
            models[k] = model
        out.extend((r, model.logits(r), model.shape(r), model.evidence(r), k) for r in test)
    return out


def c_table(model, path):
    rows = dict(model.weights)
    rows.update(FIXED)
    lines = ["/* Generated by tools/fit_classifier.py (make fit-classifier) from the labeled",
             " * corpora in tests/data/corpus. Do not edit: add data or features and refit. */",
             '#include "classify_internal.h"', "",
             "const watpl__cls_weight watpl__cls_weights[] = {"]
    n = 0
    # every rule the fit saw, those it weighs 0 too: the library uses the
    # lexicon's own weight only for a family the table lacks
    for rule in sorted(rows):
        w = rows[rule]
        lines.append('    {"%s", {%.4f, %.4f, %.4f}},' % (rule, w[0], w[1], w[2]))
        n += 1
    lines += ["};", "const size_t watpl__cls_weight_count = %d;" % n,
              "const double watpl__cls_bias[3] = {%.4f, %.4f, %.4f};" % tuple(model.bias),
              "/* the confidence: logistic(intercept + margin x (1 - exp(-m)) - shape x s), fitted on",
              " * held-out predictions (tools/fit_classifier.py); at most the last figure when no",
              " * signal bound to the category has a weight */",
              "const watpl__cls_calibration watpl__cls_calibration_fit = {%.4f, %.4f, %.4f, %.4f};"
              % (tuple(model.calibration) + (UNSUPPORTED_CAP,)), ""]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--features", required=True)
    ap.add_argument("--write")
    ap.add_argument("meta", nargs="+")
    args = ap.parse_args()
    records = load(args.meta, args.features)
    model = fit(records)
    oof = held_out(records, model)
    model.calibration = fit_calibration([(z, sh, ev, r["label"]) for r, z, sh, ev, _ in oof])
    right = sum(1 for r, z, _, _, _ in oof if winner(z) == r["label"])
    print("fit_classifier: %d records, %d features; held-out accuracy %d/%d; calibration %.2f + %.2f x "
          "(1 - exp(-margin)) - %.2f x shape" % ((len(records), len(model.weights), right, len(oof))
                                                 + tuple(model.calibration)), file=sys.stderr)
    if args.write:
        c_table(model, args.write)
        print("fit_classifier: wrote %s" % args.write, file=sys.stderr)


if __name__ == "__main__":
    main()
