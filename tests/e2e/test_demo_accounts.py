"""The demo accounts of ``ruta serve --demo``: each start's tokens replace the last start's."""

from __future__ import annotations

import uuid

from demo.accounts import demo_accounts
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
