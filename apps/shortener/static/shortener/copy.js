// "Copy" buttons: data-copy names the element whose text goes to the clipboard.
document.querySelectorAll("button[data-copy]").forEach((button) => {
  button.addEventListener("click", async () => {
    const text = document.querySelector(button.dataset.copy).textContent.trim();
    try {
      await navigator.clipboard.writeText(text);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Press Ctrl+C";
      window.getSelection().selectAllChildren(document.querySelector(button.dataset.copy));
    }
    setTimeout(() => { button.textContent = "Copy"; }, 2000);
  });
});
