"""A check of our own for the schemathesis runs (loaded by ``test_schemathesis`` as its hooks).

schemathesis checks the media type of the statuses the document lists; this one holds for every
refusal, those it does not list included (405 for a method a path lacks, 404 for a path that
does not exist): each is RFC 9457 ``application/problem+json``.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis import Case, CheckContext, Response


@schemathesis.check
def errors_are_problem_json(ctx: CheckContext, response: Response, case: Case[Any]) -> bool | None:
    if response.status_code < 400:
        return None
    media_type = (response.headers.get("content-type") or [""])[0]
    if not media_type.startswith("application/problem+json"):
        raise AssertionError(
            f"{response.status_code} answered as {media_type or 'nothing'}, "
            "not application/problem+json"
        )
    return None
