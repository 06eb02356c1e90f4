"""The statistics' dimensions of the national reports (issue 14, point 15): age bands,
indigenous language, economic sector, internal or international trafficking, and the person's
consent to be counted; and the age bands' suppression, linked to the age groups'."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.agencies import load_catalogue
from domain.errors import ConsentNeedsScope, UnknownCode
from domain.exploitation_context import SCIAN, EconomicSector, TraffickingScope
from domain.hub import Hub
from domain.indigenous_languages import LANGUAGES_FILE, group_names, indigenous_language_groups
from domain.statistics import case_facts, recorded_facts
from domain.statistics_dimensions import AgeBand, age_band
from domain.statistics_linked import withheld_bands
from domain.statistics_suppression import withheld
from domain.statistics_tables import statistics
from tests.builders import PPNNA, SEDETUR, SSC, open_adult, open_child
from tests.unit.test_statistics import fact, shown

CATALOGUE = load_catalogue()
GROUPS = ("child", "adult", "unknown")
BANDS = ("0_11", "12_17", "under_18_unestimated", "18_plus", "unknown")


def counted(hub: Hub, case_id: Any) -> bool:
    return case_facts(case_id, hub.timeline(case_id)).counted


class TestEconomicSectorAndScope:
    def test_a_detection_records_the_sector_and_the_scope_of_the_trafficking(
        self, hub: Hub
    ) -> None:
        """SCIAN México 2018 (INEGI) for the sector; UNODC's Global Report on Trafficking in
        Persons for domestic and cross-border trafficking (internal or international)."""
        case_id = open_adult(
            hub, economic_sector="entertainment_nightlife", trafficking_scope="international"
        )
        facts = case_facts(case_id, hub.timeline(case_id))
        assert (facts.economic_sector, facts.trafficking_scope) == (
            "entertainment_nightlife",
            "international",
        )

    def test_a_detection_that_says_neither_records_both_as_unknown(self, hub: Hub) -> None:
        detection = hub.get_case(open_adult(hub)).detection
        assert detection.economic_sector == EconomicSector.UNKNOWN
        assert detection.trafficking_scope == TraffickingScope.UNKNOWN

    @pytest.mark.parametrize("field", ["economic_sector", "trafficking_scope"])
    def test_a_code_outside_the_vocabulary_is_refused_naming_the_field(
        self, hub: Hub, field: str
    ) -> None:
        wrong: dict[str, Any] = {field: "hoteles"}
        with pytest.raises(UnknownCode) as refused:
            open_adult(hub, **wrong)
        assert refused.value.field == field

    def test_every_sector_but_other_and_unknown_stands_for_scian_codes(self) -> None:
        """SCIAN México 2018: sectors of two digits (31-33 for manufacturing), subsectors of
        three, branches of four; households with domestic employees are subsector 814."""
        for sector, codes in SCIAN.items():
            if sector in (EconomicSector.OTHER, EconomicSector.UNKNOWN):
                assert codes == ()
            else:
                assert codes
                assert all(c == "31-33" or (c.isdigit() and 2 <= len(c) <= 4) for c in codes)
        assert set(SCIAN) == set(EconomicSector)


class TestAgeBands:
    @pytest.mark.parametrize(
        ("group", "age", "band"),
        [
            ("child", 0, "0_11"),
            ("child", 11, "0_11"),
            ("child", 12, "12_17"),
            ("child", 17, "12_17"),
            ("child", None, "under_18_unestimated"),
            ("adult", 18, "18_plus"),
            ("adult", None, "18_plus"),
            ("unknown", 9, "unknown"),
            ("unknown", 30, "unknown"),
            ("unknown", None, "unknown"),
        ],
    )
    def test_ages_fall_in_the_bands_of_children_adolescents_and_adults(
        self, group: str, age: int | None, band: str
    ) -> None:
        """LGDNNA art. 5: niñas y niños are under twelve, adolescentes from twelve to under
        eighteen; the national reports count victims in these bands (issue 14, point 15). A
        band is within its age group (presumption of minority, LGDNNA art. 5: a person of
        unknown age group is not counted among the adults)."""
        assert age_band(group, age) == band

    def test_the_band_is_the_last_assessed_age_s(self, hub: Hub) -> None:
        case_id = open_child(hub)  # about 15
        with hub.acting_as(SSC):
            hub.assess_age(case_id, "child", 10, "medical")
        facts = case_facts(case_id, hub.timeline(case_id))
        assert age_band(facts.age_group, facts.estimated_age) == AgeBand.UNDER_12

    def test_the_age_band_table_counts_each_case_in_one_band(self) -> None:
        facts = [fact(age_group="child", estimated_age=9)] * 12 + [fact(estimated_age=30)] * 13
        table = statistics(facts, catalogue=CATALOGUE).table("age_band")
        assert table.total == 25
        assert [c.category for c in table.cells] == list(BANDS)
        assert shown(table) == {"18_plus": 13}  # the 12 withheld with the zeros


class TestIndigenousLanguages:
    def test_a_case_counts_under_the_group_of_each_indigenous_language_it_speaks(self) -> None:
        """INALI, Catálogo de las Lenguas Indígenas Nacionales (DOF 14-01-2008): its
        agrupaciones lingüísticas, each language by its ISO 639-3 code."""
        assert indigenous_language_groups(("es", "yua", "tzo-MX", "mam")) == (
            "Maya",
            "Tsotsil",
            "Mam",
        )
        assert indigenous_language_groups(("es", "en")) == ()
        assert indigenous_language_groups(("nhe", "ngu")) == ("Náhuatl",)

    def test_the_facts_name_the_groups_of_the_detection_s_languages(self, hub: Hub) -> None:
        case_id = open_child(hub)  # speaks es and mam
        assert case_facts(case_id, hub.timeline(case_id)).indigenous_languages == ("Mam",)

    def test_the_languages_are_data_each_code_in_one_group(self) -> None:
        groups = json.loads(LANGUAGES_FILE.read_text("utf-8"))["groups"]
        codes = [c for cs in groups.values() for c in cs]
        assert len(codes) == len(set(codes))
        assert all(len(c) == 3 and c.isalpha() and c.islower() for c in codes)
        assert {"Maya", "Tsotsil", "Tseltal", "Ch'ol", "Mam", "Náhuatl"} <= set(group_names())

    def test_the_table_lists_every_group_and_the_cases_without_one(self) -> None:
        facts = [fact(indigenous_languages=("Maya",))] * 12 + [fact()] * 13
        table = statistics(facts, catalogue=CATALOGUE).table("indigenous_language")
        assert table.total == 25
        assert [c.category for c in table.cells] == [*group_names(), "none"]
        # Each case may count under several groups: the cells are withheld whole when the small
        # ones cannot be protected, as the forms of exploitation are.
        assert shown(table) in ({"none": 13}, {})


class TestConsentToBeCounted:
    """The person's consent decides (DESIGN.md: every use of a person's data rests on their
    consent or a legal basis; a child's consent is given by PPNNA as legal representative,
    LGDNNA art. 106, not confirmed); the case records CTDC publishes come from case
    management where the person consents to the use of their data (IOM's practice, not
    checked against the HTCDS text). It is asked with the consent, not at detection: the
    detecting agency records what it saw before the person is informed of their rights."""

    def test_a_case_is_counted_once_a_consent_says_yes_and_not_before(self, hub: Hub) -> None:
        case_id = open_adult(hub)
        assert not counted(hub, case_id)
        with hub.acting_as(SEDETUR):
            hub.record_consent(case_id, ["dif"], ["shelter"])
            assert not counted(hub, case_id)  # a consent that does not ask
            hub.record_consent(case_id, ["iqm"], ["psychological"], counted_in_statistics=True)
            assert counted(hub, case_id)
            hub.record_consent(case_id, ["sesa"], ["medical"])
            assert counted(hub, case_id)  # the answer stands
            hub.record_consent(case_id, [], [], counted_in_statistics=False)
        assert not counted(hub, case_id)

    def test_a_consent_names_agencies_and_purposes_unless_it_only_answers_the_question(
        self, hub: Hub
    ) -> None:
        case_id = open_adult(hub)
        with hub.acting_as(SEDETUR):
            with pytest.raises(ConsentNeedsScope):
                hub.record_consent(case_id, [], [])
            with pytest.raises(ConsentNeedsScope):
                hub.record_consent(case_id, ["dif"], [], counted_in_statistics=True)
            hub.record_consent(case_id, [], [], counted_in_statistics=True)
        assert counted(hub, case_id)

    def test_ppnna_answers_for_a_child(self, hub: Hub) -> None:
        case_id = open_child(hub)
        with hub.acting_as(SSC):
            referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
        with hub.acting_as(PPNNA):
            hub.accept_referral(case_id, referral.id)
            hub.record_consent(
                case_id, [], [], legal_basis="child_protection", counted_in_statistics=True
            )
        assert counted(hub, case_id)

    def test_cases_without_it_are_left_out_and_the_tables_say_how_many(self) -> None:
        yes = [fact()] * 12
        stats = statistics(yes + [fact(counted=False)] * 11, catalogue=CATALOGUE)
        assert (stats.cases, stats.left_out) == (12, 11)
        assert stats.table("sex").total == 12

    def test_how_many_were_left_out_is_withheld_below_k(self) -> None:
        stats = statistics([fact()] * 12 + [fact(counted=False)] * 3, catalogue=CATALOGUE)
        assert (stats.cases, stats.left_out) == (12, None)

    def test_a_case_left_out_is_not_even_a_sign_that_its_codes_exist(self) -> None:
        hidden = fact(counted=False, detecting_agency="an_agency_since_removed")
        stats = statistics([fact()] * 12 + [hidden], catalogue=CATALOGUE)
        assert "an_agency_since_removed" not in [
            c.category for c in stats.table("detecting_agency").cells
        ]

    def test_recorded_facts_count_only_the_cases_whose_person_said_yes(self, hub: Hub) -> None:
        for said in (True, False, None):
            case_id = open_adult(hub)
            with hub.acting_as(SEDETUR):
                hub.record_consent(case_id, ["dif"], ["shelter"], counted_in_statistics=said)
        assert [f.counted for f in recorded_facts(hub)] == [True, False, False]


class TestLinkedAgeTables:
    def test_the_bands_do_not_give_away_an_age_group_that_its_own_table_withholds(self) -> None:
        # 30 children, 11 adults, 4 of unknown age group: the group table withholds the 11 and
        # the 4; the bands, which count the same adults and unknown, withhold them too.
        facts = (
            [fact(age_group="child", estimated_age=15)] * 30
            + [fact(age_group="adult")] * 11
            + [fact(age_group="unknown", estimated_age=None)] * 4
        )
        stats = statistics(facts, catalogue=CATALOGUE)
        assert shown(stats.table("age_group")) == {"child": 30}
        bands = stats.table("age_band")
        assert (bands.count("18_plus"), bands.count("unknown"), bands.total) == (None, None, 45)
        # The children's 30 are all 12 to 17: published, it would say that the other bands
        # are empty; withheld with them.
        assert shown(bands) == {}

    def test_the_children_s_bands_are_withheld_whole_with_the_children_s_count(self) -> None:
        facts = [fact(age_group="child", estimated_age=15)] * 12 + [fact()] * 30
        stats = statistics(facts, catalogue=CATALOGUE)
        assert stats.table("age_group").count("child") is None
        assert shown(stats.table("age_band")) == {"18_plus": 30}

    def test_a_reader_of_both_age_tables_pins_down_no_small_count(self) -> None:
        for k, cross in [(3, (1, 6, 0, 6, 8)), (3, (4, 0, 6, 2, 9)), (4, (5, 1, 3, 3, 8))]:
            assert pinned_in_both(cross, k) == [], cross

    @settings(max_examples=80, deadline=None)
    @given(
        cross=st.lists(st.integers(min_value=0, max_value=5), min_size=5, max_size=5),
        k=st.integers(min_value=2, max_value=5),
    )
    def test_nor_for_any_small_table(self, cross: list[int], k: int) -> None:
        assert pinned_in_both(cross, k) == []


def pinned_in_both(cross: Sequence[int], k: int) -> list[str]:
    """The small withheld cells that a reader of both age tables pins down: a reader who knows
    the algorithm and tries every pair of tables it would have published the same way.

    ``cross``: children of 0-11, of 12-17 and of no estimated age, adults, unknown age group.
    """
    published = both_tables(cross, k)
    if published is None:
        return []
    truth = cells_of(cross)
    possible: dict[str, set[int]] = {cell: set() for cell, n in published.items() if n is None}
    for candidate in compositions(sum(cross), 5):
        cells = cells_of(candidate)
        if any(n is not None and cells[cell] != n for cell, n in published.items()):
            continue
        if both_tables(candidate, k) != published:
            continue
        for cell in possible:
            possible[cell].add(cells[cell])
    return [cell for cell, values in possible.items() if truth[cell] < k and len(values) < 2]


def cells_of(cross: Sequence[int]) -> dict[str, int]:
    groups = dict(zip(GROUPS, (sum(cross[:3]), cross[3], cross[4]), strict=True))
    return groups | {f"band:{b}": n for b, n in zip(BANDS, cross, strict=True)}


def both_tables(cross: Sequence[int], k: int) -> dict[str, int | None] | None:
    """The two tables as ``statistics`` publishes them (withheld cells None), or None when it
    withholds the number of cases."""
    cells = cells_of(cross)
    groups = [(g, cells[g]) for g in GROUPS]
    group_hidden = withheld(groups, k)
    if group_hidden is None:
        return None
    band_hidden = withheld_bands(list(zip(BANDS, cross, strict=True)), group_hidden, k)
    if band_hidden is None:
        return None
    hidden = group_hidden | {f"band:{b}" for b in band_hidden}
    return {cell: None if cell in hidden else n for cell, n in cells.items()}


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)
