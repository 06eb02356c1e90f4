"""A small HTTP client for the fault tests: one connection per request, a timeout, the answer.

A request that gets no answer (the server was killed, or did not answer within ``timeout``)
raises ``OSError`` (``ConnectionError``, ``TimeoutError``...), which the load loop counts as a
command to retry.
"""

from __future__ import annotations

import http.client
import json
from dataclasses import dataclass
from typing import Any

TIMEOUT = 30.0  # seconds: a server that says nothing for this long has failed the test's client


@dataclass(frozen=True)
class Answer:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip()


def request(
    port: int,
    method: str,
    path: str,
    *,
    token: str | None = None,
    body: Any = None,
    headers: dict[str, str] | None = None,
    timeout: float = TIMEOUT,
) -> Answer:
    sent = dict(headers or {})
    if token is not None:
        sent["Authorization"] = f"Bearer {token}"
    payload = None
    if body is not None:
        payload = json.dumps(body).encode()
        sent["Content-Type"] = "application/json"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        return Answer(
            response.status,
            {name.lower(): value for name, value in response.getheaders()},
            response.read(),
        )
    except http.client.HTTPException as e:  # a connection closed mid-answer
        raise ConnectionError(f"no complete answer: {type(e).__name__}") from e
    finally:
        connection.close()
