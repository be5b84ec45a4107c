// Behaviour of the attempt report: words and the waveform seek the audio; the current word follows it.
(function () {
  "use strict";
  var audio = document.getElementById("player");
  if (!audio) { return; }
  var words = Array.prototype.slice.call(document.querySelectorAll(".transcript .w[data-start]"));
  var wave = document.getElementById("wave");
  var playhead = document.getElementById("playhead");
  var duration = parseFloat(wave ? wave.getAttribute("data-duration") : "0") || 0;
  var current = null;

  function seek(t) {
    audio.currentTime = t;
    show(t);
  }

  function show(t) {
    if (playhead && duration > 0) {
      var x = Math.max(0, Math.min(1, t / duration)) * 1000;
      playhead.setAttribute("x1", x);
      playhead.setAttribute("x2", x);
    }
    var found = null;
    for (var i = 0; i < words.length; i++) {
      if (parseFloat(words[i].getAttribute("data-start")) <= t + 0.01) { found = words[i]; } else { break; }
    }
    if (found !== current) {
      if (current) { current.classList.remove("now"); }
      if (found) { found.classList.add("now"); }
      current = found;
    }
  }

  words.forEach(function (el) {
    el.addEventListener("click", function () { seek(parseFloat(el.getAttribute("data-start"))); });
  });
  if (wave) {
    wave.addEventListener("click", function (ev) {
      var box = wave.getBoundingClientRect();
      seek(duration * (ev.clientX - box.left) / box.width);
    });
  }
  audio.addEventListener("timeupdate", function () { show(audio.currentTime); });
})();
