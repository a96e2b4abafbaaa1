// Dwipper without page reloads, where JavaScript runs: the live character
// counter, upvote and favourite toggles, and editing a dwipp in place. Each
// does what its plain form does, through the JSON API (apps/dwipper/api.py,
// its address in the element's data attribute); without JavaScript the forms
// and links work as they are.
(function () {
  "use strict";
  // The server's steps (apps/dwipper/text.py): NFC, \r\n as \n, trimmed, code points.
  const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;
  function normalise(raw) { return raw.normalize("NFC").replace(/\r\n/g, "\n").trim(); }
  function length(text) { return Array.from(text).length; }

  function counterUpdate(textarea, output) {
    const max = Number(output.dataset.max);
    const text = normalise(textarea.value);
    const left = max - length(text);
    if (CONTROL.test(text)) {
      output.textContent = "Control characters cannot be posted";
    } else if (left < 0) {
      output.textContent = `${-left} character${left === -1 ? "" : "s"} too many`;
    } else {
      output.textContent = `${left} character${left === 1 ? "" : "s"} left`;
    }
    output.classList.toggle("dwipp-count-over", left < 0 || CONTROL.test(text));
  }

  function counterAttach(textarea, output) {
    const update = function () { counterUpdate(textarea, output); };
    textarea.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-dwipp-composer]").forEach(function (form) {
    const textarea = form.querySelector("textarea");
    const output = form.querySelector(".dwipp-count");
    if (textarea && output) counterAttach(textarea, output);
  });

  // Every answer of the API is JSON, errors too ({"error": ..., "errors": {field: [...]}}).
  async function send(method, url, fields, csrf) {
    const response = await fetch(url, {
      method: method, body: JSON.stringify(fields), credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf },
    });
    return { ok: response.ok, data: await response.json() };
  }

  async function toggle(form) {
    const csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    const on = form.querySelector("input[name=state]").value === "on";
    const answer = await send("POST", form.dataset.dwippToggle, { on: on }, csrf);
    if (!answer.ok) { form.submit(); return; }
    const button = form.querySelector("button");
    button.setAttribute("aria-pressed", answer.data.on ? "true" : "false");
    form.querySelector("input[name=state]").value = answer.data.on ? "off" : "on";
    const count = form.querySelector("[data-count]");
    if (count) count.textContent = String(answer.data.count);
  }

  document.addEventListener("submit", function (event) {
    const form = event.target;
    if (!form.matches("[data-dwipp-toggle]")) return;
    event.preventDefault();
    toggle(form).catch(function () { form.submit(); });
  });

  function element(tag, attributes, text) {
    const made = document.createElement(tag);
    Object.entries(attributes || {}).forEach(function ([name, value]) { made.setAttribute(name, value); });
    if (text) made.textContent = text;
    return made;
  }

  function editorOpen(link) {
    const article = link.closest("[data-dwipp]");
    const shown = article.querySelector("[data-dwipp-text-shown]");
    if (article.querySelector(".dwipp-editor")) return;
    const id = `${article.id}-editor`;
    const form = element("form", { class: "dwipp-editor", method: "post", action: link.pathname });
    const label = element("label", { for: id, class: "visually-hidden" }, "Edit your dwipp");
    const textarea = element("textarea", { id: id, name: "text", rows: "3", "aria-describedby": `${id}-count` });
    textarea.value = shown.innerText;
    const max = article.closest("[data-dwipp-max]").dataset.dwippMax;
    const output = element("output", { id: `${id}-count`, class: "dwipp-count", "data-max": max, "aria-live": "polite" });
    const error = element("p", { class: "errors", role: "alert" });
    const save = element("button", { type: "submit" }, "Save");
    const cancel = element("button", { type: "button", class: "button-secondary" }, "Cancel");
    const foot = element("div", { class: "composer-foot" });
    foot.append(output, save, cancel);
    form.append(label, textarea, error, foot);
    shown.hidden = true;
    shown.after(form);
    counterAttach(textarea, output);
    textarea.focus();
    cancel.addEventListener("click", function () { form.remove(); shown.hidden = false; link.focus(); });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      editorSave(form, textarea, shown, error, link).catch(function () {
        window.location.assign(link.href);
      });
    });
  }

  async function editorSave(form, textarea, shown, error, link) {
    const csrf = form.closest("[data-csrf]").dataset.csrf;
    const answer = await send("PATCH", link.dataset.dwippEdit, { text: textarea.value }, csrf);
    if (!answer.ok) {
      const messages = (answer.data.errors || {}).text;
      error.textContent = messages ? messages[0] : answer.data.error;
      textarea.focus();
      return;
    }
    shown.innerHTML = answer.data.html;  // escaped by the server, with its tag and mention links
    shown.hidden = false;
    form.remove();
    const head = shown.closest("[data-dwipp]").querySelector(".dwipp-head");
    if (!head.querySelector(".dwipp-edited")) head.append(element("span", { class: "dwipp-edited" }, "edited"));
    link.focus();
  }

  document.addEventListener("click", function (event) {
    const link = event.target.closest("[data-dwipp-edit]");
    if (!link || !link.closest("[data-csrf]")) return;
    event.preventDefault();
    editorOpen(link);
  });
})();
