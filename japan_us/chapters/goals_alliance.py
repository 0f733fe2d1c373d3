"""Chapter 2, goals 1 and 2: US forces in Japan, Japanese views of the United States and the
first year of each Trump term (the alliance), and US military spending against China's (the US
commitment to East Asia)."""

from __future__ import annotations

from typing import Any

from japan_us import i18n, palette
from japan_us.chapters.base import SIPRI, Findings, named
from japan_us.chapters.goals_overview import (
    latest_is_preliminary,
    latest_pair,
    status_word,
    us_affinity,
    us_china_spending,
)
from japan_us.i18n import _, pgettext
from japan_us.lazy import alt, charts, pd


def troops(tables: dict, p: dict) -> Findings:
    """Goal 1: US forces in Japan and the other main hosts."""
    troops = tables["us_troops_by_host"]
    shown = troops[troops.iso3.isin(["JPN"] + p["hosts"]) & (troops.year >= p["start_year"])]
    jp = shown[shown.iso3 == "JPN"].set_index("year").troops_active_duty
    values = {
        "troops_jp_start": jp.iloc[0],
        "troops_start_year": int(jp.index[0]),
        "troops_jp_min": jp.min(),
        "troops_jp_min_year": int(jp.idxmin()),
        "troops_jp_max": jp.max(),
        "troops_jp_max_year": int(jp.idxmax()),
    } | _sharpest_fall(jp)
    return Findings(values, hosts=shown, japan=jp)


def _sharpest_fall(counts: pd.Series) -> dict[str, Any]:
    """The largest fall from one year's report to the next, and when (if ever) the count came
    back to within 5% of its level before the fall: told as data, with no cause, since the
    sources record such dips (Japan's in 2016-17) without explaining them."""
    fall = counts.diff()
    year = int(fall.idxmin())
    before, low = counts.shift()[year], counts[year]
    back = counts[(counts.index > year) & (counts >= 0.95 * before)]
    if len(back):
        words = _("fell from {before:,.0f} to {low:,.0f} and was back at {back:,.0f} by {year}").format(
            before=before, low=low, back=back.iloc[0], year=back.index[0]
        )
    else:
        words = _("fell from {before:,.0f} to {low:,.0f}, and has stayed lower since").format(before=before, low=low)
    return {"troops_dip_year": year, "troops_dip_before": before, "troops_dip_low": low, "troops_dip_words": words}


def _report_words(report: str) -> str:
    """The DMDC report a count comes from, in the reader's language: "September 2025"
    (2025年9月), or "Kane 1990" for the years compiled by Tim Kane."""
    month, _space, year = report.partition(" ")
    if month == "Kane":
        return pgettext("troops report", "Kane {year}").format(year=year)
    return i18n.month_year(pd.Timestamp(f"{month} 1, {year}").date())


def troops_chart(f: Findings) -> alt.TopLevelMixin:
    hosts, jp = f.hosts, f.japan
    last_year = hosts[hosts.year == hosts.year.max()]
    # names and report months as the reader's language gives them
    shown = named(hosts, "country").assign(report=hosts.report.map(_report_words))
    japan = i18n.term("Japan")
    order = charts.subject_first(shown.country, japan)
    tooltip = charts.tooltip(
        ("country:N", _("Host")),
        ("year:Q", _("Year")),
        ("troops_active_duty:Q", _("Active-duty personnel"), ","),
        ("report:N", _("DMDC report")),
    )
    lines = charts.multi_line(
        shown,
        y=alt.Y("troops_active_duty:Q", title=_("Active-duty personnel")),
        series="country",
        tooltip=tooltip,
        emphasis=japan,
        sort=order,
    )
    first, last = hosts.year.min(), hosts.year.max()
    return charts.finish(
        lines,
        title=_("{country} hosts the most US troops of the countries shown: {count:,} in {year}").format(
            country=i18n.term(last_year.sort_values("troops_active_duty").country.iloc[-1]),
            count=last_year.troops_active_duty.max(),
            year=last,
        ),
        subtitle=_("US active-duty military personnel by host country, {first}–{last}, one report a year").format(
            first=first, last=last
        ),
        source=_(
            "U.S. Department of Defense, Defense Manpower Data Center, compiled in the troopdata R package (v1.0.5)."
        ),
        note=_(
            "September report where one exists; quarters with no report are missing, not zero. "
            "Japan's sharpest fall, in {year}, is as DMDC reported it: the count {words}; the sources do not say why."
        ).format(year=f.values["troops_dip_year"], words=f.values["troops_dip_words"]),
        description=_(
            "Line chart of US active-duty personnel in Japan and {others} other hosts, {first}–{last}; "
            "Japan had {count:,} in {year}."
        ).format(others=len(order) - 1, first=first, last=last, count=jp.iloc[-1], year=jp.index[-1]),
    )


SURVEYS = ["Pew: favourable view of the US", "Cabinet Office: feel affinity toward the US"]


def survey_names() -> list[str]:
    """:data:`SURVEYS` in the reader's language, in the same order."""
    return [_("Pew: favourable view of the US"), _("Cabinet Office: feel affinity toward the US")]


def _survey_detail(mode: str, preliminary: bool, derived: bool) -> str:
    """How a Cabinet Office reading was taken: "mail survey, preliminary"."""
    method = {"mail": _("mail survey"), "face-to-face": _("face-to-face survey")}.get(mode) or _(
        "{mode} survey"
    ).format(mode=mode)
    parts = [method]
    parts += [pgettext("survey detail", "preliminary")] if preliminary else []
    parts += [_("derived from a reported change")] if derived else []
    return pgettext("list separator", ", ").join(parts)


def public_opinion(tables: dict, p: dict) -> Findings:
    """Goal 1: two surveys of Japanese views of the United States, read separately."""
    pew = tables["pew_favorability"]
    pew_jp = pew[(pew.iso3 == "JPN") & (pew.opinion_of == "USA")].set_index("year").pct_favorable
    affinity = us_affinity(tables)
    mail = affinity[affinity["mode"] == "mail"].pct
    values = {
        "affinity_mail_max": mail.max(),
        "affinity_mail_max_year": int(mail.idxmax()),
        "mail_from": int(mail.index.min()),
        "pew_jp_latest": pew_jp.iloc[-1],
        "pew_jp_year": int(pew_jp.index[-1]),
        "pew_jp_min": pew_jp.min(),
        "pew_jp_min_year": int(pew_jp.idxmin()),
    }
    names = survey_names()
    pew_frame = pew_jp.reset_index().assign(
        survey=names[0],
        value=lambda d: d.pct_favorable,
        detail=_("weighted share, Pew Global Attitudes respondent data"),
        preliminary=False,
    )
    co = affinity.reset_index().rename(columns={"fieldwork_year": "year", "pct": "value"})
    co = co.assign(
        survey=names[1],
        detail=[_survey_detail(*row) for row in zip(co["mode"], co.preliminary, co.derived, strict=True)],
    )
    columns = ["year", "value", "survey", "detail"]
    both = pd.concat([pew_frame[columns + ["preliminary"]], co[columns + ["preliminary"]]])
    both = both[both.year >= p["start_year"]]
    return Findings(
        values, surveys=both[columns], preliminary=both.preliminary.to_numpy(bool), pew=pew_jp, affinity=affinity
    )


def public_opinion_chart(f: Findings) -> alt.TopLevelMixin:
    v, both, pew_jp = f.values, f.surveys, f.pew
    *_pair, affinity_year, affinity_latest = latest_pair(f.affinity.pct)
    preliminary_latest = latest_is_preliminary(f.affinity)
    names = survey_names()
    enc = dict(
        x=charts.year_axis(),
        y=alt.Y("value:Q", title=_("% of respondents"), scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "survey:N",
            title=None,
            scale=alt.Scale(domain=names, range=[palette.ORANGE, palette.BLUE]),
            legend=alt.Legend(columns=1, labelLimit=400),
        ),
        shape=alt.Shape("survey:N", title=None, scale=alt.Scale(domain=names, range=["square", "circle"])),
        tooltip=charts.tooltip(
            ("survey:N", _("Survey")),
            ("year:Q", _("Year")),
            ("value:Q", "%", ".1f"),
            ("detail:N", pgettext("survey", "Basis")),
        ),
    )
    pew_line = alt.Chart(both[both.survey == names[0]]).mark_line(point=True).encode(**enc)
    co_points = alt.Chart(both[both.survey == names[1]]).mark_point(size=80, filled=True).encode(**enc)
    preliminary = (
        alt.Chart(both[f.preliminary])
        .mark_text(align="left", dx=7, dy=-8, fontSize=11, color="#333")
        .encode(x=alt.X("year:Q"), y=alt.Y("value:Q"), text=alt.TextValue(status_word(True)))
    )
    first_mail = v["mail_from"]
    method = (
        alt.Chart(
            pd.DataFrame(
                {
                    "year": [first_mail - 0.5],
                    "label": [_("Cabinet Office: mail survey from {year}").format(year=first_mail)],
                }
            )
        )
        .mark_rule(strokeDash=[4, 3], color="#777")
        .encode(x=alt.X("year:Q"), tooltip=alt.Tooltip("label:N", title=_("Method change")))
    )
    words = {
        "favourable": (pew_jp > 50).sum(),
        "waves": len(pew_jp),
        "affinity": affinity_latest,
        "year": affinity_year,
        "pew_year": pew_jp.index[-1],
        "pew_latest": pew_jp.iloc[-1],
    }
    if preliminary_latest:
        title = _(
            "Most Japanese viewed the US favourably in {favourable} of {waves} Pew waves; "
            "affinity fell to {affinity:.1f}% in {year} (preliminary)"
        )
        description = _(
            "Line of Pew favourable views of the US in Japan to {pew_year} ({pew_latest:.0f}% latest) and points "
            "for Cabinet Office affinity toward the US, latest {affinity:.1f}% in {year} (preliminary)."
        )
    else:
        title = _(
            "Most Japanese viewed the US favourably in {favourable} of {waves} Pew waves; "
            "affinity fell to {affinity:.1f}% in {year}"
        )
        description = _(
            "Line of Pew favourable views of the US in Japan to {pew_year} ({pew_latest:.0f}% latest) and points "
            "for Cabinet Office affinity toward the US, latest {affinity:.1f}% in {year}."
        )
    return charts.finish(
        alt.layer(pew_line, co_points, preliminary, method),
        title=title.format(**words),
        subtitle=_(
            "Japanese public opinion of the United States, two surveys, % of respondents, {first}–{last}"
        ).format(first=both.year.min(), last=both.year.max()),
        source=_(
            "Pew Research Center, Global Attitudes Survey (computed from respondent-level data); Cabinet Office "
            "of Japan, Public Opinion Survey on Diplomacy (as reported in the press: Nikkei, NHK, Yomiuri, TV Asahi; "
            "the 2025 preliminary figure by Benzinga)."
        ),
        note=_(
            "Different questions: points are not a continuation of the line. "
            "Dashed rule: the Cabinet Office's change from interviews to mail."
        ),
        description=description.format(**words),
    )


def sentiment_names() -> dict[str, str]:
    """Each measure's short name on the chart, in the reader's language."""
    return {
        "affinity": _("Feel affinity toward the US (Cabinet Office)"),
        "relations_good": _("Say relations are good (Cabinet Office)"),
        "favourable": _("Favourable view of the US (Pew)"),
        "confidence": _("Confidence in the US president (Pew)"),
    }


def _when_words() -> tuple[str, str]:
    """The two years of a pair: the year before a term, its first year in office."""
    return _("year before"), _("first year in office")


def first_year_sentiment(tables: dict) -> Findings:
    """Alliance sentiment in the first year of each Trump term against the year before: the
    Cabinet Office's affinity and "relations are good" series, and Pew's favourable view of the
    US and confidence in its president, where the data have both years (each pair within one
    survey method). Goodwill toward the country is set against trust in its president within
    Pew's one survey, never across two surveys."""
    admins = tables["administrations"].set_index("administration").inauguration
    terms = {f"Trump {n}": admins[key].year for n, key in (("1", "trump1"), ("2", "trump2"))}
    survey = tables["japan_affinity_survey"].query("country == 'United States'")
    series = {
        item: survey[survey.item == item].set_index("fieldwork_year").pct for item in ("affinity", "relations_good")
    }
    pew = tables["pew_favorability"].query("iso3 == 'JPN' and opinion_of == 'USA'")
    series["favourable"] = pew.set_index("year").pct_favorable
    series["confidence"] = tables["pew_confidence_in_president"].set_index("year").pct
    term_names = {"Trump 1": pgettext("term", "Trump 1"), "Trump 2": pgettext("term", "Trump 2")}
    names, (year_before, first_year) = sentiment_names(), _when_words()
    rows = []
    for term, first in terms.items():
        for measure, values in series.items():
            if {first - 1, first} <= set(values.index):
                label = {
                    "term": _("{term}: {before} → {first}").format(
                        term=term_names[term], before=first - 1, first=first
                    ),
                    "measure": names[measure],
                    "key": measure,
                }
                for year in (first - 1, first):
                    when = year_before if year < first else first_year
                    rows.append(label | {"first": first, "year": year, "when": when, "pct": values[year]})
    pairs = pd.DataFrame(rows)
    change = pairs.pivot_table(index=["key", "first"], columns="when", values="pct")
    values = {"sentiment_t1_year": terms["Trump 1"], "sentiment_t2_year": terms["Trump 2"]}
    for (key, first), row in change.iterrows():
        term = "t1" if first == values["sentiment_t1_year"] else "t2"
        values |= {
            f"sentiment_{key}_{term}_before": row[year_before],
            f"sentiment_{key}_{term}_after": row[first_year],
            f"sentiment_{key}_{term}_change": row[first_year] - row[year_before],
        }
    if "sentiment_favourable_t1_change" in values and "sentiment_confidence_t1_change" in values:
        values |= _goodwill_against_trust(
            values["sentiment_favourable_t1_change"], values["sentiment_confidence_t1_change"]
        )
    return Findings(values, pairs=pairs)


def _sentiment_panel(measure: str) -> str:
    """A panel's label in lines that fit beside the terms' labels on a phone (34 characters;
    the column's full line, ``charts.PANEL_LINE``, is for panels with short axis labels)."""
    return charts.panel_label(measure, 34)


def _goodwill_against_trust(favourable: float, confidence: float) -> dict[str, Any]:
    """Pew's two changes in one year, favourable view of the US against confidence in its
    president, told as sizes of fall and how they compare ("far less" under half as much)."""
    if favourable >= 0 or confidence >= 0:
        words = pgettext("goodwill against trust", "did not fall alongside")
    elif favourable / confidence < 0.5:
        words = pgettext("goodwill against trust", "fell far less than")
    elif favourable / confidence < 1:
        words = pgettext("goodwill against trust", "fell less than")
    else:
        words = pgettext("goodwill against trust", "fell at least as much as")
    return {
        "sentiment_favourable_t1_drop": -favourable,
        "sentiment_confidence_t1_drop": -confidence,
        "sentiment_goodwill_against_trust": words,
    }


def first_year_sentiment_chart(f: Findings) -> alt.TopLevelMixin:
    v, pairs = f.values, f.pairs
    base = alt.Chart().encode(y=alt.Y("term:N", title=None))
    link = base.mark_rule(color="#999").encode(x=alt.X("min(pct):Q"), x2=alt.X2("max(pct):Q"))
    year_before, first_year = _when_words()
    dots = base.mark_point(filled=True, size=110).encode(
        x=alt.X("pct:Q", title=_("% of respondents"), scale=alt.Scale(domain=[0, 100])),
        color=charts.colour_by("when", {year_before: palette.LIGHT, first_year: palette.JAPAN_COLOR}),
        tooltip=charts.tooltip(
            ("measure:N", pgettext("survey", "Measure")), ("year:Q", _("Year")), ("pct:Q", "%", ".1f")
        ),
    )
    panels = (
        alt.layer(link, dots, data=pairs.assign(panel=pairs.measure.map(_sentiment_panel)))
        .properties(height=30 * 2)
        .facet(
            row=alt.Row(
                "panel:N",
                title=None,
                sort=[_sentiment_panel(m) for m in sentiment_names().values()],
                header=charts.panel_header(),
            )
        )  # fmt: skip
        .resolve_scale(y="independent")
    )
    return charts.finish(
        panels,
        reserve=165,
        title=_(
            "Japanese affinity toward the US fell {fall1:.1f} points in {year1} and {fall2:.1f} in {year2}, "
            "the first year of each Trump term"
        ).format(
            fall1=-v["sentiment_affinity_t1_change"],
            year1=v["sentiment_t1_year"],
            fall2=-v["sentiment_affinity_t2_change"],
            year2=v["sentiment_t2_year"],
        ),
        subtitle=_("Japanese views of the US, the year before and the first year of each Trump term, % of respondents"),
        source=_(
            "Cabinet Office of Japan, Public Opinion Survey on Diplomacy (as reported in the press; the 2025 "
            "figures, preliminary, and 'relations are good' for 2024 by Benzinga); Pew Research Center, Global "
            "Attitudes Survey (published figures via FiveThirtyEight)."
        ),
        note=_(
            "Only pairs the data hold are drawn: no 'relations are good' reading for 2016–17, no Pew wave after "
            "2017. The Cabinet Office moved from interviews to mail in 2020; each pair is within one method."
        ),
        description=_(
            "Dot plot of Japanese views of the US before and during the first year of each Trump term; affinity "
            "went from {before1:.1f}% to {after1:.1f}% and from {before2:.1f}% to {after2:.1f}%."
        ).format(
            before1=v["sentiment_affinity_t1_before"],
            after1=v["sentiment_affinity_t1_after"],
            before2=v["sentiment_affinity_t2_before"],
            after2=v["sentiment_affinity_t2_after"],
        ),
    )


def military_balance(tables: dict, p: dict) -> Findings:
    """Goal 2: US military spending against China's, at market exchange rates."""
    milex = us_china_spending(tables)
    ratio = milex.USA / milex.CHN
    sipri = tables["military_expenditure_sipri"]
    shown = (
        sipri[sipri.iso3.isin(["USA", "CHN"]) & (sipri.year >= p["start_year"])]
        .assign(usd_bn=lambda d: d.current_usd_m / 1000)
        .dropna(subset=["usd_bn"])
    )
    values = {
        "milex_usa_latest_bn": milex.USA.dropna().iloc[-1] / 1000,
        "milex_chn_latest_bn": milex.CHN.dropna().iloc[-1] / 1000,
        "milex_ratio_start": ratio[ratio.index >= max(p["start_year"], ratio.dropna().index.min())].dropna().iloc[0],
        "milex_ratio_start_year": int(ratio[ratio.index >= p["start_year"]].dropna().index[0]),
    }
    # the amounts the Japanese prose writes in 億ドル (none in English)
    values |= i18n.amounts(values, {"milex_usa_latest_bn": ("USD", 1e9), "milex_chn_latest_bn": ("USD", 1e9)})
    return Findings(values, spending=shown, ratio=ratio)


def military_balance_chart(f: Findings) -> alt.TopLevelMixin:
    mx, ratio = f.spending, f.ratio
    latest = ratio.dropna().iloc[-1]
    tooltip = charts.tooltip(
        ("country:N", _("Country")),
        ("year:Q", _("Year")),
        ("usd_bn:Q", _("US$ billion (current)"), ",.1f"),
        ("share_gdp_pct:Q", _("% of GDP"), ".2f"),
        ("estimate:N", _("SIPRI estimate")),
    )
    shown = named(mx, "country")
    lines = charts.multi_line(
        shown,
        y=alt.Y("usd_bn:Q", title=_("US$ billion, current")),
        series="country",
        tooltip=tooltip,
        emphasis=i18n.term("Japan"),
    )
    first, last = mx.year.min(), mx.year.max()
    return charts.finish(
        lines,
        title=_(
            "The US still outspends China on its military, {latest:.1f} times over in {last}, "
            "down from {start:.0f} times in {first}"
        ).format(latest=latest, last=last, start=ratio[first], first=first),
        subtitle=_("Military expenditure, US$ billion at current prices and exchange rates, {first}–{last}").format(
            first=first, last=last
        ),
        source=_("{dataset}.").format(dataset=SIPRI),
        note=_("China's figures are SIPRI estimates throughout."),
        description=_(
            "Line chart of US and Chinese military spending from {first} to {last}; in {last} the US spent "
            "{latest:.1f} times as much as China."
        ).format(first=first, last=last, latest=latest),
    )
