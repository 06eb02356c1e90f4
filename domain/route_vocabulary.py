"""The codes of the route's later steps (issue 14): urgent care after sexual violence, the
international-protection screening, the best-interest determination and the notices of a
child's urgent measures. Stable codes, as in ``domain/vocabulary.py``: add, never rename."""

from __future__ import annotations

from enum import StrEnum


class UrgentCareAnswer(StrEnum):
    """The person's answer to urgent medical care offered after sexual violence (NOM-046-SSA2-2005,
    6.4.2): the person may decline it; what the law asks is that it be offered."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


class ScreeningAnswer(StrEnum):
    """The person's answer to an offer made in the international-protection screening: a
    referral to COMAR (Ley sobre Refugiados, Protección Complementaria y Asilo Político), or a
    notice to their country's consulate (Reglamento de la LRPCAP, art. 22: never without the
    asylum seeker's express consent)."""

    ACCEPTED = "accepted"
    DECLINED = "declined"


class BestInterestOutcome(StrEnum):
    """What PPNNA's determination of the child's best interest concludes (LGDNNA arts. 2, 97)."""

    STAY_IN_MEXICO = "stay_in_mexico"
    FAMILY_REUNIFICATION_IN_MEXICO = "family_reunification_in_mexico"
    RETURN_TO_COUNTRY_OF_ORIGIN = "return_to_country_of_origin"
    THIRD_COUNTRY = "third_country"


class NoticeRecipient(StrEnum):
    """Who PPNNA notifies of an urgent protection measure (LGDNNA art. 122 fr. VII)."""

    PROSECUTOR = "prosecutor"  # the Ministerio Público
    JUDGE = "judge"  # the competent jurisdictional authority
