"""Ruta's PostgreSQL persistence: the ``eventsourcing`` library's, with pools that ride out an
outage of the server.

Every application, view and runner on PostgreSQL gets its connections from a pool that the
library's factory builds (``psycopg_pool``). Left as it builds them, a pool waits 30 s for a
connection on each of the library's 10 tries, so a request made while the server is down
hangs for five minutes; and the pool's reconnection attempts back off 1, 2, 4, 8... seconds up
to five minutes, so once the server is back the first requests still find no connection. This
factory keeps the library's recorders and tunes its pool: a short wait per try (about 4 s in
all before the error that the API answers with 503), and reconnection attempts that give up
after a second, so that the next request tries again at once and finds the server as soon as it
answers. Connections left dead by a restart are dropped as they are met (the library tries
again with the next one).
"""

from __future__ import annotations

import eventsourcing.postgres as es_postgres
from eventsourcing.utils import Environment, EnvType, get_topic

# Seconds a store operation waits for a pooled connection on each of the library's 10 tries
# (0.2 s apart): about 4.3 s in all while the server is down. Under load a connection is
# returned within milliseconds, and the next try waits again.
CONNECTION_WAIT = 0.25
# Seconds the pool keeps trying to replace a lost connection before giving up; the next
# request that finds no connection then starts a new attempt at once.
RECONNECT_FOR = 1.0
# Seconds to establish one connection (libpq's connect_timeout; it counts whole seconds and
# at least 2): a server that neither answers nor refuses cannot hold a pool's worker long.
CONNECT_TIMEOUT = 2


class PostgresStoreFactory(es_postgres.PostgresFactory):
    """The library's PostgreSQL factory, its connection pool tuned to ride out an outage."""

    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        pool = self.datastore.pool
        pool.timeout = CONNECTION_WAIT
        pool.reconnect_timeout = RECONNECT_FOR
        if isinstance(pool.kwargs, dict):
            pool.kwargs["connect_timeout"] = CONNECT_TIMEOUT


# What ``PERSISTENCE_MODULE`` names for a store on PostgreSQL.
TOPIC = get_topic(PostgresStoreFactory)
