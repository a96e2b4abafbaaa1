// Behaviour that templates ask for with data attributes, so that no page needs
// an inline handler and the Content-Security-Policy can forbid them all.
// data-print on a button prints the page; data-confirm on a form asks first.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
document.addEventListener("submit", (event) => {
  const question = event.target.dataset.confirm;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
