"""The tables of a view on PostgreSQL: named after its tracking table, in the hub's schema.

A view whose tracking table is ``review_tracking`` keeps ``review_cases``, ``review_findings``...
beside it, so that two views of one kind (a rebuild's fresh copy, say) never share a table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from eventsourcing.postgres import PostgresTrackingRecorder
from psycopg.sql import SQL, Composed, Identifier


def statements(
    recorder: PostgresTrackingRecorder, tracking_table_name: str, tables: Mapping[str, str]
) -> Callable[[str], Composed]:
    """What fills a statement's ``{schema}`` and ``{<key>}`` placeholders, each key of
    ``tables`` standing for ``<prefix>_<its suffix>``; refuses a name PostgreSQL would cut."""
    prefix = tracking_table_name.removesuffix("_tracking")
    names = {key: f"{prefix}_{suffix}" for key, suffix in tables.items()}
    for name in names.values():
        recorder.check_identifier_length(name)
    identifiers = {key: Identifier(name) for key, name in names.items()}
    identifiers["schema"] = Identifier(recorder.datastore.schema)

    def statement(text: str) -> Composed:
        return SQL(text).format(**identifiers)

    return statement
