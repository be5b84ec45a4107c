"""`mock-interview serve`: the real server in a subprocess, driven over HTTP and in headless Chromium.

The practice tests answer with Chromium's fake microphone, fed a fixture recording followed by silence,
so the server's own silence rule ends the answer. Screenshots of the pages go to docs/screenshots/.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import sys
import time
import wave
import zipfile
from io import BytesIO
from pathlib import Path

import numpy as np
import pytest

from browser import fake_microphone_args, open_url
from conftest import assert_no_internal_ids, write_pcm_wav

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "audio_fixtures"
SCREENSHOTS = ROOT / "docs" / "screenshots"
ANSWER = "answers/hedges_piper.flac"  # 34 s, strong content: no follow-up, so one answer makes the round
MIC_RATE = 48_000
UPLOAD_LIMIT_MB = 0.2


class Server:
    def __init__(self, home: Path, *args: str):
        env = {**os.environ, "MOCK_INTERVIEW_HOME": str(home)}
        self.proc = subprocess.Popen([sys.executable, "-m", "simulator", "serve", "--no-browser", *args],
                                     cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        line = self.proc.stdout.readline()
        match = re.search(r"(http://127\.0\.0\.1:(\d+)/practice)\?token=(\S+)", line)
        assert match, f"serve printed {line!r}; stderr: {self.proc.stderr.read() if self.proc.poll() else ''}"
        self.url = match.group(0)
        self.port = int(match.group(2))
        self.token = match.group(3)
        self.origin = f"http://127.0.0.1:{self.port}"
        self.cookie = f"mock-interview-{self.port}={self.token}"

    def request(self, method: str, path: str, *, body: bytes | None = None, host: str | None = None,
                cookie: bool = True, origin: str | None = None, headers: dict | None = None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        h = {"Host": host or f"127.0.0.1:{self.port}", **(headers or {})}
        if cookie:
            h["Cookie"] = self.cookie
        if origin:
            h["Origin"] = origin
        conn.request(method, path, body=body, headers=h)
        response = conn.getresponse()
        data = response.read()
        conn.close()
        return response, data

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@pytest.fixture(scope="module")
def server(module_home):
    s = Server(module_home, "--max-upload-mb", str(UPLOAD_LIMIT_MB))
    yield s
    s.stop()


@pytest.fixture(scope="module")
def mic_wav(tmp_path_factory) -> Path:
    """The fixture answer at 48 kHz after 0.5 s of silence, then 8 s of silence (Chromium loops the file)."""
    from simulator.audio import load_audio, resample_samples

    audio = load_audio(FIXTURES / ANSWER)
    samples = resample_samples(audio.samples, audio.sample_rate, MIC_RATE)
    silence = lambda s: np.zeros(int(s * MIC_RATE), np.float32)  # noqa: E731
    path = tmp_path_factory.mktemp("mic") / "answer.wav"
    write_pcm_wav(path, np.concatenate([silence(0.5), samples, silence(8.0)]), MIC_RATE)
    return path


def expected(name: str) -> dict:
    return next(e for e in json.loads((FIXTURES / "manifest.json").read_text()) if e["file"] == name)["expect"]


def off_machine(requests: list[str], origin: str) -> list[str]:
    return [u for u in requests if not u.startswith((origin + "/", "data:", "blob:", "about:"))]


# --- security -----------------------------------------------------------------------------------------

def test_prints_a_local_url_with_a_token(server):
    assert server.url.startswith("http://127.0.0.1:")
    assert len(server.token) >= 32


def test_request_without_the_token_is_refused(server):
    for path in ("/practice", "/history", "/api/attempts", "/static/practice.js"):
        response, body = server.request("GET", path, cookie=False)
        assert response.status == 403, path
        assert b"token" in body
    response, _ = server.request("GET", "/history", cookie=False, headers={"Cookie": f"mock-interview-{server.port}=wrong"})
    assert response.status == 403
    response, _ = server.request("GET", "/practice?token=wrong", cookie=False)
    assert response.status == 403


def test_the_token_in_the_url_becomes_a_strict_http_only_cookie(server):
    response, _ = server.request("GET", f"/history?token={server.token}", cookie=False)
    assert response.status == 303
    assert response.getheader("Location") == "/history"  # the token leaves the address bar
    cookie = response.getheader("Set-Cookie")
    assert cookie.startswith(server.cookie + ";")
    assert "HttpOnly" in cookie and "samesite=strict" in cookie.lower()
    response, body = server.request("GET", "/history")
    assert response.status == 200 and b"<h1>History</h1>" in body


def test_foreign_host_header_is_refused_even_with_the_token(server):
    """DNS rebinding: a page at evil.example resolved to 127.0.0.1 sends Host: evil.example."""
    for host in (f"evil.example:{server.port}", "evil.example", f"127.0.0.1:{server.port + 1}"):
        response, body = server.request("GET", f"/practice?token={server.token}", host=host)
        assert response.status == 403, host
        assert b"does not answer to the host" in body
    response, _ = server.request("GET", "/history", host=f"localhost:{server.port}")
    assert response.status == 200


def test_changes_need_this_servers_origin(server):
    """CSRF: a POST from another site, or with no Origin at all, changes nothing."""
    for origin in (None, "http://evil.example", f"http://127.0.0.1:{server.port + 1}"):
        response, body = server.request("POST", "/api/score", origin=origin)
        assert response.status == 403, origin
        assert b"own pages" in body
    response, body = server.request("POST", "/api/score", origin=server.origin)
    assert response.status == 200 and "job" in json.loads(body)


def test_every_page_carries_the_content_security_policy(server):
    for path in ("/practice", "/history", "/score", "/static/practice.js", "/api/attempts", "/nowhere"):
        response, _ = server.request("GET", path)
        csp = response.getheader("Content-Security-Policy") or ""
        assert csp.startswith("default-src 'none'"), path
        assert "http" not in csp, f"{path}: the policy names another site: {csp}"
        assert response.getheader("X-Content-Type-Options") == "nosniff"
    response, _ = server.request("GET", "/practice", cookie=False)
    assert (response.getheader("Content-Security-Policy") or "").startswith("default-src 'none'")


def test_oversized_upload_gets_a_clear_message(server):
    _, body = server.request("POST", "/api/score", origin=server.origin)
    job = json.loads(body)["job"]
    big = b"\0" * int(UPLOAD_LIMIT_MB * 1e6 + 1000)
    response, body = server.request("POST", f"/api/score/{job}/files?name=long%20answer.wav", body=big,
                                    origin=server.origin)
    assert response.status == 413
    message = json.loads(body)["error"]
    assert message.startswith("long answer.wav is too large") and "the limit is 0.2 MB" in message
    response, body = server.request("POST", f"/api/score/{job}/files?name=notes.exe", body=b"x", origin=server.origin)
    assert response.status == 415
    assert json.loads(body)["error"].startswith("notes.exe: unsupported file type '.exe'")


def test_a_piece_of_audio_is_checked(server):
    _, body = server.request("POST", "/api/practice", origin=server.origin)
    sid = json.loads(body)["session"]
    response, body = server.request("POST", f"/api/practice/{sid}/chunks?take=1&seq=0&rate=1000000",
                                    body=b"\0\0", origin=server.origin)
    assert response.status == 400 and "sample rate" in json.loads(body)["error"]
    response, body = server.request("POST", f"/api/practice/{sid}/chunks?take=1&seq=0&rate=48000",
                                    body=b"\0" * 2_000_000, origin=server.origin)
    assert response.status == 413 and "too large" in json.loads(body)["error"]
    server.request("POST", f"/api/practice/{sid}/close", origin=server.origin)
    # The page has gone: its practice loop ends (its attempt goes: no sound came), before the next test counts.
    seen = events_until_done(server, sid)
    assert "done" in seen, seen


def events_until_done(server, sid: str, timeout: float = 120) -> list[str]:
    """The kinds of event a practice page was sent, up to its loop's end ("done") or the timeout."""
    seen, deadline = [], time.monotonic() + timeout
    while "done" not in seen and time.monotonic() < deadline:
        _, body = server.request("GET", f"/api/practice/{sid}/events?after={len(seen)}")
        seen += [e["type"] for e in json.loads(body)["events"]]
    return seen


# --- practice in the page -------------------------------------------------------------------------------

@pytest.mark.slow
def test_a_practice_round_in_the_page(server, mic_wav, module_home, monkeypatch, transcriber):
    from simulator import store
    from simulator.question import load_question
    from simulator.rubric import load_rubric
    from simulator.score import score_path

    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(module_home))
    before = {a.id for a in store.list_attempts()}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with open_url(server.url, fake_microphone_args(mic_wav)) as (page, log):
        page.click("#start")
        page.wait_for_selector("#question:has-text('career goals')", timeout=30_000)
        page.wait_for_selector("#recorder:not([hidden])", timeout=60_000)
        page.wait_for_selector("#elapsed:text-matches('0:(0[5-9]|[1-5][0-9])')", timeout=30_000)
        page.screenshot(path=str(SCREENSHOTS / "practice.png"))
        page.wait_for_selector("#feedback:not([hidden])", timeout=180_000)
        verdict = page.text_content("#verdict")
        written = page.text_content("#written")
        page.screenshot(path=str(SCREENSHOTS / "feedback.png"), full_page=True)
        assert verdict == expected(ANSWER)["verdict"]
        assert written.strip() and page.text_content("#transcript").strip()
        assert_no_internal_ids(page.inner_text("main"), "practice page")
        attempt_id = page.get_attribute("#report-link", "href").rsplit("/", 1)[-1]
        page.wait_for_selector("#again-box:not([hidden])", timeout=120_000)
        page.click("#done")
        assert not log.page_errors and not log.console_errors, (log.page_errors, log.console_errors)
        assert not off_machine(log.requests, server.origin)

    new = [a for a in store.list_attempts() if a.id not in before]
    assert [a.id for a in new] == [attempt_id]
    attempt = store.load_attempt(attempt_id)
    assert attempt.complete and attempt.record["ended_by"] == "silence"
    assert attempt.result["verdict"] == expected(ANSWER)["verdict"]
    assert attempt.record["source"] == "practice"
    for part in ("question", "answer", "feedback"):
        assert attempt.audio_path(part) is not None, part
    # One pipeline: `score` on the saved answer.wav gives what the page was told, word for word.
    question = load_question()
    again = score_path(attempt.dir.answer_wav, transcriber=transcriber, question=question,
                       rubric=load_rubric(question.rubric))
    assert again.analysis.transcript.text == attempt.result["transcript"]
    assert again.analysis.verdict == attempt.result["verdict"]
    # ... and the CLI replays it.
    replay = subprocess.run([sys.executable, "-m", "simulator", "replay", attempt_id, "--no-audio", "--instant"],
                            cwd=ROOT, env={**os.environ, "MOCK_INTERVIEW_HOME": str(module_home)},
                            capture_output=True, text=True, timeout=120)
    assert replay.returncode == 0, replay.stderr


@pytest.mark.slow
def test_closing_the_tab_mid_answer_keeps_what_was_said(server, mic_wav, module_home, monkeypatch):
    from simulator import store

    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(module_home))
    before = {a.id for a in store.list_attempts()}
    with open_url(server.url, fake_microphone_args(mic_wav)) as (page, log):
        page.click("#start")
        page.wait_for_selector("#recorder:not([hidden])", timeout=60_000)
        new = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # until the server holds 4 s of the answer
            new = [a for a in store.list_attempts() if a.id not in before]
            wav = new[0] and store.load_attempt(new[0].id).dir.answer_wav if new else None
            if wav and wav.is_file() and _seconds(wav) >= 4.0:
                break
            time.sleep(0.5)
        else:
            pytest.fail("the answer never reached the server")
        page.close(run_before_unload=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        record = store.load_attempt(new[0].id).record
        if record.get("finished_at"):
            break
        time.sleep(0.5)
    attempt = store.load_attempt(new[0].id)
    assert not attempt.complete
    assert attempt.record["ended_by"] in ("interrupted", "device_lost")
    assert _seconds(attempt.dir.answer_wav) >= 4.0  # everything uploaded before the tab closed
    summary = next(a for a in store.list_attempts() if a.id == attempt.id)
    assert not summary.complete


@pytest.mark.slow
def test_a_page_closed_before_the_answer_leaves_no_attempt(server, mic_wav, module_home, monkeypatch):
    """The tab closed while the question is asked: no sound came, so no empty "incomplete" attempt is left in
    History (one with sound is kept: test_closing_the_tab_mid_answer_keeps_what_was_said)."""
    from simulator import store

    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(module_home))
    before = {a.id for a in store.list_attempts()}
    with open_url(server.url, fake_microphone_args(mic_wav)) as (page, log):
        with page.expect_response(lambda r: r.url.endswith("/api/practice")) as started:
            page.click("#start")
        sid = started.value.json()["session"]
        page.wait_for_selector("#question:has-text('career goals')", timeout=30_000)
        assert page.is_hidden("#recorder")  # not recording yet
        made = [a for a in store.list_attempts() if a.id not in before]
        assert len(made) == 1 and not made[0].complete  # the round's attempt, made when it began
        page.close(run_before_unload=True)
        assert not log.page_errors and not log.console_errors, (log.page_errors, log.console_errors)
    seen = events_until_done(server, sid, timeout=30)
    assert "done" in seen and "kept" not in seen and "error" not in seen, seen
    assert {a.id for a in store.list_attempts()} == before
    assert not (module_home / "sessions" / made[0].id).exists()


@pytest.mark.slow
def test_a_follow_up_in_the_page(tmp_path, monkeypatch):
    """A weak answer gets the follow-up, in the page as in the terminal: the question shows, the second
    answer is recorded and kept, and the feedback is on the exchange. The fake microphone gives the same
    recording again for the follow-up, which names no goal either: the feedback says the gap stays open."""
    from simulator import store
    from simulator.audio import load_audio, resample_samples
    from simulator.followup import load_follow_ups

    weak = load_audio(FIXTURES / "answers" / "short_piper.flac")  # "I just want to grow and learn. ..."
    mic = tmp_path / "weak.wav"
    samples = resample_samples(weak.samples, weak.sample_rate, MIC_RATE)
    write_pcm_wav(mic, np.concatenate([np.zeros(MIC_RATE // 2, np.float32), samples,
                                       np.zeros(8 * MIC_RATE, np.float32)]), MIC_RATE)
    home = tmp_path / "home"
    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(home))
    server = Server(home, "--no-speak")
    asked = load_follow_ups().gap("no_goal").ask[0]
    try:
        with open_url(server.url, fake_microphone_args(mic)) as (page, log):
            page.click("#start")
            page.wait_for_selector(f"#follow-up:has-text('{asked}')", timeout=90_000)
            page.wait_for_selector("#feedback:not([hidden])", timeout=120_000)
            written = page.text_content("#written")
            assert "Your answer did not give a goal yet." in written and "First answer alone: weak" in written
            assert asked in page.inner_text("#follow-up-answers")
            assert_no_internal_ids(page.inner_text("main"), "practice page with a follow-up")
            # Try again: the same gap is asked in other words, and the page says what changed.
            page.wait_for_selector("#again-box:not([hidden])", timeout=60_000)
            page.click("#again")
            again = load_follow_ups().gap("no_goal").ask[1]
            page.wait_for_selector(f"#follow-up:has-text('{again}')", timeout=90_000)
            page.wait_for_selector("#changes-box:not([hidden])", timeout=120_000)
            assert page.text_content("#changes").startswith("Score ")
            page.wait_for_selector("#again-box:not([hidden])", timeout=60_000)
            page.click("#done")
            assert not log.page_errors and not log.console_errors, (log.page_errors, log.console_errors)
    finally:
        server.stop()
    summary = min(store.list_attempts(), key=lambda a: a.id)  # the first round
    assert len(store.list_attempts()) == 2
    attempt = store.load_attempt(summary.id)
    [follow_up] = attempt.record["exchange"]["follow_ups"]
    assert follow_up["gap"] == "no_goal" and not follow_up["closed"]
    assert "grow and learn" in follow_up["transcript"]["text"]
    assert _seconds(attempt.dir.path / "follow_up_1.wav") > 3.0


def _seconds(path: Path) -> float:
    with wave.open(str(path), "rb") as w:
        return w.getnframes() / w.getframerate()


# --- history ---------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_history_lists_reports_exports_and_deletes(server, module_home, monkeypatch, pipeline):
    from simulator import store
    from simulator.score import BatchItem

    monkeypatch.setenv("MOCK_INTERVIEW_HOME", str(module_home))
    for name in ("texts/weak.txt", "texts/strong.txt"):  # two more scored attempts: the chart shows
        store.save_scored(pipeline.score(BatchItem(name, FIXTURES / name)))
    attempts = store.list_attempts()
    with open_url(server.url.replace("/practice?", "/history?")) as (page, log):
        rows = page.locator("#attempts tbody tr")
        assert rows.count() == len(attempts)
        assert page.locator("#progress svg").count() == 1
        page.screenshot(path=str(SCREENSHOTS / "history.png"), full_page=True)
        assert_no_internal_ids(page.inner_text("main"), "history page")

        target = attempts[0].id
        export = page.context.request.get(f"{server.origin}/attempts/{target}/export")
        assert export.ok
        with zipfile.ZipFile(BytesIO(export.body())) as zf:
            assert f"{target}/attempt.json" in zf.namelist()

        page.click(f"#attempts tr[data-id='{target}'] a")
        page.wait_for_selector("h1")
        assert page.url.endswith(f"/attempts/{target}")
        assert page.locator("section.feedback").count() == 1
        page.go_back()

        page.once("dialog", lambda d: d.accept())
        page.click(f"button.delete[data-id='{target}']")
        page.wait_for_selector(f"#attempts tr[data-id='{target}']", state="detached")
        assert not log.page_errors and not log.console_errors, (log.page_errors, log.console_errors)
        assert not off_machine(log.requests, server.origin)
    assert target not in {a.id for a in store.list_attempts()}


# --- score files -------------------------------------------------------------------------------------------

@pytest.mark.slow
def test_score_files_in_the_page(server, tmp_path):
    big = tmp_path / "too big.wav"
    big.write_bytes(b"\0" * int(UPLOAD_LIMIT_MB * 1e6 * 2))
    files = [FIXTURES / "texts/strong.txt", FIXTURES / "texts/weak.txt", FIXTURES / "bad/empty.wav", big]
    with open_url(server.url.replace("/practice?", "/score?")) as (page, log):
        page.set_input_files("#files", [str(f) for f in files])
        page.wait_for_selector("#downloads:not([hidden])", timeout=120_000)
        rows = page.locator("#results tbody tr")
        assert rows.count() == 3
        cells = [rows.nth(i).inner_text() for i in range(3)]
        assert cells[0].startswith("strong.txt") and "strong" in cells[0]
        assert cells[1].startswith("weak.txt") and "weak" in cells[1]
        assert cells[2].startswith("empty.wav") and "not scored" in cells[2]
        status = page.text_content("#score-status")
        assert "Scored 3 of 3" in status and "too big.wav: too large" in status
        csv_text = page.context.request.get(server.origin + page.get_attribute("#csv", "href")).text()
        assert csv_text.splitlines()[0].startswith('"input","status"')
        assert len(csv_text.strip().splitlines()) >= 4
        results = page.context.request.get(server.origin + page.get_attribute("#json", "href")).json()
        assert [r["input"] for r in results] == ["strong.txt", "weak.txt", "empty.wav"]
        assert results[0]["verdict"] == expected("texts/strong.txt")["verdict"]
        page.screenshot(path=str(SCREENSHOTS / "score.png"), full_page=True)
        assert not log.page_errors and not log.console_errors, (log.page_errors, log.console_errors)
        assert not off_machine(log.requests, server.origin)
