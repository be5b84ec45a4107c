"use strict";
// History: delete asks first, then POSTs (a change needs this page's Origin and the session cookie).
for (const button of document.querySelectorAll("button.delete")) {
  button.addEventListener("click", async () => {
    const row = button.closest("tr");
    if (!window.confirm(`Delete the attempt of ${row.querySelector("td").textContent}? Its recording and feedback go too.`)) return;
    const res = await fetch(`/api/attempts/${button.dataset.id}/delete`, { method: "POST" });
    if (res.ok) row.remove();
    else window.alert((await res.json().catch(() => ({}))).error || res.statusText);
  });
}
