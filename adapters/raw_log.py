"""The hub's log as the store holds it: records with their exact bytes, never decoded.

The audit log hashes the stored bytes of each record. The library's projection runner hands a
projection decoded domain events; an application whose mapper passes the stored notification
through unchanged lets the same runner (subscription, tracking, resumption) follow the raw log.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Mapper, StoredEvent

from domain.hub import Hub


class PassThroughMapper(Mapper[Any]):
    """Gives the stored record itself where a domain event would be decoded."""

    def to_domain_event(self, stored_event: StoredEvent) -> Any:
        return stored_event


class RawLog(Hub):
    """The hub's log (same name, same tables, same positions), read as stored records."""

    name = "Hub"

    def construct_mapper(self) -> Mapper[Any]:
        return PassThroughMapper(self.construct_transcoder())
