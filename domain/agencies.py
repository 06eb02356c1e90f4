"""The agency catalogue: who takes part in the route, what each offers, what each may hold.

The catalogue is data, shipped for Quintana Roo (``domain/data/quintana_roo.json``) and
replaceable per deployment. It is checked when loaded, and a bad file is refused with a message
that names the file, the entry and the problem.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta, timezone
from enum import StrEnum
from functools import cached_property
from pathlib import Path

from domain.errors import NotACaseParty, ServiceNotOffered, UnknownAgency
from domain.vocabulary import Service

DEFAULT_CATALOGUE = Path(__file__).parent / "data" / "quintana_roo.json"


class AgencyKind(StrEnum):
    SECURITY = "security"
    PROSECUTION = "prosecution"
    CHILD_PROTECTION = "child_protection"
    FAMILY_WELFARE = "family_welfare"
    WOMEN = "women"
    HEALTH = "health"
    TOURISM = "tourism"
    LABOUR = "labour"
    EDUCATION = "education"
    SOCIAL_DEVELOPMENT = "social_development"
    ECONOMIC_DEVELOPMENT = "economic_development"
    GOVERNMENT = "government"
    HUMAN_RIGHTS = "human_rights"
    VICTIMS_ASSISTANCE = "victims_assistance"
    MIGRATION = "migration"
    JUDICIARY = "judiciary"
    LEGISLATURE = "legislature"
    MUNICIPAL = "municipal"
    INDIGENOUS_PEOPLES = "indigenous_peoples"
    INTERNATIONAL = "international"
    ASYLUM = "asylum"  # COMAR: refugee status and complementary protection
    SEARCH = "search"  # the state's Comisión de Búsqueda de Personas
    FOREIGN_AFFAIRS = "foreign_affairs"  # SRE, with the consulates
    CIVIL_SOCIETY = "civil_society"  # shelters and halfway houses run by organizations


class Participation(StrEnum):
    """How an agency takes part: in cases, in their review, or in statistics only."""

    CASE_PARTY = "case_party"
    OVERSIGHT = "oversight"
    STATISTICS = "statistics"


@dataclass(frozen=True)
class Agency:
    code: str
    name: str
    kind: AgencyKind
    participation: Participation
    services: frozenset[Service]
    may_hold_custody: bool
    sees_children_cases: bool
    formerly: frozenset[str] = frozenset()  # codes it had before; stored events may hold them
    # Until when requests may still name the agency by a former code (then: unknown).
    formerly_accepted_until: date | None = None
    capacity: int | None = None  # places, for a shelter or halfway house that says how many

    def offers(self, service: Service) -> bool:
        return service in self.services


class CatalogueError(ValueError):
    """The catalogue file is not valid; the message names the file, the entry and the problem."""


@dataclass(frozen=True)
class AgencyCatalogue:
    """The agencies of one deployment, with its folio prefix, time offset and municipalities."""

    deployment: str
    folio_prefix: str
    utc_offset: timezone
    municipalities: frozenset[str]
    agencies: Mapping[str, Agency]

    def __iter__(self) -> Iterator[Agency]:
        return iter(self.agencies.values())

    def __contains__(self, code: object) -> bool:
        return code in self.agencies

    def get(self, code: str, *, field: str = "agency") -> Agency:
        """The agency with ``code``, or ``UnknownAgency`` naming the field."""
        try:
            return self.agencies[code]
        except KeyError:
            raise UnknownAgency(field=field, agency=code) from None

    def case_party(self, code: str, *, field: str = "agency") -> Agency:
        agency = self.get(code, field=field)
        if agency.participation != Participation.CASE_PARTY:
            raise NotACaseParty(field=field, agency=code)
        return agency

    def offering(self, code: str, service: Service, *, field: str = "to_agency") -> Agency:
        """The case-party agency with ``code``, refused unless it offers ``service``."""
        agency = self.case_party(code, field=field)
        if not agency.offers(service):
            raise ServiceNotOffered(field=field, agency=code, service=str(service))
        return agency

    def by_kind(self, kind: AgencyKind) -> list[Agency]:
        return [a for a in self if a.kind == kind]

    @cached_property
    def renamed(self) -> dict[str, str]:
        """Each former code and the agency's code now: stored events are read under the new."""
        return {old: a.code for a in self for old in sorted(a.formerly)}

    def accepted_former_codes(self, today: date) -> dict[str, str]:
        """The former codes requests may still use on ``today``, each with its code now."""
        return {
            old: a.code
            for a in self
            if a.formerly_accepted_until is not None and today <= a.formerly_accepted_until
            for old in sorted(a.formerly)
        }


def load_catalogue(path: Path = DEFAULT_CATALOGUE) -> AgencyCatalogue:
    """Read and check the catalogue at ``path``."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CatalogueError(f"{path}: the agency catalogue file does not exist") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise CatalogueError(f"{path}: not a readable JSON file ({e})") from None
    return parse_catalogue(raw, source=str(path))


_CODE = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
_FIELDS = {
    "code",
    "name",
    "kind",
    "participation",
    "services",
    "may_hold_custody",
    "sees_children_cases",
}
_OPTIONAL = {"formerly", "formerly_accepted_until", "capacity"}


def parse_catalogue(raw: object, *, source: str) -> AgencyCatalogue:
    def fail(where: str, problem: str) -> CatalogueError:
        return _fail(source, where, problem)

    if not isinstance(raw, dict):
        raise fail("top level", "an object with deployment, folio_prefix, agencies is expected")
    for key in ("deployment", "folio_prefix", "utc_offset", "municipalities", "agencies"):
        if key not in raw:
            raise fail("top level", f"'{key}' is missing")
    prefix = raw["folio_prefix"]
    if not isinstance(prefix, str) or not re.fullmatch(r"[A-Z]{2,4}", prefix):
        raise fail("folio_prefix", "two to four capital letters are expected")
    offset = _OFFSET.fullmatch(str(raw["utc_offset"]))
    if offset is None:
        raise fail("utc_offset", "an offset such as -05:00 is expected")
    sign = -1 if offset[1] == "-" else 1
    utc_offset = timezone(sign * timedelta(hours=int(offset[2]), minutes=int(offset[3])))
    municipalities = raw["municipalities"]
    if not isinstance(municipalities, list) or not all(
        isinstance(m, str) and m.strip() for m in municipalities
    ):
        raise fail("municipalities", "a list of names is expected")
    entries = raw["agencies"]
    if not isinstance(entries, list) or not entries:
        raise fail("agencies", "a non-empty list is expected")
    agencies: dict[str, Agency] = {}
    for index, entry in enumerate(entries):
        agency = _parse_agency(entry, index, source)
        if agency.code in agencies:
            raise fail(f"agency {index} ({agency.code})", "the code is used twice")
        agencies[agency.code] = agency
    former = [old for a in agencies.values() for old in a.formerly]
    for old in former:
        if old in agencies or former.count(old) > 1:
            raise fail(f"former code {old}", "a former code names one agency and no current one")
    return AgencyCatalogue(
        deployment=str(raw["deployment"]),
        folio_prefix=prefix,
        utc_offset=utc_offset,
        municipalities=frozenset(municipalities),
        agencies=agencies,
    )


def _fail(source: str, where: str, problem: str) -> CatalogueError:
    return CatalogueError(f"{source}: {where}: {problem}")


def _parse_agency(entry: object, index: int, source: str) -> Agency:
    def fail(where: str, problem: str) -> CatalogueError:
        return _fail(source, where, problem)

    where = f"agency {index}"
    if not isinstance(entry, dict):
        raise fail(where, "an object is expected")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.fullmatch(code):
        raise fail(where, "'code' must be lower-case letters, digits or _ (2 to 32)")
    where = f"agency {index} ({code})"
    if missing := sorted(_FIELDS - entry.keys()):
        raise fail(where, f"missing {', '.join(missing)}")
    if unknown := sorted(entry.keys() - _FIELDS - _OPTIONAL):
        raise fail(where, f"unknown field {', '.join(unknown)}")
    if not isinstance(entry["name"], str) or not entry["name"].strip():
        raise fail(where, "'name' must be a non-empty text")
    for flag in ("may_hold_custody", "sees_children_cases"):
        if not isinstance(entry[flag], bool):
            raise fail(where, f"'{flag}' must be true or false")
    try:
        kind = AgencyKind(entry["kind"])
    except ValueError:
        raise fail(where, f"unknown kind {entry['kind']!r}") from None
    try:
        participation = Participation(entry["participation"])
    except ValueError:
        raise fail(where, f"unknown participation {entry['participation']!r}") from None
    if not isinstance(entry["services"], list):
        raise fail(where, "'services' must be a list of service codes")
    services: set[Service] = set()
    for service in entry["services"]:
        try:
            services.add(Service(service))
        except ValueError:
            raise fail(where, f"unknown service {service!r}") from None
    if participation != Participation.CASE_PARTY and (services or entry["may_hold_custody"]):
        raise fail(where, f"a {participation} agency offers no services and holds no custody")
    formerly = entry.get("formerly", [])
    if not isinstance(formerly, list) or not all(
        isinstance(old, str) and _CODE.fullmatch(old) and old != code for old in formerly
    ):
        raise fail(where, "'formerly' must be a list of other codes")
    until = entry.get("formerly_accepted_until")
    try:
        accepted_until = date.fromisoformat(until) if until is not None else None
    except (TypeError, ValueError):
        raise fail(where, "'formerly_accepted_until' must be a date such as 2027-06-30") from None
    capacity = entry.get("capacity")
    if capacity is not None and (type(capacity) is not int or not 0 < capacity <= 10_000):
        raise fail(where, "'capacity' must be a whole number of places from 1 to 10000")
    if capacity is not None and Service.SHELTER not in services:
        raise fail(where, "'capacity' is for an agency that offers shelter")
    return Agency(
        code=code,
        name=entry["name"].strip(),
        kind=kind,
        participation=participation,
        services=frozenset(services),
        may_hold_custody=entry["may_hold_custody"],
        sees_children_cases=entry["sees_children_cases"],
        formerly=frozenset(formerly),
        formerly_accepted_until=accepted_until,
        capacity=capacity,
    )
