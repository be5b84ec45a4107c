"""Which decoding settings should be the default? Word error rate, filler recall and speed on the fixtures.

For each setting (beam size, compute type, whether the audio is cut into pieces of up to 25 s at pauses
so that the filler prompt covers all of it) every spoken answer in
audio_fixtures/ is transcribed with the bundled tiny.en on one thread, and the script reports the
word error rate against the scripts (fillers left out), how many of the fixture's fillers were heard,
and audio seconds per CPU-second. Writes bench/results/decoding.json.

    .venv/bin/python bench/decoding.py
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from test_score import FILLER_WORDS, word_error_rate  # noqa: E402
from simulator import config  # noqa: E402
from simulator.audio import load_audio  # noqa: E402
from simulator.delivery import find_fillers  # noqa: E402
from simulator.rubric import load_rubric  # noqa: E402
from simulator.transcribe import FasterWhisperTranscriber  # noqa: E402
from simulator.pieces import transcribe_voiced  # noqa: E402

SETTINGS = [
    {"beam_size": 5, "compute_type": "int8", "pieces": True},
    {"beam_size": 5, "compute_type": "float32", "pieces": True},
    {"beam_size": 1, "compute_type": "int8", "pieces": True},
    {"beam_size": 5, "compute_type": "float32", "pieces": False},
]


def clean(text: str) -> str:
    return " ".join(w for w in re.findall(r"[a-z0-9']+", text.lower().replace("-", " ")) if w not in FILLER_WORDS)


def main() -> None:
    manifest = json.loads((ROOT / "audio_fixtures" / "manifest.json").read_text())
    answers = [e for e in manifest if e["kind"] == "answer"]
    audio = {e["file"]: load_audio(ROOT / "audio_fixtures" / e["file"]) for e in answers}
    total_s = sum(a.duration_s for a in audio.values())
    rubric = load_rubric()
    rows = []
    for s in SETTINGS:
        engine = FasterWhisperTranscriber(beam_size=s["beam_size"], compute_type=s["compute_type"], cpu_threads=1)
        transcribe = (lambda a, e=engine: transcribe_voiced(a, e)) if s["pieces"] else engine.transcribe
        errors = words = fillers_heard = fillers_expected = 0
        busy = 0.0
        for e in answers:
            start = time.process_time()
            tr = transcribe(audio[e["file"]])
            busy += time.process_time() - start
            ref = clean(e["script"]).split()
            errors += word_error_rate(" ".join(ref), clean(tr.text)) * len(ref)
            words += len(ref)
            expected = e["expect"].get("fillers", {}).get("total", 0)
            if expected:
                fillers_expected += expected
                fillers_heard += min(expected, len(find_fillers(tr.words, rubric)))
        row = {**s, "wer_percent": round(100 * errors / words, 2),
               "filler_recall_percent": round(100 * fillers_heard / max(1, fillers_expected)),
               "x_real_time_one_core": round(total_s / busy, 1)}
        rows.append(row)
        print(row, flush=True)
    out = ROOT / "bench" / "results" / "decoding.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"audio_s": round(total_s, 1), "settings": rows,
                               "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}, indent=2) + "\n")


if __name__ == "__main__":
    main()
