"""What GET /review/statistics answers: anonymized counts and median times, never a case.

A withheld figure is ``null``: below the threshold k, or withheld so that no combination of the
published figures gives away one below k.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from api.schemas.responses import Out

WITHHELD = "null when withheld"


class CellOut(Out):
    category: str = Field(examples=["sexual"])
    count: int | None = Field(description=WITHHELD, examples=[27])


class CountTableOut(Out):
    dimension: str = Field(
        examples=["exploitation_form"],
        description="exploitation_form (a case counts under each of its forms), age_group, "
        "sex, nationality, municipality, detecting_agency, age_band (0_11, 12_17, 18_plus, "
        "unknown), indigenous_language (a case counts under the group of each indigenous "
        "language it speaks, named as INALI's catalogue names it, or under none), "
        "economic_sector or trafficking_scope",
    )
    total: int | None = Field(description="the number of cases; null when the whole table is")
    cells: list[CellOut]


class MedianOut(Out):
    agency: str | None = Field(description="null for every agency together", examples=["dif"])
    observations: int | None = Field(description=WITHHELD, examples=[14])
    median_seconds: int | None = Field(description=WITHHELD, examples=[5400])


class MedianTableOut(Out):
    measure: str = Field(
        examples=["referral_to_answer"],
        description="detection_to_first_referral (per detecting agency), referral_to_answer "
        "(per addressee) or handoff_to_acknowledgement (per receiving agency)",
    )
    overall: MedianOut
    by_agency: list[MedianOut]


class PeriodOut(Out):
    from_: datetime | None = Field(alias="from", description="cases detected from (inclusive)")
    to: datetime | None = Field(description="cases detected before (exclusive)")


class StatisticsOut(Out):
    """Counts of cases and median times, with every figure below k withheld."""

    k: int = Field(description="the threshold: no published count is below it", examples=[11])
    period: PeriodOut
    cases: int | None = Field(description=WITHHELD, examples=[212])
    counts: list[CountTableOut]
    medians: list[MedianTableOut]
    left_out: int | None = Field(
        description="cases of the period left out of every figure because the person (for a "
        "child, PPNNA) did not agree in a consent to be counted; " + WITHHELD,
        examples=[14],
    )
