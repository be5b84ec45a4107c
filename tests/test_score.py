"""The real model on the real fixtures: what audio_fixtures/manifest.json says the scorer must find."""

from __future__ import annotations

import pytest

from conftest import FIXTURES, fixtures_of, speech_fixtures
from simulator.score import BatchItem, ScoreSettings, expand_inputs, score_batch

GOOD = fixtures_of("answer") + fixtures_of("variant") + fixtures_of("text")
GOOD = [e for e in GOOD if e["expect"]["status"] == "ok"]
BAD = [e for e in fixtures_of("bad") + fixtures_of("text") if e["expect"]["status"] == "error"]


def ids(entries):
    return [e["file"] for e in entries]


@pytest.mark.parametrize("entry", GOOD, ids=ids(GOOD))
def test_verdict_length_components_flags(entry, scored):
    r = scored(entry)
    exp = entry["expect"]
    assert r.status == "ok", f"{entry['file']}: {r.error_kind}: {r.error_message}"
    a = r.analysis
    found = {k for k, v in a.content.components.items() if v.present}
    flags = {k for k, v in a.content.flags.items() if v.present}
    problems = []
    if a.verdict != exp["verdict"]:
        problems.append(f"verdict {a.verdict} != {exp['verdict']}")
    if a.content.verdict != exp.get("content_verdict", exp["verdict"]):
        problems.append(f"content verdict {a.content.verdict} != {exp.get('content_verdict', exp['verdict'])}")
    if a.length.verdict != exp["length_verdict"]:
        problems.append(f"length {a.length.verdict} ({a.length.seconds} s, {a.words} w) != {exp['length_verdict']}")
    if missing := set(exp.get("components_present", [])) - found:
        problems.append(f"components not found: {sorted(missing)}")
    if wrong := set(exp.get("components_absent", [])) & found:
        problems.append(f"components wrongly found: {sorted(wrong)}")
    if missing := set(exp.get("flags_present", [])) - flags:
        problems.append(f"flags not raised: {sorted(missing)}")
    if wrong := set(exp.get("flags_absent", [])) & flags:
        problems.append(f"flags wrongly raised: {sorted(wrong)}")
    assert not problems, f"{entry['file']}: " + "; ".join(problems) + f"\ntranscript: {a.transcript.text}"


@pytest.mark.parametrize("entry", BAD, ids=ids(BAD))
def test_bad_input_gives_a_clear_error(entry, scored):
    r = scored(entry)
    assert r.status == "error", f"{entry['file']} scored: {r.analysis and r.analysis.transcript.text!r}"
    assert r.error_kind == entry["expect"]["error_kind"], r.error_message
    assert r.error_message and "\n" not in r.error_message


def _words(text):
    import re

    return re.findall(r"[a-z0-9']+", text.lower().replace("-", " "))


def word_error_rate(ref: str, hyp: str) -> float:
    r, h = _words(ref), _words(hyp)
    d = list(range(len(h) + 1))
    for i in range(1, len(r) + 1):
        prev, d[0] = d[0], i
        for j in range(1, len(h) + 1):
            cur = min(d[j] + 1, d[j - 1] + 1, prev + (r[i - 1] != h[j - 1]))
            prev, d[j] = d[j], cur
    return d[len(h)] / max(1, len(r))


SPEECH = speech_fixtures()
FILLER_WORDS = {"um", "uh", "umm", "uhh", "er", "erm", "ah", "hmm"}


@pytest.mark.parametrize("entry", SPEECH, ids=ids(SPEECH))
def test_transcript_close_to_script(entry, scored):
    r = scored(entry)
    script = " ".join(w for w in _words(entry["script"]) if w not in FILLER_WORDS)
    heard = " ".join(w for w in _words(r.analysis.transcript.text) if w not in FILLER_WORDS)
    wer = word_error_rate(script, heard)
    limit = 0.15 if "espeak" in entry["file"] else 0.08
    assert wer <= limit, f"WER {wer:.1%} on {entry['file']}: {r.analysis.transcript.text}"


def test_filler_counts_on_the_filler_fixture(scored):
    entry = next(e for e in fixtures_of("answer") if e["expect"].get("fillers", {}).get("total", 0) > 0)
    d = scored(entry).analysis.delivery
    expected = entry["expect"]["fillers"]
    heard = [f.text for f in d.fillers]
    recall = min(len(heard), expected["total"]) / expected["total"]
    assert recall >= 0.7, f"heard {heard}, expected {expected}"
    assert len(heard) <= expected["total"] + 1, f"too many fillers: {heard}"
    for kind in ("um", "uh"):
        if expected.get(kind):
            assert heard.count(kind) >= 1, f"no {kind!r} heard: {heard}"


def test_no_fillers_reported_on_clean_answers(scored):
    for entry in fixtures_of("answer"):
        if entry["expect"].get("fillers", {}).get("total") == 0:
            d = scored(entry).analysis.delivery
            assert len(d.fillers) <= 1, f"{entry['file']}: {[f.text for f in d.fillers]}"


def test_long_pauses_and_start_latency(scored):
    entry = next(e for e in fixtures_of("answer") if e["expect"].get("long_pauses"))
    d = scored(entry).analysis.delivery
    expected = entry["expect"]["long_pauses"]
    assert len(d.long_pauses) == len(expected), d.long_pauses
    for got, want in zip(d.long_pauses, expected):
        assert abs(got.start - want["start"]) < 0.5 and abs(got.duration - want["duration"]) < 0.5
    if "start_latency_s" in entry["expect"]:
        assert abs(d.start_latency_s - entry["expect"]["start_latency_s"]) < 0.4


def test_hedges_found(scored):
    entry = next(e for e in fixtures_of("answer") if e["expect"].get("hedges", {}).get("total", 0) > 0)
    d = scored(entry).analysis.delivery
    assert len(d.hedges) >= entry["expect"]["hedges"]["total"] - 1, [h.text for h in d.hedges]


def test_delivery_invariants(scored):
    for entry in SPEECH:
        a = scored(entry).analysis
        t, d = a.transcript, a.delivery
        starts = [w.start for w in t.words]
        assert starts == sorted(starts)
        assert all(w.end <= t.duration_s + 0.05 for w in t.words)
        assert 0 < d.speaking_time_s <= d.answer_time_s <= t.duration_s + 0.05
        assert d.articulation_rate_wpm >= d.speech_rate_wpm
        assert 0 <= a.score.total <= 100


def test_text_input_has_no_delivery(scored):
    for entry in fixtures_of("text"):
        if entry["expect"]["status"] == "ok":
            r = scored(entry)
            assert r.analysis.delivery is None and r.analysis.transcript.duration_s is None


def test_batch_goes_on_past_bad_files(tmp_path):
    good = FIXTURES / "texts" / "strong.txt"
    items = expand_inputs([str(FIXTURES / "bad" / "empty.wav"), str(tmp_path / "missing.wav"),
                           str(tmp_path), str(good)])
    results = dict(score_batch(items, ScoreSettings()))
    kinds = [results[i].error_kind if results[i].status == "error" else "ok" for i in range(len(items))]
    assert kinds == ["bad_audio", "missing", "empty_folder", "ok"]


def test_folder_expands_to_supported_files(tmp_path):
    (tmp_path / "a.txt").write_text("Long term, I want to lead a team.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.txt").write_text("My goal is to become a nurse manager.")
    (tmp_path / "notes.docx").write_text("ignored")
    items = expand_inputs([str(tmp_path)])
    assert [i.path.name for i in items] == ["a.txt", "b.txt"]


def test_unsupported_extension_is_named(tmp_path):
    p = tmp_path / "answer.docx"
    p.write_text("hello")
    [(_, r)] = list(score_batch([BatchItem(str(p), p)], ScoreSettings()))
    assert r.status == "error" and ".docx" in r.error_message
