"""The caseload projection on the in-memory view, fed with a real hub's log."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from domain.access import Level
from domain.hub import Hub
from projections.case_snapshots import CaseSnapshots, StoredCase
from projections.caseload import CaseloadProjection
from projections.caseload_memory import POPOCaseloadView
from projections.caseload_rows import ALL_CASES, CaseloadEntry, CaseloadQuery
from tests.builders import ADMIN, DIF, IQM, PPNNA, SEDETUR, SSC, STYPS, open_adult, open_child
from tests.fakes import ManualClock


class Caseload:
    """The projection fed by hand from the hub's log, as a runner would feed it."""

    def __init__(self, hub: Hub, projection: CaseloadProjection) -> None:
        self.hub, self.projection, self.view = hub, projection, projection.view

    def catch_up(self) -> None:
        after = self.view.max_tracking_id(self.hub.name) or 0
        for n in self.hub.recorder.select_notifications(after, 1000, inclusive_of_start=False):
            event = self.hub.mapper.to_domain_event(n)
            self.projection.process_event(event, Tracking(self.hub.name, n.id))

    def row(self, agency: str, case_id: UUID) -> CaseloadEntry:
        entry = self.view.entry(agency, case_id)
        assert entry is not None, f"{agency} has no row for the case"
        return entry

    def ids(self, agency: str, **filters: Any) -> list[UUID]:
        return [e.case_id for e in self.view.caseload(agency, **filters)]


@pytest.fixture
def caseload(hub: Hub) -> Caseload:
    return Caseload(hub, CaseloadProjection(POPOCaseloadView(), catalogue=hub.catalogue))


@pytest.fixture
def sheltered(hub: Hub) -> UUID:
    """Scenario 1: SEDETUR detected her and handed her over to DIF, which shelters her."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif", "iqm"], ["shelter", "psychological"])
        referral = hub.issue_referral(case_id, "dif", "shelter")
        handoff = hub.initiate_handoff(case_id, "dif")
    with hub.acting_as(DIF):
        hub.accept_referral(case_id, referral.id)
        hub.acknowledge_handoff(case_id, handoff.id)
    return case_id


def test_after_the_handover_the_detecting_agency_keeps_a_receipt_and_the_shelter_metadata(
    hub: Hub, caseload: Caseload, sheltered: UUID
) -> None:
    caseload.catch_up()

    detecting, shelter = caseload.row("sedetur", sheltered), caseload.row("dif", sheltered)
    assert (detecting.level, shelter.level) == (Level.RECEIPT, Level.METADATA)
    assert detecting.relations == ("detected", "held_custody", "sent_referral")
    assert shelter.relations == ("custodian", "serving")
    assert detecting.folio == shelter.folio == hub.get_case(sheltered).folio
    assert caseload.ids("dif") == caseload.ids("sedetur") == [sheltered]


def test_an_uninvolved_agency_has_no_row(caseload: Caseload, sheltered: UUID) -> None:
    caseload.catch_up()

    assert caseload.view.entry("ssc", sheltered) is None
    assert caseload.ids("ssc") == []
    assert caseload.view.entry("iqm", sheltered) is None  # consent alone does not involve it


def test_a_pending_referral_counts_for_its_addressee_with_its_due_time(
    hub: Hub, caseload: Caseload, clock: ManualClock
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm"], ["psychological"])
        referral = hub.issue_referral(case_id, "iqm", "psychological")
    caseload.catch_up()

    addressee, sender = caseload.row("iqm", case_id), caseload.row("sedetur", case_id)
    assert (addressee.pending_referrals, addressee.relations) == (1, ("referral_pending",))
    assert addressee.next_due_at == clock() + timedelta(hours=24)
    assert (sender.pending_referrals, sender.next_due_at) == (0, None)

    with hub.acting_as(IQM):
        hub.accept_referral(case_id, referral.id)
    caseload.catch_up()

    answered = caseload.row("iqm", case_id)
    assert (answered.pending_referrals, answered.next_due_at) == (0, None)
    assert answered.relations == ("serving",)


@pytest.mark.parametrize(
    ("limit", "due_after"),
    [(None, timedelta(hours=2)), (timedelta(minutes=30), timedelta(minutes=30))],
    ids=["default", "configured"],
)
def test_a_pending_handoff_is_due_after_its_limit(
    hub: Hub, clock: ManualClock, limit: timedelta | None, due_after: timedelta
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        hub.initiate_handoff(case_id, "dif")
    view = POPOCaseloadView()
    limits = {} if limit is None else {"handoff_limit": limit}
    caseload = Caseload(hub, CaseloadProjection(view, catalogue=hub.catalogue, **limits))
    caseload.catch_up()

    receiver = caseload.row("dif", case_id)
    assert (receiver.open_handoffs, receiver.next_due_at) == (1, clock() + due_after)


def test_the_overdue_filter_keeps_the_rows_whose_deadline_has_passed(
    hub: Hub, caseload: Caseload, clock: ManualClock
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm"], ["psychological"])
        hub.issue_referral(case_id, "iqm", "psychological", urgency="urgent")
    caseload.catch_up()
    due = clock() + timedelta(hours=1)

    assert caseload.ids("iqm", overdue_at=due) == []  # due exactly then: not late yet
    assert caseload.ids("iqm", overdue_at=due + timedelta(seconds=1)) == [case_id]
    assert caseload.ids("sedetur", overdue_at=due + timedelta(days=30)) == []  # owes nothing


def test_the_status_filter_separates_open_and_closed_cases(hub: Hub, caseload: Caseload) -> None:
    still_open = open_adult(hub)
    closed = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.close_case(closed, "not_trafficking")
    caseload.catch_up()

    assert caseload.ids("sedetur", status="open") == [still_open]
    assert caseload.ids("sedetur", status="closed") == [closed]
    assert caseload.ids("sedetur") == [closed, still_open]


def test_closing_a_case_closes_every_row_and_reopening_opens_them(
    hub: Hub, caseload: Caseload, sheltered: UUID
) -> None:
    with hub.acting_as(DIF):
        hub.complete_referral(sheltered, hub.get_case(sheltered).referrals[0].id)
        hub.close_case(sheltered, "reintegrated")
    caseload.catch_up()
    agencies = ("sedetur", "dif", ALL_CASES)
    assert [caseload.row(a, sheltered).is_closed for a in agencies] == [True, True, True]
    assert caseload.ids("dif", status="open") == []

    with hub.acting_as(DIF):
        hub.reopen_case(sheltered, "person_returned")
    caseload.catch_up()
    assert caseload.ids("dif", status="open") == [sheltered]


def test_every_case_has_one_row_for_the_commission_with_counts_over_the_whole_case(
    hub: Hub, caseload: Caseload, clock: ManualClock
) -> None:
    case_id = open_adult(hub)
    child_id = open_child(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["iqm", "dif"], ["psychological", "shelter"])
        hub.issue_referral(case_id, "iqm", "psychological")
        hub.issue_referral(case_id, "dif", "shelter", urgency="urgent")
        hub.initiate_handoff(case_id, "dif")
    caseload.catch_up()

    assert caseload.ids(ALL_CASES) == [child_id, case_id]
    entry = caseload.row(ALL_CASES, case_id)
    assert (entry.pending_referrals, entry.open_handoffs) == (2, 1)
    assert entry.next_due_at == clock() + timedelta(hours=1)  # the urgent referral comes first
    assert (entry.level, entry.relations) == (Level.FULL, ())


def test_a_child_case_is_listed_as_a_child_and_ppnna_sees_it_in_full(
    hub: Hub, caseload: Caseload
) -> None:
    case_id = open_child(hub)
    with hub.acting_as(SSC):
        referral = hub.issue_referral(case_id, "ppnna", "child_protection", urgency="urgent")
    with hub.acting_as(PPNNA):
        hub.accept_referral(case_id, referral.id)
    caseload.catch_up()

    entry = caseload.row("ppnna", case_id)
    assert (entry.is_child, entry.level) == (True, Level.FULL)


def test_an_agency_that_refuses_a_handoff_and_has_no_other_part_leaves_the_caseload(
    hub: Hub, caseload: Caseload
) -> None:
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        handoff = hub.initiate_handoff(case_id, "dif")
    caseload.catch_up()
    assert caseload.ids("dif") == [case_id]

    with hub.acting_as(DIF):
        hub.refuse_handoff(case_id, handoff.id, "no_capacity")
    caseload.catch_up()

    # The access policy gives it no level any more: the case's rows are replaced without it.
    assert caseload.view.entry("dif", case_id) is None
    assert caseload.ids("dif") == []


def test_the_relation_filter_keeps_the_cases_where_the_agency_holds_that_relation(
    hub: Hub, caseload: Caseload
) -> None:
    in_custody = open_adult(hub)
    not_in_custody = open_adult(hub, in_custody=False)
    caseload.catch_up()

    assert caseload.ids("sedetur", relation="custodian") == [in_custody]
    assert caseload.ids("sedetur", relation="detected") == [not_in_custody, in_custody]
    assert caseload.ids("sedetur", relation="serving") == []


def test_pages_run_newest_folio_first_and_resume_after_a_cursor(
    hub: Hub, caseload: Caseload
) -> None:
    opened = [open_adult(hub, by=STYPS) for _ in range(5)]
    caseload.catch_up()

    first = caseload.view.caseload("styps", limit=2)
    second = caseload.view.caseload("styps", after=first[-1].cursor, limit=2)
    last = caseload.view.caseload("styps", after=second[-1].cursor, limit=2)

    assert [e.case_id for e in first + second + last] == opened[::-1]
    assert len(last) == 1


def test_events_of_other_aggregates_are_tracked_and_change_nothing(
    hub: Hub, caseload: Caseload, sheltered: UUID
) -> None:
    caseload.catch_up()
    before = caseload.view.caseload(ALL_CASES) + caseload.view.caseload("dif")

    with hub.acting_as(ADMIN):
        position = hub.open_account("dif", ["caseworker"]).position
    caseload.catch_up()

    assert caseload.view.max_tracking_id(hub.name) == position
    assert caseload.view.caseload(ALL_CASES) + caseload.view.caseload("dif") == before


def test_an_event_already_tracked_is_refused_and_changes_nothing(
    hub: Hub, caseload: Caseload
) -> None:
    case_id = open_adult(hub)
    caseload.catch_up()
    stored, entry = caseload.view.stored_case(case_id), caseload.row("sedetur", case_id)
    assert stored is not None
    tracking = Tracking(hub.name, entry.last_position)

    with pytest.raises(IntegrityError):
        caseload.view.replace_case(stored, [replace(entry, pending_referrals=99)], tracking)
    first = hub.recorder.select_notifications(start=entry.last_position, limit=1)[0]
    with pytest.raises(IntegrityError):
        caseload.projection.process_event(hub.mapper.to_domain_event(first), tracking)

    assert caseload.row("sedetur", case_id) == entry
    assert caseload.view.stored_case(case_id) == stored


def test_the_stored_state_is_the_hubs_own_case(
    hub: Hub, caseload: Caseload, sheltered: UUID
) -> None:
    caseload.catch_up()
    stored = caseload.view.stored_case(sheltered)
    assert stored is not None

    kept, actual = CaseSnapshots().restore(stored), hub.get_case(sheltered)
    for name in ("version", "folio", "referrals", "custody", "consent", "is_closed"):
        assert getattr(kept, name) == getattr(actual, name), name
    for agency in ("sedetur", "dif", "iqm"):
        assert kept.relations(agency) == actual.relations(agency), agency


@pytest.mark.parametrize(
    "bad", [{"status": "pending"}, {"limit": 0}, {"limit": 1001}], ids=["status", "zero", "big"]
)
def test_a_query_out_of_range_is_refused(bad: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match=next(iter(bad))):
        CaseloadQuery("dif", **bad)


class FailingOnce(POPOCaseloadView):
    """Refuses its second batch, as a store that did not answer would; counts its reads."""

    def __init__(self) -> None:
        super().__init__()
        self.batches: list[int] = []
        self.reads = 0

    def stored_case(self, case_id: UUID) -> StoredCase | None:
        self.reads += 1
        return super().stored_case(case_id)

    def replace_cases(self, cases: Any, tracked: Any) -> None:
        self.batches.append(len(tracked))
        if len(self.batches) == 2:
            raise OSError("the store did not answer")
        super().replace_cases(cases, tracked)


def test_a_batch_that_fails_to_be_written_is_forgotten_and_the_stored_state_read_again(
    hub: Hub,
) -> None:
    view = FailingOnce()
    caseload = Caseload(hub, CaseloadProjection(view, catalogue=hub.catalogue))
    caseload.projection.log_head = lambda: 10**9  # the log always has more: events are held
    case_id = open_adult(hub)
    caseload.catch_up()
    caseload.projection.flush()
    written = view.max_tracking_id(hub.name)
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["dif"], ["shelter"])
        hub.issue_referral(case_id, "dif", "shelter")
    caseload.catch_up()  # held, not written
    assert view.batches == [2]  # the case and its folio

    with pytest.raises(OSError, match="did not answer"):
        caseload.projection.flush()
    stored = view.stored_case(case_id)
    assert stored is not None
    assert stored.version == 1
    assert view.max_tracking_id(hub.name) == written
    reads = view.reads

    caseload.catch_up()  # from the tracked position again
    caseload.projection.flush()

    assert view.reads == reads + 1  # the case read again from the view, not from memory
    assert caseload.row("dif", case_id).last_position == hub.recorder.max_notification_id()
    stored = view.stored_case(case_id)
    assert stored is not None
    assert stored.version == 3
    assert view.batches == [2, 2, 2]
