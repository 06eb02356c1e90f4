"""Benchmarks of the hub on its real stores; `make bench` runs them all and prints the figures."""
