"""The write side: aggregates, their rules, the hub.

Importing any part of the domain first names its stored classes (``domain/stored_names.py``),
before anything can ask the library for a topic: the library caches its first answer.
"""

from domain.stored_names import name_stored_classes

name_stored_classes()
