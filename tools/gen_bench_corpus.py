#!/usr/bin/env python3
"""Generate a JSON Lines corpus of Meta-format templates for the benchmarks.

Templates are derived from the bundled examples and the labeled dev corpus
(converted with tools/corpus2meta.py), varied in length, language and
parameters, until the output reaches the requested size.

usage: gen_bench_corpus.py OUT.jsonl SIZE_MB [--scale N]
  --scale N   repeat each body N times (for the throughput-vs-size plot)
"""
import json
import os
import random
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

FILLERS = {
    "en_US": "Thank you for choosing us, we will keep you posted about every step.",
    "es": "Gracias por elegirnos, te mantendremos informado de cada paso.",
    "pt_BR": "Obrigado por escolher a gente, vamos te avisar de cada etapa.",
    "fr": "Merci de nous avoir choisis, nous vous tiendrons informé de chaque étape.",
    "de": "Danke, dass Sie uns gewählt haben, wir halten Sie über jeden Schritt auf dem Laufenden.",
    "it": "Grazie per averci scelto, ti terremo aggiornato su ogni passaggio.",
    "id": "Terima kasih telah memilih kami, kami akan memberi kabar setiap langkah.",
    "hi": "हमें चुनने के लिए धन्यवाद, हम आपको हर कदम की जानकारी देंगे।",
    "ar": "شكرا لاختيارك لنا، سنبقيك على اطلاع بكل خطوة.",
    "tr": "Bizi seçtiğiniz için teşekkürler, her adımda sizi bilgilendireceğiz. 🎉",
}


def base_templates():
    out = []
    ex = os.path.join(ROOT, "examples", "templates")
    for name in sorted(os.listdir(ex)):
        if name.endswith(".json"):
            with open(os.path.join(ex, name), encoding="utf-8") as f:
                try:
                    out.append(json.load(f))
                except ValueError:
                    pass
    conv = os.path.join(HERE, "corpus2meta.py")
    src = os.path.join(ROOT, "tests", "data", "corpus", "templates-dev.jsonl")
    if os.path.exists(conv):
        res = subprocess.run([sys.executable, conv, src], capture_output=True, text=True, check=False)
        for line in res.stdout.splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def vary(tpl, rng, i, scale):
    t = json.loads(json.dumps(tpl))
    t["name"] = "%s_%d" % (t.get("name") or "tpl", i)
    lang = rng.choice(list(FILLERS))
    if rng.random() < 0.5:
        t["language"] = lang
    for comp in t.get("components", []):
        if str(comp.get("type", "")).upper() == "BODY" and isinstance(comp.get("text"), str):
            extra = " ".join([FILLERS[lang]] * rng.randint(0, 3))
            text = comp["text"] if not extra else comp["text"].rstrip() + " " + extra
            if scale > 1:
                text = (" " + FILLERS[lang] + " ").join([text] * scale)
            comp["text"] = text[:60000]
    return t


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    out_path, size_mb = sys.argv[1], float(sys.argv[2])
    scale = 1
    if "--scale" in sys.argv:
        scale = int(sys.argv[sys.argv.index("--scale") + 1])
    rng = random.Random(42)
    bases = base_templates()
    if not bases:
        sys.exit("no base templates found")
    target = int(size_mb * 1e6)
    written = 0
    i = 0
    with open(out_path, "w", encoding="utf-8") as f:
        while written < target:
            line = json.dumps(vary(bases[i % len(bases)], rng, i, scale), ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    print("%s: %d templates, %.1f MB" % (out_path, i, written / 1e6))


if __name__ == "__main__":
    main()
