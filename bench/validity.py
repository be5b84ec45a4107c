"""How far the content judgement can be trusted: the scorer against the labelled development set.

Runs the real pipeline (analyse + feedback, text input) on every answer of bench/data/dev_answers.jsonl and
compares with the labels, per part of the split fixed in bench/data/split.json before any tuning:
- per-id precision, recall and F1 (null labels skipped), micro-F1 for the nine components and the seven flags;
- the content verdict (``content.verdict``) against the labelled verdict, with its confusion matrix;
- trust: false "missing" (a part labelled present that the feedback calls missing), false praise (a part
  praised that is labelled absent), flags on answers labelled strong, and how often the feedback says it is
  unsure instead (and how often that hedge was right: the part really was there);
- cost: content analysis time per answer (median, p95).
The held-out part is the figure to quote; the tuning part is where cues were looked at.

A second set, bench/data/new_wording.jsonl (90 answers written later, by other writers, in wording the rules were
not built on; labelled twice, see bench/data/README.md), is measured the same way with its own fixed split
(bench/data/new_wording_split.json): it shows whether the judgement carries over to new wording.

    .venv/bin/python bench/validity.py                 # prints the table, writes bench/results/validity.json
    .venv/bin/python bench/validity.py --errors tune   # also prints the tuning part's errors with evidence
    .venv/bin/python bench/validity.py --errors new-tune   # ... of the new-wording set's tuning part
    .venv/bin/python bench/validity.py --errors flag-bank-tune   # ... of the flag bank's tuning half

A third set, bench/data/fresh_answers.jsonl (60 answers by two more writers, in published-sample and spoken
style; a blind second reader; written at stop 21), has its own split fixed before any error was read
(bench/data/fresh_split.json: even ids held out).

    .venv/bin/python bench/validity.py --errors third-tune   # ... of the third set's tuning part

A fourth set, bench/data/fourth_answers.jsonl (40 answers by two more writers, written at stop 23 under the third
set's brief; a blind second reader), has its split fixed before it was written (bench/data/fourth_split.json: even ids
held out); at stop 23 it was only scored, not tuned on.

A fifth set, bench/data/fifth_answers.jsonl (40 whole answers by two more writers, written at stop 28 under the same brief;
a blind second reader), has its split fixed before it was written (bench/data/fifth_split.json: even ids held out).

    .venv/bin/python bench/validity.py --errors fifth-tune   # ... of the fifth set's tuning part

A sixth set, bench/data/sixth_answers.jsonl (40 more, stop 28, two more writers, spoken styles and office work; a blind
second reader), the same way (bench/data/sixth_split.json: even ids held out; --errors sixth-tune). A seventh,
bench/data/seventh_answers.jsonl (40 more at stop 28; a blind second reader), likewise (seventh_split.json; --errors
seventh-tune). An eighth and a ninth (bench/data/eighth_answers.jsonl, ninth_answers.jsonl: 40 each at stop 29, four
more writers, each half read blind by a second reader) likewise (--errors eighth-tune, ninth-tune), and a tenth and an
eleventh (tenth_answers.jsonl: published-sample and mock-interview styles; eleventh_answers.jsonl: non-native,
nervous, and parts said implicitly) likewise (--errors tenth-tune, eleventh-tune).

A bank, bench/data/flag_bank.jsonl, holds 560 short excerpts, each labelled for one red flag (45 showing it and
35 near-misses per flag), in two halves (alternate lines) fixed before any error was read: it measures whether
the flag cues carry over to idioms nobody here tuned on (the check half). A probe, bench/data/leaving_probe.jsonl,
holds 48 whole answers for the leaving flag alone (14 that plan to leave, idiomatically; 34 with wording that could
pass for it), halved the same way (odd ids tune, even ids check); bench/data/overreach_probe.jsonl holds 1,344 for the
overreach flag in twenty-two batches, each row with its half (batches 1 to 4 and 7 tune, 5 and 6 check, 8 to 22 half each); and bench/data/flag_probe.jsonl holds 30 for each of personal, no ambition and money and 90 for each of
flippant and leaving, each row with its half (stratified by label).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from simulator import semantic  # noqa: E402
from simulator.analyse import analyse  # noqa: E402
from simulator.content import analyse_content  # noqa: E402
from simulator.feedback import make_feedback  # noqa: E402
from simulator.question import load_question  # noqa: E402
from simulator.rubric import COMPONENT_IDS, FLAG_IDS, load_rubric  # noqa: E402
from simulator.types import Transcript  # noqa: E402

DATA = ROOT / "bench" / "data"
RESULTS = ROOT / "bench" / "results"
VERDICTS = ("strong", "adequate", "weak")


SETS = {"dev": ("dev_answers.jsonl", "split.json"), "new": ("new_wording.jsonl", "new_wording_split.json"),
        "fresh": ("fresh_answers.jsonl", "fresh_split.json"), "fourth": ("fourth_answers.jsonl", "fourth_split.json"),
        "fifth": ("fifth_answers.jsonl", "fifth_split.json"), "sixth": ("sixth_answers.jsonl", "sixth_split.json"),
        "seventh": ("seventh_answers.jsonl", "seventh_split.json"), "eighth": ("eighth_answers.jsonl", "eighth_split.json"),
        "ninth": ("ninth_answers.jsonl", "ninth_split.json"), "tenth": ("tenth_answers.jsonl", "tenth_split.json"),
        "eleventh": ("eleventh_answers.jsonl", "eleventh_split.json")}
# the sets after the development set: (key in validity.json, name in SETS, name printed)
OTHER_SETS = (("new_wording", "new", "new wording"), ("fresh", "fresh", "third set"),
              ("fourth", "fourth", "fourth set"), ("fifth", "fifth", "fifth set"),
              ("sixth", "sixth", "sixth set"), ("seventh", "seventh", "seventh set"),
              ("eighth", "eighth", "eighth set"), ("ninth", "ninth", "ninth set"),
              ("tenth", "tenth", "tenth set"), ("eleventh", "eleventh", "eleventh set"))


def load_set(name: str = "dev") -> tuple[list[dict], set[str]]:
    answers, split = SETS[name]
    rows = [json.loads(line) for line in (DATA / answers).read_text().splitlines() if line.strip()]
    held = set(json.loads((DATA / split).read_text())["held_out"])
    return rows, held


def split_parts(rows: list[dict], held: set[str]) -> dict[str, list[dict]]:
    """A set's parts as its split fixed them: held out, tuning, and all of it."""
    return {"held-out": [r for r in rows if r["id"] in held], "tune": [r for r in rows if r["id"] not in held],
            "all": rows}


# The labelled answers were written in November and December 2026: a year said in one ("in 2019", "by 2030") counts
# from then, whatever day the benchmark runs.
SAID_ON = date(2026, 11, 29)


def judge(row: dict, rubric, question) -> dict:
    """Score one answer; return what the scorer said, in the terms the labels use."""
    started = time.perf_counter()
    analyse_content(row["text"], rubric, said_on=SAID_ON)  # timed alone: the content analysis's own cost
    content_ms = (time.perf_counter() - started) * 1000
    analysis = analyse(Transcript(text=row["text"], segments=[], duration_s=None), question, rubric, said_on=SAID_ON)
    feedback = make_feedback(analysis, rubric)
    said = {p.id: p.kind for p in feedback.points}
    found = {**{k: v for k, v in analysis.content.components.items()}, **analysis.content.flags}
    return {
        "id": row["id"], "style": row["style"],
        "pred": {k: found[k].present for k in (*COMPONENT_IDS, *FLAG_IDS)},
        "evidence": {k: found[k].evidence[:2] if found[k].present else found[k].near[:1]
                     for k in (*COMPONENT_IDS, *FLAG_IDS)},
        "verdict": analysis.content.verdict, "said": said, "content_ms": content_ms,
        "asked": {k: f.tentative for k, f in analysis.content.flags.items() if f.present},
    }


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "tp": tp, "fp": fp, "fn": fn}


def measure(rows: list[dict], judged: dict[str, dict]) -> dict:
    counts = {k: Counter() for k in (*COMPONENT_IDS, *FLAG_IDS)}
    confusion = {v: Counter() for v in VERDICTS}
    errors = []
    false_missing = false_praise = hedged = hedged_right = strong_flagged = strong_asserted = 0
    flags_said = Counter()  # raised flags by how the feedback says them (asserted or asked) and whether right
    by_id = {"false_missing": Counter(), "false_praise": Counter()}
    for row in rows:
        j = judged[row["id"]]
        confusion[row["verdict"]][j["verdict"]] += 1
        for k, label in row["labels"].items():
            if label is None:
                continue
            pred = j["pred"][k]
            kind = "tp" if pred and label else "fp" if pred else "fn" if label else "tn"
            counts[k][kind] += 1
            if kind in ("fp", "fn"):
                errors.append({"id": row["id"], "label": k, "expected": label, "found": pred,
                               "evidence": j["evidence"][k], "feedback_says": j["said"].get(k)})
            said = j["said"].get(k)
            if k in FLAG_IDS and pred:
                flags_said[("asked" if j["asked"][k] else "asserted", "right" if label else "wrong")] += 1
            if k in COMPONENT_IDS:
                false_missing += label and said == "missing"
                false_praise += (not label) and said == "strength"
                hedged += said == "unsure"
                hedged_right += label and said == "unsure"
                by_id["false_missing"][k] += label and said == "missing"
                by_id["false_praise"][k] += (not label) and said == "strength"
        if row["verdict"] == "strong" and any(j["pred"][f] for f in FLAG_IDS):
            strong_flagged += 1
            strong_asserted += any(j["pred"][f] and not j["asked"][f] for f in FLAG_IDS)
    n = len(rows)

    def micro(ids):
        return prf(*(sum(counts[k][x] for k in ids) for x in ("tp", "fp", "fn")))

    agree = sum(confusion[v][v] for v in VERDICTS)
    return {
        "answers": n,
        "components_micro": micro(COMPONENT_IDS), "flags_micro": micro(FLAG_IDS),
        "per_id": {k: prf(counts[k]["tp"], counts[k]["fp"], counts[k]["fn"]) for k in (*COMPONENT_IDS, *FLAG_IDS)},
        "verdict_agreement": round(agree / n, 3) if n else None,
        "verdict_confusion": {f"labelled {v}": dict(confusion[v]) for v in VERDICTS},
        "false_missing_per_answer": round(false_missing / n, 3),
        "false_praise_per_answer": round(false_praise / n, 3),
        "unsure_per_answer": round(hedged / n, 3),
        "unsure_that_were_present": round(hedged_right / hedged, 3) if hedged else None,
        "strong_answers_flagged": strong_flagged,
        # red flags the encoder did not confirm are asked about, not asserted (content._check_flags)
        "strong_answers_with_asserted_flag": strong_asserted,
        "flags_said": {f"{how} {kind}": flags_said[(how, kind)] for how in ("asserted", "asked")
                       for kind in ("right", "wrong")},
        "false_flags_asserted_per_answer": round(flags_said[("asserted", "wrong")] / n, 3) if n else None,
        "false_missing_by_id": {k: v for k, v in by_id["false_missing"].items() if v},
        "false_praise_by_id": {k: v for k, v in by_id["false_praise"].items() if v},
        "errors": errors,
    }


def run() -> dict:
    """Every figure, per part of the split (held-out, tune, all), and the cost of the content analysis.

    With the sentence encoder's second opinion (simulator/semantic.py) as shipped; ``rules_only`` repeats the
    trust figures and the cost without it, to show what it changes.
    """
    rubric, question = load_rubric(), load_question()
    rows, held = load_set()
    parts = split_parts(rows, held)
    semantic.warm_up()  # its load (once per process) is not part of an answer's cost
    judged = {row["id"]: judge(row, rubric, question) for row in rows}
    results = {name: measure(part, judged) for name, part in parts.items()}
    results["cost"] = cost(judged)
    for key, name, _ in OTHER_SETS:  # the later sets, each with its split
        other_rows, other_held = load_set(name)
        other = {row["id"]: judge(row, rubric, question) for row in other_rows}
        results[key] = {part: measure(chosen, other) for part, chosen in split_parts(other_rows, other_held).items()}
    saved = os.environ.get(semantic.ENV)
    os.environ[semantic.ENV] = "0"
    try:
        alone = {row["id"]: judge(row, rubric, question) for row in rows}
    finally:
        os.environ.pop(semantic.ENV) if saved is None else os.environ.__setitem__(semantic.ENV, saved)
    results["rules_only"] = {name: {k: v for k, v in measure(part, alone).items() if k in TRUST}
                             for name, part in parts.items()}
    results["rules_only"]["cost"] = cost(alone)
    results["flag_bank"] = flag_bank(rubric)
    for name in PROBES:
        results[name] = flag_probe(rubric, name)
    results["flag_probe"] = flags_probe(rubric)
    return results


def flag_bank(rubric) -> dict:
    """The red flags on bench/data/flag_bank.jsonl: excerpts, each labelled for one flag, half of them near-misses.

    Per half (``tune``: where cues were looked at; ``check``: never looked at), per flag: how many excerpts
    showing the flag raise it (recall) and how many near-misses raise it anyway (false).
    """
    rows = [json.loads(line) for line in (DATA / "flag_bank.jsonl").read_text().splitlines() if line.strip()]
    out = {}
    for part in ("tune", "check"):
        per, errors = {}, []
        for row in (r for r in rows if r["part"] == part):
            found = analyse_content(row["text"], rubric, said_on=SAID_ON).flags[row["flag"]]
            c = per.setdefault(row["flag"], Counter())
            c[("tp" if found.present else "fn") if row["label"] else ("fp" if found.present else "tn")] += 1
            if found.present and found.tentative:  # raised, but asked about rather than asserted
                c["asked " + ("right" if row["label"] else "wrong")] += 1
            if found.present != row["label"]:
                errors.append({"id": row["id"], "label": row["flag"], "expected": row["label"], "text": row["text"]})
        total = sum(per.values(), Counter())

        def rates(c: Counter) -> dict:
            return {"recall": round(c["tp"] / max(1, c["tp"] + c["fn"]), 3),
                    "false_on_near_misses": round(c["fp"] / max(1, c["fp"] + c["tn"]), 3),
                    **{k: c[k] for k in ("tp", "fn", "fp", "tn", "asked right", "asked wrong")}}
        out[part] = {"all": rates(total), "per_flag": {k: rates(v) for k, v in sorted(per.items())}, "errors": errors}
    return out


# The probes for one flag in whole answers: (file, label key). A row's `part` says its half; without one, odd ids are
# the tuning half and even ids the check half. Halves are fixed before any answer is scored; only the tuning half's
# errors are read.
PROBES = {"leaving_probe": ("leaving_probe.jsonl", "leaving"), "overreach_probe": ("overreach_probe.jsonl", "overreach")}


def flag_probe(rubric, name: str) -> dict:
    """One red flag said in whole answers, and innocent wording that could pass for it: leaving
    (bench/data/leaving_probe.jsonl, 48 answers written at stop 22; odd ids tune, even ids check) and overreach
    (bench/data/overreach_probe.jsonl, 1,344 answers written at stops 31 to 41; each row's `part`)."""
    file, flag = PROBES[name]
    rows = [json.loads(line) for line in (DATA / file).read_text().splitlines() if line.strip()]
    for row in rows:
        row["part"] = row.get("part") or ("tune" if int(row["id"][1:]) % 2 else "check")
        row["flag"], row["label"] = flag, row[flag]
    return _probe_halves(rubric, rows)


def flags_probe(rubric) -> dict:
    """Personal, flippant, no ambition, leaving and money said in whole answers (flag_probe.jsonl: 30 for each flag
    written at stop 31, 60 more for flippant and for leaving at stop 32), each row with its own flag and half
    (stratified by label, fixed before any was scored)."""
    rows = [json.loads(line) for line in (DATA / "flag_probe.jsonl").read_text().splitlines() if line.strip()]
    return {flag: _probe_halves(rubric, [r for r in rows if r["flag"] == flag])
            for flag in sorted({r["flag"] for r in rows})}


def _probe_halves(rubric, rows: list[dict]) -> dict:
    out = {}
    for part in ("tune", "check"):
        c = Counter()
        for row in (r for r in rows if r["part"] == part):
            found = analyse_content(row["text"], rubric, said_on=SAID_ON).flags[row["flag"]]
            kind = ("tp" if found.present else "fn") if row["label"] else ("fp" if found.present else "tn")
            c[kind] += 1
            c["asked " + ("right" if row["label"] else "wrong")] += found.present and found.tentative
        out[part] = {"recall": round(c["tp"] / max(1, c["tp"] + c["fn"]), 3),
                     "false_on_near_misses": round(c["fp"] / max(1, c["fp"] + c["tn"]), 3),
                     **{k: c[k] for k in ("tp", "fn", "fp", "tn", "asked right", "asked wrong")}}
    return out


TRUST = ("false_missing_per_answer", "false_praise_per_answer", "unsure_per_answer", "unsure_that_were_present",
         "false_missing_by_id", "false_praise_by_id")


def cost(judged: dict) -> dict:
    times = sorted(j["content_ms"] for j in judged.values())
    return {"content_ms_median": round(statistics.median(times), 2),
            "content_ms_p95": round(times[int(0.95 * (len(times) - 1))], 2)}


def print_part(name: str, m: dict) -> None:
    c, f = m["components_micro"], m["flags_micro"]
    print(f"\n{name} ({m['answers']} answers)")
    print(f"  components micro-F1 {c['f1']:.3f} (P {c['precision']:.3f} / R {c['recall']:.3f})   "
          f"flags micro-F1 {f['f1']:.3f} (P {f['precision']:.3f} / R {f['recall']:.3f})")
    print(f"  content verdict agrees {m['verdict_agreement']:.1%}   false missing {m['false_missing_per_answer']:.2f}"
          f"/answer   false praise {m['false_praise_per_answer']:.2f}/answer   strong answers flagged "
          f"{m['strong_answers_flagged']}   unsure {m['unsure_per_answer']:.2f}/answer "
          f"({m['unsure_that_were_present'] or 0:.0%} of them present)")
    said = m["flags_said"]
    print(f"  red flags raised: asserted {said['asserted right'] + said['asserted wrong']} "
          f"({said['asserted wrong']} wrong), asked {said['asked right'] + said['asked wrong']} "
          f"({said['asked wrong']} wrong); strong answers with an asserted flag {m['strong_answers_with_asserted_flag']}")
    print("  " + "  ".join(f"{k} {v['f1']:.2f}" for k, v in m["per_id"].items()))
    print("  verdict (rows labelled, columns found): " + "; ".join(
        f"{k}: " + ", ".join(f"{v} {row.get(v, 0)}" for v in VERDICTS) for k, row in m["verdict_confusion"].items()))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    # a later set's tuning part by the first word of its printed name ("third-tune"; the new wording's held-out too)
    later = {f"{printed.split()[0]}-tune": (key, "tune") for key, _, printed in OTHER_SETS}
    later["new-held-out"] = ("new_wording", "held-out")
    p.add_argument("--errors", choices=("tune", "held-out", "all", *later, "flag-bank-tune"),
                   help="print that part's errors with evidence")
    p.add_argument("--only", help="comma-separated label ids to print errors for")
    p.add_argument("--no-write", action="store_true", help="do not write bench/results/validity.json")
    args = p.parse_args()

    results = run()
    rubric, cost = load_rubric(), results["cost"]
    rows = [r for name in SETS for r in load_set(name)[0]]
    for name in ("held-out", "tune", "all"):
        print_part(name, results[name])
    for key, _, printed in OTHER_SETS:
        for name in ("held-out", "tune", "all"):
            print_part(f"{printed}, {name}", results[key][name])
    print(f"\ncontent analysis: median {cost['content_ms_median']} ms, p95 {cost['content_ms_p95']} ms per answer "
          f"(rules alone: median {results['rules_only']['cost']['content_ms_median']} ms, "
          f"p95 {results['rules_only']['cost']['content_ms_p95']} ms)")
    for name in ("tune", "check"):
        bank, every = results["flag_bank"][name], results["flag_bank"][name]["all"]
        print(f"flag bank, {name} half: recall {every['recall']:.0%} ({every['tp']} of {every['tp'] + every['fn']}), "
              f"raised on {every['false_on_near_misses']:.0%} of near-misses; per flag (recall/false): "
              + "  ".join(f"{k} {v['recall']:.0%}/{v['false_on_near_misses']:.0%}" for k, v in bank["per_flag"].items()))
        print(f"  of those raised: asked, not asserted: {every['asked right']} of {every['tp']} right ones, "
              f"{every['asked wrong']} of {every['fp']} on near-misses")
    probes = [(f"{flag} probe", flag, results[key]) for key, (_, flag) in PROBES.items()] + [
        (f"flag probe, {flag}", flag, halves) for flag, halves in sorted(results["flag_probe"].items())]
    for printed, flag, halves in probes:
        for name in ("tune", "check"):
            probe = halves[name]
            print(f"{printed}, {name} half: {flag} heard in {probe['tp']} of {probe['tp'] + probe['fn']} answers "
                  f"(asked in {probe['asked right']}), raised on {probe['fp']} of {probe['fp'] + probe['tn']} without "
                  f"it (asked in {probe['asked wrong']})")
    for name in ("held-out", "tune"):
        alone = results["rules_only"][name]
        print(f"rules alone, {name}: false missing {alone['false_missing_per_answer']:.2f}/answer, false praise "
              f"{alone['false_praise_per_answer']:.2f}/answer, unsure {alone['unsure_per_answer']:.2f}/answer")
    if args.errors:
        only = set(args.only.split(",")) if args.only else None
        texts = {r["id"]: r["text"] for r in rows}
        if args.errors == "flag-bank-tune":
            for e in results["flag_bank"]["tune"]["errors"]:
                print(f"{e['id']} {e['label']} {'missed' if e['expected'] else 'wrongly found'}: {e['text']}")
            return 0
        key, half = later.get(args.errors, (None, None))
        part = results[key][half] if key else results[args.errors]
        for e in part["errors"]:
            if only and e["label"] not in only:
                continue
            kind = "missed" if e["expected"] else "wrongly found"
            print(f"\n{e['id']} {e['label']} {kind}; feedback: {e['feedback_says']}; evidence: {e['evidence']}")
            if kind == "missed":
                print(f"   text: {texts[e['id']][:600]}")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = {"rubric_version": f"{rubric.id}@{rubric.version}", "split": "bench/data/split.json",
               **{f"{key}_split": f"bench/data/{SETS[name][1]}" for key, name, _ in OTHER_SETS},
               **results}
        (RESULTS / "validity.json").write_text(json.dumps(out, indent=1) + "\n")
        print(f"wrote {RESULTS / 'validity.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
