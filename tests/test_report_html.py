"""The HTML report, checked in Debian's real headless chromium (tests/browser.py).

The screenshot of each run is kept in tests/artifacts/ (not committed).
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import json
import re
import wave
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from simulator.errors import StoreError

from browser import open_page
from conftest import shown_words
from simulator import formats, report_html, store
from simulator.errors import KIND_LABELS
from simulator.rubric import COMPONENT_IDS, FLAG_IDS, LENGTH_VERDICTS
from simulator.commands import report as report_cmd
from simulator.engines import get_transcriber
from simulator.question import load_question
from simulator.rubric import load_rubric
from simulator.score import score_path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "audio_fixtures"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SHORT = "answers/short_piper.flac"
PAUSES = "answers/pauses_piper.flac"  # long pauses between sentences, and a late start


@pytest.fixture(scope="module")
def transcriber():
    return get_transcriber()


@pytest.fixture(scope="module")
def scored(transcriber):
    listed = {e["file"] for e in json.loads((FIXTURES / "manifest.json").read_text())}
    question = load_question()
    rubric = load_rubric(question.rubric)
    results = {}
    for name in (SHORT, PAUSES):
        assert name in listed and (FIXTURES / name).is_file(), f"{name}: run audio_fixtures/make_fixtures.py"
        results[name] = score_path(FIXTURES / name, transcriber=transcriber, question=question, rubric=rubric)
        assert results[name].status == "ok", results[name].error_message
    return results


@pytest.fixture(scope="module")
def report(scored, tmp_path_factory):
    """Two saved attempts (so the progress chart shows); the report of the newest, the pauses one."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("MOCK_INTERVIEW_HOME", str(home))
        store.save_scored(scored[SHORT])
        attempt = store.save_scored(scored[PAUSES])
        out = tmp_path_factory.mktemp("out")
        parser = argparse.ArgumentParser()
        report_cmd.register(parser.add_subparsers())
        args = parser.parse_args(["report", "last", "--out", str(out)])
        printed = io.StringIO()
        with redirect_stdout(printed):
            assert args.func(args) == 0
    path = Path(printed.getvalue().strip())
    assert path == out / f"report-{attempt.id}.html"
    return path, attempt


def words_of(attempt) -> list[dict]:
    return shown_words(attempt.transcript)


# --- the file itself ---------------------------------------------------------------------


def test_the_report_is_one_file_that_fetches_nothing(report):
    path, attempt = report
    text = path.read_text()
    # Every src/href is a data: URI or an in-page anchor; the CSP forbids anything else anyway.
    links = re.findall(r'(?:src|href)="([^"]*)"', text)
    assert links and all(u.startswith(("data:", "#")) for u in links), links
    assert "default-src 'none'" in text
    [audio_uri] = re.findall(r'<audio id="player"[^>]* src="data:audio/wav;base64,([^"]+)"', text)
    with wave.open(io.BytesIO(base64.b64decode(audio_uri))) as w:
        embedded_s = w.getnframes() / w.getframerate()
    with wave.open(str(attempt.dir.answer_wav)) as w:
        assert embedded_s == pytest.approx(w.getnframes() / w.getframerate(), abs=0.01)


def test_every_component_and_flag_is_in_the_checklist_with_its_state(report):
    text = report[0].read_text()
    result = report[1].result
    for group, yes, no in (("components", "ok", "no"), ("flags", "flagged", "clear")):
        for cid, ev in result["content"][group].items():
            unsure = group == "components" and not ev["present"] and ev["near"]  # not clearly heard: marked "?"
            assert f'<li class="{yes if ev["present"] else "unsure" if unsure else no}" data-id="{cid}">' in text


# --- in the browser ------------------------------------------------------------------------


def test_the_report_in_chromium(report):
    path, attempt = report
    words = words_of(attempt)
    result = attempt.result
    ARTIFACTS.mkdir(exist_ok=True)
    with open_page(path) as (page, log):
        page.wait_for_function("document.getElementById('player').readyState >= 1")
        for selector in ("#transcript", "#checklist", "#wave", "#progress svg.chart", "#summary"):
            assert page.locator(selector).is_visible(), selector
        assert page.locator("#checklist li").count() == 16  # nine components, seven flags
        assert page.locator("#progress svg.chart circle").count() == 2
        # the parts usually missing, said as the terminal's `progress` says them ("(2 of 2)", names not ids)
        history = page.inner_text("#progress")
        assert re.search(r"Usually missing: .+ \(2 of 2\)|No part is missing", history), history
        # The long pauses are marked in the transcript and shaded on the waveform.
        assert len(result["delivery"]["long_pauses"]) >= 2
        assert page.locator("#transcript .gap").count() == len(result["delivery"]["long_pauses"])
        assert page.locator("#wave rect.pause").count() == len(result["delivery"]["long_pauses"])

        spans = page.locator("#transcript .w[data-start]")
        assert spans.count() == len(words)
        duration = page.evaluate("document.getElementById('player').duration")
        assert duration == pytest.approx(result["duration_s"], abs=0.05)
        for i in (len(words) - 3, len(words) // 2, 0):
            spans.nth(i).click()
            now = page.evaluate("document.getElementById('player').currentTime")
            assert now == pytest.approx(words[i]["start"], abs=0.02), words[i]
            assert "now" in spans.nth(i).get_attribute("class")
        page.locator("#wave").click(position={"x": 2, "y": 40})
        assert page.evaluate("document.getElementById('player').currentTime") < 1.0
        spans.nth(len(words) // 2).click()
        page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    assert log.console_errors == [] and log.page_errors == []
    assert log.network_requests(path.resolve().as_uri()) == []


def test_highlights_match_the_analysis(report):
    path, attempt = report
    words = words_of(attempt)
    result = attempt.result
    marks = report_html.word_marks(words, result)
    evidence_words = sum("evidence" in m for m in marks)
    assert evidence_words > 0
    text = path.read_text()
    assert text.count('class="w evidence') + text.count('class="w evidence filler') >= evidence_words > 0
    # Fillers are matched by time: each one the analysis found marks the word that starts there.
    for item in result["delivery"]["fillers"]["items"]:
        [i] = [k for k, w in enumerate(words) if abs(w["start"] - item["start"]) < 0.01]
        assert "filler" in marks[i]


# --- batches ---------------------------------------------------------------------------------


def test_a_batch_gets_one_page_per_input_and_an_index(scored, tmp_path):
    bad = score_path(FIXTURES / "bad/empty.wav", transcriber=lambda: None, question=load_question(),
                     rubric=load_rubric())
    index = report_html.write_batch([scored[SHORT], scored[PAUSES], bad], tmp_path / "batch")
    pages = sorted(p.name for p in index.parent.glob("*.html"))
    assert pages == ["empty.html", "index.html", "pauses_piper.html", "short_piper.html"]
    text = index.read_text()
    for page in ("short_piper.html", "pauses_piper.html", "empty.html"):
        assert f'href="{page}"' in text
    assert str(scored[SHORT].analysis.score.total) in text and "empty file" in text
    with open_page(index) as (page, log):
        page.locator('a[href="pauses_piper.html"]').click()
        page.wait_for_selector("#transcript")
        assert page.locator("#checklist li").count() == 16
    assert log.console_errors == [] and log.page_errors == []
    assert all(u.startswith("file://") for u in log.requests)  # only the two local pages


def test_an_interrupted_attempt_gets_a_report_with_its_recording(tmp_path, monkeypatch):
    from simulator.audio import load_audio

    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    attempt = store.new_attempt("career-goals", "practice", question_text="What are your career goals?")
    partial = load_audio(FIXTURES / SHORT)
    store.finish_attempt(attempt, None, answer_audio=partial, ended_by="interrupted")
    with pytest.raises(StoreError, match="none of the 1 saved attempts was scored"):  # `report last`
        report_html.write_attempt_report("last", tmp_path / "r.html")
    path = report_html.write_attempt_report("last", tmp_path / "r.html", scored=False)  # `report last --any`
    text = path.read_text()
    assert "Not scored" in text and "incomplete" in text
    with open_page(path) as (page, log):
        page.wait_for_function("document.getElementById('player').readyState >= 1")
        duration = page.evaluate("document.getElementById('player').duration")
        assert duration == pytest.approx(partial.duration_s, abs=0.05)
        assert page.locator("#wave").is_visible() and page.locator("#checklist").count() == 0
        page.locator("#wave").click(position={"x": 500, "y": 40})
        assert 0 < page.evaluate("document.getElementById('player').currentTime") < duration
    assert log.console_errors == [] and log.page_errors == []



def test_an_attempt_stopped_before_any_sound_gets_a_report_without_a_player(tmp_path, monkeypatch):
    """Ctrl-C (or a page closed) as the answer began leaves a header-only answer.wav: `report last --any`
    writes the report, with nothing to play, as serve's attempt page shows it."""
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    attempt = store.new_attempt("career-goals", "practice", question_text="What are your career goals?")
    with wave.open(str(attempt.answer_wav), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
    store.finish_attempt(attempt, None, ended_by="interrupted")
    text = report_html.write_attempt_report("last", tmp_path / "r.html", scored=False).read_text()
    assert "Not scored" in text and "incomplete" in text
    assert '<audio id="player"' not in text and 'id="wave"' not in text

# --- what people read: names and labels, never ids ------------------------------------------

# Ids a person could mistake for words are left out: only those with an underscore are unmistakable.
INTERNAL_IDS = sorted({i for i in (*COMPONENT_IDS, *FLAG_IDS, *LENGTH_VERDICTS, *KIND_LABELS) if "_" in i}
                      | {"flag_"})
TEXTS = ["texts/weak.txt", "texts/adequate.txt", "texts/too_long.txt", "texts/strong.txt"]


def assert_no_internal_ids(page, file_names: list[str] = ()) -> str:
    """The page's visible text holds no id; a file name may (texts/too_long.txt is one)."""
    visible = page.inner_text("main")
    text = visible
    for name in file_names:
        text = text.replace(name, "")
    found = [i for i in INTERNAL_IDS if i in text]
    assert found == [], found
    return visible


@pytest.fixture(scope="module")
def batch(scored, transcriber, tmp_path_factory):
    """A batch a coach might score: four transcripts, two recordings, silence and an empty file."""
    question, rubric = load_question(), load_rubric()
    results = [score_path(FIXTURES / name, transcriber=transcriber, question=question, rubric=rubric)
               for name in TEXTS]
    assert all(r.status == "ok" for r in results)
    errors = [score_path(FIXTURES / name, transcriber=transcriber, question=question, rubric=rubric)
              for name in ("bad/silence_20s.flac", "bad/empty.wav")]
    assert [e.error_kind for e in errors] == ["no_speech", "bad_audio"]
    results = results[:2] + [errors[0], scored[SHORT]] + results[2:] + [scored[PAUSES], errors[1]]
    return results, report_html.write_batch(results, tmp_path_factory.mktemp("batch"))


def rows_in_order(page) -> list[tuple[str, str | None]]:
    return page.eval_on_selector_all("#results tbody tr",
                                     "rows => rows.map(r => [r.cells[0].innerText, r.getAttribute('data-score')])")


def test_the_index_sorts_by_any_column_numbers_as_numbers(batch):
    results, index = batch
    scores = {r.input: r.analysis.score.total for r in results if r.status == "ok"}
    assert min(scores.values()) < 10 and max(scores.values()) >= 100  # "100" < "7" as text: a real check
    with open_page(index) as (page, log):
        header = page.locator('#results th[data-key="score"] button')
        header.click()
        up = [int(s) for _, s in rows_in_order(page) if s is not None]
        assert up == sorted(scores.values()) and len(up) == len(scores)
        assert [s for _, s in rows_in_order(page)][-2:] == [None, None]  # not scored: last, both ways
        assert page.get_attribute('#results th[data-key="score"]', "aria-sort") == "ascending"
        header.click()
        down = [int(s) for _, s in rows_in_order(page) if s is not None]
        assert down == sorted(scores.values(), reverse=True)
        assert [s for _, s in rows_in_order(page)][-2:] == [None, None]
        page.locator('#results th[data-key="input"] button').click()
        names = [n for n, _ in rows_in_order(page)]
        assert names == sorted(names, key=str.lower)
        page.screenshot(path=str(ARTIFACTS / "index.png"), full_page=True)
    assert log.console_errors == [] and log.page_errors == []


def test_the_index_shows_paths_under_the_folder_scored_and_names_not_ids(batch):
    results, index = batch
    with open_page(index) as (page, log):
        shown = [n for n, _ in rows_in_order(page)]
        # every input is under audio_fixtures/: that is the folder, and each row names the file in it
        assert shown == [str(Path(r.input).relative_to(FIXTURES)) for r in results]
        visible = assert_no_internal_ids(page, shown)
        summary = page.inner_text("#batch-summary")
        assert summary == formats.summary([report_html.record_from_result(r)["result"] for r in results])
        assert summary.startswith("Scored 6 of 8 inputs (2 failed).") and "mean score" in summary
        weak = page.locator("#results tbody tr", has_text="weak.txt").inner_text()
        assert "long-term goal" in weak and "no ambition" in weak and "brief · 67 words" in weak
        # "Parts missing" says what the feedback says: a part something came close to is "unsure", not missing
        rubric = load_rubric()
        for r in results:
            if r.status != "ok":
                continue
            row = page.locator("#results tbody tr", has_text=Path(r.input).name).inner_text()
            absent = [c for c, ev in r.analysis.content.components.items() if not ev.present]
            unsure = [rubric.name(c) for c in absent if r.analysis.content.components[c].near]
            assert ("unsure: " + ", ".join(unsure) in row) if unsure else "unsure" not in row
        short = page.locator("#results tbody tr", has_text="short_piper").inner_text()
        d = scored_length(results, SHORT)
        assert f"too short · {d // 60}:{d % 60:02d}" in short
        assert "no speech: no speech detected" in visible and "unreadable audio: empty file" in visible
    assert log.console_errors == [] and log.page_errors == []


def scored_length(results, name) -> int:
    [r] = [r for r in results if r.input.endswith(name)]
    return int(round(r.analysis.length.seconds))


def test_flags_not_raised_read_so_and_parts_say_heard_or_not(report):
    path, attempt = report
    flags = attempt.result["content"]["flags"]
    with open_page(path) as (page, log):
        assert_no_internal_ids(page)
        for fid, ev in flags.items():
            row = page.locator(f'#checklist li[data-id="{fid}"]')
            text, mark = row.inner_text(), row.locator(".mark").inner_text()
            assert mark != "\u2713"  # a tick beside "Plans to leave" would read as "yes"
            if ev["present"]:
                assert "raised" in text and "not raised" not in text
            else:
                assert text.rstrip().endswith("not raised")
        for cid, ev in attempt.result["content"]["components"].items():
            text = page.locator(f'#checklist li[data-id="{cid}"]').inner_text()
            assert ("not heard" in text) == (not ev["present"] and not ev["near"])
            # a part the feedback is unsure of says so, with what came closest, as the feedback does
            assert ("not clearly heard; closest:" in text) == (not ev["present"] and bool(ev["near"]))
            if not ev["present"] and ev["near"]:
                assert ev["near"][0][:40] in text
    assert log.console_errors == [] and log.page_errors == []


def test_a_text_report_says_delivery_is_not_measured_and_shows_every_point(batch):
    results, index = batch
    [weak] = [r for r in results if r.input.endswith("weak.txt")]
    gaps = [p for p in weak.feedback.points if p.kind in ("flag", "missing", "unsure", "length")]
    assert len(gaps) > load_rubric().max_written_gaps  # the written text leaves some out
    assert "not shown" in weak.feedback.written
    with open_page(index.parent / "weak.html") as (page, log):
        visible = assert_no_internal_ids(page)
        summary = page.inner_text("#summary")
        assert "delivery not measured for text" in summary and "delivery 0" not in summary
        assert "not measured for text" in page.inner_text("#no-delivery")
        items = page.locator("#fixes li")
        assert items.count() == len(gaps)
        for i, g in enumerate(gaps):
            assert items.nth(i).inner_text().split("\n")[0] == g.text
            assert f"Fix: {g.fix}" in items.nth(i).inner_text()
        assert "not shown" not in visible  # they are all there
    assert log.console_errors == [] and log.page_errors == []


def test_an_error_page_names_the_kind_in_words(batch):
    _, index = batch
    with open_page(index.parent / "silence_20s.html") as (page, log):
        assert_no_internal_ids(page)
        assert "Not scored (no speech): no speech detected" in page.inner_text("main")
    assert log.console_errors == [] and log.page_errors == []


# --- what people said, typed or named is text, never markup ---------------------------------------

HOSTILE = '<script>alert(1)</script> "quoted" & more'


def test_what_was_said_asked_or_named_is_shown_as_text_never_run(tmp_path, monkeypatch):
    """The transcript, the question and the file's name hold markup and quotes: the report and the batch index
    show them as typed, in text and in attributes, and no element or script of theirs reaches the page."""
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(tmp_path / "home"))
    folder = tmp_path / "answers"
    folder.mkdir()
    named = folder / '<b onmouseover="alert(2)">Sam "S" & co.txt'  # a file name cannot hold the "/" of </script>
    said = f"In five years I want to lead a small data team {HOSTILE}. Right now I am taking a course in statistics."
    named.write_text(said)
    result = score_path(named, transcriber=lambda: None, question=load_question(), rubric=load_rubric())
    assert result.status == "ok" and HOSTILE in result.analysis.transcript.text
    attempt = store.new_attempt("career-goals", "practice", question_text=f"What are your goals? {HOSTILE}")
    store.finish_attempt(attempt, result)
    report = report_html.write_attempt_report(attempt.id, tmp_path / "report.html")
    index = report_html.write_batch([result], tmp_path / "batch")
    [page_name] = [p.name for p in index.parent.glob("*.html") if p != index]

    for path in (report, index, index.parent / page_name):
        text = path.read_text()
        assert "<script>alert" not in text and "<b onmouseover" not in text, path.name
        assert "&lt;b onmouseover=" in text, path.name  # the name is on every page
        assert ("&lt;script&gt;alert(1)&lt;/script&gt;" in text) == (path != index), path.name  # and what was said
        with open_page(path) as (page, log):
            assert page.evaluate("document.scripts.length") == 1, path.name  # report.js or index.js only
            assert page.evaluate("document.querySelectorAll('[onmouseover]').length") == 0
            if path == index:
                row = page.locator("#results tbody tr")
                assert row.get_attribute("data-input") == named.name  # the quotes did not end the attribute
                assert row.locator("a").inner_text() == named.name
            else:
                assert HOSTILE in page.inner_text("#transcript, p.transcript")
                assert HOSTILE in page.inner_text('#checklist li[data-id="goal_long"] q')
                assert named.name in page.inner_text("header .meta")
            if path == report:
                assert page.inner_text("h1") == f"What are your goals? {HOSTILE}"
            else:
                assert page.title() == ("mock-interview batch report" if path == index
                                        else f"{named} - mock-interview report")
        assert log.console_errors == [] and log.page_errors == [], path.name


def test_inlined_scripts_and_styles_go_in_as_written_not_as_template_syntax(tmp_path):
    """A "{{" or "{#" in a page's JavaScript stays JavaScript (an {% include %} would parse it as a template),
    and a script that would close its own <script> tag is refused, not inlined."""
    from simulator import templating

    (tmp_path / "page.html").write_text('<script>{{ inline("x.js") }}</script><style>{{ inline("x.css") }}</style>')
    js = 'const t = `{{ not a template }}`; /* {# nor a comment #} */ if (a < b && c) { go("{%"); }\n'
    (tmp_path / "x.js").write_text(js)
    (tmp_path / "x.css").write_text("a::before { content: '{{'; }\n")
    env = templating.make_environment(tmp_path)
    page = env.get_template("page.html").render()
    assert page == f"<script>{js}</script><style>a::before {{ content: '{{{{'; }}\n</style>"
    (tmp_path / "x.js").write_text('document.write("</script><script>alert(1)")')
    with pytest.raises(ValueError, match="x.js"):
        env.get_template("page.html").render()
    # the shipped pages inline their files byte for byte
    for name in ("report.js", "index.js", "report.css"):
        source = (templating.TEMPLATES_DIR / name).read_text()
        assert str(templating.environment().globals["inline"](name)) == source


def test_a_red_flag_the_analysis_is_not_sure_of_says_so_in_the_checklist(tmp_path):
    """The checklist, the index and score's table say what the feedback says: a flag raised but not confirmed is
    marked as unsure."""
    from simulator.serialize import result_to_dict as formats_dict
    answer = tmp_path / "shifts.txt"  # "personal" is raised by a cue, but the goal is tied back to the work
    answer.write_text("I'm a staff nurse. Part of my goal is to get healthier habits around shift work, so I'm sharper "
                      "on nights with the patients. In five years I want to be a ward manager here.")
    result = score_path(answer, transcriber=get_transcriber, question=load_question(), rubric=load_rubric())
    flag = result.analysis.content.flags["personal"]
    assert result.status == "ok" and flag.present and flag.tentative
    table = formats.to_table([formats_dict(result)])  # score's table says it the same way
    assert "RED FLAGS: personal goals (not sure)" in table, table
    [row] = list(csv.DictReader(io.StringIO(formats.to_csv([formats_dict(result)]))))  # and the CSV
    assert row["flag_personal"] == "1" and row["flags_not_sure"] == "personal", row
    assert row["flag_leaving"] == "0" and row["goal_long"] == "1" and "goal_long" not in row["parts_not_sure"]
    index = report_html.write_batch([result], tmp_path / "out")
    with open_page(index) as (page, log):
        assert "personal goals (not sure)" in page.locator("#results tbody tr").inner_text()
    with open_page(index.parent / "shifts.html") as (page, log):
        text = page.locator('#checklist li[data-id="personal"]').inner_text()
        assert "raised, but I'm not sure: check it" in text and "healthier habits" in text
        fixes = page.inner_text("#fixes")
        assert "Is this a personal goal rather than a work one?" in fixes
        assert "This is a personal goal not tied to work" not in fixes
        for fid in ("leaving", "money"):  # the others are plainly not raised
            assert page.locator(f'#checklist li[data-id="{fid}"]').inner_text().rstrip().endswith("not raised")
    assert log.console_errors == [] and log.page_errors == []
