"""ARCO requests (LGPDPPSO arts. 37-50) and the retention schedule, on the in-memory hub."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from uuid import UUID

import pytest

from domain.arco import ArcoRefusalGround, ArcoRequest
from domain.errors import (
    ArcoGroundRequired,
    ArcoIdentityNotChecked,
    ArcoStepOutOfOrder,
    PersonalDataUnavailable,
    RetentionNotSet,
    RoleRequired,
)
from domain.hub import Hub
from domain.review_rules_arco import arco_deadlines, arco_findings
from domain.review_rules_finding import ReviewLimits, is_open
from tests.builders import ADMIN, SEDETUR, open_adult
from tests.fakes import FakeSealer, ManualClock

LOCAL = timedelta(hours=-5)


@pytest.fixture
def case_id(hub: Hub) -> UUID:
    return open_adult(hub)


def receive(hub: Hub, case_id: UUID, kind: str = "cancellation", checked: bool = True) -> UUID:
    folio = hub.get_case(case_id).folio
    with hub.acting_as(ADMIN):
        return hub.receive_arco_request(folio, kind, "holder", checked, hub.clock()).id


def local_day(at: datetime) -> date:
    return (at + LOCAL).date()


def test_the_answer_is_due_twenty_business_days_after_receipt_skipping_holidays(
    hub: Hub, case_id: UUID
) -> None:
    """LGPDPPSO art. 45: the answer within 20 business days of the day after receipt;
    business days skip weekends and the deployment's official holidays."""
    request = hub.arco_request(receive(hub, case_id))  # Friday 20 November 2026
    due = arco_deadlines(request, ReviewLimits())
    assert local_day(due.answer_due) == date(2026, 12, 18)
    with_holiday = ReviewLimits(holidays=frozenset({date(2026, 12, 1)}))
    assert local_day(arco_deadlines(request, with_holiday).answer_due) == date(2026, 12, 21)
    assert due.carry_out_due is None


def test_an_extension_in_time_adds_ten_business_days_once(
    hub: Hub, case_id: UUID, clock: ManualClock
) -> None:
    """LGPDPPSO art. 45: the term may be extended once, by up to 10 business days, when the
    circumstances justify it; a second extension is refused."""
    request_id = receive(hub, case_id)
    clock.advance(days=5)
    with hub.acting_as(ADMIN):
        hub.extend_arco_request(request_id, "several_agencies")
        with pytest.raises(ArcoStepOutOfOrder):
            hub.extend_arco_request(request_id, "volume")
    holidays = ReviewLimits(holidays=frozenset({date(2026, 12, 25)}))
    due = arco_deadlines(hub.arco_request(request_id), holidays)
    assert local_day(due.answer_due) == date(2027, 1, 4)


def test_an_extension_recorded_after_the_first_term_extends_nothing(
    hub: Hub, case_id: UUID, clock: ManualClock
) -> None:
    """LGPDPPSO art. 45: the extension must be notified within the answer's term."""
    request_id = receive(hub, case_id)
    clock.advance(days=40)
    with hub.acting_as(ADMIN):
        hub.extend_arco_request(request_id, "volume")
    request = hub.arco_request(request_id)
    assert local_day(arco_deadlines(request, ReviewLimits()).answer_due) == date(2026, 12, 18)
    [late] = arco_findings(request, ReviewLimits())
    assert late.rule == "arco_overdue"
    assert late.agency == "segob"
    assert late.case_id == case_id
    assert late.subject_id == request_id
    assert is_open(late, clock())


def test_a_refusal_needs_a_ground_of_article_49_and_a_grant_none(hub: Hub, case_id: UUID) -> None:
    """LGPDPPSO art. 49: the only grounds on which an ARCO request may be refused."""
    request_id = receive(hub, case_id)
    with hub.acting_as(ADMIN):
        with pytest.raises(ArcoGroundRequired):
            hub.answer_arco_request(request_id, "refused", None)
        with pytest.raises(ArcoGroundRequired):
            hub.answer_arco_request(request_id, "granted", "legal_impediment")
        hub.answer_arco_request(request_id, "refused", "obstructs_proceedings")
        with pytest.raises(ArcoStepOutOfOrder):
            hub.answer_arco_request(request_id, "granted", None)
        with pytest.raises(ArcoStepOutOfOrder):
            hub.carry_out_arco_request(request_id)  # nothing to carry out after a refusal
    assert hub.arco_request(request_id).ground == "obstructs_proceedings"


def test_a_refusal_may_name_each_of_the_twelve_grounds_of_article_49(hub: Hub) -> None:
    """LGPDPPSO (DOF 20-03-2025) art. 49, fractions I to XII: XI (the integrity and permanence
    of the State) and XII (data from supervised financial entities) are new to that law."""
    grounds = [str(g) for g in ArcoRefusalGround]
    assert len(grounds) == 12
    assert grounds[-2:] == ["state_permanence", "financial_supervision"]
    for ground in grounds:
        request_id = receive(hub, open_adult(hub))
        with hub.acting_as(ADMIN):
            hub.answer_arco_request(request_id, "refused", ground)
        assert hub.arco_request(request_id).ground == ground


def test_a_request_whose_identity_was_not_accredited_can_only_be_refused(
    hub: Hub, case_id: UUID
) -> None:
    """LGPDPPSO arts. 43 and 49 I: holder or representative must be accredited."""
    request_id = receive(hub, case_id, checked=False)
    with hub.acting_as(ADMIN):
        with pytest.raises(ArcoIdentityNotChecked):
            hub.answer_arco_request(request_id, "granted", None)
        hub.answer_arco_request(request_id, "refused", "not_accredited")


def test_only_administrators_record_arco_requests(hub: Hub, case_id: UUID) -> None:
    """LGPDPPSO art. 79: the unit of transparency handles ARCO requests."""
    folio = hub.get_case(case_id).folio
    with hub.acting_as(SEDETUR), pytest.raises(RoleRequired):
        hub.receive_arco_request(folio, "access", "holder", True, hub.clock())


def test_carrying_out_a_cancellation_erases_the_cases_personal_data(
    hub: Hub, case_id: UUID, sealer: FakeSealer, clock: ManualClock
) -> None:
    """LGPDPPSO arts. 40 and 45: a granted cancellation is carried out within 15 business days
    after the answer; Ruta destroys the case's key (PersonalDataErased, arco_cancellation)."""
    request_id = receive(hub, case_id)
    clock.advance(days=3)
    with hub.acting_as(ADMIN):
        hub.answer_arco_request(request_id, "granted", None)
        clock.advance(days=30)  # late: more than 15 business days after the answer
        hub.carry_out_arco_request(request_id)
    erased = hub.timeline(case_id)[-1]
    assert type(erased).__name__ == "PersonalDataErased"
    assert erased.reason == "arco_cancellation"  # type: ignore[attr-defined]
    assert not sealer.has_key(case_id)
    with pytest.raises(PersonalDataUnavailable):
        hub.personal_data(case_id)
    request = hub.arco_request(request_id)
    assert request.status == "carried_out"
    [late] = arco_findings(request, ReviewLimits())
    assert late.since == arco_deadlines(request, ReviewLimits()).carry_out_due
    assert late.resolved_at == clock()


def test_an_access_request_exports_what_ruta_holds_and_records_the_reading(
    hub: Hub, case_id: UUID
) -> None:
    """LGPDPPSO art. 38: the person's access to their data; every reading is recorded."""
    request_id = receive(hub, case_id, kind="access")
    with hub.acting_as(ADMIN):
        with pytest.raises(ArcoStepOutOfOrder):
            hub.arco_access_export(request_id)  # not granted yet
        hub.answer_arco_request(request_id, "granted", None)
        export = hub.arco_access_export(request_id)
    assert export.personal_data["full_name"] == "Marisol Ejemplo Ficticia"
    assert type(export.events[0]).__name__ == "CaseOpened"
    [reading] = hub.access_log(case_id=case_id)
    assert reading.purpose == "arco_access"
    assert reading.account == ADMIN.account


def test_no_personal_data_enters_the_requests_events(hub: Hub, case_id: UUID) -> None:
    """LGPDPPSO art. 25 (security duty): the request's events hold the folio and codes only."""
    request_id = receive(hub, case_id, kind="access")
    stored = [e.__dict__ for e in hub.events.get(request_id)]
    assert "Marisol" not in repr(stored)
    assert isinstance(hub.arco_request(request_id), ArcoRequest)
    with hub.acting_as(ADMIN):
        assert [r.id for r in hub.arco_requests()] == [request_id]


def test_cases_closed_longer_than_the_retention_period_are_due_for_erasure(
    hub: Hub, clock: ManualClock
) -> None:
    """LGPDPPSO arts. 17-18 and Ley General de Archivos: kept no longer than needed; the period is
    the deployment's, with no default, and such an erasure is never an ARCO cancellation."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.close_case(case_id, "person_declined_services")
    with hub.acting_as(ADMIN):
        with pytest.raises(RetentionNotSet):
            hub.retention_due(None, clock())
        assert hub.retention_due(5, clock() + timedelta(days=365 * 4)) == []
        [due] = hub.retention_due(5, datetime(2031, 11, 21, tzinfo=UTC))
        assert due.case_id == case_id
        hub.erase_personal_data(case_id, "retention_expired")
        assert hub.retention_due(5, datetime(2031, 11, 21, tzinfo=UTC)) == []
