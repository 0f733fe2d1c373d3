"""Sources a reader can follow: no link to a repost, aggregator, forum, blog, document-sharing
site or encyclopedia mirror, and the kind of every source shown beside it (issue 20, part 2).

Two rules. Every table that links a source declares a ``source_kind`` (primary,
wire_or_major_outlet, research_institute, secondary), and a ``secondary`` source is allowed
only where the row says why in its caveat, which the page shows. And no reader-visible link
(the data tables, the built HTML, the CSVs the charts offer, the data-package download) leads
to a domain of the kinds listed in ``DENIED``: the domains of those kinds found in the book's
data when this test was written, kept so that none comes back.
"""

from __future__ import annotations

import html
import io
import re
import urllib.parse
import zipfile
from pathlib import Path

import pytest

from japan_us import data, pages, report
from japan_us.chapters import transition
from japan_us.sources import SOURCE_KINDS, kind_words, source_labels

KINDS = ["primary", "wire_or_major_outlet", "research_institute", "secondary"]
REASONS = ("caveat", "note")  # the columns where a row says why its source is secondary

# Domains that are not a source a reader should be sent to, by kind; each was found in the
# book's data (December 2026). A subdomain counts as its domain.
DENIED = {
    # reposts and aggregators: a copy of someone else's report, often rewritten
    "todayheadline.co": "aggregator",
    "philippines-times.com": "aggregator",
    "thefederalnewswire.com": "aggregator",
    "datazoo.jp": "aggregator",
    "southasianherald.com": "aggregator",
    "quick-news.io": "aggregator",
    "pixelation.org": "aggregator",
    "link4din.com": "aggregator",
    "sunshinenewsnetwork.com": "aggregator",
    "newsbreak.com": "aggregator",
    "1lurer.am": "repost of a wire story",
    "sott.net": "repost",
    "fa.news": "repost",
    "pubt.io": "repost",
    "hqproductreviews.com": "repost (a proxy of another site's article)",
    "rafumarket.com": "repost",
    # blogs and newsletters of people and companies
    "blogspot.com": "personal blog",
    "gensen5ch.blog.jp": "forum-summary blog",
    "nonbirinyu-aaa.com": "personal blog",
    "thompsonhinesmartrade.com": "company blog (law firm)",
    "aprio.com": "company blog (accounting firm)",
    "ghy.com": "company blog (customs broker)",
    "dutyclaims.com": "company blog (claims service)",
    "mondaq.com": "company notes reposted",
    "policyriskreport.com": "newsletter",
    # forums
    "yoasobinews.net": "forum",
    "5ch.net": "forum",
    "2nn.jp": "forum",
    # document-sharing sites
    "scribd.com": "document-sharing site",
    "vdocuments.net": "document-sharing site",
    "pdfslide.us": "document-sharing site",
    "fdocuments.in": "document-sharing site",
    # encyclopedias and their mirrors
    "wikipedia.org": "encyclopedia",
    "liquisearch.com": "encyclopedia mirror",
    "nohib.com": "mirror",
}


def denied(url: str) -> str | None:
    """The kind of site ``url`` leads to if it is one of ``DENIED``, else None."""
    host = (urllib.parse.urlsplit(url.strip()).hostname or "").rstrip(".").lower()
    return next((kind for domain, kind in DENIED.items() if host == domain or host.endswith("." + domain)), None)


def test_denied_reads_the_host_of_any_form_of_address():
    assert denied("https://www.mondaq.com/unitedstates/x") == "company notes reposted"
    assert denied("http://video.nohib.com./archives/la-xpm-1989-03-11-mn-814-story.html") == "mirror"
    assert denied("https://econdevfutures.blogspot.com/2025/11/x.html") == "personal blog"
    assert denied("https://en.wikipedia.org/wiki/Learning_Resources,_Inc._v._Trump") == "encyclopedia"
    assert denied("https://pug.5ch.net/test/read.cgi/x") == "forum"
    assert denied("https://www.latimes.com/archives/la-xpm-1989-03-11-mn-814-story.html") is None
    assert denied("https://notscribd.com/doc") is None  # a domain, not a suffix of letters


def linking_tables() -> list[str]:
    """Tables with a column of source addresses (declared with an http(s) pattern)."""
    return [
        res["name"]
        for res in data.descriptor()["resources"]
        if any(str(f.get("constraints", {}).get("pattern", "")).startswith("https?") for f in res["schema"]["fields"])
    ]


def url_columns(name: str) -> list[str]:
    fields = data.resource(name)["schema"]["fields"]
    return [f["name"] for f in fields if str(f.get("constraints", {}).get("pattern", "")).startswith("https?")]


def test_the_tables_linking_sources_are_the_ones_expected():
    """The tables found to link sources include those known to (so that the checks below
    cannot pass by finding none); a new table with source links is checked by them too."""
    known = {"events", "transition_milestones", "administrations", "japan_affinity_survey", "fdi_in_us_observations"}
    assert known <= set(linking_tables())


@pytest.mark.parametrize("name", linking_tables())
def test_each_table_linking_sources_declares_their_kind(name):
    fields = {f["name"]: f for f in data.resource(name)["schema"]["fields"]}
    assert "source_kind" in fields, f"{name}: no source_kind column"
    assert fields["source_kind"]["constraints"]["enum"] == KINDS, name


@pytest.mark.parametrize("name", linking_tables())
def test_no_table_links_a_denied_site_and_every_link_has_a_kind(name):
    table = data.load(name)
    problems = []
    for row in table.to_dict("records"):
        for column in url_columns(name):
            url = row[column]
            if not isinstance(url, str):
                continue
            if kind := denied(url):
                problems.append(f"{url} is a {kind}")
            if row.get("source_kind") not in KINDS:
                problems.append(f"{url} has no source kind")
            elif row["source_kind"] == "secondary" and not any(isinstance(row.get(c), str) and row[c] for c in REASONS):
                problems.append(f"{url} is secondary without a reason in its {' or '.join(REASONS)}")
    assert not problems, f"{name}:\n" + "\n".join(problems)


def test_kind_words_are_short_and_an_unknown_kind_is_refused():
    assert set(SOURCE_KINDS) == set(KINDS)
    assert kind_words("wire_or_major_outlet") == "(wire or major outlet)"
    assert max(len(kind_words(k)) for k in KINDS) <= 24  # fits beside a link on a 390 px card
    with pytest.raises(ValueError, match="source kind"):
        kind_words("blog")


def test_an_events_table_shows_each_source_kind_after_its_link():
    events = data.load("events").head(3)
    shown = report.events_table(events, caption="Events").data
    for row in events.itertuples():
        link = f"<a href='{html.escape(row.source_url)}'>{html.escape(row.source_publisher)}</a>"
        assert f"{link} <span class='japan-us-source-kind'>{kind_words(row.source_kind)}</span>" in shown


def transition_run() -> tuple[dict, dict]:
    """The transition chapter's tables and default parameters."""
    chapter = transition.TRANSITION
    return chapter.load_tables(), chapter.param_set.validate({})


def test_the_milestones_table_shows_each_kind_and_why_a_source_is_secondary():
    tables, params = transition_run()
    shown = transition.milestones_table(tables, params).data
    milestones = tables["transition_milestones"].dropna(subset=["source_url"])
    assert shown.count("japan-us-source-kind") == len(milestones)
    for row in milestones[milestones.source_kind == "secondary"].itertuples():
        assert html.escape(row.caveat) in shown


def test_tooltips_and_chart_csvs_name_the_kind_after_the_publisher():
    events = data.load("events")
    labels = source_labels(events)
    assert (labels == events.source_publisher + " " + events.source_kind.map(kind_words)).all()
    steps = transition.milestones(*transition_run())
    named = steps.source_publisher.notna()
    assert steps.source[named].str.endswith(")").all() and steps.source[~named].isna().all()


# The book: every link a reader can follow, on the pages, in the CSVs the charts offer (data:
# links) and in the data-package download.
HREF = re.compile(r"""href=["']([^"']+)["']""")
URL = re.compile(r"https?://[^\s\"',<>)]+")


def reader_links(html_root: Path) -> dict[str, set[str]]:
    """web address -> where a reader meets it (page, a page's chart CSV, the download)."""
    found: dict[str, set[str]] = {}
    for page in html_root.rglob("*.html"):
        where = str(page.relative_to(html_root))
        for href in HREF.findall(page.read_text(encoding="utf-8")):
            href = html.unescape(href)
            if href.startswith("data:"):  # a chart's CSV: the addresses inside it
                for url in URL.findall(urllib.parse.unquote(href)):
                    found.setdefault(url, set()).add(f"{where} (chart CSV)")
            elif href.startswith(("http://", "https://")):
                found.setdefault(href, set()).add(where)
    for download in html_root.rglob(pages.DATA_PACKAGE_ZIP):
        with zipfile.ZipFile(io.BytesIO(download.read_bytes())) as package:
            for member in package.namelist():
                for url in URL.findall(package.read(member).decode("utf-8")):
                    found.setdefault(url, set()).add(f"{download.name}/{member}")
    return found


def denied_links(found: dict[str, set[str]]) -> list[str]:
    return sorted(f"{url} ({denied(url)}) on {', '.join(sorted(where))}" for url, where in found.items() if denied(url))


def test_no_page_chart_csv_or_download_links_a_denied_site(built_book):
    found = reader_links(built_book)
    assert len(found) > 50, "the scan found too few links to be reading the book"
    problems = denied_links(found)
    assert not problems, "\n".join(problems)


def test_every_source_link_in_a_table_of_the_book_carries_its_kind(built_book):
    cells = re.compile(r"<td data-label='(Source|Source publisher)'>(<a href='[^']+'.*?)</td>")
    checked = 0
    for page in built_book.rglob("*.html"):
        for label, cell in cells.findall(page.read_text(encoding="utf-8")):
            checked += 1
            assert re.search(r"</a> <span class='japan-us-source-kind'>\([a-z ]+\)</span>$", cell), (
                f"{page.name}: {label} cell without its kind: {cell}"
            )
    assert checked >= len(data.load("events")), "fewer source links than events: the scan missed tables"
