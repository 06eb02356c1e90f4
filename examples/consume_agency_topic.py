"""How an agency's system consumes its Ruta topic, handles each event once, and resumes safely.

Ruta publishes every case event that concerns an agency to the topic ``ruta.agency.<code>``
(CloudEvents, Kafka binary mode): the attributes are ``ce_*`` headers, the data is JSON, the key
is the case id, so the events of one case arrive in order. Delivery is *at least once*: after a
restart of Ruta's relay an event can arrive again, always with the same ``ce_id``.

So a consumer:

1. joins a consumer group, with automatic commits off;
2. handles a record, then commits its offset (a crash in between means the record comes again);
3. drops an event whose ``ce_id`` it has handled already. Here the ids handled are kept in a
   small SQLite table, in the same transaction as the agency's own write, so that "handled" and
   "remembered" cannot disagree; rows older than a week are pruned (redeliveries come within
   minutes).

Run it with the address of the brokers and the agency's code::

    python examples/consume_agency_topic.py 127.0.0.1:9092 dif

It needs only ``kafka-python`` (``pip install kafka-python``).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import time
from typing import Any

from kafka import KafkaConsumer
from kafka.structs import OffsetAndMetadata

KEEP_IDS_FOR = 7 * 24 * 3600  # seconds


def open_store(path: str) -> sqlite3.Connection:
    """The agency's own database: here, the ids of the events already handled."""
    db = sqlite3.connect(path)
    db.execute("CREATE TABLE IF NOT EXISTS handled (ce_id TEXT PRIMARY KEY, at REAL NOT NULL)")
    return db


def handle_once(db: sqlite3.Connection, record: Any) -> bool:
    """Handle the record unless its event was handled before; True if it was handled now."""
    headers = {name: value.decode() for name, value in record.headers}
    event = {"id": headers["ce_id"], "type": headers["ce_type"], "data": json.loads(record.value)}
    with db:  # one transaction: the agency's write and the id, or neither
        try:
            db.execute("INSERT INTO handled VALUES (?, ?)", (event["id"], time.time()))
        except sqlite3.IntegrityError:
            return False  # a redelivery: same ce_id, already handled
        process(event)  # the agency's own work, e.g. writing to its case system in ``db``
    return True


def process(event: dict[str, Any]) -> None:
    data = event["data"]
    print(f"{event['type']:<32} case {data['case_id']}  version {data['version']}")


def consume(
    servers: str, agency: str, db: sqlite3.Connection, max_events: int | None = None
) -> int:
    """Follow the agency's topic; returns how many events were handled (once each)."""
    consumer = KafkaConsumer(
        f"ruta.agency.{agency}",
        bootstrap_servers=servers.split(","),
        group_id=f"{agency}-case-system",
        enable_auto_commit=False,  # commit after handling, never before
        auto_offset_reset="earliest",  # a new group starts with the topic's first event
        max_poll_interval_ms=5000,  # handle a poll's records within this time
        max_poll_records=100,
        session_timeout_ms=6000,  # the group forms in seconds, not the default 45
        heartbeat_interval_ms=1000,
    )
    handled = 0
    try:
        while max_events is None or handled < max_events:
            for partition, records in consumer.poll(timeout_ms=1000).items():
                for record in records:
                    handled += handle_once(db, record)
                    # The next offset to read: committed only now that the record is handled.
                    consumer.commit({partition: OffsetAndMetadata(record.offset + 1, "", -1)})
            with db:
                db.execute("DELETE FROM handled WHERE at < ?", (time.time() - KEEP_IDS_FOR,))
    finally:
        consumer.close()
    return handled


if __name__ == "__main__":
    consume(sys.argv[1], sys.argv[2], open_store(f"{sys.argv[2]}-handled.db"))
