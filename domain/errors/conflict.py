"""Conflict: the write raced another one, or what it would create exists already."""

from __future__ import annotations

from domain.errors.base import Conflict


class ConcurrentUpdate(Conflict):
    message = "The case was changed by someone else meanwhile; load it again and retry."


class CaseExists(Conflict):
    message = "A case with id {case_id} exists already."
