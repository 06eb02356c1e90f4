"""The demo accounts of ``ruta serve --demo``: each start's tokens replace the last start's."""

from __future__ import annotations

import uuid

import pytest

from demo.accounts import demo_accounts, demo_people
from domain.actor import Role
from domain.errors.sign_in import EnrolmentLinkInvalid
from tests.e2e.conftest import Api


def test_a_second_start_refuses_the_tokens_printed_by_the_first(api: Api) -> None:
    first = demo_accounts(api.hub)
    second = demo_accounts(api.hub)

    assert [(a.agency, a.role) for a in first] == [(a.agency, a.role) for a in second]
    path = f"/cases/{uuid.uuid4()}"  # any case: authentication comes first
    for old, new in zip(first, second, strict=True):
        refused = api.client.get(path, headers={"Authorization": f"Bearer {old.token}"})
        assert refused.status_code == 401, (old.agency, old.role)
        assert refused.headers["content-type"] == "application/problem+json"
        accepted = api.client.get(path, headers={"Authorization": f"Bearer {new.token}"})
        assert accepted.status_code == 404, (new.agency, new.role)  # known caller, no such case


def test_the_demo_people_get_enrolment_links_that_replace_the_last_starts(api: Api) -> None:
    first = demo_people(api.hub)
    second = demo_people(api.hub)
    assert [(p.login, p.role) for p in first] == [
        ("turismo", Role.CASEWORKER),
        ("policia", Role.CASEWORKER),
        ("dif", Role.CASEWORKER),
        ("ppnna", Role.CASEWORKER),
        ("comision", Role.COMMISSION),
        ("auditoria", Role.AUDITOR),
        ("admin", Role.ADMIN),
    ]
    for old, new in zip(first, second, strict=True):
        with pytest.raises(EnrolmentLinkInvalid):
            api.hub.enrolment(old.link_token)
        assert api.hub.enrolment(new.link_token).login == new.login
