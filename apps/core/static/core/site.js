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

// The browser's time zone, for the dates and times the pages show
// (apps/core/http/time_zones.py): from the next page on, they are in it.
(() => {
  const cookie = document.documentElement.dataset.timeZoneCookie;
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!cookie || !zone) return;
  const value = `${cookie}=${encodeURIComponent(zone)}`;
  if (document.cookie.split("; ").includes(value)) return;
  const secure = window.location.protocol === "https:" ? "; secure" : "";
  document.cookie = `${value}; path=/; max-age=31536000; samesite=lax${secure}`;
})();

// Menus (<details data-menu>) open and close without JavaScript; with it, a
// click elsewhere or Escape closes them, as people expect of a menu.
const openMenus = () => document.querySelectorAll("details[data-menu][open]");
document.addEventListener("click", (event) => {
  openMenus().forEach((menu) => {
    if (!menu.contains(event.target)) menu.open = false;
  });
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") return;
  openMenus().forEach((menu) => {
    const hadFocus = menu.contains(document.activeElement);
    menu.open = false;
    if (hadFocus) menu.querySelector("summary").focus();
  });
});
