// Progressive enhancement of the todos pages: every form there is a POST that
// redirects back to the page; with JavaScript it is sent by fetch and the new
// page's content replaces the old, so nothing reloads. Without it, forms work.
(function () {
  "use strict";
  function region(doc) { return doc.querySelector("[data-todos]"); }

  async function send(form, submitter) {
    const body = new FormData(form);
    if (submitter && submitter.name) body.append(submitter.name, submitter.value);
    const response = await fetch(form.action, { method: "POST", body: body, credentials: "same-origin" });
    if (!response.ok || !response.redirected) { window.location.assign(response.url); return; }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = region(page), current = region(document);
    if (!fresh || !current) { window.location.assign(response.url); return; }
    current.replaceWith(fresh);
    history.replaceState(null, "", response.url);
    const input = fresh.querySelector("#new-todo");
    if (input && form.classList.contains("todo-add")) input.focus();
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!region(document) || !region(document).contains(form)) return;
    if (form.method.toLowerCase() !== "post" || form.hasAttribute("data-no-ajax")) return;
    event.preventDefault();
    send(form, event.submitter).catch(function () { form.submit(); });
  });
})();
