"""Verdict rules, length bands, the score, and the no-speech guard (rubric.md, "Verdict and score")."""

import pytest

from simulator.analyse import analyse, check_speech, decide_verdict, judge_length
from simulator.content import analyse_content
from simulator.errors import NoSpeechError
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.types import Segment, Transcript, Word

R = load_rubric()
Q = load_question()

STRONG = ("Long term, I want to become a lead engineer. In the next year I will earn a cloud certification, "
          "which will prepare me to lead bigger projects. This role is the right place for that.")


def text(t):
    return Transcript(text=t, segments=[], duration_s=None)


def test_strong_adequate_weak():
    # content.verdict judges what was said; STRONG is short as text, so its overall verdict is capped
    assert analyse(text(STRONG), Q, R).content.verdict == "strong"
    assert analyse(text("Long term, I want to become a lead engineer."), Q, R).content.verdict == "adequate"
    assert analyse(text("I want to do good work."), Q, R).verdict == "weak"  # no goal at all
    assert analyse(text(STRONG + " Honestly, my main goal is money."), Q, R).content.verdict == "weak"


def test_strong_content_is_capped_by_length_and_the_feedback_says_why():
    from simulator.feedback import make_feedback

    short = analyse(text(STRONG), Q, R)
    assert (short.content.verdict, short.verdict, short.capped_by) == ("strong", "adequate", "too_short")
    assert "Strong content, but at" in make_feedback(short, R).written.splitlines()[0]
    full = analyse(text(STRONG + " " + " ".join(["I also want to keep learning new tools every year."] * 6)), Q, R)
    assert (full.verdict, full.capped_by) == ("strong", None)


def test_strong_content_is_capped_by_harmful_fillers():
    from simulator.analyse import cap_verdict
    from simulator.types import Delivery, LengthResult

    good = LengthResult("good", 70.0, 180)
    def delivery(per_minute):
        return Delivery(150, 160, [], per_minute, [], [], 0.0, None, 60.0, 70.0)
    assert cap_verdict("strong", good, delivery(11.9), R) == ("strong", None)
    assert cap_verdict("strong", good, delivery(12.0), R) == ("adequate", "fillers")
    assert cap_verdict("adequate", LengthResult("too_long", 170.0, 400), delivery(20), R) == ("adequate", None)


def test_a_strong_answer_scores_above_every_adequate_one_and_an_adequate_above_every_weak():
    import json
    from conftest import ROOT

    rows = [json.loads(line) for line in (ROOT / "bench" / "data" / "dev_answers.jsonl").read_text().splitlines()]
    scores = {"strong": [], "adequate": [], "weak": []}
    for row in rows:
        a = analyse(text(row["text"]), Q, R)
        scores[a.verdict].append(a.score.total)
    assert all(scores.values())
    assert min(scores["strong"]) > max(scores["adequate"]) and min(scores["adequate"]) > max(scores["weak"])


def test_strong_needs_employer_or_contribution():
    c = analyse_content(STRONG.replace("This role is the right place for that.", ""), R)
    assert decide_verdict(c) == "adequate"


@pytest.mark.parametrize("seconds,verdict", [(10, "too_short"), (19.9, "too_short"), (20, "brief"), (44, "brief"),
                                             (45, "good"), (119, "good"), (120, "long"), (150, "too_long")])
def test_length_by_seconds(seconds, verdict):
    assert judge_length(seconds, 999, R).verdict == verdict


@pytest.mark.parametrize("words,verdict", [(49, "too_short"), (50, "brief"), (110, "good"), (299, "good"),
                                           (300, "long"), (376, "too_long")])
def test_length_by_words_for_text(words, verdict):
    assert judge_length(None, words, R).verdict == verdict


def test_score_breakdown_adds_up_and_text_spreads_delivery():
    a = analyse(text(STRONG), Q, R)
    s = a.score
    assert s.delivery == 0 and s.weights["delivery"] == 0
    assert abs(s.weights["content"] + s.weights["length"] - 100) < 0.2
    assert abs(s.content + s.length - s.points) <= 0.2
    low, high = R.verdict_bands[a.verdict]
    assert s.band == (low, high) and low <= s.total <= high
    assert s.total == round(low + s.points * (high - low) / 100)
    assert a.delivery is None and a.length.seconds is None


def test_red_flag_costs_points():
    clean = analyse(text(STRONG), Q, R).score.total
    flagged = analyse(text(STRONG + " I also want to earn a lot of money."), Q, R).score.total
    assert flagged < clean


def _audio_transcript(words, segments=None, speech=((0.0, 5.0),)):
    seg = segments or [Segment(0, 5, " ".join(w.text for w in words), words, avg_logprob=-0.3, no_speech_prob=0.01)]
    return Transcript(text=" ".join(s.text for s in seg), segments=seg, duration_s=5.0, speech=list(speech))


def test_no_speech_guard():
    with pytest.raises(NoSpeechError, match="no speech"):
        check_speech(_audio_transcript([Word("Hello", 0, 1)], speech=[]))
    with pytest.raises(NoSpeechError, match="no speech"):
        check_speech(_audio_transcript([Word("Thank", 0, .5, .9), Word("you.", .5, 1, .9)]))
    noisy = [Segment(0, 5, "la la", [Word("la", 0, 1, .9)], avg_logprob=-1.5, no_speech_prob=0.9)]
    with pytest.raises(NoSpeechError, match="noise or music"):
        check_speech(_audio_transcript(noisy[0].words, noisy))
    unsure = [Word(w, i, i + .5, 0.2) for i, w in enumerate("Ich möchte Teamleiter werden".split())]
    guessed = [Segment(0, 5, "Ich möchte Teamleiter werden", unsure, avg_logprob=-1.2, no_speech_prob=0.2)]
    with pytest.raises(NoSpeechError) as e:
        check_speech(_audio_transcript(unsure, guessed))
    assert e.value.kind == "not_english"
    # Unsure words alone (an accent, a noisy room) are not enough to reject an answer.
    accent = [Segment(0, 5, "I want to lead", unsure, avg_logprob=-0.3, no_speech_prob=0.1)]
    check_speech(_audio_transcript(unsure, accent))
    check_speech(_audio_transcript([Word("I", 0, .2, .9), Word("lead.", .2, .6, .9)]))  # real speech passes


def test_empty_text_is_not_scored():
    with pytest.raises(NoSpeechError):
        analyse(text("   "), Q, R)


def test_mostly_unclear_speech_is_not_english_and_a_short_unclear_tail_is_fine():
    words = [Word("I", 0, .2, .9), Word("lead", .2, .6, .9), Word("teams.", .6, 1.2, .9)]
    other_language = _audio_transcript(words, speech=[(0.0, 20.0)])
    other_language.unclear = [(1.2, 20.0)]
    with pytest.raises(NoSpeechError, match="could not make out 19 s of the 20 s") as e:
        check_speech(other_language)
    assert e.value.kind == "not_english"
    nothing_heard = _audio_transcript([], segments=[Segment(0, 0, "")], speech=[(0.0, 20.0)])
    nothing_heard.unclear = [(0.0, 20.0)]
    with pytest.raises(NoSpeechError, match="does not sound like English"):
        check_speech(nothing_heard)
    tail = _audio_transcript(words, speech=[(0.0, 5.0)])
    tail.unclear = [(4.7, 5.0)]
    check_speech(tail)
