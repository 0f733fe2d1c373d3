"""Chapter 2, goals: one headline indicator per goal, and the series the goals' sections read
again (troops, affinity, aid, military spending, withdrawals)."""

from __future__ import annotations

from japan_us import i18n
from japan_us.chapters.base import Findings
from japan_us.i18n import _, pgettext
from japan_us.lazy import metrics, pd, report

# US withdrawals from international bodies, by fact id (a text match also caught the G7):
# the decisions (orders, notices) and the withdrawals that have since taken effect.
WITHDRAWAL_DECISIONS = ["B5.1", "B5.2", "B5.3", "B5.4"]
WITHDRAWALS_EFFECTIVE = ["B5.5", "B5.6"]


def latest_pair(series: pd.Series) -> tuple:
    """The last two (index, value) pairs of a series indexed by year."""
    s = series.dropna().sort_index()
    return s.index[-2], s.iloc[-2], s.index[-1], s.iloc[-1]


def troops_in(tables: dict, iso3: str) -> pd.Series:
    troops = tables["us_troops_by_host"]
    return troops[troops.iso3 == iso3].set_index("year").troops_active_duty


def us_affinity(tables: dict) -> pd.DataFrame:
    """Cabinet Office: Japanese who feel affinity toward the United States, by fieldwork year."""
    affinity = tables["japan_affinity_survey"]
    return affinity[(affinity.item == "affinity") & (affinity.country == "United States")].set_index("fieldwork_year")


def latest_is_preliminary(table: pd.DataFrame) -> bool:
    """Whether the latest row of a table (or selection) is preliminary: what is preliminary
    depends on the book's date (an earlier book ends on final figures)."""
    latest = table[table.index == table.index.max()] if table.index.name else table[table.year == table.year.max()]
    return bool(latest.preliminary.any())


def status_word(preliminary: bool) -> str:
    """ "preliminary" or "final", of a series' latest figures."""
    return pgettext("figures", "preliminary") if preliminary else pgettext("figures", "final")


def year_words(year) -> str:
    """A year as a phrase ("2025", 2025年): a whole year of a series, never a bare number in
    Japanese prose. A period already in words (a part of a year) is returned as it is."""
    year = str(year)
    return pgettext("a year", "{year}").format(year=year) if year.isdigit() else year


def changed(change: float, size: str, *, short: bool = False, headline: bool = False) -> str:
    """A change told in words, "fell by 57%" or "rose by 3%" ("down 6%", "up 3%" when
    ``short``), each whole phrase translated: a Japanese phrase puts the size first, and ends a
    sentence (57%減少した) unless it is for a chart's title (``headline``: 57%減). ``size``
    formats its size, "{:.0f}%"; a sign is never printed, so no hyphen ever stands for a minus."""
    amount = size.format(abs(change))
    if headline:
        words = pgettext("headline", "fell by {size}") if change < 0 else pgettext("headline", "rose by {size}")
    elif short:
        words = pgettext("change", "down {size}") if change < 0 else pgettext("change", "up {size}")
    else:
        words = _("fell by {size}") if change < 0 else _("rose by {size}")
    return words.format(size=amount)


def usd_bn(amount: float) -> str:
    """An amount in US$ billion as the language writes it: "US$29.0 billion", 290億ドル."""
    if i18n.is_japanese():
        return i18n.japanese_amount(amount * 1e9, "USD")
    return f"US${amount:,.1f} billion"


def aid_of(tables: dict, donor: str) -> pd.Series:
    """A donor's official development assistance, US$ billion at 2025 prices, by year."""
    oda = tables["oda_by_donor"]
    return oda[oda.donor == donor].set_index("year").oda_usd_m_const2025 / 1000


def us_china_spending(tables: dict) -> pd.DataFrame:
    sipri = tables["military_expenditure_sipri"]
    return sipri[sipri.iso3.isin(["USA", "CHN"])].pivot(index="year", columns="iso3", values="current_usd_m")


def withdrawals(tables: dict) -> pd.DataFrame:
    events = tables["events"]
    return events[events.event_id.isin(WITHDRAWAL_DECISIONS + WITHDRAWALS_EFFECTIVE)]


def overview(tables: dict) -> Findings:
    """One headline indicator per goal: its two latest values and the direction between them."""
    duties = metrics.annual_duty_rate(tables["us_duties_by_partner_monthly"])
    milex = us_china_spending(tables)
    affinity_preliminary = latest_is_preliminary(us_affinity(tables))
    oda_preliminary = latest_is_preliminary(tables["oda_by_donor"])
    affinity_note = _("Cabinet Office; latest preliminary") if affinity_preliminary else _("Cabinet Office")
    oda_note = _("OECD DAC; latest preliminary") if oda_preliminary else _("OECD DAC")
    dmdc_note = _("DMDC, September report")
    goal1, goal2 = _("1. Alliance soundness"), _("2. US commitment to East Asia")
    bn_2025 = _("US$ bn, 2025 prices")
    indicators = {  # key: goal, indicator, series, unit, note, format
        "troops_jp": (goal1, _("US active-duty personnel in Japan"), troops_in(tables, "JPN"),
                      _("persons"), dmdc_note, ",.0f"),
        "affinity": (goal1, _("Japanese who feel affinity toward the US"), us_affinity(tables).pct,
                     _("% of respondents"), affinity_note, ",.1f"),
        "troops_kr": (goal2, _("US active-duty personnel in South Korea"),
                      troops_in(tables, "KOR"), _("persons"), dmdc_note, ",.0f"),
        "milex_ratio": (goal2, _("US military spending ÷ China's"), milex.USA / milex.CHN,
                        _("ratio"), _("SIPRI, current US$"), ",.1f"),
        "duty_jp": (_("3. Protection from unilateral measures"), _("Calculated duty rate on imports from Japan"),
                    duties.set_index(["partner_code", "year"]).duty_rate_pct.loc["JPN"], _("% of import value"),
                    _("Census"), ".2f"),
        "us_oda": (_("4. US global engagement"), _("US official development assistance"),
                   aid_of(tables, "United States"), bn_2025, oda_note, ",.1f"),
        "jp_oda": (_("5. Multilateral momentum"), _("Japan's official development assistance"),
                   aid_of(tables, "Japan"), bn_2025, oda_note, ",.1f"),
    }  # fmt: skip
    monthly = tables["us_duties_by_partner_monthly"]

    def duty_span(year: int) -> str:  # the duty's latest year may be part of a year
        return year_words(metrics.months_span(monthly[monthly.year == year].month.unique(), year))

    rows, values = [], {}
    for key, (goal, indicator, series, unit, note, fmt) in indicators.items():
        if len(series.dropna()) < 2:  # a series that starts after the chapter's date: no row
            continue
        y0, v0, y1, v1 = latest_pair(series)
        label = duty_span if key == "duty_jp" else year_words
        values |= {f"{key}_prev": v0, f"{key}_latest": v1, f"{key}_year": int(y1)}
        rows.append(
            {
                "goal": goal,
                "indicator": _("{indicator} ({unit}; {note})").format(indicator=indicator, unit=unit, note=note),
                "earlier": _("{value} ({period})").format(value=f"{v0:{fmt}}", period=label(int(y0))),
                "latest": _("{value} ({period})").format(value=f"{v1:{fmt}}", period=label(int(y1))),
                "direction": (
                    pgettext("direction", "up")
                    if v1 > v0
                    else pgettext("direction", "down")
                    if v1 < v0
                    else pgettext("direction", "flat")
                ),
            }
        )
    if "duty_jp_year" in values:
        values["duty_jp_span"] = duty_span(values["duty_jp_year"])
    values["us_oda_change_pct"] = 100 * (values["us_oda_latest"] / values["us_oda_prev"] - 1)
    values["jp_oda_change_pct"] = 100 * (values["jp_oda_latest"] / values["jp_oda_prev"] - 1)
    values["us_oda_change"] = changed(values["us_oda_change_pct"], "{:.0f}%")
    # what the latest readings are on the chapter's date: an earlier book ends on final figures
    values["affinity_status"] = status_word(affinity_preliminary)
    values["oda_status"] = status_word(oda_preliminary)
    values["jp_oda_change"] = changed(values["jp_oda_change_pct"], "{:.0f}%", short=True)
    steps = withdrawals(tables).event_id
    values["withdrawal_decisions"] = int(steps.isin(WITHDRAWAL_DECISIONS).sum())
    values["withdrawals_effective"] = int(steps.isin(WITHDRAWALS_EFFECTIVE).sum())
    values |= report.event_dates(tables["events"], ["A7.3"])  # the first Ishiba–Trump summit
    # the amounts the Japanese prose writes in 億ドル (none in English)
    values |= i18n.amounts(values, {key: ("USD", 1e9) for key in ("us_oda_prev", "us_oda_latest", "jp_oda_latest")})
    return Findings(values, table=pd.DataFrame(rows))


def overview_table(f: Findings) -> report.HTML:
    return report.table(
        f.table,
        caption=_("One headline indicator per goal: the two latest values in the data and the direction between them"),
        headings={
            "goal": pgettext("column", "Goal"),
            "indicator": pgettext("column", "Indicator"),
            "earlier": pgettext("column", "Earlier"),
            "latest": pgettext("column", "Latest"),
            "direction": pgettext("column", "Direction"),
        },
    )
