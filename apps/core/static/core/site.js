// Behaviour that pages ask for with data- attributes. It lives in a static file,
// never in inline scripts or on* attributes, which a Content-Security-Policy blocks.

// <form data-confirm="Question?">: ask before sending.
document.querySelectorAll("form[data-confirm]").forEach((form) => {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault();
  });
});

// <button data-print>: print the page.
document.querySelectorAll("button[data-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
