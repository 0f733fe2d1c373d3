"""Chapter 2, goals: one headline indicator per goal, and the series the goals' sections read
again (troops, affinity, aid, military spending, withdrawals)."""

from __future__ import annotations

from japan_us.chapters.base import Findings, change_in_words
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


def latest_preliminary(table: pd.DataFrame) -> str:
    """ "; latest preliminary" when the latest row of a table (or selection) is preliminary: what
    is preliminary depends on the book's date (an earlier book ends on final figures)."""
    latest = table[table.index == table.index.max()] if table.index.name else table[table.year == table.year.max()]
    return "; latest preliminary" if latest.preliminary.any() else ""


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
    affinity_note = "Cabinet Office" + latest_preliminary(us_affinity(tables))
    oda_note = "OECD DAC" + latest_preliminary(tables["oda_by_donor"])
    indicators = {  # key: goal, indicator, series, unit, note, format
        "troops_jp": ("1. Alliance soundness", "US active-duty personnel in Japan", troops_in(tables, "JPN"),
                      "persons", "DMDC, September report", ",.0f"),
        "affinity": ("1. Alliance soundness", "Japanese who feel affinity toward the US", us_affinity(tables).pct,
                     "% of respondents", affinity_note, ",.1f"),
        "troops_kr": ("2. US commitment to East Asia", "US active-duty personnel in South Korea",
                      troops_in(tables, "KOR"), "persons", "DMDC, September report", ",.0f"),
        "milex_ratio": ("2. US commitment to East Asia", "US military spending ÷ China's", milex.USA / milex.CHN,
                        "ratio", "SIPRI, current US$", ",.1f"),
        "duty_jp": ("3. Protection from unilateral measures", "Calculated duty rate on imports from Japan",
                    duties.set_index(["partner_code", "year"]).duty_rate_pct.loc["JPN"], "% of import value",
                    "Census", ".2f"),
        "us_oda": ("4. US global engagement", "US official development assistance", aid_of(tables, "United States"),
                   "US$ bn, 2025 prices", oda_note, ",.1f"),
        "jp_oda": ("5. Multilateral momentum", "Japan's official development assistance", aid_of(tables, "Japan"),
                   "US$ bn, 2025 prices", oda_note, ",.1f"),
    }  # fmt: skip
    monthly = tables["us_duties_by_partner_monthly"]

    def duty_span(year: int) -> str:  # the duty's latest year may be part of a year
        return metrics.months_span(monthly[monthly.year == year].month.unique(), year)

    rows, values = [], {}
    for key, (goal, indicator, series, unit, note, fmt) in indicators.items():
        if len(series.dropna()) < 2:  # a series that starts after the chapter's date: no row
            continue
        y0, v0, y1, v1 = latest_pair(series)
        label = duty_span if key == "duty_jp" else str
        values |= {f"{key}_prev": v0, f"{key}_latest": v1, f"{key}_year": int(y1)}
        rows.append(
            {
                "goal": goal,
                "indicator": f"{indicator} ({unit}; {note})",
                "earlier": f"{v0:{fmt}} ({label(int(y0))})",
                "latest": f"{v1:{fmt}} ({label(int(y1))})",
                "direction": "up" if v1 > v0 else "down" if v1 < v0 else "flat",
            }
        )
    if "duty_jp_year" in values:
        values["duty_jp_span"] = duty_span(values["duty_jp_year"])
    values["us_oda_change_pct"] = 100 * (values["us_oda_latest"] / values["us_oda_prev"] - 1)
    values["jp_oda_change_pct"] = 100 * (values["jp_oda_latest"] / values["jp_oda_prev"] - 1)
    values["us_oda_change"] = change_in_words(values["us_oda_change_pct"], "{:.0f}%")
    # what the latest readings are on the chapter's date: an earlier book ends on final figures
    values["affinity_status"] = "preliminary" if latest_preliminary(us_affinity(tables)) else "final"
    values["oda_status"] = "preliminary" if latest_preliminary(tables["oda_by_donor"]) else "final"
    values["jp_oda_change"] = change_in_words(values["jp_oda_change_pct"], "{:.0f}%", "up", "down")
    steps = withdrawals(tables).event_id
    values["withdrawal_decisions"] = int(steps.isin(WITHDRAWAL_DECISIONS).sum())
    values["withdrawals_effective"] = int(steps.isin(WITHDRAWALS_EFFECTIVE).sum())
    values |= report.event_dates(tables["events"], ["A7.3"])  # the first Ishiba–Trump summit
    return Findings(values, table=pd.DataFrame(rows))


def overview_table(f: Findings) -> report.HTML:
    return report.table(
        f.table,
        caption="One headline indicator per goal: the two latest values in the data and the direction between them",
    )
