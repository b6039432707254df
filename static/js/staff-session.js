// The staff session notice (WCAG 2.2.1): warns before the session ends and lets "stay signed
// in" work without leaving the page. Without JavaScript the notice and its form still work.
(function () {
  var n = document.getElementById("session-notice"), f = document.getElementById("keepalive-form");
  if (!n || !f || !window.fetch || !window.FormData) return;
  var ends = Number(n.getAttribute("data-ends")) * 1000, warn = Number(n.getAttribute("data-warn")) * 1000;
  var idle = ends - Date.now(), box = document.getElementById("session-alert"), warned = false;
  function tick() {
    var left = ends - Date.now();
    if (left <= 0) { box.textContent = n.getAttribute("data-msg-ended"); return; }
    if (left <= warn && !warned) { warned = true; n.classList.add("session-warning"); box.textContent = n.getAttribute("data-msg-warn"); }
    setTimeout(tick, 10000);
  }
  f.addEventListener("submit", function (e) {
    e.preventDefault();
    var data = new FormData(f); data.append("js", "1");
    fetch(f.action, {method: "POST", body: data, credentials: "same-origin"}).then(function (r) {
      if (!r.ok) { f.submit(); return; }
      ends = Date.now() + idle; warned = false; n.classList.remove("session-warning");
      box.textContent = n.getAttribute("data-msg-kept");
    });
  });
  tick();
})();
