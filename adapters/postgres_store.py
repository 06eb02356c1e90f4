"""Connection pools on PostgreSQL that ride out an outage of the server.

Every application, view and runner on PostgreSQL gets its connections from a pool that the
``eventsourcing`` library builds (``psycopg_pool``). Left as it builds them, a pool waits 30 s
for a connection on each of the library's 10 tries, so a request made while the server is down
hangs for five minutes; and the pool's reconnection attempts back off 1, 2, 4, 8... seconds up
to five minutes, so once the server is back the first requests may still find no connection.
``ride_out_outages`` tunes the pools of what a process keeps (the composition root and the
runners call it): a short wait per try (about 4 s in all before the error that the API answers
with 503), and reconnection attempts that give up after a second, so that the next request tries
again at once and finds the server as soon as it answers. Connections left dead by a restart are
dropped as they are met (the library tries again with the next one).

The pools are tuned where they are built rather than by a factory of Ruta's own, so that
``PERSISTENCE_MODULE`` stays the library's ``eventsourcing.postgres``, which other parts read.
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresDatastore

# Seconds a store operation waits for a pooled connection on each of the library's 10 tries
# (0.2 s apart): about 4.3 s in all while the server is down. Under load a connection is
# returned within milliseconds, and the next try waits again.
CONNECTION_WAIT = 0.25
# Seconds a pool keeps trying to replace a lost connection before giving up; the next request
# that finds no connection then starts a new attempt at once.
RECONNECT_FOR = 1.0
# Seconds to establish one connection (libpq's connect_timeout; it counts whole seconds and at
# least 2): a server that neither answers nor refuses cannot hold a pool's worker long.
CONNECT_TIMEOUT = 2


def ride_out_outages(*users: object) -> None:
    """Tune the PostgreSQL pools of these applications (``Hub`` and its kind) and recorders
    (views, tracking); a user of another store is left as it is."""
    for user in users:
        factory = getattr(user, "factory", None)
        datastore = getattr(factory, "datastore", None) or getattr(user, "datastore", None)
        if not isinstance(datastore, PostgresDatastore):
            continue
        pool = datastore.pool
        pool.timeout = CONNECTION_WAIT
        pool.reconnect_timeout = RECONNECT_FOR
        if isinstance(pool.kwargs, dict):
            pool.kwargs["connect_timeout"] = CONNECT_TIMEOUT
