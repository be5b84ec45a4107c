"""Atomic file writes, and reads that a hostile path cannot hang or exhaust.

Every file the project keeps (answer audio, attempt records, reports, the converted model) goes
through ``atomic_write``: a temporary file in the same folder, flushed and fsynced, then renamed
over the target, and the folder fsynced so the rename itself survives a power cut.

Every file the project reads whole (``.txt`` inputs, attempt records) goes through ``read_limited``:
only a regular file, at most so many bytes, and any OS error becomes that file's InputError.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, Callable

from .errors import InputError

READ_CHUNK = 1 << 16


def atomic_write(path: str | os.PathLike, write: Callable[[BinaryIO], object]) -> Path:
    """Call ``write(file)`` on a temporary file, then put it in place of ``path``."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        _hold(fd)
        # the file stays open, and so locked, until it is in place: a tidy-up running meanwhile (rebuild_index) must
        # never take a finished temp file for one a crash left behind and remove it before the rename
        with os.fdopen(fd, "wb") as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
            os.chmod(tmp, 0o644)  # mkstemp makes 0600; these are ordinary files
            os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)
    return path


def _hold(fd: int) -> None:
    """Lock a temp file while it is written, so a tidy-up can tell it from one a crash left behind."""
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except (ImportError, OSError):
        pass  # not POSIX (or a file system without locks): abandoned() then goes by age


# an empty temp file younger than this may be one its writer has made and not yet locked
_NEWBORN_S = 10.0


def abandoned(tmp: str | os.PathLike, min_age_s: float = 3600.0) -> bool:
    """A temp file of atomic_write that no live writer holds (its process died mid-write)."""
    try:
        import fcntl
    except ImportError:
        try:
            return time.time() - os.stat(tmp).st_mtime > min_age_s
        except OSError:
            return False
    try:
        fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        st = os.fstat(fd)
        if st.st_size == 0 and time.time() - st.st_mtime < _NEWBORN_S:
            return False  # just made, its writer about to lock it (mkstemp, then flock)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False  # a writer holds it
    finally:
        os.close(fd)


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> Path:
    return atomic_write(path, lambda f: f.write(data))


def atomic_write_json(path: str | os.PathLike, obj: Any) -> Path:
    text = json.dumps(obj, indent=2, ensure_ascii=False, allow_nan=False)
    return atomic_write_bytes(path, (text + "\n").encode("utf-8"))


def output_path(out: str | os.PathLike | None, default_name: str) -> Path:
    """Where to write: ``out`` itself, or ``default_name`` inside it when ``out`` is a folder or
    is written as one (``newdir/``: a folder that does not exist yet, not a file named newdir)."""
    if out is None:
        return Path.cwd() / default_name
    text = os.fspath(out)
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return Path(text) / default_name
    return Path(text)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- reading ------------------------------------------------------------------------

_FILE_TYPES = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def os_error(e: OSError) -> InputError:
    """An OS error on an input, as that input's error (with kind "missing" when it is not there)."""
    if e.errno == errno.ENOENT:
        return InputError("no such file", kind="missing")
    if e.errno == errno.ELOOP:
        return InputError("symbolic link loop (the link leads back to itself)")
    if e.errno in (errno.EACCES, errno.EPERM):
        return InputError("permission denied")
    return InputError(f"cannot read ({e.strerror or type(e).__name__})")


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    what = next((name for test, name in _FILE_TYPES if test(mode)), "not a file")
    if what == "a folder":
        raise InputError("is a folder, not a file")
    raise InputError(f"not a regular file ({what})")


def check_regular(path: str | os.PathLike) -> os.stat_result:
    """stat() a path that is about to be read: missing, a link loop, a FIFO or a device is an InputError."""
    try:
        st = os.stat(path)
    except OSError as e:
        raise os_error(e) from None
    _require_regular(st.st_mode)
    return st


def read_limited(path: str | os.PathLike, limit: int) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is an InputError.

    Opened without blocking, so a FIFO cannot hang the reader, and checked with fstat after
    opening, so the file checked is the file read. Reading stops one byte past ``limit``: a
    device such as /dev/zero, or a file that grows, costs no more memory than that.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as e:
        raise os_error(e) from None
    try:
        st = os.fstat(fd)
        _require_regular(st.st_mode)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(READ_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
    except OSError as e:
        raise os_error(e) from None
    finally:
        os.close(fd)
    if size > limit:
        # st_size is 0 for /proc files and may be stale for a growing one: say only what is known
        what = f"{st.st_size / 1e6:.1f} MB" if st.st_size > limit else f"over {limit // 1000} kB"
        raise InputError(f"{what}; the limit is {limit // 1000} kB", kind="too_long")
    return b"".join(chunks)


# --- inputs named by URL (read with fsspec: s3://, gs://, http://, file://, ...) -----------------------

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")


def is_url(name: str | os.PathLike) -> bool:
    """``s3://bucket/a.wav``, ``file:///data/a.wav``: read with fsspec, not as a local path."""
    return isinstance(name, str) and bool(_URL.match(name))


def url_suffix(url: str) -> str:
    """The file type of a URL's path (``.wav``), without its query string."""
    path = url.split("?", 1)[0].split("#", 1)[0]
    name = path.rsplit("/", 1)[-1]
    return ("." + name.rsplit(".", 1)[1].lower()) if "." in name else ""


@contextmanager
def fetched(url: str, limit: int):
    """A local copy of what ``url`` names, at most ``limit`` bytes, removed afterwards.

    Any reading error is an InputError naming the cause; a missing fsspec says what to install.
    """
    try:
        import fsspec
    except ImportError:
        raise InputError("reading a URL needs fsspec: pip install 'mock-interview[cluster]'") from None

    try:
        with fsspec.open(url, "rb") as f:
            data = f.read(limit + 1)
    except FileNotFoundError:
        raise InputError("no such file at that URL", kind="missing") from None
    except (OSError, ValueError) as e:  # a bad bucket, no permission, an unknown protocol, ...
        raise InputError(f"cannot read ({type(e).__name__}: {e})") from None
    except ImportError as e:  # a protocol whose package is not installed (s3fs, gcsfs)
        raise InputError(f"cannot read: {e}") from None
    if len(data) > limit:
        raise InputError(f"larger than {limit // 1_000_000} MB, the most read from a URL", kind="too_long")
    fd, name = tempfile.mkstemp(suffix=url_suffix(url), prefix="mock-interview-url-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        yield Path(name)
    finally:
        try:
            os.unlink(name)
        except OSError:
            pass
