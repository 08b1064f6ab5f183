// SIGAP: small progressive enhancements, no inline scripts (CSP).
document.addEventListener("change", function (event) {
  // Auto-submit the language switcher when JavaScript is available.
  if (event.target && event.target.id === "lang-select") {
    event.target.form.submit();
  }
});
