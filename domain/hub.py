"""The hub: the one place that lists every use case of the route.

Commands run as the actor set by ``acting_as`` and are dated by the hub's clock. Each returns the
log position of its last event, so that a caller can wait for a view to catch up with it. Codes
arrive as text and are checked where the use case is, each error naming the field it is about.

Where each use case lives:

- ``use_cases/detection.py``: ``open_case``, ``open_group``.
- ``use_cases/assessment.py``: ``assess_age``, ``assess_risk``.
- ``use_cases/consent.py``: ``record_consent``, ``withdraw_consent``,
  ``record_complaint_decision``.
- ``use_cases/protection.py``: ``screen_for_protection``.
- ``use_cases/referrals.py``: ``issue_referral``, ``accept_referral``, ``decline_referral``,
  ``withdraw_referral``, ``complete_referral``.
- ``use_cases/custody.py``: ``initiate_handoff``, ``acknowledge_handoff``, ``refuse_handoff``,
  ``assume_custody``, ``release_custody``.
- ``use_cases/whereabouts.py``: ``report_whereabouts_unknown``, ``report_located``.
- ``use_cases/measures.py``: ``start_measure``, ``end_measure``,
  ``offer_urgent_medical_care``.
- ``use_cases/children.py``: ``draw_up_restitution_plan``, ``update_restitution_plan``,
  ``conclude_restitution_plan``, ``determine_best_interest``, ``notify_urgent_measure``,
  ``record_child_heard``, ``record_return_request``.
- ``use_cases/personal_data.py``: ``amend_personal_data``, ``erase_personal_data``.
- ``use_cases/arco.py``: ``receive_arco_request``, ``extend_arco_request``,
  ``answer_arco_request``, ``carry_out_arco_request``, ``arco_request``, ``arco_requests``,
  ``arco_access_export``, ``retention_due`` (LGPDPPSO; administrators).
- ``use_cases/review.py``: ``issue_observation``, ``answer_observation``.
- ``use_cases/prosecutor.py``: ``notify_prosecutor``.
- ``use_cases/closing.py``: ``close_case``, ``reopen_case``.
- ``use_cases/accounts.py``: ``open_account``, ``issue_token``, ``reissue_token``,
  ``suspend_account``, ``grant_role``, ``revoke_role``, ``account``, ``accounts``,
  ``authenticate``, ``command_outcome``, ``record_disclosure``, ``access_log``.
- ``use_cases/people.py``: ``open_person_account``, ``issue_enrolment``, ``enrolment``,
  ``choose_password``, ``confirm_second_factor``.
- ``use_cases/sign_in.py``: ``sign_in`` (people's sign-in on the pages, with its limits).
- ``use_cases/sessions.py``: ``start_session``, ``end_session``, ``session_actor``.
- ``hub_reads.py``: ``get_case``, ``find_folio``, ``timeline``, ``case_as_of``, ``custody``,
  ``personal_data``, ``unseal`` (the hub's reads of its own store; the read side is
  ``queries/``).
- ``hub_base.py``: ``acting_as`` and what every use case shares (saving, sealing, the checks
  of who acts).
"""

from __future__ import annotations

from domain.hub_reads import replay
from domain.use_cases.arco import ArcoUseCases
from domain.use_cases.assessment import AssessmentUseCases
from domain.use_cases.children import ChildrenUseCases
from domain.use_cases.closing import ClosingUseCases
from domain.use_cases.consent import ConsentUseCases
from domain.use_cases.custody import CustodyUseCases
from domain.use_cases.detection import DetectionUseCases
from domain.use_cases.measures import MeasureUseCases
from domain.use_cases.personal_data import PersonalDataUseCases
from domain.use_cases.prosecutor import ProsecutorUseCases
from domain.use_cases.protection import ProtectionUseCases
from domain.use_cases.referrals import ReferralUseCases
from domain.use_cases.review import ReviewUseCases
from domain.use_cases.sessions import SessionUseCases
from domain.use_cases.sign_in import SignInUseCases
from domain.use_cases.whereabouts import WhereaboutsUseCases

__all__ = ["Hub", "replay"]


class Hub(
    DetectionUseCases,
    AssessmentUseCases,
    ConsentUseCases,
    ProtectionUseCases,
    ReferralUseCases,
    CustodyUseCases,
    WhereaboutsUseCases,
    MeasureUseCases,
    ChildrenUseCases,
    ArcoUseCases,
    PersonalDataUseCases,
    ReviewUseCases,
    ProsecutorUseCases,
    ClosingUseCases,
    SignInUseCases,
    SessionUseCases,
):
    """The write side of Ruta: one method per use case, composed from ``domain/use_cases/``."""

    # The application's name prefixes its environment settings; it stays "Hub" whatever the
    # classes it is composed of are called.
    name = "Hub"
