#!/usr/bin/env python3
"""Measure the classifier on labeled templates (Meta's JSON, one per line,
with the label in "category" and an id in "x_corpus_id").

Usage: eval_classifier.py NAME=FILE.jsonl [NAME=FILE.jsonl ...]

Prints, per file: accuracy, per-category precision and recall, the
confusion matrix, and each misclassified template with its top signals.
"""
import json
import sys

import watpl

CATS = ["MARKETING", "UTILITY", "AUTHENTICATION"]


def evaluate(name, path):
    rows = [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]
    confusion = {(a, b): 0 for a in CATS for b in CATS}
    wrong = []
    for tpl in rows:
        truth = tpl["category"]
        result = watpl.classify(tpl)
        confusion[(truth, result.category)] += 1
        if result.category != truth:
            wrong.append((tpl.get("x_corpus_id", tpl["name"]), truth, result))
    total = len(rows)
    correct = sum(confusion[(c, c)] for c in CATS)
    print("== %s: %d templates, accuracy %.1f%% (%d/%d)" % (name, total, 100.0 * correct / total, correct, total))
    print("%-16s %9s %9s %9s" % ("category", "precision", "recall", "support"))
    for c in CATS:
        predicted = sum(confusion[(t, c)] for t in CATS)
        support = sum(confusion[(c, p)] for p in CATS)
        prec = confusion[(c, c)] / predicted if predicted else 0.0
        rec = confusion[(c, c)] / support if support else 0.0
        print("%-16s %9.2f %9.2f %9d" % (c, prec, rec, support))
    print("confusion (rows: label, columns: predicted)")
    print("%-16s " % "" + " ".join("%14s" % c for c in CATS))
    for t in CATS:
        print("%-16s " % t + " ".join("%14d" % confusion[(t, p)] for p in CATS))
    for cid, truth, result in wrong:
        top = ", ".join("%s %+.2f" % (s.rule, s.weight) for s in result.signals[:3]) or "no signal"
        print("  miss %s: %s predicted %s (%.2f): %s" % (cid, truth, result.category, result.confidence, top))
    return correct, total


def main():
    for arg in sys.argv[1:]:
        name, _, path = arg.partition("=")
        evaluate(name, path)


if __name__ == "__main__":
    main()
