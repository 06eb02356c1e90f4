"""Anonymized statistics: facts from the events, counts and medians, and no count below k given
away, neither by a cell nor by any combination of the published figures."""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.agencies import load_catalogue
from domain.hub import Hub
from domain.statistics import CaseFacts, HandoffFacts, ReferralFacts, case_facts, recorded_facts
from domain.statistics_dimensions import DETECTING_AGENCY, FORMS
from domain.statistics_suppression import withheld
from domain.statistics_tables import (
    ACKNOWLEDGEMENT,
    ANSWER,
    FIRST_REFERRAL,
    CountTable,
    Statistics,
    statistics,
)
from tests.builders import DIF, SEDETUR, SSC, open_adult, open_child
from tests.fakes import ManualClock

CATALOGUE = load_catalogue()
T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)


def fact(**changes: Any) -> CaseFacts:
    """An adult Honduran woman detected by tourism inspectors in Benito Juárez (fictitious)."""
    facts = CaseFacts(
        detecting_agency="sedetur",
        detected_at=T0,
        municipality="Benito Juárez",
        exploitation_forms=("sexual",),
        age_group="adult",
        sex="female",
        nationality="HN",
        first_referral_after=None,
        counted=True,
    )
    return replace(facts, **changes)


def published(facts: Sequence[CaseFacts], k: int = 11, **options: Any) -> Statistics:
    return statistics(facts, catalogue=CATALOGUE, k=k, **options)


def shown(table: CountTable) -> dict[str, int]:
    return {c.category: c.count for c in table.cells if c.count is not None}


REFERRALS = st.builds(
    ReferralFacts,
    addressee=st.sampled_from(["dif", "iqm", "sesa"]),
    issued_at=st.just(T0),
    answered_after=st.none() | st.timedeltas(timedelta(0), timedelta(days=3)),
)
CASES = st.builds(
    fact,
    sex=st.sampled_from(["female", "male", "unknown"]),
    age_group=st.sampled_from(["child", "adult", "unknown"]),
    nationality=st.sampled_from(["HN", "GT", "MX", "CU"]),
    municipality=st.sampled_from(["Benito Juárez", "Solidaridad", "Tulum"]),
    detecting_agency=st.sampled_from(["sedetur", "ssc", "styps"]),
    exploitation_forms=st.sets(st.sampled_from(["sexual", "labour", "forced_begging"])).map(tuple),
    referrals=st.lists(REFERRALS, max_size=2).map(tuple),
    estimated_age=st.none() | st.integers(min_value=0, max_value=40),
    indigenous_languages=st.sets(st.sampled_from(["Maya", "Tsotsil", "Mam"])).map(tuple),
    economic_sector=st.sampled_from(["hospitality", "agriculture", "unknown"]),
    trafficking_scope=st.sampled_from(["internal", "international", "unknown"]),
    counted=st.booleans(),
)


class TestFacts:
    def test_facts_follow_a_case_driven_through_the_hub(self, hub: Hub, clock: ManualClock) -> None:
        case_id = open_adult(hub)  # detected an hour before now
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["dif", "iqm"], ["shelter", "psychological"])
            clock.advance(minutes=30)
            shelter = hub.issue_referral(case_id, "dif", "shelter")
            clock.advance(minutes=5)
            hub.issue_referral(case_id, "iqm", "psychological")
            handoff = hub.initiate_handoff(case_id, "dif", place="Oficina ficticia")
        clock.advance(minutes=40)
        with hub.acting_as(DIF):
            hub.accept_referral(case_id, shelter.id)
            clock.advance(minutes=20)
            hub.acknowledge_handoff(case_id, handoff.id)

        facts = case_facts(case_id, hub.timeline(case_id))

        assert (facts.detecting_agency, facts.municipality) == ("sedetur", "Benito Juárez")
        assert (facts.age_group, facts.sex, facts.nationality) == ("adult", "female", "HN")
        assert facts.exploitation_forms == ("sexual",)
        assert facts.first_referral_after == timedelta(hours=1, minutes=30)
        assert [(r.addressee, r.answered_after) for r in facts.referrals] == [
            ("dif", timedelta(minutes=45)),
            ("iqm", None),
        ]
        assert [(h.receiving_agency, h.acknowledged_after) for h in facts.handoffs] == [
            ("dif", timedelta(hours=1)),
        ]

    def test_the_age_group_is_the_last_assessed_one(self, hub: Hub) -> None:
        case_id = open_child(hub)
        assert case_facts(case_id, hub.timeline(case_id)).age_group == "child"
        with hub.acting_as(SSC):
            hub.assess_age(case_id, "adult", 19, "document")
        assert case_facts(case_id, hub.timeline(case_id)).age_group == "adult"

    def test_a_declined_referral_is_answered_and_a_refused_handoff_never_acknowledged(
        self, hub: Hub, clock: ManualClock
    ) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["dif"], ["shelter"])
            referral = hub.issue_referral(case_id, "dif", "shelter")
            handoff = hub.initiate_handoff(case_id, "dif")
        clock.advance(minutes=15)
        with hub.acting_as(DIF):
            hub.decline_referral(case_id, referral.id, "no_capacity")
            hub.refuse_handoff(case_id, handoff.id, "no_capacity")
        facts = case_facts(case_id, hub.timeline(case_id))
        assert facts.referrals[0].answered_after == timedelta(minutes=15)
        assert facts.handoffs[0].acknowledged_after is None

    def test_the_facts_say_nothing_of_who_the_person_is(self, hub: Hub) -> None:
        case_id = open_adult(hub)
        folio = hub.get_case(case_id).folio
        text = repr(asdict(case_facts(case_id, hub.timeline(case_id))))
        for secret in (str(case_id), folio, "Marisol", "2002-03-14", "Pasaporte", "Relato"):
            assert secret not in text

    def test_every_case_in_the_store_is_read_and_nothing_else(self, hub: Hub) -> None:
        opened = [open_adult(hub), open_child(hub), open_adult(hub, nationality="GT")]
        facts = recorded_facts(hub)  # the store also holds folios and accounts
        assert [f.nationality for f in facts] == ["HN", "GT", "GT"]
        assert len(facts) == len(opened)


class TestCounts:
    def test_cases_are_counted_by_each_dimension_with_its_total(self) -> None:
        facts = [fact()] * 12 + [fact(sex="male", nationality="GT", detecting_agency="styps")] * 13
        stats = published(facts)
        assert stats.cases == 25
        assert shown(stats.table("sex")) == {"male": 13}
        assert shown(stats.table("nationality")) == {"GT": 13}
        assert shown(stats.table(DETECTING_AGENCY)) == {"styps": 13}
        assert shown(stats.table("age_group")) == {}  # adult 25 alone would give away zeros
        assert {t.total for t in stats.counts} == {25}

    def test_every_category_is_listed_zeros_included(self) -> None:
        stats = published([fact()] * 30)
        assert {c.category for c in stats.table("sex").cells} == {
            "female",
            "male",
            "intersex",
            "unknown",
        }
        assert len(stats.table("nationality").cells) == 250
        municipalities = {c.category for c in stats.table("municipality").cells}
        assert municipalities == CATALOGUE.municipalities
        assert "cdheqroo" not in {c.category for c in stats.table(DETECTING_AGENCY).cells}

    def test_a_case_counts_under_each_of_its_forms(self) -> None:
        facts = (
            [fact(exploitation_forms=("sexual", "labour"))] * 13
            + [fact()] * 12
            + [fact(exploitation_forms=("forced_labour",))] * 12
        )
        table = published(facts).table(FORMS)
        assert table.total == 37
        assert shown(table) == {"sexual": 25, "labour": 13}  # forced_labour, the smallest, goes

    def test_a_period_selects_the_cases_detected_in_it_half_open(self) -> None:
        march = [fact(detected_at=T0 + timedelta(days=d % 28)) for d in range(12)]
        april = [fact(detected_at=datetime(2026, 4, 1, tzinfo=UTC))] * 12
        stats = published(march + april, period=(T0, datetime(2026, 4, 1, tzinfo=UTC)))
        assert stats.cases == 12
        assert published(march + april).cases == 24


class TestSuppression:
    def test_every_count_below_k_is_withheld(self) -> None:
        facts = [fact()] * 12 + [fact(sex="male")] * 12 + [fact(sex="unknown")] * 3
        sex = published(facts).table("sex")
        assert [c.count for c in sex.cells if c.category in ("unknown", "intersex")] == [
            None,
            None,
        ]
        counts = [c.count for t in published(facts).counts for c in t.cells]
        assert all(n is None or n >= 11 for n in counts)

    def test_a_lone_small_count_takes_the_next_smallest_with_it(self) -> None:
        cells = [("female", 30), ("male", 12), ("intersex", 0), ("unknown", 0)]
        # The zeros alone add up to 0: the smallest published count, 12, is withheld too.
        assert withheld(cells, 11) == frozenset({"male", "intersex", "unknown"})

    def test_the_secondary_cell_is_no_giveaway_by_its_bounds(self) -> None:
        # Withholding 10 and one 15 adds up to 25 >= k, yet a reader knows the secondary cell
        # is 11 to 15 (the other 15 is published) and the small one at most 10: only 15 + 10.
        assert withheld([("a", 15), ("b", 15), ("c", 10)], 11) == frozenset({"a", "b", "c"})

    def test_a_population_below_k_publishes_no_count(self) -> None:
        stats = published([fact()] * 10)
        assert stats.cases is None
        assert all(t.total is None and t.cells == () for t in stats.counts)

    def test_a_table_that_cannot_be_protected_withholds_the_number_of_cases_everywhere(
        self,
    ) -> None:
        # Every age group at exactly k - 1: knowing the total, the three would add up only so.
        facts = [fact(age_group=g) for g in ("child", "adult", "unknown") for _ in range(10)]
        stats = published(facts)
        assert stats.cases is None
        assert all(t.total is None and t.cells == () for t in stats.counts)

    def test_k_is_configurable(self) -> None:
        facts = [fact()] * 4 + [fact(sex="male")] * 4 + [fact(sex="unknown")] * 2
        assert published(facts).cases is None
        small = published(facts, k=3)
        assert (small.k, small.cases) == (3, 10)
        assert shown(small.table("sex")) == {"male": 4}

    def test_a_threshold_below_two_is_refused(self) -> None:
        with pytest.raises(ValueError, match="at least 2"):
            published([fact()], k=1)

    @settings(max_examples=150, deadline=None)
    @given(facts=st.lists(CASES, max_size=90), k=st.integers(min_value=2, max_value=12))
    def test_no_combination_of_published_figures_recovers_a_withheld_count(
        self, facts: list[CaseFacts], k: int
    ) -> None:
        stats = published(facts, k=k)
        for table in stats.counts:
            if table.total is None:
                assert table.cells == ()
                continue
            counted = [f for f in facts if f.counted]
            assert table.total == len(counted) >= k
            truth = Counter(c for f in counted for c in categories_of(f, table.dimension))
            assert_protected({c.category: c.count for c in table.cells}, truth, k)
        answer = stats.median_table(ANSWER)
        answered = Counter(
            r.addressee
            for f in facts
            for r in f.referrals
            if r.answered_after is not None and f.counted
        )
        by_agency = {m.agency or "": m.observations for m in answer.by_agency}
        if answer.overall.observations is None:
            assert set(by_agency.values()) == {None}
        else:
            assert answer.overall.observations == answered.total() >= k
            assert_protected(by_agency, answered, k)

    def test_a_reader_who_knows_the_algorithm_pins_down_no_small_count(self) -> None:
        for counts in itertools.product(range(10), repeat=3):
            assert pinned_down(counts, k=3) == [], counts

    @settings(max_examples=120, deadline=None)
    @given(
        counts=st.lists(st.integers(min_value=0, max_value=9), min_size=2, max_size=4),
        k=st.integers(min_value=2, max_value=4),
    )
    def test_neither_with_more_cells_nor_another_threshold(self, counts: list[int], k: int) -> None:
        assert pinned_down(counts, k) == []


class TestMedians:
    def test_median_times_per_agency_with_their_observations(self) -> None:
        sheltered = [
            fact(
                first_referral_after=timedelta(minutes=10 * i),
                referrals=(ReferralFacts("dif", T0, timedelta(hours=i)),),
                handoffs=(HandoffFacts("dif", T0, timedelta(minutes=i)),),
            )
            for i in range(1, 14)
        ]
        # Twelve more, elsewhere: with dif alone, its count would be the total.
        elsewhere = fact(
            detecting_agency="styps",
            referrals=(ReferralFacts("iqm", T0, timedelta(hours=1)),),
            handoffs=(HandoffFacts("ppnna", T0, timedelta(hours=1)),),
        )
        stats = published(sheltered + [elsewhere] * 12)
        first = stats.median_table(FIRST_REFERRAL)
        assert (first.overall.observations, first.overall.median) == (13, timedelta(minutes=70))
        assert (first.of("sedetur").observations, first.of("sedetur").median) == (
            None,  # part of the agency's count of cases
            timedelta(minutes=70),
        )
        answer = stats.median_table(ANSWER)
        assert (answer.of("dif").observations, answer.of("dif").median) == (13, timedelta(hours=7))
        assert (answer.overall.observations, answer.overall.median) == (25, timedelta(hours=1))
        assert answer.of("iqm").median is None  # the smallest, withheld with the zeros
        assert stats.median_table(ACKNOWLEDGEMENT).of("dif").median == timedelta(minutes=7)

    def test_a_median_over_fewer_than_k_observations_is_withheld(self) -> None:
        referred = fact(referrals=(ReferralFacts("iqm", T0, timedelta(hours=2)),))
        answer = published([referred] * 10 + [fact()] * 20).median_table(ANSWER)
        assert answer.overall.median is None
        assert answer.of("iqm").median is None
        assert published([referred] * 10, k=3).median_table(ANSWER).overall.median == timedelta(
            hours=2
        )

    def test_an_agency_s_observations_are_withheld_like_any_small_count(self) -> None:
        facts = (
            [fact(referrals=(ReferralFacts("dif", T0, timedelta(hours=1)),))] * 20
            + [fact(referrals=(ReferralFacts("iqm", T0, timedelta(hours=3)),))] * 12
            + [fact(referrals=(ReferralFacts("sesa", T0, timedelta(hours=5)),))] * 2
        )
        answer = published(facts).median_table(ANSWER)
        assert answer.overall.observations == 34
        assert (answer.of("sesa").observations, answer.of("sesa").median) == (None, None)
        assert (answer.of("iqm").observations, answer.of("iqm").median) == (None, None)
        assert (answer.of("dif").observations, answer.of("dif").median) == (20, timedelta(hours=1))

    def test_a_detecting_agency_s_median_needs_its_count_of_cases_published(self) -> None:
        referred = {"first_referral_after": timedelta(hours=1)}
        facts = [fact(**referred)] * 30 + [fact(detecting_agency="styps", **referred)] * 12
        stats = published(facts)
        assert stats.table(DETECTING_AGENCY).count("styps") is None  # the smallest, withheld
        first = stats.median_table(FIRST_REFERRAL)
        assert first.of("styps").median is None
        assert first.of("sedetur").median == timedelta(hours=1)
        # All 42 were referred: their count would say that no case is waiting for a referral.
        assert (first.overall.observations, first.overall.median) == (None, timedelta(hours=1))


def assert_protected(published: dict[str, int | None], truth: Counter[str], k: int) -> None:
    """Published counts are true and at least k; withheld ones are two or more, adding up to k
    or more, so that the total minus the published ones is no small count."""
    for category, count in published.items():
        assert count is None or count == truth[category] >= k
    hidden = [category for category, count in published.items() if count is None]
    if hidden:
        assert len(hidden) >= 2
        assert sum(truth[c] for c in hidden) >= k


def categories_of(facts: CaseFacts, dimension: str) -> tuple[str, ...]:
    if dimension == FORMS:
        return facts.exploitation_forms or ("unspecified",)
    if dimension == "indigenous_language":
        return facts.indigenous_languages or ("none",)
    if dimension == "age_band":
        age = facts.estimated_age
        if facts.age_group != "child":
            return ({"adult": "18_plus"}.get(facts.age_group, "unknown"),)
        if age is None or age >= 18:
            return ("under_18_unestimated",)
        return ("0_11" if age < 12 else "12_17",)
    value: str = getattr(facts, dimension)
    return (value,)


def pinned_down(counts: Sequence[int], k: int) -> list[str]:
    """The small cells that a reader who knows the algorithm and the total pins down.

    The reader tries every table with the same published cells and total, and keeps those that
    the algorithm would have published the same way; a small cell is pinned down when all of
    them agree on it.
    """
    names = [f"c{i}" for i in range(len(counts))]
    hidden = withheld(list(zip(names, counts, strict=True)), k)
    if not hidden:
        return []  # nothing withheld, or the total withheld too
    positions = [i for i, name in enumerate(names) if name in hidden]
    possible: dict[int, set[int]] = {i: set() for i in positions}
    for values in compositions(sum(counts[i] for i in positions), len(positions)):
        table = list(counts)
        for i, n in zip(positions, values, strict=True):
            table[i] = n
        if withheld(list(zip(names, table, strict=True)), k) == hidden:
            for i, n in zip(positions, values, strict=True):
                possible[i].add(n)
    return [names[i] for i in positions if counts[i] < k and len(possible[i]) < 2]


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)
