"""The composition root: the one place where settings become the running parts of a process.

Nothing is built at import time. Each process asks here for what it runs, built into its own
``ExitStack`` and handed down: ``ruta serve`` (``server``: the hub, the views or their readers,
the checkpoints, the relay, the telemetry, and the API's ``Parts``, given to ``create_app``),
``ruta project run`` and ``ruta relay`` (``workers``), and the short verbs (``hub``: a hub with
its key store, a hub that only reads the log). The pieces are built by the modules
beside this one: ``stores`` (the stores' settings, the key store), ``view_runners`` and ``views``
(the views and their runners, each given its settings as arguments), ``relay`` (the Kafka relay)
and ``parts`` (what the HTTP API is handed).
"""

from adapters.bootstrap.hub import Runtime, build_runtime, open_log
from adapters.bootstrap.stores import postgres_env, store_env

__all__ = ["Runtime", "build_runtime", "open_log", "postgres_env", "store_env"]
