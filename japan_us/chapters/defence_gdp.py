"""Chapter 3, the content of the "2%": Japan's defence spending on every count, over one GDP.

The shares quoted for Japan each divide a different amount by a different GDP: SIPRI its own
estimate, the government its "2%" by a GDP of about ¥550 trillion. Here every count, the
Ministry of Defense's budgets, the government's security-related total and SIPRI's yen series,
is divided by one nominal GDP (the IMF's in dollars times the year's average yen rate), and the
targets are priced in yen on the same GDP (issue 20, analysis 1).
"""

from __future__ import annotations

from japan_us import i18n, palette
from japan_us.chapters.base import SIPRI, Findings
from japan_us.chapters.frictions_defence import TARGETS, twins
from japan_us.i18n import _
from japan_us.lazy import alt, charts, metrics, pd

SINCE = 2012  # a decade before the December 2022 security documents and their build-up plan
SECURITY, BUDGET, MILEX = (
    "Security-related total (government)",
    "Defence budget, initial (MOD)",
    "Military expenditure (SIPRI)",
)
# each count's colour: Japan's hue for Japan's own counts, grey for SIPRI's
SERIES = {SECURITY: palette.JAPAN_COLOR, BUDGET: palette.JAPAN_DARK, MILEX: palette.MUTED}
MOD_INITIAL = ["initial budget", "cabinet-approved budget draft (initial)"]


def series_names() -> dict[str, str]:
    """Each count's name in the chapter's language."""
    return {
        SECURITY: _("Security-related total (government)"),
        BUDGET: _("Defence budget, initial (MOD)"),
        MILEX: _("Military expenditure (SIPRI)"),
    }


def _counts(tables: dict) -> pd.DataFrame:
    """Each count's yen amounts, one row per (series, year): fiscal years for Japan's own
    counts, calendar years for SIPRI's."""
    sipri = tables["military_expenditure_sipri"].query("iso3 == 'JPN' and year >= @SINCE")
    mod = tables["japan_defense_budget_observations"].query("stage in @MOD_INITIAL")
    security = tables["defense_benchmarks"].dropna(subset=["amount_jpy_tn"])
    security_years = security.measure.str.extract(r"FY(\d{4})")[0].astype(int)  # the fiscal year each names
    stages = [i18n.data_text("japan_defense_budget_observations", stage) for stage in mod.stage]
    return pd.concat(
        [
            pd.DataFrame({"series": MILEX, "year": sipri.year, "jpy_tn": sipri.current_lcu_bn / 1000,
                          "stated_share_pct": sipri.share_gdp_pct, "what": _("calendar year, SIPRI's definition")}),
            pd.DataFrame({"series": BUDGET, "year": mod.fiscal_year, "jpy_tn": mod.value_yen / 1e12,
                          "stated_share_pct": float("nan"),
                          "what": [_("FY{year} {stage}").format(year=year, stage=stage)
                                   for year, stage in zip(mod.fiscal_year, stages, strict=True)]}),
            pd.DataFrame({"series": SECURITY, "year": security_years, "jpy_tn": security.amount_jpy_tn,
                          "stated_share_pct": security.share_gdp_pct,
                          "what": [i18n.data_text("defense_benchmarks", m) for m in security.measure]}),
        ],
        ignore_index=True,
    )  # fmt: skip


def spending_on_one_gdp(tables: dict, p: dict) -> Findings:
    """Every count of Japan's defence spending as a share of one nominal GDP, and the 2%, 3.5%
    and 5% targets (and ``defense_target``) priced in yen on the latest GDP the data give."""
    gdp = metrics.nominal_gdp_jpy(tables["weo_gdp_usd"], tables["jpy_per_usd_annual"])
    counts = _counts(tables)
    unpriced = sorted(counts.what[~counts.year.isin(gdp.index)])
    shares = counts.merge(gdp[["gdp_jpy_tn"]], left_on="year", right_index=True)
    shares = shares.assign(share_pct=100 * shares.jpy_tn / shares.gdp_jpy_tn)
    year = int(gdp.index.max())
    latest = shares.sort_values(["year", "jpy_tn"]).groupby("series").last()  # latest year; its final figure
    target_pct = round(100 * p["defense_target"], 6)
    priced = {pct: gdp.gdp_jpy_tn[year] * pct / 100 for pct in sorted({*TARGETS, target_pct})}
    values = {
        "one_gdp_year": year,
        "one_gdp_jpy_tn": gdp.gdp_jpy_tn[year],
        "one_gdp_usd_bn": gdp.gdp_usd_bn[year],
        "one_gdp_jpy_per_usd": gdp.jpy_per_usd[year],
        "one_gdp_basis": _("an IMF projection") if gdp.projection[year] else _("an IMF estimate of actual GDP"),
        "one_gdp_unpriced": _(", ").join(unpriced) or _("none"),
        **_latest_values("sipri", latest.loc[MILEX]),
        **_latest_values("mod", latest.loc[BUDGET]),
        **{f"one_gdp_price_{_key(pct)}_jpy_tn": amount for pct, amount in priced.items()},
        "one_gdp_target_pct": target_pct,
        "one_gdp_target_jpy_tn": priced[target_pct],
        "one_gdp_target_mod_multiple": priced[target_pct] / latest.jpy_tn[BUDGET],
    }
    if SECURITY in latest.index:  # the government's total, once it counted one (B4.4)
        own = latest.loc[SECURITY]
        implied = 100 * own.jpy_tn / own.stated_share_pct
        values |= _latest_values("security", own) | {
            "security_stated_share_pct": own.stated_share_pct,
            "security_implied_gdp_jpy_tn": implied,
            "one_gdp_target_security_multiple": priced[target_pct] / own.jpy_tn,
        }
    values |= twins(
        values,
        dict.fromkeys(
            [key for key in values if key.endswith("_jpy_tn") and not key.endswith("_gdp_jpy_tn")]
            + ["one_gdp_jpy_tn", "security_implied_gdp_jpy_tn"],
            ("JPY", 1e12),
        )
        | {"one_gdp_usd_bn": ("USD", 1e9)},
    )
    rules = pd.DataFrame({"share_pct": list(priced), "jpy_tn": list(priced.values())})
    rules = rules.assign(
        label=[_("{share:g}% = ¥{amount:.1f} tn").format(share=pct, amount=amount) for pct, amount in priced.items()]
    )
    if i18n.is_japanese():
        names = series_names()
        shares = shares.assign(series=shares.series.map(names))
    return Findings(values, shares=shares, rules=rules, target_pct=target_pct)


def _key(pct: float) -> str:
    """A share as a glue key: 3.5 -> "3_5"."""
    return f"{pct:g}".replace(".", "_")


def _latest_values(prefix: str, row: pd.Series) -> dict:
    return {
        f"{prefix}_one_year": int(row.year),
        f"{prefix}_one_jpy_tn": row.jpy_tn,
        f"{prefix}_one_share": row.share_pct,
    }


def _target_rules(rules: pd.DataFrame) -> list[alt.Chart]:
    """A dashed rule at each target share, named with its price in yen at the left edge."""
    base = alt.Chart(rules).encode(y=alt.Y("share_pct:Q"))
    return [
        base.mark_rule(strokeDash=[5, 4], color="#555").encode(tooltip=alt.Tooltip("label:N", title=_("Target"))),
        base.mark_text(align="left", dx=4, dy=-6, color="#333", fontSize=11).encode(
            x=alt.XValue(4), text=alt.Text("label:N")
        ),
    ]


def spending_on_one_gdp_chart(f: Findings) -> alt.TopLevelMixin:
    v, shares = f.values, f.shares
    legend = alt.Legend(orient="top", direction="vertical")
    tooltip = charts.tooltip(
        ("series:N", _("Count")),
        ("what:N", _("Figure")),
        ("year:Q", _("Year")),
        ("jpy_tn:Q", _("¥ trillion"), ",.2f"),
        ("gdp_jpy_tn:Q", _("GDP, ¥ trillion"), ",.0f"),
        ("share_pct:Q", _("% of this GDP"), ".2f"),
        ("stated_share_pct:Q", _("% as its source states it"), ".2f"),
    )
    names = series_names() if i18n.is_japanese() else {name: name for name in SERIES}
    colours = {names[name]: colour for name, colour in SERIES.items()}
    base = alt.Chart(shares).encode(
        x=charts.year_axis("year", _("Year (fiscal year for Japan's own counts)")),
        y=alt.Y("share_pct:Q", title=_("% of nominal GDP"), scale=alt.Scale(domain=[0, 5.5])),
        color=charts.colour_by("series", colours, legend=legend),
    )
    lines = base.mark_line(strokeWidth=2)
    # one legend for both: each count by colour and by shape
    order = list(colours)
    shape = alt.Shape("series:N", title=None, sort=order, scale=alt.Scale(domain=order), legend=legend)
    points = base.mark_point(filled=True, size=60).encode(shape=shape, tooltip=tooltip)
    year, gdp = v["one_gdp_year"], v["one_gdp_jpy_tn"]
    labels = list(f.rules.label[f.rules.share_pct.isin(TARGETS)])
    own = "security_one_share" in v  # the government's total, once known (B4.4)
    shown = {
        "first": shares.year.min(),
        "last": shares.year.max(),
        "year": year,
        "gdp": gdp,
        "basis": v["one_gdp_basis"],
        "targets": _(", ").join(labels),
    }
    if own:
        title = _(
            "On one GDP, Japan's FY{year} security total of ¥{amount:.1f} trillion was {share:.1f}% of GDP, "
            "not {stated:g}%"
        ).format(
            year=v["security_one_year"],
            amount=v["security_one_jpy_tn"],
            share=v["security_one_share"],
            stated=v["security_stated_share_pct"],
        )
        source = _(
            "{sipri}; Ministry of Defense budgets as reported by Nippon TV, Daily Defense and The Yomiuri Shimbun; "
            "security-related totals: The Yomiuri Shimbun, The Asahi Shimbun (facts B4.4, B4.5); "
            "GDP: IMF, World Economic Outlook, October 2025; yen rate: Federal Reserve H.10, annual average."
        )
    else:
        title = _("On one GDP, Japan's FY{year} defence budget was {share:.2f}% of GDP").format(
            year=v["mod_one_year"], share=v["mod_one_share"]
        )
        source = _(
            "{sipri}; Ministry of Defense budgets as reported by Nippon TV, Daily Defense and The Yomiuri Shimbun; "
            "GDP: IMF, World Economic Outlook, October 2025; yen rate: Federal Reserve H.10, annual average."
        )
    return charts.finish(
        alt.layer(*_target_rules(f.rules[f.rules.share_pct.isin(TARGETS)]), lines, points).properties(height=300),
        title=title,
        subtitle=_(
            "Japan's defence spending on three counts, % of nominal GDP (IMF GDP in US$ × the year's "
            "average yen rate), {first}–{last}; lines: targets priced on {year} GDP"
        ).format(**shown),
        source=source.format(sipri=SIPRI),
        note=_(
            "A fiscal year (April to March) is divided by its calendar year's GDP. {year} GDP "
            "(¥{gdp:,.0f} trillion) is {basis}. Budgets of years with no exchange rate in the data "
            "are left out. Counts differ in what they include; none is spliced into another."
        ).format(**shown),
        description=_(
            "Line chart of Japan's defence spending as a share of one nominal GDP on three counts from "
            "{first} to {last}, with dashed lines at 2%, 3.5% and 5% of GDP, which "
            "on {year} GDP of ¥{gdp:,.0f} trillion are {targets}. {title}."
        ).format(**shown, title=title),
    )
