#!/usr/bin/env python3
"""Generate the realistic bench corpus: the templates of the labeled dev
corpora (tests/data/corpus, converted to Meta's JSON with corpus2meta.py) as
they are: short bodies, many accented and non-Latin texts (Arabic, Hindi,
Urdu, Turkish ...), repeated in a shuffled order until the output reaches the
requested size. Each copy gets its own name so that no two lines are equal.

usage: gen_real_corpus.py OUT.jsonl SIZE_MB
"""
import json
import os
import random
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SOURCES = ["templates-dev.jsonl", "templates-extra.jsonl"]


def load():
    templates = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in SOURCES:
            out = os.path.join(tmp, name)
            subprocess.run([sys.executable, os.path.join(HERE, "corpus2meta.py"),
                            os.path.join(ROOT, "tests", "data", "corpus", name), out],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            with open(out, encoding="utf-8") as f:
                for line in f:
                    t = json.loads(line)
                    t.pop("x_corpus_id", None)
                    t.pop("x_expected_valid", None)
                    templates.append(t)
    return templates


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    path, target = sys.argv[1], int(float(sys.argv[2]) * 1e6)
    templates = load()
    rng = random.Random(13)
    written = copies = 0
    with open(path, "w", encoding="utf-8") as f:
        while written < target:
            order = list(range(len(templates)))
            rng.shuffle(order)
            for i in order:
                t = dict(templates[i])
                t["name"] = "%s_%d" % (t.get("name", "t")[:480], copies)
                line = json.dumps(t, ensure_ascii=False, separators=(",", ":")) + "\n"
                f.write(line)
                written += len(line.encode("utf-8"))
                copies += 1
                if written >= target:
                    break
    print("gen_real_corpus: %d templates (%d distinct), %.1f MB -> %s" % (copies, len(templates), written / 1e6, path))


if __name__ == "__main__":
    main()
