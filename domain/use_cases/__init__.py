"""The hub's write use cases, one module per concern; ``domain/hub.py`` composes them all."""
