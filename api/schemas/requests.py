"""What callers send: one schema per intent, with an example each (all data fictitious).

Unknown fields are refused (a misspelt field must not be silently dropped), codes are checked
against the domain's vocabularies (here, or by the hub for those of ``api.schemas.codes``), and
every text has a bound. Sealed fields (personal data,
notes, places, locations) are sealed by the hub on arrival.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
)
from pydantic_core import PydanticCustomError

from api.schemas.codes import (
    AgencyCode,
    ExploitationCode,
    IndicatorCode,
    MunicipalityName,
    PersonalFieldCode,
)
from domain.exploitation_context import EconomicSector, TraffickingScope
from domain.vocabulary import (
    AgeAssessmentMethod,
    AgeGroup,
    ClosureReason,
    ComplaintDecision,
    CustodyEndReason,
    DeclineReason,
    ErasureReason,
    HandoffRefusalReason,
    LegalBasis,
    MeasureEndReason,
    MeasureKind,
    ObservationKind,
    ReopenReason,
    RiskLevel,
    Service,
    Sex,
    Urgency,
    WithdrawalReason,
)

_RFC3339 = re.compile(
    r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d{1,9})?([Zz]|[+-]\d{2}:\d{2})$"
)


def _rfc3339(value: object) -> object:
    # Pydantic would also read numbers (and numeric text) as Unix times: the contract is RFC 3339.
    if not isinstance(value, str) or not _RFC3339.match(value):
        raise PydanticCustomError("datetime_type", "Input should be an RFC 3339 date and time")
    return value


Time = Annotated[AwareDatetime, BeforeValidator(_rfc3339)]
# JSON's own types: pydantic would also read 0, "true" or "24" as a boolean or an integer.
Age = Annotated[StrictInt, Field(ge=0, le=120)]
Text = Annotated[str, Field(max_length=4000)]
Agency = AgencyCode


# Formats the hub checks, refusing with its own words (``invalid_value`` naming the field); the
# document states them (domain/detection.py has the same expressions).
LanguageTag = Annotated[
    str, Field(max_length=16, json_schema_extra={"pattern": r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$"})
]
OperationReference = Annotated[
    str, Field(max_length=64, json_schema_extra={"pattern": r"^[A-Za-z0-9._:-]{1,64}$"})
]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


def example(**values: Any) -> ConfigDict:
    return ConfigDict(extra="forbid", json_schema_extra={"examples": [values]})


class PersonalDataIn(Body):
    full_name: Annotated[str, Field(max_length=200)] | None = None
    aliases: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=20)] = []
    date_of_birth: Annotated[str, Field(max_length=40)] | None = None
    documents: Annotated[list[Annotated[str, Field(max_length=200)]], Field(max_length=20)] = []
    contact: Annotated[str, Field(max_length=400)] | None = None
    address: Annotated[str, Field(max_length=400)] | None = None
    photos: Annotated[list[Annotated[str, Field(max_length=400)]], Field(max_length=20)] = []
    narrative: Annotated[str, Field(max_length=20_000)] | None = None


class RecordDetection(Body):
    model_config = example(
        detected_at="2026-11-20T14:05:00-05:00",
        municipality="Benito Juárez",
        indicators=["document_retention", "restricted_movement"],
        exploitation_forms=["sexual"],
        age_group="adult",
        estimated_age=24,
        sex="female",
        nationality="HN",
        languages=["es"],
        needs_interpreter=False,
        in_custody=True,
        economic_sector="entertainment_nightlife",
        trafficking_scope="international",
        personal_data={"full_name": "Persona Ficticia Ejemplo", "narrative": "Relato ficticio"},
    )
    detected_at: Time
    municipality: MunicipalityName
    indicators: Annotated[list[IndicatorCode], Field(min_length=1, max_length=40)]
    exploitation_forms: Annotated[list[ExploitationCode], Field(max_length=20)] = []
    age_group: AgeGroup
    estimated_age: Age | None = None
    sex: Sex
    nationality: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]
    languages: Annotated[list[LanguageTag], Field(max_length=10)] = []
    needs_interpreter: StrictBool = False
    in_custody: StrictBool = False
    operation: OperationReference | None = None
    personal_data: PersonalDataIn | None = None
    economic_sector: EconomicSector = EconomicSector.UNKNOWN
    trafficking_scope: TraffickingScope = TraffickingScope.UNKNOWN


class IssueReferral(Body):
    model_config = example(
        to_agency="fge", service="investigation", urgency="urgent", note="Nota ficticia"
    )
    to_agency: Agency
    service: Service
    urgency: Urgency = Urgency.NORMAL
    note: Text | None = None
    legal_basis: LegalBasis | None = None


class DeclineReferral(Body):
    model_config = example(reason="no_capacity", detail="Sin espacio hoy")
    reason: DeclineReason
    detail: Text | None = None


class WithdrawReferral(Body):
    model_config = example(reason="no_longer_needed")
    reason: WithdrawalReason


class InitiateHandoff(Body):
    model_config = example(to_agency="dif", place="Oficina ficticia")
    to_agency: Agency
    place: Text | None = None
    legal_basis: LegalBasis | None = None


class RefuseHandoff(Body):
    model_config = example(reason="no_capacity")
    reason: HandoffRefusalReason


class StartMeasure(Body):
    model_config = example(
        kind="shelter", provider="dif", location="Ubicación ficticia",
        started_at="2026-11-20T16:00:00-05:00",
    )  # fmt: skip
    kind: MeasureKind
    provider: Agency
    location: Text | None = None
    started_at: Time | None = None
    # For a measure provided by another agency that consent does not cover for its service.
    legal_basis: LegalBasis | None = None


class EndMeasure(Body):
    model_config = example(reason="completed", ended_at="2026-11-22T10:00:00-05:00")
    reason: MeasureEndReason = MeasureEndReason.COMPLETED
    ended_at: Time | None = None


class RecordConsent(Body):
    model_config = example(
        agencies=["fge", "sesa"], purposes=["investigation", "medical"],
        informed_in="es", interpreter=False,
    )  # fmt: skip
    agencies: Annotated[list[Agency], Field(max_length=40)] = []
    purposes: Annotated[list[Service], Field(max_length=20)] = []
    informed_in: Annotated[str, Field(max_length=16)] | None = None
    interpreter: StrictBool = False
    legal_basis: LegalBasis | None = None
    counted_in_statistics: StrictBool | None = Field(
        default=None,
        description="whether the person (for a child, PPNNA) agrees that the case be counted "
        "in the anonymized statistics; null when this consent does not say",
    )


class WithdrawConsent(Body):
    model_config = example(agencies=["oim"])
    agencies: Annotated[list[Agency], Field(max_length=40)] = []


class RecordComplaintDecision(Body):
    model_config = example(decision="filed", with_agency="fge")
    decision: ComplaintDecision
    with_agency: Agency | None = None


class AssessRisk(Body):
    model_config = example(level="high", note="Nota ficticia")
    level: RiskLevel
    note: Text | None = None


class AssessAge(Body):
    model_config = example(age_group="adult", estimated_age=19, method="document")
    age_group: AgeGroup
    estimated_age: Age | None = None
    method: AgeAssessmentMethod


class ReleaseCustody(Body):
    model_config = example(reason="voluntary_departure")
    reason: CustodyEndReason


class ReportWhereaboutsUnknown(Body):
    model_config = example(last_seen_at="2026-11-23T21:00:00-05:00", place="Lugar ficticio")
    last_seen_at: Time
    place: Text | None = None


class ReportLocated(Body):
    model_config = example(custody_with="ssc", place="Lugar ficticio")
    custody_with: Agency | None = None
    place: Text | None = None


class AmendPersonalData(Body):
    model_config = example(personal_data={"contact": "Teléfono ficticio"}, remove=["address"])
    personal_data: PersonalDataIn = PersonalDataIn()
    remove: Annotated[list[PersonalFieldCode], Field(max_length=10)] = []


class ErasePersonalData(Body):
    model_config = example(reason="arco_cancellation")
    reason: ErasureReason


class CloseCase(Body):
    model_config = example(reason="reintegrated")
    reason: ClosureReason


class ReopenCase(Body):
    model_config = example(reason="new_information")
    reason: ReopenReason


class IssueObservation(Body):
    model_config = example(
        concerning="inm", text="Observación ficticia sobre la notificación tardía", kind="finding"
    )
    concerning: Agency
    text: Annotated[str, Field(min_length=1, max_length=8000)]
    kind: ObservationKind = ObservationKind.FINDING
    subject_id: UUID | None = None


class AnswerObservation(Body):
    model_config = example(text="Respuesta ficticia de la institución")
    text: Annotated[str, Field(min_length=1, max_length=8000)]
