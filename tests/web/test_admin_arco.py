"""ARCO requests on the administrators' pages (LGPDPPSO arts. 37-50): the list and intake, a
request's next step as a form, an access request's printable answer, and the retention schedule.
The pages name a case by its folio: the person's data is in none of their addresses or titles."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from uuid import UUID

import httpx2 as httpx

from tests.web.commission_support import client
from tests.web.conftest import Site
from tests.web.test_admin import form_fields
from tests.web.test_case_closing import unreferred
from tests.web.test_case_work import CSRF, actor
from tests.web.test_inbox import until

PATH = "/administracion/arco"
TITLE = re.compile(r"<title>(.*?)</title>", re.S)
NAME = "Persona Ficticia Cierre"  # the name ``unreferred`` seals


def local_now(site: Site) -> str:
    return (site.clock() - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M")


def receive(admin: httpx.Client, site: Site, folio: str, kind: str, **more: str) -> httpx.Response:
    fields = form_fields(admin.get(PATH).text)
    sent = {"folio": folio, "tipo": kind, "solicitante": "holder", "identidad": "si"}
    sent["recibida"] = local_now(site)
    return admin.post(PATH, data={**fields, **sent, **more})


def request_id(answer: httpx.Response) -> UUID:
    found = re.search(r"/administracion/arco/([0-9a-f-]{36})", answer.headers["location"])
    assert found is not None, answer.headers["location"]
    return UUID(found.group(1))


def step(admin: httpx.Client, request: UUID, action: str, **sent: str) -> httpx.Response:
    page = admin.get(f"{PATH}/{request}").text
    csrf = CSRF.search(page).group(1)  # type: ignore[union-attr]
    key = re.search(
        rf'action="{PATH}/{request}/{action}".*?name="clave" value="([^"]+)"', page, re.S
    )
    assert key is not None, action
    return admin.post(
        f"{PATH}/{request}/{action}", data={"csrf": csrf, "clave": key.group(1), **sent}
    )


def test_a_cancellation_is_received_answered_and_carried_out_erasing_the_data(site: Site) -> None:
    """LGPDPPSO arts. 46 and 51: a granted cancellation is carried out by suppressing the data."""
    folio, case_id = unreferred(site)
    with client(site, "segob", "admin") as admin:
        received = receive(admin, site, folio, "cancellation")
        assert received.status_code == 303, received.text
        request = request_id(received)
        shown = admin.get(received.headers["location"]).text
        assert "La solicitud quedó registrada" in shown
        assert f"Solicitud de cancelación, caso {folio}" in shown
        assert "solicitada por la persona titular; identidad acreditada" in shown
        assert "Vence el" in shown
        assert step(admin, request, "responder", decision="granted").status_code == 303
        assert "Respondida: procedente." in admin.get(f"{PATH}/{request}").text
        done = step(admin, request, "hacer-efectiva")
        assert done.status_code == 303
        shown = admin.get(done.headers["location"]).text
        assert "los datos personales del caso fueron suprimidos" in shown
        listed = admin.get(PATH).text
    assert site.hub.get_case(case_id).personal_data_erased
    assert f'href="/administracion/arco/{request}">{folio}</a>' in listed
    assert NAME not in listed + shown


def test_a_refusal_needs_its_ground_and_every_wrong_answer_is_said_in_spanish(site: Site) -> None:
    """LGPDPPSO art. 49: a refusal cites one of its grounds."""
    folio, _ = unreferred(site)
    with client(site, "segob", "admin") as admin:
        fields = form_fields(admin.get(PATH).text)
        empty = admin.post(PATH, data=fields)
        assert empty.status_code == 400
        for said in ("Escriba el folio como", "Elija el derecho", "Elija quién lo solicita",
                     "Diga si se acreditó", "Escriba la fecha y hora"):  # fmt: skip
            assert said in empty.text
        unknown = receive(admin, site, "QR-1999-999999", "access")
        assert "No hay un caso con ese folio." in unknown.text
        late = receive(admin, site, folio, "access", recibida="2099-01-01T10:00")
        assert "no puede ser posterior" in late.text
        request = request_id(receive(admin, site, folio, "access"))
        bare = step(admin, request, "responder", decision="refused")
        assert bare.status_code == 400
        assert "cita su fundamento del artículo 49" in bare.text
        refused = step(admin, request, "responder", decision="refused", fundamento="already_done")
        assert refused.status_code == 303
        shown = admin.get(f"{PATH}/{request}").text
    assert "Respondida: improcedente, por la causa VII." in shown
    assert f"{PATH}/{request}/hacer-efectiva" not in shown  # nothing to carry out


def test_an_extension_moves_the_deadline_and_is_taken_once(site: Site) -> None:
    """LGPDPPSO art. 45: one extension, by 10 business days, within the first term."""
    folio, _ = unreferred(site)
    with client(site, "segob", "admin") as admin:
        request = request_id(receive(admin, site, folio, "rectification"))
        before = site.hub.arco_request(request)
        assert step(admin, request, "ampliar", motivo="volume").status_code == 303
        shown = admin.get(f"{PATH}/{request}").text
    assert "Plazo ampliado 10 días hábiles: El expediente es extenso." in shown
    assert f"{PATH}/{request}/ampliar" not in shown
    assert site.hub.arco_request(request).extension is not None
    assert before.extension is None


def test_a_granted_access_request_is_answered_with_a_printable_page(site: Site) -> None:
    """LGPDPPSO art. 44: the person may know what is held about them; the reading is recorded."""
    folio, case_id = unreferred(site)
    with client(site, "segob", "admin") as admin:
        request = request_id(receive(admin, site, folio, "access"))
        assert admin.get(f"{PATH}/{request}/acceso").status_code == 404  # not granted yet
        step(admin, request, "responder", decision="granted")
        assert f"{PATH}/{request}/acceso" in admin.get(f"{PATH}/{request}").text
        export = admin.get(f"{PATH}/{request}/acceso")
    assert export.status_code == 200
    assert NAME in export.text
    assert "Lo que Ruta guarda sobre la persona" in TITLE.search(export.text).group(1)  # type: ignore[union-attr]
    assert NAME not in TITLE.search(export.text).group(1)  # type: ignore[union-attr]
    assert re.search(r"<li>[^<]*SSC  Detección en ", export.text)  # the case's timeline lines
    [reading] = [r for r in site.hub.access_log(case_id=case_id) if r.purpose == "arco_access"]
    assert reading.account == str(site.person("segob", "admin"))


def test_only_administrators_open_the_arco_pages_and_others_get_the_403_page(site: Site) -> None:
    folio, _ = unreferred(site)
    with client(site, "segob", "admin") as admin:
        request = request_id(receive(admin, site, folio, "access"))
    pages = [PATH, f"{PATH}/{request}", f"{PATH}/{request}/acceso", "/administracion/conservacion"]
    for agency, role in (("ssc", "caseworker"), ("cdheqroo", "commission"), ("segob", "auditor")):
        with client(site, agency, role) as other:
            for path in pages:
                assert other.get(path).status_code == 403, (role, path)
            csrf = CSRF.search(other.get(PATH).text).group(1)  # type: ignore[union-attr]
            for path in (PATH, f"{PATH}/{request}/responder", f"{PATH}/{request}/hacer-efectiva"):
                refused = other.post(path, data={"csrf": csrf, "decision": "granted"})
                assert refused.status_code == 403, (role, path)
    assert site.hub.arco_request(request).decision is None


@contextmanager
def retention_years(site: Site, years: int | None) -> Iterator[None]:
    """The site's parts as a deployment with ``RUTA_RETENTION_YEARS`` set would have them."""
    before = site.parts.retention_years
    object.__setattr__(site.parts, "retention_years", years)  # frozen: a test's own deployment
    try:
        yield
    finally:
        object.__setattr__(site.parts, "retention_years", before)


def test_without_a_retention_period_the_page_says_it_is_not_set(site: Site) -> None:
    with client(site, "segob", "admin") as admin:
        shown = admin.get("/administracion/conservacion").text
    assert "No se ha fijado un plazo de conservación" in shown


def test_cases_past_the_retention_period_link_to_their_erasure(site: Site) -> None:
    """LGPDPPSO art. 24: data kept no longer than its purposes need, for the deployment's
    years; the erasure is recorded as the end of retention, never as ARCO."""
    folio, case_id = unreferred(site)
    with site.hub.acting_as(actor(site, "ssc")):  # type: ignore[arg-type]
        site.hub.close_case(case_id, "person_declined_services")
    site.clock.advance(days=367)
    try:
        with retention_years(site, 1), client(site, "segob", "admin") as admin:
            shown = admin.get("/administracion/conservacion").text
            link = f"/administracion/supresion?folio={folio}&amp;motivo=retention_expired"
            assert link in shown
            erasure = admin.get(link.replace("&amp;", "&")).text
    finally:
        site.clock.advance(days=-367)
    assert f'name="folio" value="{folio}"' in erasure
    assert 'value="retention_expired" checked' in erasure


def test_the_arco_pages_are_in_english_when_asked(site: Site) -> None:
    folio, _ = unreferred(site)
    with client(site, "segob", "admin") as admin:
        request = request_id(receive(admin, site, folio, "opposition"))
        admin.cookies.set("ruta_idioma", "en")
        listed = admin.get(PATH).text
        shown = admin.get(f"{PATH}/{request}").text
        kept = admin.get("/administracion/conservacion").text
    assert "Record a request received" in listed
    assert f"Request for opposition, case {folio}" in shown
    assert "asked by the data holder; identity accredited." in shown
    assert "Ground of a refusal" in shown
    assert "No retention period is set" in kept


def test_the_commission_sees_an_unanswered_request_as_a_finding_against_segob(site: Site) -> None:
    """LGPDPPSO art. 45: unanswered after 20 business days, the request is ``arco_overdue``
    against SEGOB's unit of transparency, on the board of the commission's findings."""
    folio, case_id = unreferred(site)
    with client(site, "segob", "admin") as admin:
        request = request_id(receive(admin, site, folio, "access"))
    review = site.parts.review
    assert review is not None
    far = site.clock() + timedelta(days=60)
    until(lambda: review.findings(at=far, rule="arco_overdue", case_id=case_id) != [])
    site.clock.advance(days=40)
    try:
        with client(site, "cdheqroo", "commission") as commission:
            board = commission.get("/comision/hallazgos?regla=arco_overdue").text
    finally:
        site.clock.advance(days=-40)
    cell = rf'<td class="folio"><a href="/comision/casos/{folio}">'
    row = re.search(rf'<tr class="finding" data-rule="arco_overdue">\s*{cell}.*?</tr>', board, re.S)
    assert row is not None, "the request's case is not on the board"
    assert "Solicitud ARCO fuera de plazo" in row.group(0)
    assert "<td>Secretaría de Gobierno" in row.group(0)
    assert site.hub.arco_request(request).answered_at is None
