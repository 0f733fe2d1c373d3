"""Calculations the chapters report, kept here so that they are tested on their own."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from japan_us import data, i18n, long_date


@dataclass(frozen=True)
class TariffScenario:
    rate: float
    elasticity: float
    imports_before_usd_bn: float
    imports_after_usd_bn: float
    duty_usd_bn: float


def tariff_scenario(imports_usd_bn: float, rate: float, elasticity: float) -> TariffScenario:
    """Duty from a flat ad valorem tariff on a year's imports.

    Assumptions, stated in the chapter: the tariff passes fully into the price paid by US
    buyers, and import value responds with a constant elasticity to that price, so imports
    become ``imports × (1 + rate) ** -elasticity``. With elasticity 0 (the default) the duty
    is simply ``rate × imports``: a mechanical upper bound that ignores any response.
    """
    after = imports_usd_bn * (1 + rate) ** -elasticity
    return TariffScenario(rate, elasticity, imports_usd_bn, after, rate * after)


@dataclass(frozen=True)
class SpendingTarget:
    share: float
    year: int
    gdp_usd_bn: float
    gdp_is_projection: bool
    usd_bn: float


def spending_at_target(gdp: pd.DataFrame, year: int, share: float) -> SpendingTarget:
    """What spending ``share`` of one year's GDP would be, in dollars.

    ``gdp`` holds IMF rows for one economy with columns year, gdp_usd_bn, projection.
    """
    row = gdp.loc[gdp.year == year]
    if len(row) != 1:
        raise ValueError(f"expected one GDP row for {year}, found {len(row)}")
    gdp_usd_bn = float(row.gdp_usd_bn.iloc[0])
    return SpendingTarget(share, year, gdp_usd_bn, bool(row.projection.iloc[0]), share * gdp_usd_bn)


def nominal_gdp_jpy(weo: pd.DataFrame, jpy_per_usd: pd.DataFrame, code: str = "JPN") -> pd.DataFrame:
    """One nominal GDP in yen per year: the IMF's GDP in US dollars times the year's average
    yen rate, for the years that have both (indexed by year; ``gdp_jpy_tn`` in ¥ trillion).

    Every count of Japan's defence spending is divided by this one GDP: a share quoted by a
    source is divided by that source's own GDP, and two such shares are not comparable."""
    usd = weo.loc[weo.code == code, ["year", "gdp_usd_bn", "projection"]]
    both = usd.merge(jpy_per_usd[["year", "jpy_per_usd"]], on="year").set_index("year").sort_index()
    return both.assign(gdp_jpy_tn=both.gdp_usd_bn * both.jpy_per_usd / 1000)


@dataclass(frozen=True)
class DefenseCount:
    """One count of a country's defence spending in its own currency, and the one nominal GDP
    of its year (:func:`nominal_gdp_jpy`) it is divided by. A target is priced on the same GDP,
    so counts differ only by what they include, never by the GDP behind their shares."""

    name: str
    amount_tn: float
    gdp_tn: float

    @property
    def share_pct(self) -> float:
        return 100 * self.amount_tn / self.gdp_tn

    def at(self, target_pct: float) -> float:
        return self.gdp_tn * target_pct / 100

    def multiple(self, target_pct: float) -> float:
        """How many times today's amount the target would be."""
        return self.at(target_pct) / self.amount_tn


def duty_rates(duties: pd.DataFrame) -> pd.DataFrame:
    """Calculated duty rate (duties ÷ imports for consumption) by partner and month, in %."""
    out = duties.assign(
        date=pd.to_datetime(dict(year=duties.year, month=duties.month, day=1)),
        duty_rate_pct=100 * duties.calculated_duties_usd / duties.imports_for_consumption_usd,
    )
    return out.sort_values(["partner_code", "date"]).reset_index(drop=True)


def annual_duty_rate(duties: pd.DataFrame) -> pd.DataFrame:
    """Annual calculated duty rate by partner: total duties ÷ total imports (not a mean of months)."""
    sums = duties.groupby(["partner_code", "partner", "year"], as_index=False)[
        ["calculated_duties_usd", "imports_for_consumption_usd"]
    ].sum()
    sums["duty_rate_pct"] = 100 * sums.calculated_duties_usd / sums.imports_for_consumption_usd
    return sums


def months_span(months, year: int) -> str:
    """The months a yearly figure covers, in words: "2025" for the whole year, "January–June
    2025" for part of it, "January–March and May 2025" when a month is missing (each month
    may be listed more than once: one row per partner). In Japanese: 2025年, 2025年1～6月,
    2025年1～3月・5月."""
    months = sorted({int(m) for m in months})
    if not months:
        raise ValueError(f"no months of {year} to name")
    if months == list(range(1, 13)):
        return f"{year}年" if i18n.is_japanese() else str(year)
    runs = [[months[0]]]
    for month in months[1:]:
        if month == runs[-1][-1] + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    if i18n.is_japanese():
        return f"{year}年" + "・".join(f"{r[0]}月" if len(r) == 1 else f"{r[0]}～{r[-1]}月" for r in runs)
    names = [_month_names(run[0], run[-1], year) for run in runs]
    return " and ".join(filter(None, [", ".join(names[:-1]), names[-1]])) + f" {year}"


def _month_names(first: int, last: int, year: int) -> str:
    """A run of months in words: "March", or "March–May"."""
    first_name, last_name = (f"{dt.date(year, m, 1):%B}" for m in (first, last))
    return first_name if first == last else f"{first_name}–{last_name}"


def transition_days(milestones: pd.DataFrame, administrations: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Each milestone with its days from inauguration and its status on the ``as_of`` date.

    status: "done" (dated on or before as_of), "pending" (dated after as_of: still open on
    that day) or "not found" (no source gives the date). ``days`` counts to the milestone
    when done and to as_of when pending; it is missing when not found. Administrations that
    began after as_of are left out.
    """
    cutoff = pd.Timestamp(as_of)
    merged = milestones.merge(administrations[["administration", "president", "inauguration"]], on="administration")
    merged = merged[merged.inauguration <= cutoff].copy()
    done = merged.date.notna() & (merged.date <= cutoff)
    pending = merged.date.notna() & (merged.date > cutoff)
    merged["status"] = "not found"
    merged.loc[done, "status"] = "done"
    merged.loc[pending, "status"] = "pending"
    end = merged.date.where(done, cutoff).where(done | pending)
    merged["days"] = (end - merged.inauguration).dt.days.astype("Int64")
    return merged.reset_index(drop=True)


@dataclass(frozen=True)
class SupplyTarget:
    share: float
    total_bcm: float
    current_bcm: float
    target_bcm: float
    change_bcm: float


def supply_at_share(total_bcm: float, current_bcm: float, share: float) -> SupplyTarget:
    """Volume a supplier would ship at ``share`` of a market of ``total_bcm``, holding the
    market's size fixed, and the change from what it ships now."""
    target = share * total_bcm
    return SupplyTarget(share, total_bcm, current_bcm, target, target - current_bcm)


def gdp_shares(weo: pd.DataFrame, groups: dict[str, list[str]], world: str = "G001") -> pd.DataFrame:
    """Each group's share of world GDP by year (%), with the rest of the world as a residual.

    ``groups`` maps a label to the WEO codes summed for it. A year counts as a projection if
    any figure in it is one.
    """
    world_gdp = weo[weo.code == world].set_index("year")
    frames = []
    for label, codes in groups.items():
        part = (
            weo[weo.code.isin(codes)]
            .groupby("year")
            .agg(gdp_usd_bn=("gdp_usd_bn", "sum"), projection=("projection", "max"))
        )
        frames.append(part.assign(group=label))
    out = pd.concat(frames).reset_index()
    rest = world_gdp.gdp_usd_bn - out.groupby("year").gdp_usd_bn.sum()
    out = pd.concat(
        [
            out,
            pd.DataFrame(
                {
                    "year": rest.index,
                    "gdp_usd_bn": rest.values,
                    "group": "Rest of the world",
                    "projection": world_gdp.projection.reindex(rest.index).values,
                }
            ),
        ]
    )
    out["share_pct"] = 100 * out.gdp_usd_bn / out.year.map(world_gdp.gdp_usd_bn)
    out["projection"] = out.year.map(out.groupby("year").projection.max())
    return out.dropna(subset=["share_pct"]).sort_values(["year", "group"]).reset_index(drop=True)


VERDICTS = data.vocabulary("claim_verdicts", "verdict")  # in order, from the data descriptor
TOO_EARLY = "too early to tell"

# The questions each kind of claim answers, in the order the board shows them; the last is the
# claim's headline answer (what the front page counts). A recommendation can be followed and
# still fail, so it answers two.
QUESTIONS = {"expectation": ("borne_out",), "goal": ("achieved",), "recommendation": ("taken_up", "achieved")}
QUESTION_WORDS = {"borne_out": "Borne out?", "taken_up": "Taken up?", "achieved": "Achieved its aim?"}
# Each question's yes and no in words: "Taken up?" has its own; the others share "borne out".
# "partly", "no evidence in the sources" and "too early to tell" answer any question.
YES_NO = {"borne_out": ("borne out", "not borne out"), "taken_up": ("taken up", "not taken up")}
YES_NO["achieved"] = YES_NO["borne_out"]


def verdicts_for(question: str) -> list[str]:
    """The verdicts that answer ``question``, in the vocabulary's order."""
    others = {word for words in YES_NO.values() for word in words} - set(YES_NO[question])
    return [v for v in VERDICTS if v not in others]


def ledger_as_of(ledger: pd.DataFrame, verdicts: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """The claim ledger as it stood on ``as_of``: one row per claim and question its kind
    answers (:data:`QUESTIONS`), in the ledger's order, each with the latest of its dated
    verdicts from on or before that day (``verdict_as_of``, ``outcome_as_of``, ``facts_as_of``,
    ``rationale_as_of``), or "too early to tell" with no outcome if its first verdict came
    later; ``next_change`` is the date of the verdict row after that day, if any (none when
    the verdicts were cut at ``as_of`` on loading, as a chapter does)."""
    cutoff = pd.Timestamp(as_of)
    questions = ledger.assign(question=ledger.kind.map(QUESTIONS)).explode("question", ignore_index=True)
    keys = ["claim_id", "question"]
    known = verdicts[verdicts.from_date <= cutoff].sort_values("from_date").groupby(keys).tail(1)
    later = verdicts[verdicts.from_date > cutoff].groupby(keys).from_date.min().rename("next_change")
    out = questions.merge(known, on=keys, how="left").merge(later, on=keys, how="left")
    return out.assign(
        verdict_as_of=out.verdict.fillna(TOO_EARLY),
        outcome_as_of=out.outcome.fillna(f"Not yet known on {long_date(cutoff)}"),
        facts_as_of=out.fact_ids.fillna(""),
        rationale_as_of=out.rationale.fillna(""),
    ).drop(columns=["verdict", "outcome", "fact_ids", "rationale", "from_date"])


def headline_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """Each claim's headline answer (the last question its kind answers), in the ledger's order."""
    return answers.groupby("claim_id", sort=False).tail(1).reset_index(drop=True)


def headline_segments(headline: pd.DataFrame, as_of: str) -> pd.DataFrame:
    """Japan's headline rates in force as segments [start, end): each lasts until the next
    rate in force, or to its stated scheduled end, and none runs past ``as_of``."""
    cutoff = pd.Timestamp(as_of)
    in_force = headline[(headline.status == "in force") & (headline.date <= cutoff)].sort_values("date").copy()
    nxt = in_force.date.shift(-1)
    in_force["end"] = nxt.fillna(in_force.scheduled_end).fillna(cutoff).clip(upper=cutoff)
    return in_force.reset_index(drop=True)
