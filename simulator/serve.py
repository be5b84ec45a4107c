"""`serve`: the local web app. Pages over the same store and pipeline as the command line.

    Practice      /practice   the loop of session.py, with the page as microphone, speaker and screen
                              (browser_practice.py)
    History       /history    the store's attempts; /attempts/ID is the report of `mock-interview report`
    Score files   /score      the batch path: `mock-interview score --format jsonl` on the files dropped

Security, as Jupyter does it for a local server: ``Guard`` refuses a request whose Host header is not
this server (DNS rebinding), one without the token (from the URL the command opened, then an HttpOnly,
SameSite=Strict cookie), and a change (any method but GET/HEAD) whose Origin is not this server (CSRF).
Every response carries a content security policy that allows nothing off this server.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import secrets
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from . import config
from .errors import SimulatorError

log = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent / "templates" / "web"
STATIC_FILES = {"app.css": "text/css", "practice.js": "text/javascript", "capture.js": "text/javascript",
                "history.js": "text/javascript", "score.js": "text/javascript"}
# The app's pages: scripts and styles from this server only, fetches to this server only, nothing else.
APP_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; "
           "media-src 'self' blob:; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
# An attempt's page is the self-contained report (report_html.py), under its own policy: nothing fetched at all.
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; media-src data:; "
              "img-src data:; base-uri 'none'; frame-ancestors 'none'")
SAFE_METHODS = ("GET", "HEAD")
EVENTS_WAIT_S = 15.0  # how long one poll for practice events waits for something new


@dataclass
class ServeOptions:
    port: int  # the port actually bound
    host: str = config.SERVE_HOST
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    max_upload_bytes: int = config.MAX_UPLOAD_BYTES
    practice: Any = None  # session.PracticeOptions for every practice page
    preload: bool = True  # load the voice and Whisper at start, so the first question sounds at once

    @property
    def hosts(self) -> set[str]:
        """Host headers this server answers to: itself by address and by name, and --host."""
        names = {"127.0.0.1", "localhost", "[::1]", _host_header_name(self.host)}
        return {f"{n}:{self.port}" for n in names}

    @property
    def origins(self) -> set[str]:
        return {f"http://{h}" for h in self.hosts}

    @property
    def cookie(self) -> str:
        return f"mock-interview-{self.port}"  # per port: two servers on one machine keep their own

    def url(self, path: str = "/practice") -> str:
        host = "127.0.0.1" if self.host in ("0.0.0.0", "::") else _host_header_name(self.host)
        return f"http://{host}:{self.port}{path}?token={self.token}"


def _host_header_name(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


# --- security: every request passes here first -------------------------------------------------------

class Guard:
    """ASGI middleware: Host header, token and Origin checks, and the security headers on every response."""

    def __init__(self, app, opts: ServeOptions):
        self.app = app
        self.opts = opts

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = self._refusal(scope, headers)
        if isinstance(refusal, Response):
            return await self._secured(refusal)(scope, receive, send)

        async def send_secured(message):
            if message["type"] == "http.response.start":
                _add_headers(message, self._policy(scope["path"]))
            await send(message)

        await self.app(scope, receive, send_secured)

    def _refusal(self, scope, headers) -> Response | None:
        host = headers.get("host", "")
        if host not in self.opts.hosts:
            return _refuse(scope, 403, f"refused: this server does not answer to the host {host!r} "
                                       f"(only {', '.join(sorted(self.opts.hosts))})")
        query = dict(parse_qsl(scope["query_string"].decode("latin-1")))
        given = query.pop("token", None)
        if given is not None and secrets.compare_digest(given, self.opts.token) and scope["method"] in SAFE_METHODS:
            # As Jupyter does: the token from the URL becomes a cookie, and the URL loses it.
            target = scope["path"] + ("?" + urlencode(query) if query else "")
            response = RedirectResponse(target, status_code=303)
            response.set_cookie(self.opts.cookie, self.opts.token, httponly=True, samesite="strict", path="/")
            return response
        cookie = SimpleCookie(headers.get("cookie", "")).get(self.opts.cookie)
        if cookie is None or not secrets.compare_digest(cookie.value, self.opts.token):
            return _refuse(scope, 403, "refused: open the link `mock-interview serve` printed (it carries the token)")
        if scope["method"] not in SAFE_METHODS and headers.get("origin") not in self.opts.origins:
            return _refuse(scope, 403, "refused: a change must come from this app's own pages")
        return None

    def _secured(self, response: Response) -> Response:
        for name, value in _security_headers(APP_CSP):
            response.headers[name] = value
        return response

    @staticmethod
    def _policy(path: str) -> str:
        return REPORT_CSP if path.startswith("/attempts/") and not path.endswith("/export") else APP_CSP


def _security_headers(csp: str) -> list[tuple[str, str]]:
    return [("content-security-policy", csp), ("x-content-type-options", "nosniff"),
            ("referrer-policy", "no-referrer"), ("x-frame-options", "DENY"), ("cache-control", "no-store")]


def _add_headers(message, csp: str) -> None:
    names = {k.lower() for k, _ in message.get("headers", [])}
    extra = [(k.encode(), v.encode()) for k, v in _security_headers(csp) if k.encode() not in names]
    message["headers"] = list(message.get("headers", [])) + extra


def _refuse(scope, status: int, message: str) -> Response:
    log.warning("%s %s: %s", scope["method"], scope["path"], message)
    if scope["path"].startswith("/api/"):
        return JSONResponse({"error": message}, status_code=status)
    return PlainTextResponse(message + "\n", status_code=status)


def error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


# --- the app -----------------------------------------------------------------------------------------

class State:
    """What the server holds between requests: the voice and Whisper (loaded once), the practice page, jobs."""

    def __init__(self, opts: ServeOptions):
        self.opts = opts
        self.practice = None  # browser_practice.PracticeSession of the open practice page
        self.jobs: dict[str, "ScoreJob"] = {}
        self.uploads = tempfile.TemporaryDirectory(prefix="mock-interview-serve-")
        self._speaker = self._transcriber = None
        self._loaded = threading.Event()
        self._lock = threading.Lock()
        if opts.preload:
            threading.Thread(target=self._load, name="serve-preload", daemon=True).start()
        else:
            self._loaded.set()

    def _load(self) -> None:
        """Voice first (the question is the first thing heard), then Whisper."""
        from .engines import get_transcriber
        from .speak import get_speaker

        p = self.opts.practice
        try:
            if p.speak:
                self._speaker = get_speaker(p.voice)
        except SimulatorError as e:
            log.warning("no voice: %s", e.message)
        try:
            self._transcriber = get_transcriber(p.engine, p.model, beam_size=p.beam_size)
        except SimulatorError as e:
            log.warning("Whisper not loaded at start: %s", e.message)
        from .semantic import warm_up

        warm_up()  # the content judgement's sentence encoder
        self._loaded.set()

    def new_practice(self):
        from .browser_practice import PracticeSession

        self._loaded.wait()
        with self._lock:
            if self.practice is not None:
                self.practice.close()
            self.practice = PracticeSession(secrets.token_hex(8), self.opts.practice, speaker=self._speaker,
                                            transcriber=self._transcriber)
            self.practice.start()
            return self.practice

    def page(self, name: str, **values) -> HTMLResponse:
        """One of the pages in templates/web/, rendered with the report's templates (templating.py)."""
        from .templating import render

        return HTMLResponse(render(f"web/{name}", **values))


def make_app(opts: ServeOptions) -> Guard:
    from .session import PracticeOptions

    opts.practice = opts.practice or PracticeOptions()
    state = State(opts)
    on = functools.partial  # every handler takes (state, request)
    routes = [
        Route("/", on(redirect_home, state)),
        Route("/practice", on(practice_page, state)),
        Route("/history", on(history_page, state)),
        Route("/score", on(score_page, state)),
        Route("/static/{name}", on(static, state)),
        Route("/favicon.ico", on(no_icon, state)),
        Route("/api/practice", on(start_practice, state), methods=["POST"]),
        Route("/api/practice/{sid}/events", on(practice_events, state)),
        Route("/api/practice/{sid}/clips/{n:int}", on(practice_clip, state)),
        Route("/api/practice/{sid}/chunks", on(practice_chunk, state), methods=["POST"]),
        Route("/api/practice/{sid}/{action}", on(practice_action, state), methods=["POST"]),
        Route("/api/attempts", on(attempts_json, state)),
        Route("/attempts/{ref}", on(attempt_report, state)),
        Route("/attempts/{ref}/export", on(attempt_export, state)),
        Route("/api/attempts/{ref}/delete", on(attempt_delete, state), methods=["POST"]),
        Route("/api/score", on(new_job, state), methods=["POST"]),
        Route("/api/score/{job}/files", on(job_upload, state), methods=["POST"]),
        Route("/api/score/{job}/start", on(job_start, state), methods=["POST"]),
        Route("/api/score/{job}", on(job_view, state)),
        Route("/api/score/{job}/results.{fmt}", on(job_results, state)),
    ]
    @contextlib.asynccontextmanager
    async def lifespan(app):
        yield
        state.uploads.cleanup()  # the files dropped on the Score files page go when the server stops

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.serve = state
    return Guard(app, opts)


async def redirect_home(state: State, request: Request) -> Response:
    return RedirectResponse("/practice", status_code=303)


async def practice_page(state: State, request: Request) -> Response:
    return state.page("practice.html", nav="practice")


async def score_page(state: State, request: Request) -> Response:
    return state.page("score.html", nav="score", max_mb=state.opts.max_upload_bytes / 1e6,
                      accept=",".join(config.AUDIO_EXTENSIONS + config.TEXT_EXTENSIONS))


async def no_icon(state: State, request: Request) -> Response:
    return Response(status_code=204)  # the browser asks for one; a 404 would be an error in its console


async def static(state: State, request: Request) -> Response:
    name = request.path_params["name"]
    if name not in STATIC_FILES:
        return PlainTextResponse("not found\n", status_code=404)
    return FileResponse(WEB_DIR / name, media_type=STATIC_FILES[name])


# --- practice ---------------------------------------------------------------------------------------

async def start_practice(state: State, request: Request) -> Response:
    session = await anyio.to_thread.run_sync(state.new_practice)
    return JSONResponse({"session": session.id})


def _session(state: State, request: Request):
    s = state.practice
    return s if s is not None and s.id == request.path_params["sid"] else None


async def practice_events(state: State, request: Request) -> Response:
    session = _session(state, request)
    if session is None:
        return error(404, "this practice page was replaced by a newer one; reload to practise here")
    try:
        after = max(0, int(request.query_params.get("after", "0")))
    except ValueError:
        return error(400, "after: expected a number")
    events = await anyio.to_thread.run_sync(session.events.since, after, EVENTS_WAIT_S)
    return JSONResponse({"events": events, "next": after + len(events)})


async def practice_clip(state: State, request: Request) -> Response:
    session = _session(state, request)
    clip = session and session.output.clips.get(request.path_params["n"])
    if clip is None:
        return error(404, "no such clip")
    return Response(clip, media_type="audio/wav")


async def practice_chunk(state: State, request: Request) -> Response:
    from .browser_practice import ChunkError

    session = _session(state, request)
    if session is None:
        return error(404, "this practice page was replaced by a newer one")
    try:
        take, seq, rate = (int(request.query_params[k]) for k in ("take", "seq", "rate"))
    except (KeyError, ValueError):
        return error(400, "a piece of audio needs take, seq and rate as numbers")
    data = await read_body(request, config.MAX_CHUNK_BYTES, "a piece of the answer")
    if isinstance(data, Response):
        return data
    try:
        recording = session.recorder.add_chunk(take, seq, rate, data)
    except ChunkError as e:
        return error(400, str(e))
    return JSONResponse({"recording": recording})


async def practice_action(state: State, request: Request) -> Response:
    session = _session(state, request)
    action = request.path_params["action"]
    if session is None:
        return error(404, "this practice page was replaced by a newer one")
    if action == "stop":
        session.stop_answer()
    elif action in ("again", "done"):
        session.ui.decide(action == "again")
    elif action == "close":  # the page is going away (sent as a beacon)
        session.close()
    else:
        return error(404, f"no such action {action!r}")
    return JSONResponse({"ok": True})


async def read_body(request: Request, limit: int, what: str) -> bytes | Response:
    """The request's body, refused with a clear message past ``limit`` bytes (checked as it arrives)."""
    declared = request.headers.get("content-length")
    too_big = error(413, f"{what} is too large: the limit is {_size(limit)}")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        return error(413, f"{what} is too large ({_size(int(declared))}; the limit is {_size(limit)})")
    parts, size = [], 0
    async for part in request.stream():
        size += len(part)
        if size > limit:
            return too_big
        parts.append(part)
    return b"".join(parts)


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n / 1e3:.0f} kB"


# --- history ----------------------------------------------------------------------------------------

def history_page(state: State, request: Request) -> Response:
    from . import progress, store
    from .commands.sessions import local_time

    rows = store.list_attempts()
    history = progress.collect()
    chart = progress.chart_view(history, "score") if len(history.points) >= 2 else None
    return state.page("history.html", nav="history", rows=[_history_row(r, local_time) for r in rows], chart=chart)


def _history_row(r, local_time) -> dict[str, Any]:
    from .errors import kind_label

    if r.damaged:
        state = f"damaged: {r.damaged}"
    elif r.complete:
        state = "complete"
    elif r.error_kind:
        state = f"not scored ({kind_label(r.error_kind)})"
    else:
        state = "incomplete: " + {"interrupted": "stopped", "device_lost": "stopped (page closed or network lost)"}.get(
            r.ended_by or "", "not finished")
    return {"id": r.id, "when": local_time(r.created_at), "source": r.source or "", "verdict": r.verdict or "",
            "score": "" if r.score is None else r.score,
            "length": "" if r.duration_s is None else f"{int(r.duration_s) // 60}:{int(r.duration_s) % 60:02d}",
            "state": state}


def attempts_json(state: State, request: Request) -> Response:
    from . import store

    return JSONResponse([r.to_dict() for r in store.list_attempts()])


async def attempt_report(state: State, request: Request) -> Response:
    def render() -> str:
        from .report_html import attempt_report

        return attempt_report(request.path_params["ref"], scored=False)[1]

    try:
        return HTMLResponse(await anyio.to_thread.run_sync(render))
    except SimulatorError as e:
        return PlainTextResponse(f"{e.message}\n", status_code=404)


async def attempt_export(state: State, request: Request) -> Response:
    from . import store

    ref = request.path_params["ref"]
    try:
        path = await anyio.to_thread.run_sync(
            lambda: store.export_attempt(ref, Path(tempfile.mkdtemp(dir=state.uploads.name)) / f"{ref}.zip"))
    except SimulatorError as e:
        return PlainTextResponse(f"{e.message}\n", status_code=404)
    return FileResponse(path, media_type="application/zip", filename=path.name)


async def attempt_delete(state: State, request: Request) -> Response:
    from . import store

    try:
        deleted = await anyio.to_thread.run_sync(store.delete_attempt, request.path_params["ref"])
    except SimulatorError as e:
        return error(404, e.message)
    return JSONResponse({"deleted": deleted})


# --- score files: the batch path ------------------------------------------------------------------

class ScoreJob:
    """Files dropped on the page, scored by `mock-interview score --format jsonl` in its own process."""

    def __init__(self, job_id: str, folder: Path):
        self.id = job_id
        self.folder = folder
        self.names: list[str] = []  # as the person named them
        self.paths: list[Path] = []
        self.results: list[dict] = []
        self.state = "uploading"  # -> scoring -> done
        self.problem: str | None = None
        self._used: set[str] = set()

    def add(self, name: str, data: bytes) -> None:
        from .formats import unique_stem

        stem, _, ext = Path(name).name.rpartition(".")
        path = self.folder / f"{unique_stem(stem or 'input', self._used)}.{ext.lower()}"
        path.write_bytes(data)
        self.names.append(name)
        self.paths.append(path)

    def start(self) -> None:
        self.state = "scoring"
        threading.Thread(target=self._run, name=f"score-{self.id}", daemon=True).start()

    def _run(self) -> None:
        shown = dict(zip(map(str, self.paths), self.names))
        command = [sys.executable, "-m", "simulator", "score", "--format", "jsonl", *map(str, self.paths)]
        try:
            with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as proc:
                for line in proc.stdout:
                    if line.strip():
                        result = json.loads(line)
                        result["input"] = shown.get(result.get("input"), result.get("input"))
                        self.results.append(result)
                problems = proc.stderr.read()
            if proc.returncode not in (0, 1):
                self.problem = (problems.strip().splitlines() or ["scoring stopped"])[-1]
        except OSError as e:
            self.problem = f"cannot run the scorer ({e})"
        self.state = "done"

    def view(self) -> dict[str, Any]:
        from .formats import row

        rows = []
        for r in self.results:
            flat = row(r)
            rows.append({"input": r["input"], "status": r["status"], "verdict": flat.get("verdict"),
                         "score": flat.get("score"), "seconds": flat.get("seconds"), "words": flat.get("words"),
                         "top_fix": flat.get("top_fix"),
                         "error": _error_text(r) if r["status"] != "ok" else None})
        return {"state": self.state, "total": len(self.names), "done": len(self.results), "rows": rows,
                "problem": self.problem}


def _error_text(r: dict) -> str:
    from .errors import kind_label

    err = r.get("error") or {}
    return f"{kind_label(err.get('kind') or 'error')}: {err.get('message') or 'not scored'}"


def _job(state: State, request: Request) -> ScoreJob | None:
    return state.jobs.get(request.path_params["job"])


async def new_job(state: State, request: Request) -> Response:
    job_id = secrets.token_hex(8)
    folder = Path(state.uploads.name) / f"job-{job_id}"
    folder.mkdir()
    state.jobs[job_id] = ScoreJob(job_id, folder)
    return JSONResponse({"job": job_id})


async def job_upload(state: State, request: Request) -> Response:
    job = _job(state, request)
    if job is None or job.state != "uploading":
        return error(404, "no such batch waiting for files")
    name = request.query_params.get("name", "").strip()
    from .formats import strip_control_chars

    name = strip_control_chars(Path(name.replace("\\", "/")).name)
    suffix = Path(name).suffix.lower()
    supported = config.AUDIO_EXTENSIONS + config.TEXT_EXTENSIONS
    if not name or suffix not in supported:
        return error(415, f"{name or 'a file without a name'}: unsupported file type {suffix or '(none)'!r}; "
                          f"supported: {', '.join(supported)}")
    data = await read_body(request, state.opts.max_upload_bytes, name)
    if isinstance(data, Response):
        return data
    job.add(name, data)
    return JSONResponse({"files": len(job.names)})


async def job_start(state: State, request: Request) -> Response:
    job = _job(state, request)
    if job is None or job.state != "uploading":
        return error(404, "no such batch waiting to start")
    if not job.names:
        return error(400, "no files to score")
    job.start()
    return JSONResponse(job.view())


async def job_view(state: State, request: Request) -> Response:
    job = _job(state, request)
    return JSONResponse(job.view()) if job else error(404, "no such batch")


async def job_results(state: State, request: Request) -> Response:
    from . import formats

    job = _job(state, request)
    fmt = request.path_params["fmt"]
    if job is None or fmt not in ("csv", "json"):
        return error(404, "no such results")
    if fmt == "csv":
        body, media = formats.to_csv(job.results), "text/csv; charset=utf-8"
    else:
        body, media = formats.to_json(job.results), "application/json"
    return Response(body, media_type=media,
                    headers={"content-disposition": f'attachment; filename="scores-{job.id}.{fmt}"'})
