"""The theme's icons, reduced to the ones the book's pages use.

The theme loads Font Awesome's whole SVG script on every page (1.5 MB, about 540 KB gzip,
more than everything else on a chapter page together) to draw about fifteen icons. After a
build, the script is replaced by one holding only the icons found in the pages, drawn the
same way (``<i>`` and ``<span>`` elements of class ``fa-solid fa-…`` become inline SVG).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pydata_sphinx_theme

THEME_SCRIPT = Path(pydata_sphinx_theme.__file__).parent / "theme/pydata_sphinx_theme/static/scripts/fontawesome.js"
ICON_CLASS = re.compile(r"""class=["']([^"']*\b(?:fa-solid|fa-regular|fa-brands|fas|far|fab)\b[^"']*)["']""")
NAME = re.compile(r"\bfa-([a-z0-9-]+)")
STYLES = {"solid": "fas", "regular": "far", "brands": "fab"}
NOT_ICONS = {"solid", "regular", "brands", "lg", "sm", "xs", "fw", "2x", "3x", "spin", "pulse"}


def used_icons(html_dir: Path) -> set[tuple[str, str]]:
    """(style, icon name) of every Font Awesome icon element in the built pages."""
    used = set()
    for page in html_dir.rglob("*.html"):
        for classes in ICON_CLASS.findall(page.read_text(encoding="utf-8")):
            names, words = set(NAME.findall(classes)), set(classes.split())
            style = next(s for s, short in STYLES.items() if s in names or short in words)
            used |= {(style, name) for name in names - NOT_ICONS}
    return used


def _pack(source: str, style: str) -> str:
    """The source text of one style's icon definitions (``var p={…}`` up to ``d("fas",p)``)."""
    end = source.index(f'd("{STYLES[style]}",p)')
    return source[source.rindex("var p={", 0, end) : end]


def icon(source: str, style: str, name: str) -> list:
    """[width, height, path] of one icon, as Font Awesome defines it."""
    key = f'"{name}"' if not name.isidentifier() else f'(?:"{name}"|{name})'
    pattern = rf'[{{,]{key}:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*",("(?:[^"\\]|\\.)*")\]'
    found = re.search(pattern, _pack(source, style))
    if not found:
        raise ValueError(f"icon fa-{style} fa-{name} not found in {THEME_SCRIPT}")
    return [int(found.group(1)), int(found.group(2)), json.loads(found.group(3))]


SCRIPT = """/*! Font Awesome Free by @fontawesome - https://fontawesome.com
 * License - https://fontawesome.com/license/free (Icons: CC BY 4.0) - only the icons this
 * book uses, drawn as inline SVG like the full script does. */
(() => {
  const ICONS = %s;
  const STYLES = { solid: "fas", regular: "far", brands: "fab" };
  const SVG = "http://www.w3.org/2000/svg";
  function draw(root) {
    root.querySelectorAll("i[class*='fa-'], span[class*='fa-']").forEach((element) => {
      const classes = element.classList;
      const style = Object.keys(STYLES).find((s) => classes.contains("fa-" + s) || classes.contains(STYLES[s]));
      const name = [...classes].map((c) => style + " " + c.slice(3)).find((key) => key in ICONS);
      if (!name) return;
      const [width, height, d] = ICONS[name];
      const svg = document.createElementNS(SVG, "svg");
      for (const { name: attribute, value } of element.attributes) svg.setAttribute(attribute, value);
      svg.setAttribute("class", "svg-inline--fa " + element.getAttribute("class"));
      svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
      svg.setAttribute("aria-hidden", "true");
      svg.setAttribute("focusable", "false");
      const path = svg.appendChild(document.createElementNS(SVG, "path"));
      path.setAttribute("fill", "currentColor");
      path.setAttribute("d", d);
      element.replaceWith(svg);
    });
  }
  draw(document);
  new MutationObserver((changes) => changes.forEach((change) =>
    change.addedNodes.forEach((node) => node.nodeType === 1 && draw(node.parentNode || node))
  )).observe(document.documentElement, { childList: true, subtree: true });
})();
"""


def reduced_script(html_dir: Path) -> str:
    source = THEME_SCRIPT.read_text(encoding="utf-8")
    icons = {f"{style} {name}": icon(source, style, name) for style, name in sorted(used_icons(html_dir))}
    return SCRIPT % json.dumps(icons, indent=0, sort_keys=True)


def write_reduced_script(html_dir: Path) -> None:
    target = html_dir / "_static" / "scripts" / "fontawesome.js"
    if target.exists():
        target.write_text(reduced_script(html_dir), encoding="utf-8")
