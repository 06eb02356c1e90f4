"""Recording a detection: what cannot be true in it is refused, naming the field."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain.actor import Actor
from domain.errors import (
    CannotHoldCustody,
    DetectionInFuture,
    InconsistentAge,
    NoIndicators,
    OversightOnly,
    StatisticsOnly,
    TimeNotAware,
    UnknownAgency,
    UnknownCode,
    UnknownMunicipality,
    UnknownPersonalDataField,
)
from domain.hub import Hub
from tests.builders import COMMISSION, SEDETUR, SEGOB, STYPS, adult_report, child_report
from tests.fakes import ManualClock


def test_a_detection_opens_a_case_with_a_folio_of_the_year(hub: Hub) -> None:
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(adult_report(hub.clock()))
    case = hub.get_case(opened.case_id)
    assert opened.folio == "QR-2026-000001"
    assert case.folio == opened.folio
    assert case.detection.agency == "sedetur"
    assert case.custody.custodian == "sedetur"
    assert opened.position >= 1


def test_folios_follow_one_another(hub: Hub) -> None:
    with hub.acting_as(SEDETUR):
        folios = [hub.open_case(adult_report(hub.clock())).folio for _ in range(3)]
    assert folios == ["QR-2026-000001", "QR-2026-000002", "QR-2026-000003"]


def test_the_folio_year_is_the_local_year_of_quintana_roo(clock: ManualClock, hub: Hub) -> None:
    clock.now = datetime.fromisoformat("2027-01-01T03:00:00+00:00")  # still 2026 in Cancún
    with hub.acting_as(SEDETUR):
        assert hub.open_case(adult_report(clock())).folio.startswith("QR-2026-")


def test_a_detection_in_the_future_is_refused(hub: Hub) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(DetectionInFuture) as error:
        hub.open_case(adult_report(hub.clock(), detected_at=hub.clock() + timedelta(days=1)))
    assert error.value.field == "detected_at"


def test_a_detection_after_the_fact_is_recorded(hub: Hub) -> None:
    detected = hub.clock() - timedelta(days=3)
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(adult_report(hub.clock(), detected_at=detected))
    assert hub.get_case(opened.case_id).detection.detected_at == detected


def test_a_time_without_offset_is_refused(hub: Hub) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(TimeNotAware):
        hub.open_case(adult_report(hub.clock(), detected_at=datetime(2026, 11, 20, 9, 0)))


@pytest.mark.parametrize(
    ("change", "error", "field"),
    [
        ({"municipality": "Mérida"}, UnknownMunicipality, "municipality"),
        ({"indicators": []}, NoIndicators, "indicators"),
        ({"indicators": ["bad_luck"]}, UnknownCode, "indicators[0]"),
        ({"exploitation_forms": ["sexual", "piracy"]}, UnknownCode, "exploitation_forms[1]"),
        ({"age_group": "teen"}, UnknownCode, "age_group"),
        ({"sex": "x"}, UnknownCode, "sex"),
        ({"nationality": "ZZ"}, UnknownCode, "nationality"),
        ({"age_group": "adult", "estimated_age": 15}, InconsistentAge, "estimated_age"),
        (
            {"personal_data": {"religion": "ninguna"}},
            UnknownPersonalDataField,
            "personal_data.religion",
        ),
    ],
)
def test_what_cannot_be_true_in_a_detection_is_refused_naming_the_field(
    hub: Hub, change: dict[str, object], error: type[Exception], field: str
) -> None:
    with hub.acting_as(SEDETUR), pytest.raises(error) as raised:
        hub.open_case(adult_report(hub.clock(), **change))
    assert getattr(raised.value, "field", None) == field
    assert hub.recorder.max_notification_id() in (None, 0)


def test_an_agency_that_cannot_hold_custody_cannot_report_the_person_in_its_custody(
    hub: Hub,
) -> None:
    with hub.acting_as(Actor("seq", "maestra-01")), pytest.raises(CannotHoldCustody):
        hub.open_case(adult_report(hub.clock(), in_custody=True))
    with hub.acting_as(Actor("seq", "maestra-01")):
        opened = hub.open_case(adult_report(hub.clock(), in_custody=False))
    assert hub.get_case(opened.case_id).custody.custodian is None


def test_the_commission_and_statistics_only_agencies_do_not_record_detections(hub: Hub) -> None:
    with hub.acting_as(COMMISSION), pytest.raises(OversightOnly):
        hub.open_case(adult_report(hub.clock()))
    with hub.acting_as(SEGOB), pytest.raises(StatisticsOnly):
        hub.open_case(adult_report(hub.clock()))
    with hub.acting_as(Actor("nowhere", "x")), pytest.raises(UnknownAgency):
        hub.open_case(adult_report(hub.clock()))


def test_a_person_of_unknown_age_is_presumed_a_child(hub: Hub) -> None:
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(adult_report(hub.clock(), age_group="unknown", estimated_age=None))
    assert hub.get_case(opened.case_id).is_child


def test_an_adult_is_not_presumed_a_child(hub: Hub) -> None:
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(adult_report(hub.clock()))
    assert not hub.get_case(opened.case_id).is_child


def test_a_group_detection_opens_one_case_per_person_linked_by_one_operation(hub: Hub) -> None:
    now = hub.clock()
    reports = [
        adult_report(now, sex="male", nationality="MX", exploitation_forms=["labour"])
        for _ in range(12)
    ]
    with hub.acting_as(STYPS):
        opened = hub.open_group(reports)
    cases = [hub.get_case(o.case_id) for o in opened]
    assert len({c.id for c in cases}) == 12
    assert len({c.folio for c in cases}) == 12
    operations = {c.detection.operation for c in cases}
    assert len(operations) == 1
    assert None not in operations


def test_every_event_records_the_acting_agency_account_and_time(hub: Hub) -> None:
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(adult_report(hub.clock()))
    (event,) = hub.timeline(opened.case_id)
    assert (event.agency, event.account) == ("sedetur", "insp-sedetur-01")  # type: ignore[attr-defined]
    assert event.timestamp == hub.clock()  # type: ignore[attr-defined]


def test_a_child_detection_keeps_its_languages_and_interpreter_need(hub: Hub) -> None:
    with hub.acting_as(SEDETUR):
        opened = hub.open_case(child_report(hub.clock(), in_custody=True))
    detection = hub.get_case(opened.case_id).detection
    assert detection.languages == ("es", "mam")
    assert detection.needs_interpreter
