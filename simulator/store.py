"""Step: results -> the session store.

Every attempt lives in its own folder under ``config.sessions_dir()``; the folder is the
truth and holds everything needed to explain and reproduce a result::

    <id>/attempt.json   the record: contract dict, timed transcript, effective settings
    <id>/question.wav   the question as it was spoken (practice only)
    <id>/answer.wav     the answer as it was recorded or scored
    <id>/feedback.wav   the spoken feedback, where there was one

``index.sqlite`` in the data directory is only a cache for listing and querying: it is
rebuilt from the folders on demand, and re-synced whenever a folder changed behind its back
(a crash between writing the files and updating the index, a folder copied in by hand).
So a save never fails because of the index: when the index cannot be written, the attempt is
kept in its folder and the index catches up later; when it cannot be read, listing reads the
folders. Writers share ``index.lock``; a rebuild takes it alone, builds a new index beside the
old one and swaps it in, so it never pulls the file from under a writer.

A record that is not the shape readers expect (``records.py``) is listed as damaged, with why;
it never stops the other attempts from being listed, charted or reported.

Practice creates the folder first (the recorder writes answer.wav straight into it) and
fills in the rest later, so an interrupted attempt is kept and listed as incomplete.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sqlite3
import stat
import time
import wave
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any, Iterable, Iterator

from . import config, records
from .errors import InputError, StoreError
from .fileio import _fsync_dir, atomic_write, atomic_write_bytes, atomic_write_json  # noqa: F401  (store API)
from .fileio import abandoned, output_path, read_limited
from .types import Audio, ScoreResult

log = logging.getLogger(__name__)

ATTEMPT_FILE = "attempt.json"
QUESTION_WAV = "question.wav"
ANSWER_WAV = "answer.wav"
FEEDBACK_WAV = "feedback.wav"
INDEX_FILE = "index.sqlite"
LOCK_FILE = "index.lock"
MAX_RECORD_BYTES = 64_000_000  # a ten-minute answer's record is about 300 kB
INDEX_LOCK_TIMEOUT_S = 30.0  # a writer waits this long for a rebuild, then leaves the index to catch up
RECORD_VERSION = 1  # layout of attempt.json; bump when a key changes meaning
ID_TIME_FORMAT = "%Y%m%d-%H%M%S"  # ids sort by time and stay short enough to type
ID_SUFFIX_BYTES = 2  # 4 hex digits: the fraction of the second, so ids in one second still sort
LAST = "last"  # the reference that means the newest attempt
SOURCES = ("practice", "score")


# --- ids and folders --------------------------------------------------------


def new_attempt_id(now: datetime | None = None) -> str:
    """``YYYYMMDD-HHMMSS-ffff`` in UTC; ``ffff`` is the fraction of the second in 1/65536ths."""
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    fraction = now.microsecond * (1 << (8 * ID_SUFFIX_BYTES)) // 1_000_000
    return f"{now.strftime(ID_TIME_FORMAT)}-{fraction:0{2 * ID_SUFFIX_BYTES}x}"


def is_attempt_id(name: str) -> bool:
    stamp, _, suffix = name.rpartition("-")
    if len(suffix) != 2 * ID_SUFFIX_BYTES or not all(c in "0123456789abcdef" for c in suffix):
        return False
    try:
        datetime.strptime(stamp, ID_TIME_FORMAT)
    except ValueError:
        return False
    return True


def _id_time(attempt_id: str) -> datetime:
    stamp = attempt_id.rpartition("-")[0]
    return datetime.strptime(stamp, ID_TIME_FORMAT).replace(tzinfo=timezone.utc)


@dataclass(frozen=True)
class AttemptDir:
    """One attempt's folder; the paths are where the files go, whether or not they exist yet."""

    id: str
    path: Path

    @property
    def record_path(self) -> Path:
        return self.path / ATTEMPT_FILE

    @property
    def question_wav(self) -> Path:
        return self.path / QUESTION_WAV

    @property
    def answer_wav(self) -> Path:
        return self.path / ANSWER_WAV

    @property
    def feedback_wav(self) -> Path:
        return self.path / FEEDBACK_WAV


@dataclass
class Attempt:
    """A loaded attempt: its folder and its record (the parsed attempt.json)."""

    dir: AttemptDir
    record: dict[str, Any]

    @property
    def id(self) -> str:
        return self.dir.id

    @property
    def result(self) -> dict[str, Any] | None:
        """The JSON output contract dict of rubric.md, or None if never scored."""
        return self.record.get("result")

    @property
    def transcript(self) -> dict[str, Any] | None:
        """The timed transcript (``serialize.transcript_to_dict``), or None."""
        return self.record.get("transcript")

    @property
    def settings(self) -> dict[str, Any]:
        return self.record.get("settings") or {}

    @property
    def question_id(self) -> str | None:
        return (self.record.get("question") or {}).get("id")

    @property
    def question_text(self) -> str | None:
        return (self.record.get("question") or {}).get("text")

    @property
    def complete(self) -> bool:
        return bool(self.record.get("complete"))

    @property
    def created_at(self) -> str:
        return self.record.get("created_at") or _id_time(self.id).isoformat()

    @property
    def said_on(self) -> date:
        """The day the answer was given (a year said as a date counts from it): the day ``score --said-on`` gave,
        or the day the attempt was made, in local time."""
        given = (self.record.get("settings") or {}).get("said_on")
        if given:
            try:
                return date.fromisoformat(given)
            except (TypeError, ValueError):
                log.warning("attempt %s: said_on %r is no day; using the day it was made", self.id, given)
        when = datetime.fromisoformat(self.created_at)
        return (when.astimezone() if when.tzinfo else when).date()

    def audio_path(self, part: str) -> Path | None:
        """The saved WAV for ``part`` (question, answer or feedback) if it exists."""
        path = self.dir.path / f"{part}.wav"
        return path if path.is_file() else None


@dataclass
class AttemptSummary:
    """One row of the index: what ``sessions`` lists."""

    id: str
    created_at: str
    question_id: str | None
    source: str | None
    complete: bool
    ended_by: str | None = None
    input: str | None = None
    duration_s: float | None = None
    words: int | None = None
    verdict: str | None = None
    score: int | None = None
    speech_rate_wpm: float | None = None
    fillers_per_minute: float | None = None
    error_kind: str | None = None  # why it was not scored (no_speech, bad_audio, ...)
    damaged: str | None = None  # why its attempt.json cannot be used ("result is a number, not an object")

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class RebuildReport:
    attempts: int = 0
    incomplete: list[str] = field(default_factory=list)
    damaged: dict[str, str] = field(default_factory=dict)  # id -> why; the folder is kept as it is
    moved_aside: Path | None = None  # what stood at index.sqlite and was not a file


# --- the SQLite index: ordered, named migrations ----------------------------

# Each step runs once, in order, inside one transaction; schema_version records it.
# Never edit a step that has shipped: add a new one.
MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "create attempts",
        [
            """CREATE TABLE attempts (
                id TEXT PRIMARY KEY,
                created_at TEXT NOT NULL,
                question_id TEXT,
                source TEXT,
                complete INTEGER NOT NULL DEFAULT 0,
                duration_s REAL,
                words INTEGER,
                verdict TEXT,
                score INTEGER
            )""",
        ],
    ),
    (
        "delivery, origin and sync columns",
        [
            "ALTER TABLE attempts ADD COLUMN speech_rate_wpm REAL",
            "ALTER TABLE attempts ADD COLUMN fillers_per_minute REAL",
            "ALTER TABLE attempts ADD COLUMN ended_by TEXT",
            "ALTER TABLE attempts ADD COLUMN input TEXT",
            # mtime of attempt.json when the row was written; a mismatch means re-read the folder
            "ALTER TABLE attempts ADD COLUMN record_mtime_ns INTEGER",
        ],
    ),
    (
        "index by time and question",
        [
            "CREATE INDEX attempts_by_time ON attempts (created_at DESC, id DESC)",
            "CREATE INDEX attempts_by_question ON attempts (question_id, created_at DESC)",
        ],
    ),
    (
        "why an attempt was not scored",
        ["ALTER TABLE attempts ADD COLUMN error_kind TEXT"],
    ),
    (
        "why an attempt's record is damaged",
        ["ALTER TABLE attempts ADD COLUMN damaged TEXT"],
    ),
]
LATEST_VERSION = len(MIGRATIONS)
_COLUMNS = (
    "id created_at question_id source complete ended_by input duration_s words verdict score "
    "speech_rate_wpm fillers_per_minute error_kind damaged record_mtime_ns"
).split()


def index_path() -> Path:
    return config.data_dir() / INDEX_FILE


def schema_version(conn: sqlite3.Connection) -> int:
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, target: int = LATEST_VERSION) -> list[str]:
    """Apply the migrations after the database's version up to ``target``; return their names."""
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
    )
    current = schema_version(conn)
    if current > LATEST_VERSION:
        raise StoreError(
            f"{INDEX_FILE}: schema version {current} is newer than this program knows "
            f"({LATEST_VERSION}); upgrade mock-interview or run `mock-interview sessions rebuild`"
        )
    applied = []
    for version in range(current + 1, target + 1):
        name, statements = MIGRATIONS[version - 1]
        conn.execute("BEGIN")
        try:
            for sql in statements:
                conn.execute(sql)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (version, name, _now_iso()),
            )
            conn.execute("COMMIT")
        except BaseException:
            _rollback(conn)
            raise
        log.info("index migrated to version %d (%s)", version, name)
        applied.append(name)
    return applied


def _rollback(conn: sqlite3.Connection) -> None:
    """Undo a failed transaction without hiding why it failed.

    Ctrl-C can land after COMMIT went through, and then ROLLBACK fails ("no transaction is
    active"); letting that error replace the interrupt turned a Ctrl-C into "not a usable index".
    """
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error:
        pass


def open_index(path: Path | str | None = None) -> sqlite3.Connection:
    """Open (creating or migrating as needed) the index; autocommit, we BEGIN ourselves.

    ``":memory:"`` gives a throwaway index, for listing when the real one cannot be used.
    """
    path = path or index_path()
    try:
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=10)
    except (sqlite3.DatabaseError, OSError) as e:
        raise StoreError(f"{path}: not a usable index ({e}); run `mock-interview sessions rebuild`") from None
    try:
        conn.row_factory = sqlite3.Row
        applied = migrate(conn)
    except BaseException as e:
        conn.close()
        if isinstance(e, (sqlite3.DatabaseError, OSError)):
            raise StoreError(f"{path}: not a usable index ({e}); run `mock-interview sessions rebuild`") from None
        raise
    if applied and schema_version(conn) > len(applied):
        # An older index gained columns; fill them from the folders, the source of truth.
        _sync(conn, force=True)
    return conn


@contextmanager
def index_lock(*, exclusive: bool = False, timeout: float = INDEX_LOCK_TIMEOUT_S) -> Iterator[None]:
    """Writers and readers share this lock; a rebuild holds it alone (flock on ``index.lock``)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: nothing keeps a rebuild apart from writers
        yield
        return
    path = config.data_dir() / LOCK_FILE
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as e:
        raise StoreError(f"cannot open {path} ({e.strerror or e})") from None
    try:
        mode = (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, mode)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise StoreError(f"{INDEX_FILE} is busy (a rebuild, or another program writing it); "
                                     "try again") from None
                time.sleep(0.005 if exclusive else 0.01)  # holders keep it for milliseconds
        yield
    finally:
        os.close(fd)  # releases the lock


# --- writing attempts -------------------------------------------------------


def new_attempt(
    question_id: str,
    source: str = "practice",
    *,
    question_text: str | None = None,
    settings: dict[str, Any] | None = None,
    input: str | None = None,
) -> AttemptDir:
    """Create the attempt's folder and a first, incomplete record; fill it in with finish_attempt."""
    if source not in SOURCES:
        raise ValueError(f"source must be one of {SOURCES}, not {source!r}")
    with _writing(f"cannot create an attempt in {config.sessions_dir()}"):
        attempt, now = _new_folder(config.sessions_dir())
    record = {
        "record_version": RECORD_VERSION,
        "id": attempt.id,
        "created_at": now.isoformat(timespec="microseconds"),
        "source": source,
        "question": {"id": question_id, "text": question_text},
        "input": input,
        "complete": False,
        "ended_by": None,
        "settings": dict(settings or {}),
        "result": None,
        "transcript": None,
    }
    with _writing(f"cannot write {attempt.record_path}"):
        atomic_write_json(attempt.record_path, record)
    _index_folder(attempt)
    log.info("new attempt %s (%s)", attempt.id, source)
    return attempt


def _new_folder(root: Path) -> tuple[AttemptDir, datetime]:
    root.mkdir(parents=True, exist_ok=True)
    while True:
        now = datetime.now(timezone.utc)
        attempt_id = new_attempt_id(now)
        try:
            (root / attempt_id).mkdir()
            return AttemptDir(attempt_id, root / attempt_id), now
        except FileExistsError:
            continue


@contextmanager
def _writing(what: str) -> Iterator[None]:
    """A file the store cannot write (disk full, read-only, permissions) is a StoreError naming it."""
    try:
        yield
    except OSError as e:
        raise StoreError(f"{what} ({e.strerror or e})") from None


AudioLike = Audio | Path | str | None


def finish_attempt(
    attempt: AttemptDir,
    result: ScoreResult | None,
    *,
    settings: dict[str, Any] | None = None,
    ended_by: str | None = None,
    question_audio: AudioLike = None,
    answer_audio: AudioLike = None,
    feedback_audio: AudioLike = None,
    more_audio: dict[str, AudioLike] | None = None,
    exchange: dict[str, Any] | None = None,
) -> Attempt:
    """Fill in an attempt made by new_attempt.

    ``result`` None (or an error result) keeps the attempt and marks it incomplete: what was
    recorded stays. Audio given as ``Audio`` is written as 16-bit WAV; a path is copied.
    The effective transcriber options and rubric version are added to ``settings``.
    """
    record = _read_record(attempt) or {}
    parts = {"question": question_audio, "answer": answer_audio, "feedback": feedback_audio, **(more_audio or {})}
    for part, audio in parts.items():
        if audio is not None:
            with _writing(f"cannot write {part}.wav in {attempt.path}"):
                _save_audio(attempt.path / f"{part}.wav", audio)
    record["settings"] = {**record.get("settings", {}), **_effective_settings(result), **(settings or {})}
    if result is not None:
        old = dict(record)
        record.update(_result_fields(result))
        _merge_question(record, old)
    if exchange is not None:  # a follow-up was asked (serialize.exchange_to_dict)
        record["exchange"] = exchange
    record["complete"] = bool(result is not None and result.status == "ok")
    record["ended_by"] = ended_by or record.get("ended_by") or ("finished" if record["complete"] else None)
    record["finished_at"] = _now_iso()
    with _writing(f"cannot write {attempt.record_path}"):
        atomic_write_json(attempt.record_path, record)
    _index_folder(attempt)
    return Attempt(attempt, record)


def save_scored(
    result: ScoreResult,
    *,
    settings: dict[str, Any] | None = None,
    audio: Audio | None = None,
) -> Attempt:
    """``score --save``: store one scored file as an attempt (audio decoded to answer.wav).

    Raises StoreError when it cannot be saved, and then leaves no half-saved attempt behind.
    """
    question_id = result.analysis.question_id if result.analysis else config.DEFAULT_QUESTION
    if audio is None and result.path is not None and _is_audio_path(result.path):
        from .audio import load_audio

        try:
            audio = load_audio(result.path)
        except Exception as e:  # the score already records what was wrong with the input
            log.warning("%s: audio not kept (%s)", result.input, e)
    attempt = new_attempt(question_id, "score", input=result.input, settings=settings)
    exchange, more = None, {}
    if result.exchange is not None:  # score --exchange: kept as practice keeps an exchange
        from .audio import load_audio
        from .serialize import exchange_to_dict

        exchange = exchange_to_dict(result.exchange)
        for n, answer in enumerate(result.exchange.answers, 1):
            exchange["follow_ups"][n - 1]["answer_file"] = None
            if answer.path is not None and _is_audio_path(answer.path):
                try:
                    more[f"follow_up_{n}"] = load_audio(answer.path)
                    exchange["follow_ups"][n - 1]["answer_file"] = f"follow_up_{n}.wav"
                except Exception as e:  # scored already; only the audio is not kept
                    log.warning("%s: audio not kept (%s)", answer.path, e)
        result = result.exchange.first  # the first answer alone, as practice keeps it
    try:
        return finish_attempt(attempt, result, answer_audio=audio, ended_by="scored", more_audio=more,
                              exchange=exchange)
    except StoreError:
        _discard(attempt)
        raise


def _discard(attempt: AttemptDir) -> None:
    try:
        shutil.rmtree(attempt.path)
    except OSError as e:
        log.warning("attempt %s could not be saved and is left incomplete (%s)", attempt.id, e)
    else:
        _index_delete(attempt.id)


def _is_audio_path(path: Path) -> bool:
    return Path(path).suffix.lower() in config.AUDIO_EXTENSIONS


def _save_audio(path: Path, audio: Audio | Path | str) -> None:
    if isinstance(audio, Audio):
        from .audio import write_wav

        write_wav(path, audio.samples, audio.sample_rate)
    elif Path(audio).resolve() != path.resolve():
        atomic_write_bytes(path, Path(audio).read_bytes())


def _result_fields(result: ScoreResult) -> dict[str, Any]:
    from . import serialize

    fields: dict[str, Any] = {"result": serialize.result_to_dict(result)}
    if result.input:
        fields["input"] = result.input
    if result.analysis is not None:
        fields["transcript"] = serialize.transcript_to_dict(result.analysis.transcript)
        fields["question"] = {"id": result.analysis.question_id}
    return fields


def _effective_settings(result: ScoreResult | None) -> dict[str, Any]:
    if result is None or result.analysis is None:
        return {}
    from .serialize import analysis_settings

    return analysis_settings(result.analysis)


def _now_iso() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="microseconds")


# --- reading attempts -------------------------------------------------------


def _read_record(attempt: AttemptDir) -> dict[str, Any] | None:
    """The parsed attempt.json, None if there is none; StoreError naming what is wrong with it."""
    record, why = _parse_record(attempt)
    if why:
        raise StoreError(f"attempt {attempt.id}: {ATTEMPT_FILE} is damaged ({why})", kind="damaged")
    return record


def _parse_record(attempt: AttemptDir) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None), (None, None) when there is no record, or (None, what is wrong with it)."""
    try:
        data = read_limited(attempt.record_path, MAX_RECORD_BYTES)
    except InputError as e:
        return None, (None if e.kind == "missing" else e.message)
    try:
        record = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        return None, f"not valid JSON: {e}"
    why = records.problem(record)
    return (None, why) if why else (record, None)


def _merge_question(record: dict[str, Any], old: dict[str, Any]) -> None:
    # The scorer knows the question id, the practice loop also knows its text: keep both.
    question = {**(old.get("question") or {}), **{k: v for k, v in (record.get("question") or {}).items() if v}}
    record["question"] = question


def resolve(ref: str | None, *, scored: bool = False) -> AttemptDir:
    """``last``, a full id, or an unambiguous prefix of one -> the attempt's folder.

    None means ``last``; an empty or blank string is an error, never the newest attempt. With
    ``scored``, ``last`` is the newest attempt that was scored (not one stopped by Ctrl-C or
    without speech, which has nothing to show but "never fully scored").
    """
    root = config.sessions_dir()
    ref = LAST if ref is None else ref.strip()
    if not ref:
        raise StoreError("no attempt id given (an id, a unique prefix of one, or 'last')")
    if is_attempt_id(ref) and _is_folder(root / ref):  # the common case, without listing the folder
        return AttemptDir(ref, root / ref)
    ids = _folder_ids(root)
    if not ids:
        raise StoreError(f"no attempts saved yet in {root}")
    if ref == LAST:
        if not scored:
            return AttemptDir(ids[-1], root / ids[-1])
        for attempt_id in reversed(ids):
            record, _ = _parse_record(AttemptDir(attempt_id, root / attempt_id))
            if record and (record.get("result") or {}).get("status") == "ok":
                return AttemptDir(attempt_id, root / attempt_id)
        raise StoreError(f"none of the {len(ids)} saved attempts was scored (--any takes the newest, "
                         "`replay ID --rescore --save` scores one)")
    matches = [i for i in ids if i.startswith(ref)]
    if len(matches) == 1:
        return AttemptDir(matches[0], root / matches[0])
    if matches:
        more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
        raise StoreError(f"attempt {ref!r} is ambiguous: {', '.join(matches[:5])}{more}")
    raise StoreError(f"no attempt {ref!r} (see `mock-interview sessions`)")


def load_attempt(ref: str | None, *, scored: bool = False) -> Attempt:
    """The attempt ``ref`` names (see ``resolve``; ``scored``: ``last`` is the last scored one)."""
    folder = resolve(ref, scored=scored)
    record = _read_record(folder)
    if record is None:
        record = _bare_record(folder)
    return Attempt(folder, record)


def _bare_record(folder: AttemptDir) -> dict[str, Any]:
    """What we know of a folder whose record never got written: it is an incomplete attempt."""
    return {
        "record_version": RECORD_VERSION,
        "id": folder.id,
        "created_at": _id_time(folder.id).isoformat(timespec="microseconds"),
        "source": None,
        "question": {"id": None},
        "complete": False,
        "ended_by": None,
        "settings": {},
        "result": None,
        "transcript": None,
    }


def _is_folder(path: Path) -> bool:
    """A real folder: a symbolic link planted in sessions/ is not an attempt."""
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _folder_ids(root: Path) -> list[str]:
    """Ids of attempt folders that hold something (a record or an answer), oldest first."""
    try:
        entries = list(os.scandir(root))
    except OSError:
        return []
    ids = []
    for entry in entries:
        if is_attempt_id(entry.name) and entry.is_dir(follow_symlinks=False):
            folder = Path(entry.path)
            if os.path.lexists(folder / ATTEMPT_FILE) or (folder / ANSWER_WAV).is_file():
                ids.append(entry.name)
    return sorted(ids)


# --- the index rows ---------------------------------------------------------


def _wav_seconds(path: Path) -> float | None:
    try:
        with wave.open(str(path), "rb") as w:
            return w.getnframes() / float(w.getframerate())
    except (OSError, EOFError, wave.Error, ZeroDivisionError):
        return None


def _record_mtime(folder: AttemptDir) -> int:
    try:
        return os.lstat(folder.record_path).st_mtime_ns
    except OSError:
        return 0


def _row(folder: AttemptDir) -> dict[str, Any]:
    mtime = _record_mtime(folder)  # first: a record rewritten while we read it is read again next time
    record, damaged = _parse_record(folder)
    if damaged:  # listed as damaged, with why; the folder is left as it is
        log.info("attempt %s: %s is damaged (%s)", folder.id, ATTEMPT_FILE, damaged)
    record = record or _bare_record(folder)
    result = record.get("result") or {}
    delivery = result.get("delivery") or {}
    duration = result.get("duration_s")
    if duration is None and folder.answer_wav.is_file():
        duration = _wav_seconds(folder.answer_wav)
    return {
        "id": folder.id,
        "created_at": record.get("created_at") or _id_time(folder.id).isoformat(),
        "question_id": (record.get("question") or {}).get("id") or result.get("question_id"),
        "source": record.get("source"),
        "complete": int(bool(record.get("complete"))),
        "ended_by": record.get("ended_by"),
        "input": record.get("input") or result.get("input"),
        "duration_s": duration,
        "words": result.get("words"),
        "verdict": result.get("verdict"),
        "score": result.get("score"),
        "speech_rate_wpm": delivery.get("speech_rate_wpm"),
        "fillers_per_minute": (delivery.get("fillers") or {}).get("per_minute"),
        "error_kind": (result.get("error") or {}).get("kind"),
        "damaged": damaged,
        "record_mtime_ns": mtime,
    }


def _upsert(conn: sqlite3.Connection, rows: Iterable[dict[str, Any]]) -> None:
    placeholders = ", ".join("?" for _ in _COLUMNS)
    conn.executemany(
        f"INSERT OR REPLACE INTO attempts ({', '.join(_COLUMNS)}) VALUES ({placeholders})",
        [tuple(r[c] for c in _COLUMNS) for r in rows],
    )


def _index_write(change: str, write) -> None:
    """Apply ``write(conn)`` to the index in one transaction, or leave the index to catch up.

    The folders are the truth: an index that is locked, damaged or unwritable must not lose an
    attempt that is already safe on disk. The next listing (or a rebuild) re-reads the folder.
    """
    try:
        with index_lock():
            conn = open_index()
            try:
                conn.execute("BEGIN IMMEDIATE")
                write(conn)
                conn.execute("COMMIT")
            finally:
                conn.close()
    except (StoreError, sqlite3.Error, OSError) as e:
        if not _warned_index:  # once per process: a batch of 80 saves gives one line, not 80
            _warned_index.append(change)
            log.warning("%s not updated (%s): %s. The attempt folders are unaffected; the list catches up "
                        "by itself, or run `mock-interview sessions rebuild`", INDEX_FILE, change, e)


_warned_index: list[str] = []


def _index_folder(folder: AttemptDir) -> None:
    _index_write(f"attempt {folder.id}", lambda conn: _upsert(conn, [_row(folder)]))


def _index_delete(attempt_id: str) -> None:
    _index_write(f"attempt {attempt_id} deleted",
                 lambda conn: conn.execute("DELETE FROM attempts WHERE id = ?", (attempt_id,)))


def _sync(conn: sqlite3.Connection, *, force: bool = False) -> RebuildReport:
    """Bring the index in line with the folders: add, refresh and drop rows as needed."""
    root = config.sessions_dir()
    ids = _folder_ids(root)
    known = {r["id"]: r["record_mtime_ns"] for r in conn.execute("SELECT id, record_mtime_ns FROM attempts")}
    stale = [AttemptDir(i, root / i) for i in ids
             if force or known.get(i) != _record_mtime(AttemptDir(i, root / i))]
    gone = set(known) - set(ids)
    report = RebuildReport(attempts=len(ids))
    if not stale and not gone:
        return report
    rows = [_row(f) for f in stale]
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.executemany("DELETE FROM attempts WHERE id = ?", [(i,) for i in gone])
        _upsert(conn, rows)
        conn.execute("COMMIT")
    except BaseException:
        _rollback(conn)
        raise
    report.incomplete = [r["id"] for r in rows if not r["complete"]]
    report.damaged = {r["id"]: r["damaged"] for r in rows if r["damaged"]}
    return report


def _remove_leftovers(root: Path) -> None:
    """Folders whose delete died midway, and temp files of saves that died midway.

    A temp file is removed only when no process holds it (``fileio.abandoned``): a save that is
    still writing its file is never cut short by a rebuild.
    """
    try:
        entries = list(os.scandir(root))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".deleted-"):
            _remove_tree(Path(entry.path))
    for attempt_id in _folder_ids(root):  # real folders only: never follow a planted link
        for tmp in (root / attempt_id).glob(".*.tmp"):
            if tmp.is_file() and not tmp.is_symlink() and abandoned(tmp):
                tmp.unlink(missing_ok=True)


def _remove_tree(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def rebuild_index() -> RebuildReport:
    """Build a new index from the attempt folders and swap it in (tidying crash leftovers).

    The new index is built beside the old one while writers go on; only the swap holds the index
    lock alone, so no writer has the old file open as it is replaced, and a crash leaves the old
    index or the new one. Folders that changed during the build are caught up right after the
    swap. Whatever stood at index.sqlite that is not a file (a folder) is moved aside, not deleted.
    """
    path = index_path()
    _remove_leftovers(config.sessions_dir())
    _remove_dead_builds(path)
    fresh = path.with_name(f".{path.name}.rebuild-{os.getpid()}")
    try:
        conn = open_index(fresh)
        try:
            report = _sync(conn, force=True)
        finally:
            conn.close()
        with index_lock(exclusive=True):
            report.moved_aside = _move_aside(path)
            # An old hot journal next to the new file would be "rolled back" into it.
            for suffix in ("-journal", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            os.replace(fresh, path)
            _fsync_dir(path.parent)
    except OSError as e:
        raise StoreError(f"cannot rebuild {path} ({e.strerror or e})") from None
    finally:
        fresh.unlink(missing_ok=True)
    try:  # saves and deletes made while the new index was being built
        _on_synced_index(lambda conn: None)
    except (StoreError, sqlite3.Error, OSError) as e:
        log.warning("the new index could not catch up with the latest saves (%s); the next listing will", e)
    log.info("index rebuilt: %d attempts, %d incomplete", report.attempts, len(report.incomplete))
    return report


def _remove_dead_builds(path: Path) -> None:
    """Half-built indexes of rebuilds whose process is gone (the pid is in the name)."""
    for old in path.parent.glob(f".{path.name}.rebuild-*"):
        pid = old.name.rsplit("-", 1)[-1]
        if not pid.isdigit() or not _alive(int(pid)):
            old.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, but not ours to signal
        return True
    return True


def _move_aside(path: Path) -> Path | None:
    if not os.path.lexists(path) or path.is_symlink() or path.is_file():
        return None
    aside = path.with_name(f"{path.name}.moved-aside-{datetime.now():%Y%m%d-%H%M%S}")
    try:
        os.replace(path, aside)
    except OSError as e:
        raise StoreError(f"{path} is not a file and cannot be moved aside ({e.strerror or e})") from None
    log.warning("%s was not an index file; moved it to %s", path, aside)
    return aside


def list_attempts(
    *,
    question: str | None = None,
    since: datetime | None = None,
    limit: int | None = None,
    complete_only: bool = False,
    oldest_first: bool = False,
) -> list[AttemptSummary]:
    """Attempts from the index (synced with the folders first), newest first."""
    where, params = [], []
    if question:
        where.append("question_id = ?")
        params.append(question)
    if since is not None:
        where.append("created_at >= ?")
        params.append(_as_utc(since).isoformat(timespec="microseconds"))
    if complete_only:
        where.append("complete = 1")
    sql = "SELECT * FROM attempts"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY created_at DESC, id DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    summaries = [_summary(r) for r in _select(sql, params)]
    return summaries[::-1] if oldest_first else summaries


def _on_synced_index(read):
    """``read(conn)`` on the index, first brought in line with the folders, under the shared lock."""
    with index_lock():
        conn = open_index()
        try:
            _sync(conn)
            return read(conn)
        finally:
            conn.close()


def _select(sql: str, params: list) -> list[sqlite3.Row]:
    """Rows from the synced index; when it cannot be used, from one built in memory from the folders."""
    try:
        return _on_synced_index(lambda conn: conn.execute(sql, params).fetchall())
    except (StoreError, sqlite3.Error, OSError) as e:
        log.warning("%s; listed from the attempt folders meanwhile", e)
    conn = open_index(":memory:")
    try:
        _sync(conn, force=True)
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _as_utc(when: datetime) -> datetime:
    return when.replace(tzinfo=timezone.utc) if when.tzinfo is None else when.astimezone(timezone.utc)


def _summary(row: sqlite3.Row) -> AttemptSummary:
    values = {c: row[c] for c in _COLUMNS if c != "record_mtime_ns"}
    values["complete"] = bool(values["complete"])
    return AttemptSummary(**values)


def summarize(ref: str | None) -> AttemptSummary:
    """One attempt as ``sessions`` lists it (damaged or not), read from its folder."""
    folder = resolve(ref)
    values = {c: v for c, v in _row(folder).items() if c != "record_mtime_ns"}
    values["complete"] = bool(values["complete"])
    return AttemptSummary(**values)


# --- delete and export ------------------------------------------------------


def delete_attempt(ref: str) -> str:
    """Remove an attempt's folder and its index row; returns the id removed."""
    folder = resolve(ref)
    # Rename first so a crash mid-delete never leaves a half folder that looks like an attempt.
    trash = folder.path.with_name(f".deleted-{folder.id}")
    with _writing(f"cannot delete {folder.path}"):
        os.replace(folder.path, trash)
    _fsync_dir(folder.path.parent)
    _remove_tree(trash)
    _index_delete(folder.id)
    log.info("deleted attempt %s", folder.id)
    return folder.id


def export_attempt(ref: str, out: Path | str | None = None) -> Path:
    """Zip the attempt's folder (files at ``<id>/...`` inside) to ``out`` (default ``./<id>.zip``).

    ``out`` may be a folder (existing, or written with a trailing slash). Only the folder's own
    regular files go in: a symbolic link planted in it is left out, never followed.
    """
    folder = resolve(ref)
    target = output_path(out, f"{folder.id}.zip")
    files = _own_files(folder.path)

    def write(f) -> None:
        with zipfile.ZipFile(f, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for name, data, mtime in files:
                info = zipfile.ZipInfo(f"{folder.id}/{name}", time.localtime(mtime)[:6])
                info.external_attr = 0o644 << 16
                zf.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)

    with _writing(f"cannot write {target}"):
        return atomic_write(target, write)


def _own_files(folder: Path) -> list[tuple[str, bytes, float]]:
    """(name, bytes, mtime) of the regular files directly in ``folder``, never through a link."""
    out = []
    with _writing(f"cannot read {folder}"):
        names = sorted(e.name for e in os.scandir(folder) if not e.name.startswith("."))
    for name in names:
        try:
            fd = os.open(folder / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
        except OSError:  # ELOOP: a symbolic link; or gone since the listing
            log.warning("%s: not a regular file; left out of the export", folder / name)
            continue
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                log.warning("%s: not a regular file; left out of the export", folder / name)
                continue
            out.append((name, f.read(), st.st_mtime))
    return out
