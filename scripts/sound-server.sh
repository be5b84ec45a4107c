#!/usr/bin/env bash
# A private PulseAudio sound server with virtual devices, for the tests and for trying
# `mock-interview practice` on a machine without a sound card. It never touches a user's own server:
# everything (socket, cookie, pid, log) lives in DIR and clients reach it only through the printed env.
#
#   scripts/sound-server.sh start [DIR]   start it; prints the `export` lines for clients
#   scripts/sound-server.sh env [DIR]     print the `export` lines again
#   scripts/sound-server.sh status [DIR]  exit 0 when it answers
#   scripts/sound-server.sh stop [DIR]    stop it and remove DIR
#
# Devices: sink mi_speaker (what the program says; record it from mi_speaker.monitor),
# sink mi_mic_feed (play an answer into it) and source mi_mic (the microphone, fed by mi_mic_feed).
#   eval "$(scripts/sound-server.sh start)"
#   paplay -d mi_mic_feed answer.wav     # speak into the microphone
#   parec -d mi_speaker.monitor --file-format=wav said.wav   # hear what the program says
set -euo pipefail

cmd=${1:-}
DIR=${2:-${MI_SOUND_DIR:-/tmp/mock-interview-sound}}
MIC_RATE=${MI_MIC_RATE:-16000}
SPEAKER_RATE=${MI_SPEAKER_RATE:-22050}
START_TIMEOUT_S=5

die() { echo "sound-server: $*" >&2; exit 3; }

need() {  # need COMMAND DEBIAN-PACKAGE
    command -v "$1" >/dev/null 2>&1 || die "$1 not found: install the Debian package $2 (apt-get install $2)"
}

env_lines() {
    echo "export PULSE_SERVER=unix:$DIR/native"
    echo "export PULSE_COOKIE=$DIR/cookie"
    echo "export PULSE_CLIENTCONFIG=$DIR/client.conf"
}

client() {  # run a pulse client against this server only
    PULSE_SERVER="unix:$DIR/native" PULSE_COOKIE="$DIR/cookie" PULSE_CLIENTCONFIG="$DIR/client.conf" "$@"
}

write_config() {
    mkdir -p "$DIR/runtime" "$DIR/home"
    chmod 700 "$DIR" "$DIR/runtime"
    head -c 256 /dev/urandom >"$DIR/cookie"
    # autospawn off: a client that loses this server must not start another one behind our back.
    printf 'autospawn = no\n' >"$DIR/client.conf"
    # norewinds=1: without it the start of played audio was lost.
    cat >"$DIR/server.pa" <<EOF
load-module module-native-protocol-unix socket=$DIR/native auth-anonymous=1 auth-cookie=$DIR/cookie
load-module module-null-sink sink_name=mi_speaker format=s16le rate=$SPEAKER_RATE channels=1 norewinds=1 sink_properties=device.description=mock-interview-speaker
load-module module-null-sink sink_name=mi_mic_feed format=s16le rate=$MIC_RATE channels=1 norewinds=1 sink_properties=device.description=mock-interview-microphone-feed
load-module module-remap-source source_name=mi_mic master=mi_mic_feed.monitor format=s16le rate=$MIC_RATE channels=1 source_properties=device.description=mock-interview-microphone
set-default-sink mi_speaker
set-default-source mi_mic
EOF
}

start() {
    need pulseaudio pulseaudio
    need pactl pulseaudio-utils
    need paplay pulseaudio-utils
    [ -e /usr/share/alsa/alsa.conf.d/50-pulseaudio.conf ] || [ -e /etc/alsa/conf.d/50-pulseaudio.conf ] \
        || die "ALSA's pulse plugin not found: install the Debian package libasound2-plugins"
    if client pactl info >/dev/null 2>&1; then env_lines; return 0; fi
    write_config
    # HOME/XDG_* point into DIR so the daemon reads and writes nothing of the user's.
    env -u PULSE_SERVER HOME="$DIR/home" XDG_CONFIG_HOME="$DIR/home" XDG_RUNTIME_DIR="$DIR/runtime" \
        PULSE_RUNTIME_PATH="$DIR/runtime" \
        pulseaudio -n -F "$DIR/server.pa" --daemonize=yes --use-pid-file=yes --exit-idle-time=-1 \
        --enable-memfd=no --log-target="file:$DIR/log" \
        || die "pulseaudio did not start; see $DIR/log"
    local waited=0
    until client pactl info >/dev/null 2>&1; do
        sleep 0.05
        waited=$((waited + 1))
        [ "$waited" -lt $((START_TIMEOUT_S * 20)) ] || die "pulseaudio started but does not answer; see $DIR/log"
    done
    env_lines
}

pid() { cat "$DIR/runtime/pid" 2>/dev/null || true; }

alive() {  # a killed daemon can linger as a zombie until init reaps it: dead all the same
    local state
    state=$(cut -d' ' -f3 "/proc/$1/stat" 2>/dev/null) || return 1
    [ -n "$state" ] && [ "$state" != Z ]
}

stop() {
    local p
    p=$(pid)
    if [ -n "$p" ] && kill "$p" 2>/dev/null; then
        for _ in $(seq 100); do alive "$p" || break; sleep 0.02; done
        if alive "$p"; then kill -9 "$p" 2>/dev/null || true; fi
    fi
    # Remove DIR only when it is ours (holds our server script), never an arbitrary folder.
    if [ -f "$DIR/server.pa" ]; then rm -rf "$DIR"; fi
}

case "$cmd" in
    start) start ;;
    env) env_lines ;;
    status) client pactl info >/dev/null 2>&1 && echo "running (pid $(pid)) in $DIR" || { echo "not running ($DIR)"; exit 1; } ;;
    stop) stop ;;
    *) echo "usage: $0 start|env|status|stop [DIR]" >&2; exit 2 ;;
esac
