"""The book's accessible HTML table, from plain rows (no pandas): a caption, column headings,
and on a phone each row a card, each cell after its heading (the stylesheet reads the
heading from ``data-label``). Every text is escaped here: cells are data, never markup."""

from __future__ import annotations

import html


def html_table(
    headings: list[str], rows: list[list[str]], *, caption: str, links: dict | None = None, after: dict | None = None
) -> str:
    """One line of HTML (a Markdown page keeps it as one HTML block). ``links`` maps a
    (row index, column index) to the web address its cell links to; ``after`` to words shown
    after the cell's link, outside it (a source's kind: "(primary)")."""
    links, after = links or {}, after or {}
    labels = [html.escape(h) for h in headings]
    head = "".join(f"<th scope='col'>{label}</th>" for label in labels)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td data-label='{labels[j]}'>{_cell(text, links.get((i, j)), after.get((i, j)))}</td>"
            for j, text in enumerate(row)
        )
        + "</tr>"
        for i, row in enumerate(rows)
    )
    return (
        f"<table class='table japan-us-table'><caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _cell(text: str, address: str | None, after: str | None = None) -> str:
    text = html.escape(" ".join(text.split()))  # one line: a blank line would end the HTML block
    linked = f"<a href='{html.escape(address)}'>{text}</a>" if address else text
    return f"{linked} <span class='japan-us-source-kind'>{html.escape(after)}</span>" if after else linked
