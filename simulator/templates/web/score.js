"use strict";
// Score files: upload each file (refused past the size limit with a message), then follow the batch's progress.
const $ = (id) => document.getElementById(id);
const maxBytes = Number($("drop").dataset.maxBytes);

function say(text, isError) {
  $("score-status").textContent = text;
  $("score-status").className = isError ? "error" : "";
}

async function postJson(path, body) {
  const res = await fetch(path, { method: "POST", body: body, headers: { "content-type": "application/octet-stream" } });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || res.statusText);
  return data;
}

async function scoreFiles(files) {
  if (!files.length) return;
  const refused = [];
  try {
    const job = (await postJson("/api/score")).job;
    let sent = 0;
    for (const f of files) {
      say(`Uploading ${f.name} (${sent + 1} of ${files.length})...`);
      if (f.size > maxBytes) { refused.push(`${f.name}: too large (${(f.size / 1e6).toFixed(1)} MB; the limit is ${(maxBytes / 1e6).toFixed(1)} MB)`); continue; }
      try { await postJson(`/api/score/${job}/files?name=${encodeURIComponent(f.name)}`, f); sent++; }
      catch (e) { refused.push(e.message); }
    }
    if (!sent) { say(refused.join("\n") || "Nothing to score.", true); return; }
    await postJson(`/api/score/${job}/start`);
    follow(job, refused);
  } catch (e) { say(e.message, true); }
}

async function follow(job, refused) {
  $("score-progress").hidden = false;
  while (true) {
    const res = await fetch(`/api/score/${job}`);
    const view = await res.json();
    $("score-progress").max = view.total;
    $("score-progress").value = view.done;
    show(view.rows);
    const notes = refused.length ? " Not scored: " + refused.join("; ") : "";
    if (view.state === "done") {
      say(`Scored ${view.done} of ${view.total}.${view.problem ? " " + view.problem : ""}${notes}`, !!(view.problem || refused.length));
      $("csv").href = `/api/score/${job}/results.csv`;
      $("json").href = `/api/score/${job}/results.json`;
      $("downloads").hidden = false;
      return;
    }
    say(`Scoring: ${view.done} of ${view.total} done...${notes}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

function cell(text, cls) {
  const td = document.createElement("td");
  td.textContent = text == null ? "" : String(text);
  if (cls) td.className = cls;
  return td;
}

function show(rows) {
  $("results").hidden = !rows.length;
  const body = $("results").querySelector("tbody");
  body.replaceChildren(...rows.map((r) => {
    const tr = document.createElement("tr");
    if (r.status !== "ok") { tr.append(cell(r.input), cell("not scored"), cell(""), cell(""), cell(r.error, "error")); return tr; }
    const length = r.seconds != null ? `${Math.floor(r.seconds / 60)}:${String(Math.floor(r.seconds % 60)).padStart(2, "0")}` : `${r.words} words`;
    tr.append(cell(r.input), cell(r.verdict, `verdict ${r.verdict}`), cell(r.score), cell(length), cell(r.top_fix));
    return tr;
  }));
}

$("files").addEventListener("change", () => scoreFiles([...$("files").files]));
const drop = $("drop");
drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("over"); scoreFiles([...e.dataTransfer.files]); });
