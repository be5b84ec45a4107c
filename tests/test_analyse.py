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
    assert analyse(text(STRONG), Q, R).verdict == "strong"
    assert analyse(text("Long term, I want to become a lead engineer."), Q, R).verdict == "adequate"
    assert analyse(text("I want to do good work."), Q, R).verdict == "weak"  # no goal at all
    assert analyse(text(STRONG + " Honestly, my main goal is money."), Q, R).verdict == "weak"


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
    assert abs(s.content + s.length - s.total) <= 1
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
