"""The content judgement on the labelled development set must not fall below the level it reached.

bench/validity.py measures it (and writes bench/results/validity.json); this test runs the same
measurement on the 120 answers of bench/data (and the second to the sixth sets beside them) and fails when a
headline figure drops below its floor:
the level recorded in the README minus a small margin. A cue edited in prompts/rubric.toml that helps
one answer and quietly breaks five others fails here.
"""

import importlib.util

import pytest

from conftest import ROOT

# Reached on 2026-12-01 (see the README, "How far to trust the judgement"; false missing and false praise
# with the sentence encoder's second opinion), minus a margin of about one answer's worth on the held-out part. Raise these when the judgement improves; never lower them
# to make a change pass.
FLOORS = {
    # (stop 41: held-out flags 0.915 and verdict 95.2%, from 0.897 and 92.9% at stop 32; all 120: flags 0.952,
    # verdict 98.3%)
    "held-out": {"components_f1": 0.89, "flags_f1": 0.89, "verdict": 0.92, "false_missing": 0.05,
                 "false_praise": 0.10, "strong_flagged": 1},
    "all": {"components_f1": 0.93, "flags_f1": 0.94, "verdict": 0.97, "false_missing": 0.03,
            "false_praise": 0.05, "strong_flagged": 1},
    # the second set, in wording the rules were not built on (bench/data/new_wording.jsonl), its held-out part
    "new wording, held-out": {"components_f1": 0.92, "flags_f1": 0.61, "verdict": 0.78, "false_missing": 0.10,
                              "false_praise": 0.07, "strong_flagged": 2},
    # the third set (bench/data/fresh_answers.jsonl, stop 21), its held-out half and the whole of it
    "third set, held-out": {"components_f1": 0.90, "flags_f1": 0.45, "verdict": 0.73, "false_missing": 0.07,
                            "false_praise": 0.10, "strong_flagged": 3},
    "third set, all": {"components_f1": 0.90, "flags_f1": 0.74, "verdict": 0.81, "false_missing": 0.04,
                       "false_praise": 0.05, "strong_flagged": 3},
    # the fourth set (bench/data/fourth_answers.jsonl, stop 23), never tuned on then: the whole of it
    "fourth set, all": {"components_f1": 0.92, "flags_f1": 0.60, "verdict": 0.80, "false_missing": 0.08,
                        "false_praise": 0.08, "strong_flagged": 1},
    # the fifth to seventh sets (stop 28), tuned on their odd halves only: the whole of each
    "fifth set, all": {"components_f1": 0.93, "flags_f1": 0.70, "verdict": 0.88, "false_missing": 0.06,
                       "false_praise": 0.05, "strong_flagged": 2},
    "sixth set, all": {"components_f1": 0.90, "flags_f1": 0.65, "verdict": 0.83, "false_missing": 0.06,
                       "false_praise": 0.05, "strong_flagged": 1},
    "seventh set, all": {"components_f1": 0.89, "flags_f1": 0.80, "verdict": 0.85, "false_missing": 0.10,
                         "false_praise": 0.10, "strong_flagged": 1},
    # the eighth to eleventh sets (stop 29), tuned on their odd halves only: the whole of each (reached 0.925, 0.899,
    # 0.888 and 0.908 components; a floor about one answer's worth below each figure)
    "eighth set, all": {"components_f1": 0.91, "flags_f1": 0.70, "verdict": 0.77, "false_missing": 0.10,
                        "false_praise": 0.05, "strong_flagged": 1},
    "ninth set, all": {"components_f1": 0.88, "flags_f1": 0.85, "verdict": 0.87, "false_missing": 0.15,
                       "false_praise": 0.05, "strong_flagged": 1},
    "tenth set, all": {"components_f1": 0.87, "flags_f1": 0.82, "verdict": 0.85, "false_missing": 0.20,
                       "false_praise": 0.10, "strong_flagged": 1},
    "eleventh set, all": {"components_f1": 0.89, "flags_f1": 0.80, "verdict": 0.80, "false_missing": 0.10,
                          "false_praise": 0.10, "strong_flagged": 1},
}


def _bench():
    spec = importlib.util.spec_from_file_location("validity", ROOT / "bench" / "validity.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


BENCH = _bench()
# a later set's printed name ("third set") -> its key in the results ("fresh"), as bench/validity.py names them
SET_KEYS = {printed: key for key, _, printed in BENCH.OTHER_SETS}
# the split of each set, fixed before any tuning: (held-out, tuning) answers
SPLITS = {"new_wording": (45, 165), "fresh": (30, 30), "fourth": (20, 20), "fifth": (20, 20), "sixth": (20, 20),
          "seventh": (20, 20), "eighth": (20, 20), "ninth": (20, 20),
          "tenth": (20, 20), "eleventh": (20, 20)}


@pytest.fixture(scope="module")
def validity():
    return BENCH.run()


@pytest.mark.parametrize("part", sorted(FLOORS))
def test_headline_figures_hold_their_floor(validity, part):
    name, _, half = part.rpartition(", ")  # "third set, held-out"; the dev set's parts are bare ("held-out")
    got = validity[SET_KEYS[name]][half] if name else validity[part]
    floor = FLOORS[part]
    assert got["components_micro"]["f1"] >= floor["components_f1"], got["components_micro"]
    assert got["flags_micro"]["f1"] >= floor["flags_f1"], got["flags_micro"]
    assert got["verdict_agreement"] >= floor["verdict"], got["verdict_confusion"]
    assert got["false_missing_per_answer"] <= floor["false_missing"]
    assert got["false_praise_per_answer"] <= floor["false_praise"]
    assert got["strong_answers_flagged"] <= floor["strong_flagged"]


def test_every_part_and_every_flag_holds_the_issues_bar_on_the_held_out_third(validity):
    """Issue 10's bar on the held-out third: every component F1 >= 0.80 and every red flag F1 >= 0.75 (reached at
    stop 41, 2026-12-02: the lowest component ladder 0.82, the lowest flags money and overreach 0.80). A flag shows in
    3 to 7 of these answers, so one answer moves its F1 by 0.1 to 0.3: there is no room for a margin below the bar,
    and this test guards the bar itself."""
    per_id = validity["held-out"]["per_id"]
    low_parts = {k: per_id[k]["f1"] for k in BENCH.COMPONENT_IDS if per_id[k]["f1"] < 0.80}
    low_flags = {k: per_id[k]["f1"] for k in BENCH.FLAG_IDS if per_id[k]["f1"] < 0.75}
    assert not low_parts and not low_flags, (low_parts, low_flags)


def test_the_flag_bank_check_half_holds_its_floor(validity):
    """The red flags on excerpts nobody tuned on (bench/data/flag_bank.jsonl, the check half): recall 39% and 10%
    of near-misses raised on 2026-11-30 (stop 22; 11% at stop 21, 15% at stop 20); a floor of about three excerpts'
    worth each way."""
    check, tune = validity["flag_bank"]["check"]["all"], validity["flag_bank"]["tune"]["all"]
    assert check["tp"] + check["fn"] == 154 and check["fp"] + check["tn"] == 126  # the halves are fixed
    assert tune["tp"] + tune["fn"] == 161 and tune["fp"] + tune["tn"] == 119
    assert check["recall"] >= 0.37, check
    assert check["false_on_near_misses"] <= 0.12, check


def test_the_leaving_probe_check_half_holds_its_floor(validity):
    """Leaving in whole answers (bench/data/leaving_probe.jsonl, check half): heard in 4 of 10, raised on none of the
    14 that stay on 2026-11-30 (stop 22); a floor of one answer each way."""
    check = validity["leaving_probe"]["check"]
    assert check["tp"] + check["fn"] == 10 and check["fp"] + check["tn"] == 14  # the halves are fixed
    assert check["tp"] >= 3 and check["fp"] <= 1, check


def test_the_overreach_probe_check_half_holds_its_floor(validity):
    """Overreach in whole answers (bench/data/overreach_probe.jsonl, check half: its fifth and sixth batches, written at
    stops 32 and 33, and half of the eighth to twenty-second, written at stops 35 to 41; never read): heard in 183 of
    272, raised on 17 of the 272 near-misses on 2026-12-02 (stop 41; per batch heard 23, 19, 7, 7, 5, 6, 10, 8, 9, 7, 8,
    12, 13, 12, 12, 13, 12 and raised 0, 3, 0, 1, 2, 1, 0, 0, 1, 0, 0, 1, 0, 1, 4, 1, 2). With stop 40's rules: 173 and
    17; the older batches' 202 and 202 went from 119 and 9 to 121 and 9. The twentieth, from which no rule was
    written, 12 of 14 and 4 of 14 (11 and 4 with stop 40's rules); the earlier stops' figures are in this file's
    history. A floor of two answers each way."""
    check = validity["overreach_probe"]["check"]
    assert check["tp"] + check["fn"] == 272 and check["fp"] + check["tn"] == 272  # the halves are fixed
    assert check["tp"] >= 181 and check["fp"] <= 19, check


def test_the_flag_probe_check_half_holds_its_floor(validity):
    """Personal, flippant, no ambition, leaving and money in whole answers (bench/data/flag_probe.jsonl, check half:
    7 and 7 for personal, no ambition and money; 22 and 21 for flippant, 22 and 22 for leaving, from the batches
    written at stop 32): heard in 27 of 65 (personal 5, no ambition 5, money 6, flippant 2, leaving 9), raised on 2 of
    the 64 near-misses (both flippant) on 2026-12-01 (stop 32; leaving 5 of 22 with the stop-31 rules); a floor of two
    answers each way."""
    probe = validity["flag_probe"]
    assert sorted(probe) == ["flippant", "leaving", "money", "no_ambition", "personal"]
    checks = [halves["check"] for halves in probe.values()]
    assert sum(c["tp"] + c["fn"] for c in checks) == 65 and sum(c["fp"] + c["tn"] for c in checks) == 64
    assert sum(c["tp"] for c in checks) >= 25 and sum(c["fp"] for c in checks) <= 4, checks
    assert probe["leaving"]["check"]["tp"] >= 7, probe["leaving"]["check"]  # a stay the speaker bounds (stop 32)


def test_a_red_flag_the_encoder_does_not_confirm_is_more_often_wrong_than_one_it_does(validity):
    """Where nobody tuned (the held-out parts of the three sets and the bank's check half), the flags asked about
    (content._check_flags) were wrong 9 times in 23 on 2026-11-30, the flags asserted 11 times in 95. The check
    must keep sorting them: at least twice the error rate among the asked, and at least a third of the wrong
    ones asked (9 of 20 then)."""
    asked = {"right": 0, "wrong": 0}
    asserted = {"right": 0, "wrong": 0}
    for part in (validity["held-out"], validity["new_wording"]["held-out"], validity["fresh"]["held-out"]):
        for kind in ("right", "wrong"):
            asked[kind] += part["flags_said"][f"asked {kind}"]
            asserted[kind] += part["flags_said"][f"asserted {kind}"]
    bank = validity["flag_bank"]["check"]["all"]
    asked["right"] += bank["asked right"]
    asked["wrong"] += bank["asked wrong"]
    asserted["right"] += bank["tp"] - bank["asked right"]
    asserted["wrong"] += bank["fp"] - bank["asked wrong"]
    rate = {k: v["wrong"] / max(1, v["right"] + v["wrong"]) for k, v in (("asked", asked), ("asserted", asserted))}
    assert rate["asked"] >= 2 * rate["asserted"], (asked, asserted)
    assert asked["wrong"] * 3 >= asked["wrong"] + asserted["wrong"], (asked, asserted)


def test_the_held_out_split_was_fixed_before_tuning_and_covers_every_flag(validity):
    held = validity["held-out"]
    assert held["answers"] == 42 and validity["tune"]["answers"] == 78
    assert set(SPLITS) == set(SET_KEYS.values())  # every later set measured has its split checked
    for key, (held_out, tune) in SPLITS.items():
        assert (validity[key]["held-out"]["answers"], validity[key]["tune"]["answers"]) == (held_out, tune), key
    for flag in ("leaving", "money", "overreach", "vague", "flippant", "personal", "no_ambition"):
        counts = held["per_id"][flag]
        assert counts["tp"] + counts["fn"] >= 3, flag  # at least three answers show each flag

