"""What the browser tests check on every page: width, accessibility, scripts a CSP would block."""

from __future__ import annotations

# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA: every violation counts.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
FULL_PAGE_SHOT_MAX_HEIGHT = 4000

# Elements that stick out past the right edge of the window, widest first, named
# so that a failure says where to look.
OVERFLOW = """
() => {
  const width = window.innerWidth;
  const scrollWidth = document.documentElement.scrollWidth;
  if (scrollWidth <= width) return null;
  const name = (el) => el.tagName.toLowerCase()
    + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : "");
  // The box's right edge, or where its text runs out of a box that does not clip it.
  const reach = (el) => {
    const box = el.getBoundingClientRect();
    const clips = getComputedStyle(el).overflowX !== "visible";
    return clips ? box.right : box.left + Math.max(box.width, el.scrollWidth);
  };
  const culprits = [...document.body.querySelectorAll("*")]
    .map((el) => [el, reach(el)])
    .filter(([el, right]) => right > width + 1 && ![...el.children].some(
      (child) => reach(child) > width + 1))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([el, right]) => `${name(el)} reaches ${Math.round(right)} px`);
  return `${scrollWidth} px wide in a ${width} px window: ${culprits.join("; ")}`;
}
"""

# Tables whose columns run past the edge of a box that scrolls them: the page is not
# wider than the window, but those columns are out of sight (the admin's changelists).
SCROLLED_TABLES = """
() => [...document.querySelectorAll("table")]
  .filter((table) => {
    const box = table.parentElement;
    return getComputedStyle(box).overflowX !== "visible" && box.scrollWidth > box.clientWidth + 1;
  })
  .map((table) => `table${table.id ? "#" + table.id : ""} is ${Math.round(table.scrollWidth)} px `
    + `wide in a box of ${table.parentElement.clientWidth} px`)
"""

# Inline scripts and on* attributes run only where a Content-Security-Policy
# allows 'unsafe-inline'; the site's scripts live in static files.
INLINE_SCRIPTS = """
() => {
  const found = [];
  document.querySelectorAll("script:not([src])").forEach((script) => {
    if (!/json/.test(script.type)) found.push("an inline <script>");
  });
  document.querySelectorAll("*").forEach((el) => {
    for (const attribute of el.attributes) {
      const tag = el.tagName.toLowerCase();
      if (attribute.name.startsWith("on")) found.push(`<${tag} ${attribute.name}>`);
    }
  });
  document.querySelectorAll("a[href^='javascript:']").forEach(() => {
    found.push("a javascript: link");
  });
  return found;
}
"""


DESCRIPTION = """() => document.querySelector('meta[name="description"]')?.content.trim()"""


def overflow(page) -> str | None:
    """Why the page is wider than the window, or None when it is not."""
    return page.evaluate(OVERFLOW)


def scrolled_tables(page) -> list[str]:
    return page.evaluate(SCROLLED_TABLES)


def inline_scripts(page) -> list[str]:
    return page.evaluate(INLINE_SCRIPTS)


def accessibility_problems(page, *, rules: list[str] | None = None) -> list[str]:
    """axe-core's violations of WCAG 2.0/2.1/2.2 A and AA on the page (or of ``rules``)."""
    from axe_playwright_python.sync_playwright import Axe

    only = {"type": "rule", "values": rules} if rules else {"type": "tag", "values": WCAG_TAGS}
    # preload: axe-core would read every stylesheet's @import by adding <style>
    # elements of its own, which the site's CSP blocks (the admin's forms.css has
    # one); only the rule about a locked screen orientation reads them.
    options = {"runOnly": only, "resultTypes": ["violations"], "preload": False}
    response = Axe().run(page, options=options).response
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']}: "
        + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        for violation in response["violations"]
    ]


def contrast_problems(page) -> list[str]:
    """axe-core's colour rules only: what a change of colours (dark mode) can break."""
    return [f"axe: {line}" for line in accessibility_problems(page, rules=COLOUR_RULES)]


def described(page) -> bool:
    """Whether the page has the meta description search results show (the admin needs none)."""
    if "/admin/" in page.url:
        return True
    return bool(page.evaluate(DESCRIPTION))


def page_problems(page, *, axe: bool = True) -> list[str]:
    """Everything the sweep checks on the page that is open, as lines to report."""
    problems = [f"overflows: {reason}" for reason in filter(None, [overflow(page)])]
    problems += [f"columns out of sight: {table}" for table in scrolled_tables(page)]
    problems += [] if described(page) else ["no meta description"]
    problems += [f"would break under CSP: {what}" for what in inline_scripts(page)]
    if axe:
        problems += [f"axe: {line}" for line in accessibility_problems(page)]
    return problems


def screenshot(page, path) -> None:
    """The whole page, or only the window when the page is very long.

    Headless Chromium without a GPU can take minutes over a full-page shot of a
    page some 9,000 px tall (a 10,000-character log entry on a phone), and is
    slow for a while after.
    """
    tall = page.evaluate("document.documentElement.scrollHeight") > FULL_PAGE_SHOT_MAX_HEIGHT
    page.screenshot(path=path, full_page=not tall)
