"use strict";
// The practice page: shows what the server's practice loop says (events), plays the interviewer's voice,
// and streams the microphone to the server in pieces of 0.25 s while the person answers.
const $ = (id) => document.getElementById(id);
const PIECE_SECONDS = 0.25;
let sid = null;
let playing = Promise.resolve();
let mic = null;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function status(text, isError) {
  $("status").textContent = text || "";
  $("status").className = isError ? "error" : "";
}

async function post(path, body) {
  const res = await fetch(path, { method: "POST", body: body, headers: { "content-type": "application/octet-stream" } });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

async function start() {
  $("start-panel").hidden = true;
  $("interview").hidden = false;
  status("Starting...");
  try {
    sid = (await post("/api/practice")).session;
  } catch (e) { status(e.message, true); return; }
  poll();
}

async function poll() {
  let next = 0;
  while (sid) {
    let data;
    try {
      const res = await fetch(`/api/practice/${sid}/events?after=${next}`);
      data = await res.json();
      if (!res.ok) { status(data.error, true); return; }
    } catch (e) { await sleep(1000); continue; }
    next = data.next;
    for (const e of data.events) {
      await handle(e);
      if (e.type === "done") { sid = null; return; }
    }
  }
}

function play(clip) {
  const audio = new Audio(`/api/practice/${sid}/clips/${clip}`);
  const ended = new Promise((resolve) => { audio.onended = resolve; audio.onerror = resolve; });
  playing = playing.then(() => audio.play().then(() => ended, () => undefined));
  return playing;
}

function beep() {
  playing = playing.then(() => new Promise((resolve) => {
    const ctx = new AudioContext();
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    gain.gain.value = 0.15;
    osc.frequency.value = 880;
    osc.connect(gain).connect(ctx.destination);
    osc.start();
    osc.stop(ctx.currentTime + 0.18);
    osc.onended = () => { ctx.close(); resolve(); };
  }));
}

async function handle(e) {
  switch (e.type) {
    case "question": $("question").textContent = e.text; $("follow-up").hidden = true; $("feedback").hidden = true; status(""); break;
    case "follow_up": $("follow-up").textContent = e.text; $("follow-up").hidden = false; break;
    case "play": play(e.clip); break;
    case "cue": beep(); break;
    case "record": await playing; await record(e); break;
    case "recording_ended": if (mic) mic.stop(); $("recorder").hidden = true; status(e.message); break;
    case "feedback": status(""); showFeedback(e); break;
    case "ask_again": $("again-box").hidden = false; break;
    case "say": status(e.text); break;
    case "kept": status(e.message); break;
    case "error": status(e.message, true); break;
    case "done": if (mic) mic.stop(); break;
  }
}

async function record(e) {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: { channelCount: 1, echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  const ctx = new AudioContext();
  await ctx.audioWorklet.addModule("/static/capture.js");
  const source = ctx.createMediaStreamSource(stream);
  const node = new AudioWorkletNode(ctx, "capture");
  source.connect(node);
  const rate = ctx.sampleRate;
  const pieceFrames = Math.round(rate * PIECE_SECONDS);
  const started = performance.now();
  let blocks = [], frames = 0, seq = 0, active = true, sending = Promise.resolve();

  const clock = setInterval(() => {
    const s = Math.floor((performance.now() - started) / 1000);
    $("elapsed").textContent = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }, 250);

  function flush() {
    if (!frames) return;
    const pcm = new Int16Array(frames);
    let k = 0;
    for (const b of blocks) for (let i = 0; i < b.length; i++) {
      const x = Math.max(-1, Math.min(1, b[i]));
      pcm[k++] = Math.round(x < 0 ? x * 32768 : x * 32767);
    }
    blocks = []; frames = 0;
    const n = seq++;
    sending = sending.then(() => send(n, pcm));
  }

  async function send(n, pcm) {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const res = await fetch(`/api/practice/${sid}/chunks?take=${e.take}&seq=${n}&rate=${rate}`,
          { method: "POST", body: pcm.buffer, headers: { "content-type": "application/octet-stream" } });
        const data = await res.json().catch(() => ({}));
        if (!res.ok) { status(data.error || res.statusText, true); stop(); }
        else if (!data.recording) stop();
        return;
      } catch (err) { await sleep(300); }
    }
  }

  function stop() {
    if (!active) return;
    active = false;
    flush();
    node.port.onmessage = null;
    clearInterval(clock);
    stream.getTracks().forEach((t) => t.stop());
    ctx.close();
    mic = null;
  }

  node.port.onmessage = (m) => {
    if (!active) return;
    const block = m.data;
    let sum = 0;
    for (let i = 0; i < block.length; i++) sum += block[i] * block[i];
    $("level").value = Math.max(-60, 10 * Math.log10(sum / block.length + 1e-10));
    blocks.push(block);
    frames += block.length;
    if (frames >= pieceFrames) flush();
  };
  mic = { stop };
  $("elapsed").textContent = "0:00";
  $("recorder").hidden = false;
  status(`Recording: answer now (stay silent ${e.silence_seconds} s or press Stop to finish; at most ${e.max_seconds} s).`);
}

function showFeedback(e) {
  $("feedback").hidden = false;
  $("again-box").hidden = true;
  $("report-link").href = `/attempts/${e.attempt}`;
  if (!e.scored) {
    $("verdict").textContent = ""; $("score").textContent = "";
    $("written").textContent = e.message;
    $("transcript").textContent = "";
    return;
  }
  $("verdict").textContent = e.verdict;
  $("verdict").className = `verdict ${e.verdict}`;
  $("score").textContent = `${e.score} / 100`;
  $("first-verdict").hidden = !e.first_verdict;
  $("first-verdict").textContent = e.first_verdict ? `Your first answer alone: ${e.first_verdict}.` : "";
  $("written").textContent = e.written;
  $("transcript").textContent = e.transcript;
  const answers = $("follow-up-answers");
  answers.replaceChildren();
  for (const f of e.follow_ups) {
    const h = document.createElement("h3");
    h.textContent = `And after \u201c${f.question}\u201d:`;
    const p = document.createElement("p");
    p.className = "transcript";
    p.textContent = f.transcript;
    answers.append(h, p);
  }
  $("changes-box").hidden = !e.changes.length;
  $("changes").replaceChildren(...e.changes.map((c) => { const li = document.createElement("li"); li.textContent = c; return li; }));
}

$("start").addEventListener("click", start);
$("stop").addEventListener("click", () => sid && post(`/api/practice/${sid}/stop`).catch(() => {}));
$("again").addEventListener("click", () => { $("again-box").hidden = true; post(`/api/practice/${sid}/again`).catch(() => {}); });
$("done").addEventListener("click", () => { $("again-box").hidden = true; post(`/api/practice/${sid}/done`).catch(() => {}); });
window.addEventListener("pagehide", () => { if (sid) navigator.sendBeacon(`/api/practice/${sid}/close`); });
