"""What ``notebooks/sweep_frictions.ipynb`` shows: a sweep table of Frictions (one it is given,
or a default sweep run or reused through :mod:`japan_us.sweep`) and a chart of the tariff
scenario's duty over every point of it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import altair as alt
import pandas as pd

from japan_us import BUILD_DIR, ROOT, charts, palette, sweep
from japan_us.chapters import FRICTIONS, Findings

DUTY = "scenario_duty_bn"


def frictions_table(table: str | Path = "", rates: str = "0.05:0.50:0.05", elasticities: str = "0.5,1,1.5,2"):
    """The sweep table at ``table`` (a sweep.csv), or, when empty, the sweep of tariff rates by
    import elasticities (each a --grid value list or range), run now or reused from the cache."""
    if not table:
        grid = [f"tariff_rate={rates}", f"import_elasticity={elasticities}"]
        table = sweep.folder(sweep.plan(FRICTIONS, grid)) / f"{sweep.TABLE}.csv"
        # In a process of its own (forked from a Jupyter kernel, a chapter would run in the
        # kernel's own shell and namespace), writing into this process's build folder.
        command = [sys.executable, "-m", "japan_us", "sweep", FRICTIONS.slug, "--quiet", *(f"--grid={g}" for g in grid)]
        env = os.environ | {"JAPAN_US_BUILD_DIR": str(BUILD_DIR)}
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
        if done.returncode not in (0, 1):  # 1: some points failed, and the table says which
            raise RuntimeError(f"the sweep stopped: {done.stderr.strip()}")
    return read(Path(table))


def read(path: Path) -> pd.DataFrame:
    """A sweep table with its types: the Parquet beside the CSV when there is one."""
    parquet = path.with_suffix(".parquet")
    return pd.read_parquet(parquet) if parquet.exists() else pd.read_csv(path)


def duty_by_rate(rows: pd.DataFrame) -> Findings:
    """The duty the tariff scenario raises at each swept rate and elasticity (the points that
    ran: failed ones have no values), and the spread at the highest rate swept."""
    ok = rows[rows.status == "ok"].astype({"tariff_rate": float, "import_elasticity": float, DUTY: float})
    drawn = ok.assign(elasticity=[f"elasticity {e:g}" for e in ok.import_elasticity])[
        ["tariff_rate", "import_elasticity", "elasticity", DUTY, "scenario_imports_after_bn"]
    ].astype({"scenario_imports_after_bn": float})
    top = drawn[drawn.tariff_rate == drawn.tariff_rate.max()]
    years = sorted({int(y) for y in ok.scenario_year})
    values = {
        "points": len(ok),
        "failed": len(rows) - len(ok),
        "elasticities": drawn.import_elasticity.nunique(),
        "top_rate_pct": 100 * drawn.tariff_rate.max(),
        "top_duty_low_bn": top[DUTY].min(),
        "top_duty_high_bn": top[DUTY].max(),
        "imports_year": " to ".join(map(str, dict.fromkeys([years[0], years[-1]]))),
    }
    order = [f"elasticity {e:g}" for e in sorted(drawn.import_elasticity.unique())]
    return Findings(values, drawn=drawn.sort_values(["import_elasticity", "tariff_rate"]), order=order)


def duty_by_rate_chart(f: Findings) -> alt.TopLevelMixin:
    """A line per elasticity, named at its end, over the swept rates."""
    v, drawn = f.values, f.drawn
    colours = [palette.darkened(c, 3.0) for c in palette.OKABE_ITO]
    scale = alt.Scale(domain=f.order, range=[colours[i % len(colours)] for i in range(len(f.order))])
    x = alt.X("tariff_rate:Q", title="Tariff rate", axis=alt.Axis(format="%"))
    domain = list(charts.nice_domain(pd.concat([drawn[DUTY], pd.Series([0.0])])))
    y = alt.Y(f"{DUTY}:Q", title="Duty, US$ billion a year", scale=alt.Scale(domain=domain, nice=False))
    colour = alt.Color("elasticity:N", sort=f.order, scale=scale, legend=None)
    tooltip = [
        alt.Tooltip("tariff_rate:Q", title="Rate", format=".0%"),
        alt.Tooltip("import_elasticity:Q", title="Import elasticity"),
        alt.Tooltip(f"{DUTY}:Q", title="Duty, US$ bn", format=",.1f"),
        alt.Tooltip("scenario_imports_after_bn:Q", title="Imports after, US$ bn", format=",.1f"),
    ]
    base = alt.Chart(drawn).encode(x=x, y=y, color=colour)
    ends = charts.end_labels(drawn, "tariff_rate", DUTY, "elasticity", domain)
    names = (
        alt.Chart(ends)
        .mark_text(align="left", dx=6, fontSize=11)
        .encode(x=x, y=alt.Y("end_label:Q"), text="elasticity:N", color=colour)
    )
    low, high, rate = v["top_duty_low_bn"], v["top_duty_high_bn"], v["top_rate_pct"]
    return charts.finish(
        alt.layer(base.mark_line(), base.mark_circle(size=36).encode(tooltip=tooltip), names),
        title=(
            f"At a {rate:g}% tariff, duties on imports from Japan range from US${low:,.0f} to "
            f"US${high:,.0f} billion a year across the elasticities swept"
        ),
        subtitle=(
            f"Annual duty on US goods imports from Japan at their {v['imports_year']} value, by tariff rate and "
            f"import elasticity (full pass-through); {v['points']} runs of the Frictions chapter"
        ),
        source=f"U.S. Census Bureau, U.S. Trade in Goods by Country ({v['imports_year']} imports); calculation by "
        "this book (a sweep of the Frictions chapter's tariff scenario).",
        note="Each point is one run of the chapter; the higher the elasticity, the more imports fall as rates rise.",
        description=(
            f"Line chart of the duty a flat tariff would raise on imports from Japan, one line for each of "
            f"{v['elasticities']} import elasticities, over the tariff rates swept. At {rate:g}% the duty is "
            f"between US${low:,.1f} and US${high:,.1f} billion a year."
        ),
    )
