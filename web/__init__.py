"""The pages people use (caseworkers, supervisors, the commission, auditors, administrators).

Server-rendered, served by ``ruta serve`` at ``/`` beside the HTTP API, and fed by the same read
side (``queries/``), so a page never shows what the API would refuse.
"""
