// Optional: a print button where JavaScript runs; without it, the browser's own print works.
document.querySelectorAll("[data-print]").forEach(function (b) {
  b.hidden = false;
  b.addEventListener("click", function () { window.print(); });
});
