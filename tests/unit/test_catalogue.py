"""The agency catalogue: data, checked on load, with messages that say where the problem is."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.agencies import (
    DEFAULT_CATALOGUE,
    AgencyKind,
    CatalogueError,
    Participation,
    load_catalogue,
)
from domain.vocabulary import Service

COMMISSION_MEMBERS = [
    "ssc", "fge", "dif", "ppnna", "iqm", "sesa", "sedetur", "styps", "segob", "cdheqroo", "oim",
]  # fmt: skip


def test_the_quintana_roo_catalogue_names_every_member_used_in_the_design() -> None:
    catalogue = load_catalogue()
    for code in COMMISSION_MEMBERS:
        assert code in catalogue
    assert catalogue.folio_prefix == "QR"
    assert "Benito Juárez" in catalogue.municipalities
    assert len(catalogue.municipalities) == 11


def test_the_catalogue_says_who_does_what() -> None:
    catalogue = load_catalogue()
    assert catalogue.get("dif").offers(Service.SHELTER)
    assert catalogue.get("dif").may_hold_custody
    assert catalogue.get("ppnna").sees_children_cases
    assert not catalogue.get("iqm").sees_children_cases
    assert not catalogue.get("sesa").may_hold_custody
    assert catalogue.get("cdheqroo").participation == Participation.OVERSIGHT
    assert catalogue.get("unodc").participation == Participation.STATISTICS
    assert catalogue.get("fge").offers(Service.INVESTIGATION)


def write(tmp_path: Path, data: Any) -> Path:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def valid() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
    return data


@pytest.mark.parametrize(
    ("break_it", "where", "problem"),
    [
        (lambda d: d["agencies"][1].pop("services"), "agency 1 (ssc)", "missing services"),
        (
            lambda d: d["agencies"][2]["services"].append("magic"),
            "agency 2 (fge)",
            "unknown service 'magic'",
        ),
        (lambda d: d["agencies"][3].update(kind="club"), "agency 3 (dif)", "unknown kind 'club'"),
        (
            lambda d: d["agencies"][4].update(code="dif"),
            "agency 4 (dif)",
            "the code is used twice",
        ),
        (
            lambda d: d["agencies"][5].update(may_hold_custody="yes"),
            "agency 5 (iqm)",
            "'may_hold_custody' must be true or false",
        ),
        (lambda d: d["agencies"][0].update(code="SEGOB!"), "agency 0", "'code' must be"),
        (lambda d: d.pop("folio_prefix"), "top level", "'folio_prefix' is missing"),
        (lambda d: d.update(utc_offset="EST"), "utc_offset", "an offset such as -05:00"),
        (
            lambda d: d["agencies"][18].update(services=["legal"]),
            "agency 18 (cdheqroo)",
            "offers no services",
        ),
        (
            lambda d: d["agencies"][2].update(formerly=["dif"]),
            "former code dif",
            "a former code names one agency and no current one",
        ),
        (
            lambda d: d["agencies"][2].update(formerly=["sesp"]),
            "former code sesp",
            "a former code names one agency and no current one",
        ),
        (
            lambda d: d["agencies"][1].update(formerly_accepted_until="pronto"),
            "agency 1 (ssc)",
            "'formerly_accepted_until' must be a date",
        ),
    ],
)
def test_a_bad_catalogue_names_the_file_the_entry_and_the_problem(
    tmp_path: Path, break_it: Any, where: str, problem: str
) -> None:
    data = valid()
    break_it(data)
    path = write(tmp_path, data)
    with pytest.raises(CatalogueError) as error:
        load_catalogue(path)
    message = str(error.value)
    assert message.startswith(str(path))
    assert where in message
    assert problem in message


def test_a_catalogue_that_is_not_json_or_missing_is_refused_with_its_path(tmp_path: Path) -> None:
    broken = write(tmp_path, "{ not json")
    with pytest.raises(CatalogueError, match="not a readable JSON file"):
        load_catalogue(broken)
    with pytest.raises(CatalogueError, match="does not exist"):
        load_catalogue(tmp_path / "absent.json")


def test_tourism_and_security_have_their_names_now_and_their_former_codes() -> None:
    """SEDETUS is Quintana Roo's urban-development secretariat, not Tourism (SEDETUR); the
    security secretariat is the Secretaría de Seguridad Ciudadana (SSC), not SESP."""
    catalogue = load_catalogue()
    assert catalogue.get("sedetur").name.startswith("Secretaría de Turismo")
    assert catalogue.get("ssc").name.startswith("Secretaría de Seguridad Ciudadana")
    assert catalogue.renamed == {"sedetus": "sedetur", "sesp": "ssc"}
    assert "sesp" not in catalogue
    assert "sedetus" not in catalogue
    assert "Casa de Asistencia Temporal" not in catalogue.get("dif").name  # Benito Juárez's
    assert "Fiscalía Federal en el Estado" in catalogue.get("fgr").name
    assert catalogue.get("cit").name.count("Víctimas de estos Delitos") == 1


def test_former_codes_are_accepted_in_requests_until_the_date_the_catalogue_gives() -> None:
    catalogue = load_catalogue()
    assert catalogue.accepted_former_codes(date(2027, 6, 30)) == catalogue.renamed
    assert catalogue.accepted_former_codes(date(2027, 7, 1)) == {}


def shelter_index(data: dict[str, Any], code: str) -> int:
    return next(i for i, a in enumerate(data["agencies"]) if a["code"] == code)


@pytest.mark.parametrize(
    ("capacity", "code", "problem"),
    [
        (0, "osc_refugio_ejemplo", "'capacity' must be a whole number of places"),
        ("doce", "osc_refugio_ejemplo", "'capacity' must be a whole number of places"),
        (True, "osc_refugio_ejemplo", "'capacity' must be a whole number of places"),
        (12.5, "osc_refugio_ejemplo", "'capacity' must be a whole number of places"),
        (10, "sesa", "'capacity' is for an agency that offers shelter"),
    ],
)
def test_a_shelters_capacity_is_a_number_of_places_and_only_for_shelters(
    tmp_path: Path, capacity: Any, code: str, problem: str
) -> None:
    """Ley General de Trata, arts. 62 fr. V and 65 fr. I (shelters and halfway houses): the places a
    shelter has are data the referring agency reads, so a wrong value is refused on load."""
    data = valid()
    index = shelter_index(data, code)
    data["agencies"][index]["capacity"] = capacity
    with pytest.raises(CatalogueError) as error:
        load_catalogue(write(tmp_path, data))
    assert f"agency {index} ({code})" in str(error.value)
    assert problem in str(error.value)


def test_the_new_members_have_kinds_of_their_own() -> None:
    """COMAR applies the Ley sobre Refugiados, Protección Complementaria y Asilo Político and
    is no migration authority; SRE (Ley Orgánica de la Administración Pública Federal, art. 28)
    and the search commission (Ley General en Materia de Desaparición, art. 50) are neither."""
    catalogue = load_catalogue()
    assert catalogue.get("comar").kind == AgencyKind.ASYLUM
    assert catalogue.get("inm").kind == AgencyKind.MIGRATION
    assert catalogue.get("sre").kind == AgencyKind.FOREIGN_AFFAIRS
    assert catalogue.get("cbpqroo").kind == AgencyKind.SEARCH
    assert [a.code for a in catalogue.by_kind(AgencyKind.MIGRATION)] == ["inm"]
    assert catalogue.get("osc_medio_camino_ejemplo").capacity == 8
