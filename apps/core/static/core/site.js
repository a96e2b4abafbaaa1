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
// (apps/core/http/time_zones.py): from the next page on, they are in it. Asking
// Intl costs tens of milliseconds the first time on a page, so it is asked only
// when the zone is not noted yet or the clock's offset has changed since (a
// journey, a change of summer time), and when the browser is idle.
(() => {
  const cookie = document.documentElement.dataset.timeZoneCookie;
  if (!cookie) return;
  const offset = String(new Date().getTimezoneOffset());
  const noted = document.cookie.split("; ").some((pair) => pair.startsWith(`${cookie}=`));
  let offsetNoted = null;
  try { offsetNoted = localStorage.getItem("time-zone-offset"); } catch { /* storage refused */ }
  if (noted && offsetNoted === offset) return;
  const note = () => {
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (!/^[\w+\-/]+$/.test(zone || "")) return;  // IANA names need no escaping in a cookie
    const secure = window.location.protocol === "https:" ? "; secure" : "";
    document.cookie = `${cookie}=${zone}; path=/; max-age=31536000; samesite=lax${secure}`;
    try { localStorage.setItem("time-zone-offset", offset); } catch { /* storage refused */ }
  };
  (window.requestIdleCallback || window.setTimeout)(note);
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
