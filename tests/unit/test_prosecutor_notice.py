"""The notice to the prosecutor (vista al Ministerio Público): its refusals and its review rule.

Source: CNPP art. 222, second paragraph: whoever learns of a probable crime in the exercise of
public functions must report it to the Ministerio Público "inmediatamente"; trafficking is
prosecuted ex officio (Ley General de Trata, art. 7 fr. III).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from domain.errors import (
    NotAProsecutor,
    NotAttendingThePerson,
    NotInvolved,
    ProsecutorAlreadyNotified,
)
from domain.hub import Hub
from domain.review_rules import ReviewLimits, Rule, is_open
from tests.builders import DIF, FGE, SEDETUR, STYPS, open_adult
from tests.fakes import ManualClock
from tests.unit.review_story import consenting_adult, findings, of, the

HOUR = timedelta(hours=1)


def test_the_detecting_agency_records_the_notice_once_per_prosecutor(hub: Hub) -> None:
    """CNPP art. 222: the tourism inspectors who found her report it, to FGE and to FGR."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR):
        hub.notify_prosecutor(case_id, "fge", reference="Oficio ficticio 1/2026")
        with pytest.raises(ProsecutorAlreadyNotified):
            hub.notify_prosecutor(case_id, "fge")
        hub.notify_prosecutor(case_id, "fgr")
    notices = hub.get_case(case_id).prosecutor_notices
    assert [(n.prosecutor, n.by) for n in notices] == [("fge", "sedetur"), ("fgr", "sedetur")]
    assert notices[0].reference is not None
    assert notices[1].reference is None


def test_a_notice_goes_only_to_a_prosecutors_office(hub: Hub) -> None:
    """CNPP art. 222: the notice is given to the Ministerio Público, not to any agency."""
    case_id = open_adult(hub)
    with hub.acting_as(SEDETUR), pytest.raises(NotAProsecutor):
        hub.notify_prosecutor(case_id, "dif")
    assert hub.get_case(case_id).prosecutor_notices == []


def test_only_an_agency_that_knows_the_route_records_the_notice(hub: Hub) -> None:
    """CNPP art. 222 binds the servants who learned of the crime: an agency with no part in the
    case, or only asked for a service it has not taken on, does not record it."""
    case_id = consenting_adult(hub, "dif")
    with hub.acting_as(SEDETUR):
        hub.issue_referral(case_id, "dif", "shelter")
    with hub.acting_as(STYPS), pytest.raises(NotInvolved):
        hub.notify_prosecutor(case_id, "fge")
    with hub.acting_as(DIF), pytest.raises(NotAttendingThePerson):
        hub.notify_prosecutor(case_id, "fge")  # asked for shelter, not yet attending


def test_a_case_with_no_notice_a_day_after_detection_is_a_finding_against_its_lead(
    hub: Hub, clock: ManualClock
) -> None:
    """CNPP art. 222 ("inmediatamente"): 24 h is the hub's alarm; the late notice resolves it."""
    case_id = consenting_adult(hub, "dif")
    detected_at = hub.get_case(case_id).detection.detected_at
    finding = the(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id))
    assert (finding.agency, finding.severity) == ("sedetur", "high")
    assert (finding.since, finding.resolved_at) == (detected_at + 24 * HOUR, None)
    clock.advance(days=2)
    with hub.acting_as(SEDETUR):
        hub.notify_prosecutor(case_id, "fgr")
    late = the(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id))
    assert late.resolved_at == clock.now
    assert not is_open(late, clock.now)


def test_a_notice_within_the_limit_leaves_no_finding_and_the_limit_is_configurable(
    hub: Hub, clock: ManualClock
) -> None:
    """CNPP art. 222: a deployment may shorten the alarm (ReviewLimits.prosecutor_notice)."""
    case_id = consenting_adult(hub, "dif")
    clock.advance(hours=3)
    with hub.acting_as(SEDETUR):
        hub.notify_prosecutor(case_id, "fge")
    assert of(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id)) == []
    strict = ReviewLimits(prosecutor_notice=HOUR)
    assert the(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id, strict)).resolved_at


def test_an_accepted_referral_for_investigation_is_not_the_notice(
    hub: Hub, clock: ManualClock
) -> None:
    """CNPP art. 222: the referral asks the prosecutor for a service under the person's consent;
    the notice is the servants' own report, so only ProsecutorNotified cures the finding."""
    case_id = consenting_adult(hub, "fge")
    with hub.acting_as(SEDETUR):
        hub.record_consent(case_id, ["fge"], ["investigation"])
        investigation = hub.issue_referral(case_id, "fge", "investigation")
    with hub.acting_as(FGE):
        hub.accept_referral(case_id, investigation.id)
    clock.advance(days=2)
    assert the(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id)).resolved_at is None
    with hub.acting_as(FGE):  # the prosecutor serving the person may record it itself
        hub.notify_prosecutor(case_id, "fge", reference="Carpeta ficticia FGE/0001/2026")
    assert the(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id)).resolved_at == clock.now


def test_a_case_the_prosecutor_detected_needs_no_notice(hub: Hub, clock: ManualClock) -> None:
    """CNPP art. 221: the Ministerio Público that learns of the facts investigates them itself."""
    case_id = open_adult(hub, by=FGE)
    clock.advance(days=3)
    assert of(Rule.PROSECUTOR_NOT_NOTIFIED, findings(hub, case_id)) == []
