"""Chapter 2, goals 1 and 2: US forces in Japan, Japanese views of the United States and the
first year of each Trump term (the alliance), and US military spending against China's (the US
commitment to East Asia)."""

from __future__ import annotations

from typing import Any

from japan_us import palette
from japan_us.chapters.base import SIPRI, Findings
from japan_us.chapters.goals_overview import latest_pair, latest_preliminary, us_affinity, us_china_spending
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
    words = f"fell from {before:,.0f} to {low:,.0f}"
    words += f" and was back at {back.iloc[0]:,.0f} by {back.index[0]}" if len(back) else ", and has stayed lower since"
    return {"troops_dip_year": year, "troops_dip_before": before, "troops_dip_low": low, "troops_dip_words": words}


def troops_chart(f: Findings) -> alt.TopLevelMixin:
    hosts, jp = f.hosts, f.japan
    last_year = hosts[hosts.year == hosts.year.max()]
    order = charts.subject_first(hosts.country)
    tooltip = charts.tooltip(
        ("country:N", "Host"),
        ("year:Q", "Year"),
        ("troops_active_duty:Q", "Active-duty personnel", ","),
        ("report:N", "DMDC report"),
    )
    lines = charts.multi_line(
        hosts,
        y=alt.Y("troops_active_duty:Q", title="Active-duty personnel"),
        series="country",
        tooltip=tooltip,
        sort=order,
    )
    return charts.finish(
        lines,
        title=(
            f"{last_year.sort_values('troops_active_duty').country.iloc[-1]} hosts the most US troops of the "
            f"countries shown: {last_year.troops_active_duty.max():,} in {hosts.year.max()}"
        ),
        subtitle=(
            f"US active-duty military personnel by host country, {hosts.year.min()}–{hosts.year.max()}, "
            "one report a year"
        ),
        source=(
            "U.S. Department of Defense, Defense Manpower Data Center, compiled in the troopdata R package (v1.0.5)."
        ),
        note=(
            "September report where one exists; quarters with no report are missing, not zero. "
            f"Japan's sharpest fall, in {f.values['troops_dip_year']}, is as DMDC reported it: the count "
            f"{f.values['troops_dip_words']}; the sources do not say why."
        ),
        description=(
            f"Line chart of US active-duty personnel in Japan and {len(order) - 1} other hosts, "
            f"{hosts.year.min()}–{hosts.year.max()}; Japan had {jp.iloc[-1]:,} in {jp.index[-1]}."
        ),
    )


SURVEYS = ["Pew: favourable view of the US", "Cabinet Office: feel affinity toward the US"]


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
    pew_frame = pew_jp.reset_index().assign(
        survey=SURVEYS[0],
        value=lambda d: d.pct_favorable,
        detail="weighted share, Pew Global Attitudes respondent data",
    )
    co = affinity.reset_index().rename(columns={"fieldwork_year": "year", "pct": "value"})
    co = co.assign(
        survey=SURVEYS[1],
        detail=co["mode"]
        + " survey"
        + co.preliminary.map({True: ", preliminary", False: ""})
        + co.derived.map({True: ", derived from a reported change", False: ""}),
    )
    columns = ["year", "value", "survey", "detail"]
    both = pd.concat([pew_frame[columns], co[columns]])
    return Findings(values, surveys=both[both.year >= p["start_year"]], pew=pew_jp, affinity=affinity)


def public_opinion_chart(f: Findings) -> alt.TopLevelMixin:
    v, both, pew_jp = f.values, f.surveys, f.pew
    *_, affinity_year, affinity_latest = latest_pair(f.affinity.pct)
    status = " (preliminary)" if latest_preliminary(f.affinity) else ""
    enc = dict(
        x=charts.year_axis(),
        y=alt.Y("value:Q", title="% of respondents", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color(
            "survey:N",
            title=None,
            scale=alt.Scale(domain=SURVEYS, range=[palette.ORANGE, palette.BLUE]),
            legend=alt.Legend(columns=1, labelLimit=400),
        ),
        shape=alt.Shape("survey:N", title=None, scale=alt.Scale(domain=SURVEYS, range=["square", "circle"])),
        tooltip=charts.tooltip(
            ("survey:N", "Survey"), ("year:Q", "Year"), ("value:Q", "%", ".1f"), ("detail:N", "Basis")
        ),
    )
    pew_line = alt.Chart(both[both.survey.str.startswith("Pew")]).mark_line(point=True).encode(**enc)
    co_points = alt.Chart(both[both.survey.str.startswith("Cabinet")]).mark_point(size=80, filled=True).encode(**enc)
    preliminary = (
        alt.Chart(both[both.detail.str.contains("preliminary")])
        .mark_text(align="left", dx=7, dy=-8, fontSize=11, color="#333")
        .encode(x=alt.X("year:Q"), y=alt.Y("value:Q"), text=alt.TextValue("preliminary"))
    )
    first_mail = v["mail_from"]
    method = (
        alt.Chart(
            pd.DataFrame({"year": [first_mail - 0.5], "label": [f"Cabinet Office: mail survey from {first_mail}"]})
        )
        .mark_rule(strokeDash=[4, 3], color="#777")
        .encode(x=alt.X("year:Q"), tooltip=alt.Tooltip("label:N", title="Method change"))
    )
    return charts.finish(
        alt.layer(pew_line, co_points, preliminary, method),
        title=(
            f"Most Japanese viewed the US favourably in {(pew_jp > 50).sum()} of {len(pew_jp)} Pew waves; "
            f"affinity fell to {affinity_latest:.1f}% in {affinity_year}{status}"
        ),
        subtitle=(
            "Japanese public opinion of the United States, two surveys, % of respondents, "
            f"{both.year.min()}–{both.year.max()}"
        ),
        source=(
            "Pew Research Center, Global Attitudes Survey (computed from respondent-level data); Cabinet Office "
            "of Japan, Public Opinion Survey on Diplomacy (as reported in the press: Nikkei, NHK, Yomiuri, TV Asahi; "
            "the 2025 preliminary figure by Benzinga)."
        ),
        note=(
            "Different questions: points are not a continuation of the line. "
            "Dashed rule: the Cabinet Office's change from interviews to mail."
        ),
        description=(
            f"Line of Pew favourable views of the US in Japan to {pew_jp.index[-1]} ({pew_jp.iloc[-1]:.0f}% latest) "
            f"and points for Cabinet Office affinity toward the US, latest {affinity_latest:.1f}% in "
            f"{affinity_year}{status}."
        ),
    )


SENTIMENT = {  # measure -> its short name on the chart
    "affinity": "Feel affinity toward the US (Cabinet Office)",
    "relations_good": "Say relations are good (Cabinet Office)",
    "favourable": "Favourable view of the US (Pew)",
    "confidence": "Confidence in the US president (Pew)",
}


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
    rows = []
    for term, first in terms.items():
        for measure, values in series.items():
            if {first - 1, first} <= set(values.index):
                label = {"term": f"{term}: {first - 1} → {first}", "measure": SENTIMENT[measure], "key": measure}
                for year in (first - 1, first):
                    when = "year before" if year < first else "first year in office"
                    rows.append(label | {"first": first, "year": year, "when": when, "pct": values[year]})
    pairs = pd.DataFrame(rows)
    change = pairs.pivot_table(index=["key", "first"], columns="when", values="pct")
    values = {"sentiment_t1_year": terms["Trump 1"], "sentiment_t2_year": terms["Trump 2"]}
    for (key, first), row in change.iterrows():
        term = "t1" if first == values["sentiment_t1_year"] else "t2"
        values |= {
            f"sentiment_{key}_{term}_before": row["year before"],
            f"sentiment_{key}_{term}_after": row["first year in office"],
            f"sentiment_{key}_{term}_change": row["first year in office"] - row["year before"],
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
        words = "did not fall alongside"
    elif favourable / confidence < 0.5:
        words = "fell far less than"
    elif favourable / confidence < 1:
        words = "fell less than"
    else:
        words = "fell at least as much as"
    return {
        "sentiment_favourable_t1_drop": -favourable,
        "sentiment_confidence_t1_drop": -confidence,
        "sentiment_goodwill_against_trust": words,
    }


def first_year_sentiment_chart(f: Findings) -> alt.TopLevelMixin:
    v, pairs = f.values, f.pairs
    base = alt.Chart().encode(y=alt.Y("term:N", title=None))
    link = base.mark_rule(color="#999").encode(x=alt.X("min(pct):Q"), x2=alt.X2("max(pct):Q"))
    dots = base.mark_point(filled=True, size=110).encode(
        x=alt.X("pct:Q", title="% of respondents", scale=alt.Scale(domain=[0, 100])),
        color=charts.colour_by("when", {"year before": palette.LIGHT, "first year in office": palette.JAPAN_COLOR}),
        tooltip=charts.tooltip(("measure:N", "Measure"), ("year:Q", "Year"), ("pct:Q", "%", ".1f")),
    )
    panels = (
        alt.layer(link, dots, data=pairs.assign(panel=pairs.measure.map(_sentiment_panel)))
        .properties(height=30 * 2)
        .facet(
            row=alt.Row(
                "panel:N",
                title=None,
                sort=[_sentiment_panel(m) for m in SENTIMENT.values()],
                header=charts.panel_header(),
            )
        )  # fmt: skip
        .resolve_scale(y="independent")
    )
    return charts.finish(
        panels,
        reserve=165,
        title=(
            f"Japanese affinity toward the US fell {-v['sentiment_affinity_t1_change']:.1f} points in "
            f"{v['sentiment_t1_year']} and {-v['sentiment_affinity_t2_change']:.1f} in {v['sentiment_t2_year']}, "
            "the first year of each Trump term"
        ),
        subtitle="Japanese views of the US, the year before and the first year of each Trump term, % of respondents",
        source=(
            "Cabinet Office of Japan, Public Opinion Survey on Diplomacy (as reported in the press; the 2025 "
            "figures, preliminary, and 'relations are good' for 2024 by Benzinga); Pew Research Center, Global "
            "Attitudes Survey (published figures via FiveThirtyEight)."
        ),
        note=(
            "Only pairs the data hold are drawn: no 'relations are good' reading for 2016–17, no Pew wave after "
            "2017. The Cabinet Office moved from interviews to mail in 2020; each pair is within one method."
        ),
        description=(
            f"Dot plot of Japanese views of the US before and during the first year of each Trump term; affinity "
            f"went from {v['sentiment_affinity_t1_before']:.1f}% to {v['sentiment_affinity_t1_after']:.1f}% and from "
            f"{v['sentiment_affinity_t2_before']:.1f}% to {v['sentiment_affinity_t2_after']:.1f}%."
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
    return Findings(values, spending=shown, ratio=ratio)


def military_balance_chart(f: Findings) -> alt.TopLevelMixin:
    mx, ratio = f.spending, f.ratio
    latest = ratio.dropna().iloc[-1]
    tooltip = charts.tooltip(
        ("country:N", "Country"),
        ("year:Q", "Year"),
        ("usd_bn:Q", "US$ billion (current)", ",.1f"),
        ("share_gdp_pct:Q", "% of GDP", ".2f"),
        ("estimate:N", "SIPRI estimate"),
    )
    lines = charts.multi_line(mx, y=alt.Y("usd_bn:Q", title="US$ billion, current"), series="country", tooltip=tooltip)
    return charts.finish(
        lines,
        title=(
            f"The US still outspends China on its military, {latest:.1f} times over in {mx.year.max()}, "
            f"down from {ratio[mx.year.min()]:.0f} times in {mx.year.min()}"
        ),
        subtitle=(
            f"Military expenditure, US$ billion at current prices and exchange rates, {mx.year.min()}–{mx.year.max()}"
        ),
        source=f"{SIPRI}.",
        note="China's figures are SIPRI estimates throughout.",
        description=(
            f"Line chart of US and Chinese military spending from {mx.year.min()} to {mx.year.max()}; in "
            f"{mx.year.max()} the US spent {latest:.1f} times as much as China."
        ),
    )
