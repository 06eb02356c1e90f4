"""DESIGN.md's seven scenarios, driven over HTTP as the agencies would drive them.

Each step is taken by the account of the agency that would take it, with the hub's clock moved on
between steps as the hours and days would pass. Where the design says who sees what, it is
checked through the API as that agency. Every person here is invented.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from tests.e2e.conftest import Api
from tests.e2e.scenario_steps import (
    COMMISSION,
    Route,
    at,
    custody_chain,
    expect,
    local,
    of_type,
    only,
)
from tests.fakes import ManualClock

HOUR = timedelta(hours=1)


@pytest.fixture
def route(api: Api, clock: ManualClock) -> Route:
    return Route(api, clock)


def detection(route: Route, minutes_ago: int, **fields: Any) -> dict[str, Any]:
    """A detection reported ``minutes_ago`` after the fact, in the detecting agency's local time."""
    return {
        "detected_at": local(route.clock() - timedelta(minutes=minutes_ago)),
        "languages": ["es"],
        "needs_interpreter": False,
        "in_custody": True,
        **fields,
    }


def kinds(case: dict[str, Any]) -> list[str]:
    return [m["kind"] for m in case["measures"]]


def test_an_adult_found_in_a_cancun_bar_gets_services_without_filing_a_complaint(
    route: Route,
) -> None:
    name, passport = "Yesenia Marlén Ficticia Ejemplo", "Pasaporte HN F1234567 (ficticio)"
    story = "Relato ficticio: llegó con una oferta de trabajo de mesera en el bar El Farol."
    shelter_address = "Casa Refugio Ficticia Las Palmas, calle 14"
    case = route.detect(
        "sedetur",
        detection(
            route,
            25,
            municipality="Benito Juárez",
            indicators=["document_retention", "restricted_movement", "debt_bondage"],
            exploitation_forms=["sexual"],
            age_group="adult",
            estimated_age=24,
            sex="female",
            nationality="HN",
            personal_data={
                "full_name": name,
                "date_of_birth": "2002-03-14",
                "documents": [passport],
                "narrative": story,
            },
        ),
    )

    # The inspectors explain her rights; she consents to IQM, a shelter and Salud, no complaint.
    route.later(minutes=15)
    route.consent(
        case,
        "sedetur",
        ["iqm", "dif", "sesa"],
        ["shelter", "psychological", "legal", "medical", "social_support"],
    )
    route.complaint(case, "sedetur", "declined")
    shelter = route.refer(case, "sedetur", "dif", "shelter", urgency="urgent")
    care = route.refer(case, "sedetur", "iqm", "psychological")
    medical = route.refer(case, "sedetur", "sesa", "medical")
    route.later(minutes=20)
    route.accept(case, shelter, "dif")

    while_in_its_custody = route.read(case, "sedetur")
    assert while_in_its_custody["level"] == "metadata"
    assert while_in_its_custody["custody"]["custodian"] == "sedetur"

    route.later(minutes=10)
    handoff = route.hand_over(case, "sedetur", "dif", "Oficina ficticia de verificación, zona 3")
    route.later(minutes=45)
    route.acknowledge(case, handoff, "dif")
    route.start_measure(case, "dif", "shelter", "dif", location=shelter_address)
    route.later(hours=9)
    route.accept(case, care, "iqm")
    route.accept(case, medical, "sesa")
    route.later(hours=3)
    exam = route.start_measure(case, "sesa", "medical_care", "sesa")
    route.later(hours=2)
    route.end_measure(case, exam, "sesa", "completed")
    route.complete(case, medical, "sesa")

    # Services went ahead although she filed no complaint.
    as_shelter = route.read(case, "dif")
    assert as_shelter["complaint"] == "declined"
    assert {r["to_agency"]: r["status"] for r in as_shelter["referrals"]} == {
        "dif": "accepted",
        "iqm": "accepted",
        "sesa": "completed",
    }
    assert only(as_shelter["measures"], kind="shelter")["ended_at"] is None
    assert as_shelter["custody"]["custodian"] == "dif"

    # Tourism handed her over: it sees a receipt, never where she is sheltered.
    receipt = route.read(case, "sedetur")
    assert receipt["level"] == "receipt"
    assert receipt["receipt"] == {"referred": True, "accepted": True, "in_care": True}
    assert "measures" not in receipt
    assert "custody" not in receipt
    assert "consent" not in receipt
    assert "personal_data" not in receipt
    own_report = route.read(case, "sedetur", purpose="case_management")
    assert own_report["personal_data"]["full_name"] == name
    assert "measures" not in own_report
    assert shelter_address not in route.read_text(case, "sedetur", purpose="case_management")
    assert shelter_address not in route.read_text(case, "sedetur", purpose="shelter")

    # IOM sees nothing until she consents to IOM and IOM is asked for something.
    route.not_found(case, "oim")
    route.later(days=2)
    route.consent(case, "dif", ["oim"], ["social_support", "migration"])
    route.not_found(case, "oim", purpose="care")
    support = route.refer(case, "dif", "oim", "social_support")
    assert route.read(case, "oim")["level"] == "metadata"
    route.later(hours=5)
    route.accept(case, support, "oim")
    for_iom = route.read(case, "oim", purpose="care")
    assert for_iom["personal_data"]["full_name"] == name
    assert "narrative" not in for_iom["personal_data"]
    assert shelter_address not in route.read_text(case, "oim", purpose="care")

    # She files later: only then does the prosecutor learn of the case, and who she is.
    route.not_found(case, "fge", purpose="investigation")
    route.later(days=3)
    route.complaint(case, "dif", "filed", with_agency="fge")
    investigation = route.refer(case, "dif", "fge", "investigation")
    route.later(hours=4)
    route.accept(case, investigation, "fge")
    for_prosecutor = route.read(case, "fge", purpose="investigation")
    assert for_prosecutor["level"] == "metadata"
    assert for_prosecutor["complaint"] == "filed"
    assert for_prosecutor["personal_data"]["full_name"] == name
    assert for_prosecutor["personal_data"]["narrative"] == story
    # The shelter is DIF's, not the prosecutor's protection unit: its location stays sealed.
    assert shelter_address not in route.read_text(case, "fge", purpose="investigation")
    without_purpose = route.read(case, "fge")
    assert "personal_data" not in without_purpose

    # Every read of unsealed data is in the access log: who, which case, what for.
    log = route.access_log(case)
    assert [(e["agency"], e["purpose"]) for e in log] == [
        ("sedetur", "case_management"),
        ("sedetur", "case_management"),
        ("sedetur", "shelter"),
        ("oim", "care"),
        ("oim", "care"),
        ("fge", "investigation"),
        ("fge", "investigation"),
    ]
    accounts = {agency: route.account_of(case, agency) for agency in ("sedetur", "oim", "fge")}
    for entry in log:
        assert entry["account"] == accounts[entry["agency"]]
        assert entry["case_id"] == case
    assert "personal_data.narrative" in log[-1]["labels"]

    route.assert_timelines_seal(
        case, ("sedetur", "caseworker"), ("dif", "caseworker"), ("fge", "caseworker")
    )


def test_an_unaccompanied_boy_at_the_chetumal_bus_station_is_protected_and_never_detained(
    route: Route,
) -> None:
    name, alias = "Niño Ficticio de Prueba Ajú", "el Chino Ficticio"
    case = route.detect(
        "ssc",
        detection(
            route,
            10,
            municipality="Othón P. Blanco",
            indicators=["isolation", "third_party_control", "minor_working"],
            exploitation_forms=["labour"],
            age_group="child",
            estimated_age=15,
            sex="male",
            nationality="GT",
            languages=["es", "mam"],
            needs_interpreter=True,
            personal_data={"full_name": name, "aliases": [alias]},
        ),
    )

    # The police notify PPNNA at once; PPNNA takes the case within the hour.
    route.later(minutes=25)
    notice = route.refer(case, "ssc", "ppnna", "child_protection", urgency="urgent")
    route.later(minutes=20)
    route.accept(case, notice, "ppnna")
    as_police = route.read(case, "ssc")
    detected = at(as_police["detection"]["detected_at"])
    to_ppnna = only(as_police["referrals"], to_agency="ppnna")
    assert to_ppnna["urgency"] == "urgent"
    assert at(to_ppnna["issued_at"]) - detected < HOUR
    assert at(to_ppnna["due_at"]) - at(to_ppnna["issued_at"]) == HOUR
    assert at(to_ppnna["answered_at"]) - detected < HOUR

    # PPNNA represents him: it states the legal basis, asks DIF to shelter him, orders a measure.
    route.child_protection_basis(case)
    shelter = route.refer(case, "ppnna", "dif", "shelter", urgency="urgent")
    interpreter = route.refer(case, "ppnna", "inmaya", "interpretation", urgency="urgent")
    route.start_measure(case, "ppnna", "urgent_protection_measure", "ppnna")
    route.later(minutes=30)
    route.accept(case, shelter, "dif")
    route.accept(case, interpreter, "inmaya")
    handoff = route.hand_over(case, "ssc", "dif", "Terminal ficticia de autobuses, andén 3")
    route.later(minutes=40)
    route.acknowledge(case, handoff, "dif")
    route.start_measure(case, "dif", "shelter", "dif", location="CAT Ficticio Chetumal, cuarto 2")

    as_representative = route.read(case, "ppnna", purpose="protection")
    assert as_representative["level"] == "full"
    assert as_representative["is_child"] is True
    assert as_representative["consent"]["child_protection_basis"] is True
    assert as_representative["personal_data"]["aliases"] == [alias]
    assert as_representative["custody"]["custodian"] == "dif"
    assert only(as_representative["custody"]["handoffs"], from_agency="ssc")["status"] == (
        "acknowledged"
    )
    assert {"urgent_protection_measure", "shelter"} <= set(kinds(as_representative))

    # A day later IOM is asked to trace his family.
    route.later(days=1)
    tracing = route.refer(
        case, "ppnna", "oim", "social_support", note="Búsqueda ficticia de la familia en Huehue"
    )
    route.later(hours=6)
    route.accept(case, tracing, "oim")

    # No return before a risk assessment.
    refused = expect(
        route.api.post(
            f"/cases/{case}/referrals",
            "ppnna",
            {"to_agency": "oim", "service": "assisted_return", "urgency": "normal"},
        ),
        422,
    )
    assert refused["code"] == "risk_assessment_required"
    assert all(r["service"] != "assisted_return" for r in route.read(case, "ppnna")["referrals"])
    route.later(days=2)
    note = route.remember("Familia ficticia localizada; sin riesgo en el lugar de origen")
    route.post(f"/cases/{case}/risk-assessments", "ppnna", {"level": "low", "note": note})
    # Nor before PPNNA's best-interest determination says return (LGDNNA arts. 97, 123).
    refused = expect(
        route.api.post(
            f"/cases/{case}/referrals",
            "ppnna",
            {"to_agency": "oim", "service": "assisted_return", "urgency": "normal"},
        ),
        422,
    )
    assert refused["code"] == "best_interest_does_not_say_return"
    best_interest = {"outcome": "return_to_country_of_origin"}
    route.post(f"/cases/{case}/best-interest-determinations", "ppnna", best_interest)
    # Nor before he is offered a referral to COMAR and answers (LRPCAP art. 6).
    unscreened = expect(
        route.api.post(
            f"/cases/{case}/referrals",
            "ppnna",
            {"to_agency": "oim", "service": "assisted_return", "urgency": "normal"},
        ),
        422,
    )
    assert unscreened["code"] == "protection_screening_required"
    route.post(
        f"/cases/{case}/protection-screenings",
        "ppnna",
        {"comar_referral": "declined", "informed_in": "mam", "interpreter": True},
    )
    going_home = route.refer(case, "ppnna", "oim", "assisted_return")
    route.later(hours=3)
    route.accept(case, going_home, "oim")

    # He was never in migration custody, as any reader of the case can tell.
    for agency, role in (("ppnna", "caseworker"), COMMISSION):
        seen = route.read(case, agency, role=role)
        assert "migration_detention" not in kinds(seen)
        assert seen["custody"]["custodian"] == "dif"
    started = of_type(route.timeline(case, *COMMISSION), "protection_measure_started")
    assert "migration_detention" not in [e["data"]["kind"] for e in started]
    assert (
        only(route.read(case, *COMMISSION)["referrals"], service="assisted_return")["status"]
        == "accepted"
    )

    route.assert_timelines_seal(case, ("ssc", "caseworker"), ("oim", "caseworker"))


def test_twelve_men_on_a_tulum_construction_site_get_one_case_each_and_two_may_refuse(
    route: Route,
) -> None:
    names = [
        "Juan Ficticio Pérez", "Pedro Ficticio Gómez", "Mateo Ficticio Ruiz",
        "Lorenzo Ficticio Díaz", "Andrés Ficticio Cruz", "Tomás Ficticio Luna",
        "Felipe Ficticio Mora", "Marcos Ficticio Vera", "Santiago Ficticio Sol",
        "Esteban Ficticio Paz", "Rafael Ficticio Ríos", "Gaspar Ficticio León",
    ]  # fmt: skip
    operation = "OP-STYPS-TULUM-2026-11"
    refusing = {4, 9}
    cases = [
        route.detect(
            "styps",
            detection(
                route,
                40,
                municipality="Tulum",
                indicators=["document_retention", "debt_bondage", "excessive_hours", "no_pay"],
                exploitation_forms=["labour", "forced_labour"],
                age_group="adult",
                estimated_age=22 + i,
                sex="male",
                nationality="MX",
                languages=["es", "tzo"] if i % 3 else ["es"],
                in_custody=False,
                operation=operation,
                personal_data={"full_name": name},
            ),
        )
        for i, name in enumerate(names)
    ]
    assert len(set(cases)) == 12

    # Consent is asked person by person, a few minutes each.
    services: dict[str, tuple[str, str]] = {}
    for i, case in enumerate(cases):
        route.later(minutes=12)
        if i in refusing:  # his choice is respected
            route.complaint(case, "styps", "declined")
            route.post(f"/cases/{case}/close", "styps", {"reason": "person_declined_services"})
            continue
        route.consent(case, "styps", ["ceaveqroo", "fge"], ["legal", "investigation"])
        route.complaint(case, "styps", "filed", with_agency="fge")
        services[case] = (
            route.refer(case, "styps", "ceaveqroo", "legal"),
            route.refer(case, "styps", "fge", "investigation"),
        )
    route.later(hours=3)
    for case, (legal, investigation) in services.items():
        route.accept(case, legal, "ceaveqroo")
        route.accept(case, investigation, "fge")

    # The caseload view may not run in this process; when it does, it lists all twelve.
    caseload = route.api.get("/cases", "styps")
    if caseload.status_code == 200:
        assert set(cases) <= {item["case_id"] for item in caseload.json()["items"]}
    else:
        assert expect(caseload, 503)["code"] == "http_503"

    folios = set()
    for i, case in enumerate(cases):
        seen = route.read(case, "styps")
        folios.add(seen["folio"])
        assert seen["detection"]["operation"] == operation
        assert seen["detection"]["estimated_age"] == 22 + i
        reviewed = route.read(case, *COMMISSION)
        if i in refusing:
            assert seen["status"] == "closed"
            assert reviewed["closure_reason"] == "person_declined_services"
            assert reviewed["complaint"] == "declined"
            assert reviewed["referrals"] == []
            route.not_found(case, "fge")  # nobody was told about him
            route.not_found(case, "ceaveqroo")
        else:
            assert seen["status"] == "open"
            assert reviewed["complaint"] == "filed"
            sent = {(r["to_agency"], r["service"]): r["status"] for r in seen["referrals"]}
            assert sent == {
                ("ceaveqroo", "legal"): "accepted",
                ("fge", "investigation"): "accepted",
            }
            assert (
                route.read(case, "fge", purpose="investigation")["personal_data"]["full_name"]
                == names[i]
            )
        route.assert_timelines_seal(case, ("styps", "caseworker"), ("fge", "caseworker"))
    assert len(folios) == 12


def test_a_full_shelter_declines_for_lack_of_space_and_dif_takes_her_the_same_day(
    route: Route,
) -> None:
    case = route.detect(
        "fge",
        detection(
            route,
            30,
            municipality="Solidaridad",
            indicators=["threats", "restricted_movement", "withheld_earnings"],
            exploitation_forms=["sexual"],
            age_group="adult",
            estimated_age=27,
            sex="female",
            nationality="CO",
            personal_data={"full_name": "Daniela Ficticia Muestra", "contact": "55 0000 0000"},
        ),
    )
    route.later(minutes=10)
    route.consent(case, "fge", ["iqm", "dif"], ["shelter", "psychological"])
    first = route.refer(case, "fge", "iqm", "shelter", urgency="urgent")
    route.later(minutes=35)
    route.decline(case, first, "iqm", "no_capacity", "Refugio ficticio sin camas hoy")

    # Re-routed to DIF the same day, for the same service; the prosecutor keeps her meanwhile.
    route.later(minutes=15)
    second = route.refer(case, "fge", "dif", "shelter", urgency="urgent")
    meanwhile = route.read(case, "fge")
    assert meanwhile["custody"]["custodian"] == "fge"
    declined = only(meanwhile["referrals"], to_agency="iqm")
    rerouted = only(meanwhile["referrals"], to_agency="dif")
    assert rerouted["service"] == declined["service"] == "shelter"
    assert at(rerouted["issued_at"]) - at(declined["answered_at"]) < timedelta(days=1)

    # The prosecutor hands her over only to the shelter that accepted her.
    route.later(minutes=25)
    route.accept(case, second, "dif")
    handoff = route.hand_over(case, "fge", "dif", "Fiscalía ficticia, Playa del Carmen, sala 2")
    pending = route.read(case, "fge")["custody"]
    assert pending["custodian"] == "fge"  # custody passes only on acknowledgement
    route.later(minutes=50)
    route.acknowledge(case, handoff, "dif")
    route.start_measure(case, "dif", "shelter", "dif", location="CAT Ficticio Playa, módulo B")

    # The commission sees why IQM declined, the whole route, and no personal data.
    for purpose in (None, "case_management"):
        reviewed = route.read(case, *COMMISSION, purpose=purpose)
        assert reviewed["level"] == "full"
        assert "personal_data" not in reviewed
        iqm = only(reviewed["referrals"], to_agency="iqm")
        assert (iqm["status"], iqm["decline_reason"]) == ("declined", "no_capacity")
        assert only(reviewed["referrals"], to_agency="dif")["status"] == "accepted"
        assert reviewed["custody"]["custodian"] == "dif"
        assert [
            (h["from_agency"], h["to_agency"], h["status"]) for h in reviewed["custody"]["handoffs"]
        ] == [("fge", "dif", "acknowledged")]
        route.assert_nothing_sealed_in(
            route.read_text(case, *COMMISSION, purpose=purpose), "the commission's view"
        )

    # No custody gap: the prosecutor held her from the detection until DIF acknowledged.
    timeline = route.timeline(case, *COMMISSION)
    intervals, gaps = custody_chain(timeline)
    assert [i["agency"] for i in intervals] == ["fge", "dif"]
    assert intervals[0]["to"] == intervals[1]["from"]
    assert intervals[1]["to"] is None
    assert gaps == []
    order = [e["type"] for e in timeline]
    assert order.index("referral_accepted") < order.index("custody_handoff_initiated")
    chain = route.api.get(f"/cases/{case}/custody", "cdheqroo", role="commission")
    if chain.status_code == 200:  # the custody route, where this build has it
        assert chain.json()["current_custodian"] == "dif"
        assert chain.json()["gaps"] == []
    else:
        assert expect(chain, 404)["code"] == "http_404"

    route.assert_timelines_seal(case, ("fge", "caseworker"), ("iqm", "caseworker"))


def test_withdrawn_consent_ends_iom_access_and_an_arco_cancellation_erases_her_data(
    route: Route,
) -> None:
    name, phone = "Rosa Ficticia Ejemplar", "Teléfono ficticio 998 000 0000"
    case = route.detect(
        "ssc",
        detection(
            route,
            45,
            municipality="Cozumel",
            indicators=["deceptive_recruitment", "document_retention"],
            exploitation_forms=["sexual"],
            age_group="adult",
            estimated_age=31,
            sex="female",
            nationality="VE",
            in_custody=False,
            personal_data={"full_name": name, "contact": phone, "date_of_birth": "1995-07-02"},
        ),
    )
    route.later(minutes=30)
    route.consent(case, "ssc", ["oim", "iqm"], ["social_support", "psychological"])
    support = route.refer(case, "ssc", "oim", "social_support")
    care = route.refer(case, "ssc", "iqm", "psychological")
    route.later(hours=3)
    route.accept(case, support, "oim")
    route.accept(case, care, "iqm")
    for_iom = route.read(case, "oim", purpose="care")
    assert for_iom["personal_data"]["contact"] == phone

    # Ten days later she withdraws her consent to IOM, and the referral to IOM is withdrawn.
    route.later(days=10)
    route.post(f"/cases/{case}/consents/withdraw", "iqm", {"agencies": ["oim"]})
    assert "personal_data" not in route.read(case, "oim", purpose="care")
    route.withdraw(case, support, "ssc", "person_declined")
    after = route.read(case, "oim", purpose="care")
    assert "personal_data" not in after
    assert name not in route.read_text(case, "oim", purpose="family_tracing")
    assert "oim" not in route.read(case, "iqm")["consent"]["agencies"]
    assert [e["agency"] for e in route.access_log(case)] == ["oim"]  # only the read before

    route.later(days=5)
    route.complete(case, care, "iqm")
    route.post(f"/cases/{case}/close", "ssc", {"reason": "person_declined_services"})

    # The ARCO cancellation, executed by an administrator (of any agency).
    route.later(days=20)
    route.post(
        f"/cases/{case}/personal-data/erase",
        "segob",
        {"reason": "arco_cancellation"},
        role="admin",
    )

    for agency, role in (("ssc", "caseworker"), ("iqm", "caseworker"), COMMISSION):
        seen = route.read(case, agency, role=role, purpose="case_management")
        assert seen["status"] == "closed"
        assert seen["personal_data_erased"] is True
        assert "personal_data" not in seen
    assert "personal_data" not in route.read(case, "oim", purpose="care")
    for agency in ("ssc", "iqm", "oim"):
        text = route.read_text(case, agency, purpose="case_management")
        route.assert_nothing_sealed_in(text, f"{agency}'s view after erasure")
    erased = of_type(route.timeline(case, *COMMISSION), "personal_data_erased")
    assert [(e["agency"], e["data"]["reason"]) for e in erased] == [("segob", "arco_cancellation")]

    route.assert_timelines_seal(case, ("ssc", "caseworker"), ("oim", "caseworker"))


def test_a_teenager_who_leaves_a_half_way_house_is_searched_for_with_only_what_the_search_needs(
    route: Route,
) -> None:
    name, photo = "Adolescente Ficticia Prueba", "foto-ficticia-frente-0001.jpg"
    identity: dict[str, Any] = {
        "full_name": name,
        "aliases": ["la Güera Ficticia"],
        "date_of_birth": "2010-05-09",
        "photos": [photo],
    }
    story = "Relato ficticio: la reclutaron por redes sociales con una oferta de modelaje."
    case = route.detect(
        "dif",
        detection(
            route,
            20,
            municipality="Solidaridad",
            indicators=["signs_of_abuse", "third_party_control"],
            exploitation_forms=["sexual"],
            age_group="child",
            estimated_age=16,
            sex="female",
            nationality="MX",
            personal_data={
                **identity,
                "contact": "Teléfono ficticio 984 000 0000",
                "narrative": story,
            },
        ),
    )
    route.later(minutes=15)
    notice = route.refer(case, "dif", "ppnna", "child_protection", urgency="urgent")
    route.start_measure(case, "dif", "shelter", "dif", location="Casa de medio camino Ficticia")
    route.later(minutes=30)
    route.accept(case, notice, "ppnna")
    route.child_protection_basis(case)
    route.later(days=3)
    route.complete(case, notice, "ppnna")

    # Two days on, in the evening, she is gone.
    route.later(days=2, hours=10)
    last_seen = local(route.clock() - timedelta(minutes=75))
    place = route.remember("Salida lateral ficticia de la casa")
    route.post(
        f"/cases/{case}/whereabouts/unknown", "dif", {"last_seen_at": last_seen, "place": place}
    )
    route.later(minutes=20)
    alert = route.refer(case, "dif", "ppnna", "child_protection", urgency="urgent")
    report = route.refer(case, "dif", "fge", "investigation", urgency="urgent")
    search = route.refer(
        case, "dif", "ssc", "search", urgency="urgent", note="Señas ficticias: sudadera verde"
    )
    route.later(minutes=15)
    route.accept(case, alert, "ppnna")
    route.accept(case, report, "fge")
    route.accept(case, search, "ssc")

    # PPNNA and the prosecutor were alerted within the hour of the report.
    timeline = route.timeline(case, *COMMISSION)
    (missing,) = of_type(timeline, "whereabouts_unknown_reported")
    alerted = {
        e["data"]["to_agency"]: at(e["at"])
        for e in of_type(timeline, "referral_issued")
        if at(e["at"]) > at(missing["at"])
    }
    for agency in ("ppnna", "fge"):
        assert alerted[agency] - at(missing["at"]) < HOUR
    assert route.read(case, "ppnna")["custody"]["whereabouts_unknown"] is True

    # The police on the search see who to look for, never her story or her contacts.
    for_search = route.read(case, "ssc", purpose="search")
    assert for_search["personal_data"] == identity
    assert story not in route.read_text(case, "ssc", purpose="search")
    assert "personal_data" not in route.read(case, "ssc")

    # Found the next morning, brought back, the search task completed.
    route.later(hours=14)
    found = route.remember("Parque central ficticio, banca 4")
    route.post(f"/cases/{case}/whereabouts/located", "ssc", {"custody_with": "ssc", "place": found})
    back = route.hand_over(case, "ssc", "dif", "Casa de medio camino Ficticia, entrada")
    route.later(minutes=50)
    route.acknowledge(case, back, "dif")
    route.complete(case, search, "ssc")
    after_search = route.read(case, "ssc", purpose="search")
    assert "personal_data" not in after_search
    text = route.read_text(case, "ssc", purpose="search")
    for value in (name, photo, story):
        assert value not in text

    route.assert_timelines_seal(case, ("ssc", "caseworker"), ("dif", "caseworker"))


def test_a_minor_held_by_migration_shows_a_nine_hour_late_notice_and_inm_answers_the_commission(
    route: Route,
) -> None:
    t0 = route.clock()
    case = route.detect(
        "inm",
        detection(
            route,
            0,
            municipality="Othón P. Blanco",
            indicators=["isolation", "deceptive_recruitment"],
            exploitation_forms=["labour"],
            age_group="child",
            estimated_age=14,
            sex="female",
            nationality="SV",
            personal_data={"full_name": "Niña Ficticia Ejemplo Alas"},
        ),
    )
    route.later(minutes=30)
    held = route.start_measure(
        case, "inm", "migration_detention", "inm", location="Estación migratoria ficticia, ala C"
    )
    route.clock.now = t0 + timedelta(hours=9)
    notice = route.refer(case, "inm", "ppnna", "child_protection", urgency="urgent")
    route.later(minutes=40)
    route.accept(case, notice, "ppnna")
    route.child_protection_basis(case)
    handoff = route.hand_over(case, "inm", "dif", "Estación migratoria ficticia, recepción")
    route.later(hours=1)
    route.acknowledge(case, handoff, "dif")
    route.end_measure(case, held, "inm", "transferred")

    # The complaint reaches the commission: it replays the case's timeline.
    route.later(days=3)
    timeline = route.timeline(case, *COMMISSION)
    (opened,) = of_type(timeline, "case_opened")
    (to_ppnna,) = of_type(timeline, "referral_issued")
    detected = at(opened["data"]["detection"]["detected_at"])
    assert detected == t0
    assert to_ppnna["data"]["to_agency"] == "ppnna"
    assert at(to_ppnna["at"]) - detected == timedelta(hours=9)
    (detention,) = of_type(timeline, "protection_measure_started")
    assert (detention["agency"], detention["data"]["kind"]) == ("inm", "migration_detention")

    # The commission observes (its own route), INM answers, and the answer is tracked.
    text = route.remember(
        "La niña permaneció en la estación migratoria; la PPNNA fue notificada 9 h después."
    )
    observation = route.post(
        f"/cases/{case}/observations",
        COMMISSION[0],
        {"concerning": "inm", "text": text, "kind": "finding"},
        status=201,
        role=COMMISSION[1],
    )["observation_id"]
    unanswered = only(route.read(case, *COMMISSION)["observations"], observation_id=observation)
    assert unanswered["answered_at"] is None
    assert (
        only(route.read(case, "inm")["observations"], observation_id=observation)["concerning"]
        == "inm"
    )
    route.later(days=4)
    answer = route.remember("Se instruyó notificar a la PPNNA de inmediato (respuesta ficticia).")
    route.post(f"/cases/{case}/observations/{observation}/answer", "inm", {"text": answer})

    reviewed = only(
        route.read(case, *COMMISSION, purpose="case_management")["observations"],
        observation_id=observation,
    )
    assert reviewed["concerning"] == "inm"
    assert at(reviewed["answered_at"]) - at(reviewed["issued_at"]) == timedelta(days=4)
    assert reviewed["answer"] == answer
    answered = of_type(route.timeline(case, *COMMISSION), "observation_answered")
    assert [(e["agency"], at(e["at"])) for e in answered] == [("inm", at(reviewed["answered_at"]))]

    route.assert_timelines_seal(case, ("inm", "caseworker"), ("ppnna", "caseworker"))
