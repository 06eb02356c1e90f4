"""Folio numbers: unique, found again after a restart in few reads, tolerant of gaps."""

from __future__ import annotations

from domain.folio import FolioNumbers, format_folio


def numbers_over(existing: set[int]) -> tuple[FolioNumbers, list[int]]:
    reads: list[int] = []

    def exists(folio: str) -> bool:
        number = int(folio.rsplit("-", 1)[1])
        reads.append(number)
        return number in existing

    return FolioNumbers(exists), reads


def test_folios_have_the_documented_shape() -> None:
    assert format_folio("QR", 2026, 123) == "QR-2026-000123"


def test_the_first_folio_of_a_year_is_one() -> None:
    numbers, _ = numbers_over(set())
    assert numbers.reserve("QR", 2026) == 1
    assert numbers.reserve("QR", 2026) == 2
    assert numbers.reserve("QR", 2027) == 1


def test_after_a_restart_the_next_number_is_found_in_logarithmic_reads() -> None:
    numbers, reads = numbers_over(set(range(1, 5001)))
    assert numbers.reserve("QR", 2026) == 5001
    assert len(reads) < 30


def test_a_number_taken_by_another_writer_moves_the_hint_past_it() -> None:
    existing = set(range(1, 11))
    numbers, _ = numbers_over(existing)
    assert numbers.reserve("QR", 2026) == 11
    existing.update(range(11, 40))  # another process opened 29 cases meanwhile
    assert numbers.reserve("QR", 2026) == 12
    numbers.taken("QR", 2026, 12)
    assert numbers.reserve("QR", 2026) == 40
