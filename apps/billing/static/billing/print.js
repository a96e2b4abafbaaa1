// "Print" buttons (no inline handlers: the CSP forbids them).
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
