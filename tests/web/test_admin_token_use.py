"""A system token's last use on ``/administracion/tokens``: in words, recorded once an hour."""

from __future__ import annotations

import re
from uuid import UUID
from zoneinfo import ZoneInfo

import httpx2 as httpx
from babel.dates import format_datetime

from domain.accounts import Credential, token_hash
from domain.stored_names import topics_of
from tests.web.conftest import OPERATOR, Site
from tests.web.test_admin import TOKENS, admin, client

ZONE = ZoneInfo("America/Cancun")  # the site's time zone (RUTA_TIME_ZONE's default)


def system_on_page(site: Site, label: str) -> str:
    """The text of the system's section on the tokens page, as an administrator reads it."""
    with client(site, admin(site)) as browser:
        page = browser.get(TOKENS)
    assert page.status_code == 200
    found = re.search(rf"<section[^>]*>\s*<h3[^>]*>{label}</h3>(.*?)</section>", page.text, re.S)
    assert found is not None, label
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def uses_recorded(site: Site, token: str) -> int:
    credential_id = Credential.create_id(token_hash(token))
    topics = topics_of(vars(Credential)["TokenUsed"])
    records = site.hub.recorder.select_notifications(start=1, limit=1_000_000, topics=topics)
    return sum(1 for r in records if r.originator_id == credential_id)


def opened(site: Site, label: str) -> str:
    with site.hub.acting_as(OPERATOR):
        return site.hub.open_account("dif", ["caseworker"], label).token


def test_a_token_used_through_the_api_shows_its_last_use_on_the_page(site: Site) -> None:
    token = opened(site, "Expedientes DIF usados")
    assert "Último uso: nunca" in system_on_page(site, "Expedientes DIF usados")
    with httpx.Client(base_url=site.url, timeout=30) as api:
        answer = api.get("/cases", headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200
    credential: object = site.hub.repository.get(Credential.create_id(token_hash(token)))
    assert isinstance(credential, Credential)
    assert credential.last_used is not None
    words = format_datetime(credential.last_used, "d MMM y, HH:mm", tzinfo=ZONE, locale="es_MX")
    shown = system_on_page(site, "Expedientes DIF usados")
    assert f"Último uso: {words}" in shown
    assert "nunca" not in shown


def test_a_second_use_within_the_hour_records_no_second_event(site: Site) -> None:
    token = opened(site, "Expedientes DIF frecuentes")
    with httpx.Client(base_url=site.url, timeout=30) as api:
        for _ in range(3):
            assert api.get("/cases", headers={"Authorization": f"Bearer {token}"}).is_success
    assert uses_recorded(site, token) == 1


def test_a_revoked_token_is_still_refused_at_once(site: Site) -> None:
    token = opened(site, "Expedientes DIF revocados")
    bearer = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=site.url, timeout=30) as api:
        assert api.get("/cases", headers=bearer).status_code == 200
        account_id = site.hub.authenticate(token).account
        with site.hub.acting_as(OPERATOR):
            account = site.hub.account(UUID(account_id))
            [token_id] = account.tokens
            site.hub.revoke_token(account.id, token_id)
        assert api.get("/cases", headers=bearer).status_code == 401
    assert uses_recorded(site, token) == 1
