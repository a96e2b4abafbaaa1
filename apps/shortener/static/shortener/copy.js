// "Copy" buttons: data-copy-text holds the text for the clipboard, or data-copy names
// the element whose text goes there.
document.querySelectorAll("button[data-copy], button[data-copy-text]").forEach((button) => {
  const label = button.textContent;
  button.addEventListener("click", async () => {
    const source = button.dataset.copy ? document.querySelector(button.dataset.copy) : null;
    const text = button.dataset.copyText ?? source.textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      if (source) {
        button.textContent = "Press Ctrl+C";
        window.getSelection().selectAllChildren(source);
      } else {
        button.textContent = "Copy failed";
        button.title = text;
      }
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
});
