"""Fillers, hedges, pace and pauses from word timings (constructed words here; real audio in test_score)."""

from simulator.delivery import count_words, find_fillers, find_hedges, measure_delivery
from simulator.rubric import load_rubric
from simulator.types import Segment, Transcript, Word

R = load_rubric()


def words(text, step=0.4):
    return [Word(t, i * step, i * step + 0.3) for i, t in enumerate(text.split())]


def filler_texts(text):
    return [f.text for f in find_fillers(words(text), R)]


def test_always_fillers_are_whole_words():
    assert filler_texts("Um, I want to, uh, grow.") == ["um", "uh"]
    assert filler_texts("Umbrella summit hummus.") == []


def test_like_only_as_a_filler():
    assert filler_texts("I, like, want to lead.") == ["like"]
    assert filler_texts("I like my job and would like to lead.") == []
    assert filler_texts("Things like certifications help.") == []


def test_you_know_and_i_mean():
    assert filler_texts("I want, you know, to grow.") == ["you know"]
    assert filler_texts("Do you know what I mean is rare.") == []


def test_so_and_actually_only_when_set_off():
    assert filler_texts("So, my goal is clear. Actually, it is.") == ["so", "actually"]
    assert filler_texts("I study so that I can lead. It actually works.") == []


def test_filler_times_are_word_starts():
    items = find_fillers(words("I, um, want", step=1.0), R)
    assert [(i.text, i.start) for i in items] == [("um", 1.0)]


def test_hedges():
    found = [h.text for h in find_hedges(words("I guess I will maybe lead, kind of."), R)]
    assert found == ["i guess", "maybe", "kind of"]
    assert find_hedges(words("What kind of leader do I want to be?"), R) == []
    assert [h.text for h in find_hedges(words("I think maybe later"), R)] == ["i think maybe"]


def test_count_words_skips_filler_sounds():
    assert count_words("Um, I want, uh, to lead.", R) == 4


def _transcript(ws, speech, duration=30.0):
    return Transcript(text=" ".join(w.text for w in ws), segments=[Segment(0, duration, "", ws)],
                      duration_s=duration, speech=speech)


def test_pace_pauses_and_latency_from_speech_intervals():
    ws = [Word(f"w{i}", 2.0 + i * 0.4, 2.3 + i * 0.4) for i in range(60)]
    # 2 s of silence before speaking, one 3 s pause in the middle, a 0.2 s gap that is not a pause.
    speech = [(2.0, 10.0), (10.2, 14.0), (17.0, 26.0)]
    d = measure_delivery(_transcript(ws, speech), 60, R)
    assert d.start_latency_s == 2.0
    assert d.answer_time_s == 24.0
    assert [(p.start, p.duration) for p in d.long_pauses] == [(14.0, 3.0)]
    assert d.speech_rate_wpm == 150.0  # 60 words in 24 s
    assert d.speaking_time_s == 21.0
    assert d.articulation_rate_wpm > d.speech_rate_wpm


def test_fillers_per_minute():
    ws = words("Um I, uh, want to um lead teams " * 5, step=0.5)
    d = measure_delivery(_transcript(ws, [(0.0, ws[-1].end)]), 30, R)
    assert len(d.fillers) == 15
    assert abs(d.fillers_per_minute - 15 / (ws[-1].end / 60)) < 0.1
