// SIGAP: the "Print" button of the printable pages (no inline scripts: CSP).
document.addEventListener("click", function (event) {
  var button = event.target && event.target.closest ? event.target.closest("[data-print]") : null;
  if (button) {
    window.print();
  }
});
