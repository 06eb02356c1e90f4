"""The result of verifying an export offline: what was checked, what failed, in JSON or words.

A report names places (positions, line numbers, tree sizes) and case ids, never the contents of
a record: an auditor may publish it, and a state holds sealed personal data.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

# Each check's detail, by language; the keys are the stable check codes of the JSON report.
DETAILS: dict[str, dict[str, str]] = {
    "es": {
        "line": "la línea no es un registro ni un punto de control: {reason}",
        "order": "la posición {position} no sigue a la posición {previous}",
        "leaf_hash": (
            "la hoja no corresponde a la huella que el registro de auditoría guardó para ella: "
            "el registro fue modificado, borrado, insertado o movido después de registrarse"
        ),
        "missing": (
            "el registro de auditoría tiene una hoja en esta posición, pero el almacén ya no "
            "tiene su registro: fue borrado"
        ),
        "unrecorded": (
            "el registro no está en el registro de auditoría: fue insertado por fuera de Ruta"
        ),
        "fields": "los campos mostrados ({fields}) no coinciden con la hoja",
        "decode": "el estado guardado no es un evento legible ({reason})",
        "checkpoint_signature": "el punto de control no está firmado con la llave: {reason}",
        "checkpoint_origin": "el punto de control es del registro «{origin}», no de «{expected}»",
        "checkpoint_size": (
            "el punto de control es de {size} registros, pero aparece después de {records}"
        ),
        "checkpoint_root": (
            "la raíz firmada para {size} registros no coincide con la de los registros; "
            "último tamaño verificado: {verified}"
        ),
        "kept_signature": (
            "el punto de control conservado n.º {kept} no está firmado con la llave: {reason}"
        ),
        "kept_origin": (
            "el punto de control conservado n.º {kept} es del registro «{origin}», "
            "no de «{expected}»"
        ),
        "kept_root": (
            "la raíz de los primeros {size} registros no es la del punto de control conservado: "
            "la historia fue reescrita o bifurcada"
        ),
        "rolled_back": (
            "el punto de control conservado es de {size} registros, pero la exportación termina en "
            "{records}: el registro fue revertido"
        ),
    },
    "en": {
        "line": "the line is neither a record nor a checkpoint: {reason}",
        "order": "position {position} does not follow position {previous}",
        "leaf_hash": (
            "the leaf does not match the hash the audit log recorded for it: the record was "
            "changed, deleted, inserted or moved after it was recorded"
        ),
        "missing": (
            "the audit log has a leaf at this position but the store no longer holds its "
            "record: it was deleted"
        ),
        "unrecorded": "the record is not in the audit log: it was inserted outside Ruta",
        "fields": "the fields shown ({fields}) disagree with the leaf",
        "decode": "the stored state is not a readable event ({reason})",
        "checkpoint_signature": "the checkpoint is not signed with the key: {reason}",
        "checkpoint_origin": "the checkpoint is of the log “{origin}”, not “{expected}”",
        "checkpoint_size": "the checkpoint is of {size} records but comes after {records}",
        "checkpoint_root": (
            "the root signed for {size} records is not the root of the records; "
            "last size verified: {verified}"
        ),
        "kept_signature": "kept checkpoint no. {kept} is not signed with the key: {reason}",
        "kept_origin": "kept checkpoint no. {kept} is of the log “{origin}”, not “{expected}”",
        "kept_root": (
            "the root of the first {size} records is not the kept checkpoint's: "
            "the history was rewritten or forked"
        ),
        "rolled_back": (
            "the kept checkpoint is of {size} records but the export ends at {records}: "
            "the log was rolled back"
        ),
    },
}

TEXT: dict[str, dict[str, str]] = {
    "es": {
        "ok": "Verificación del registro de auditoría: correcta.",
        "failed": "Verificación del registro de auditoría: FALLÓ.",
        "origin": "Registro: {origin}",
        "counts": "Registros leídos: {records} (líneas: {lines}).",
        "checkpoints": "Puntos de control firmados verificados: {checkpoints}; "
        "tamaño verificado: {size}.",
        "unvouched": "Aviso: {count} registros después del último punto de control no están "
        "respaldados por una firma.",
        "erased": "Expedientes con datos personales suprimidos (verifican igual): {count}",
        "failures": "Fallas:",
        "more": "… y {count} fallas más.",
        "position": "posición {n}",
        "line_no": "línea {n}",
        "size": "tamaño {n}",
        "kept": "punto de control conservado n.º {n}",
    },
    "en": {
        "ok": "Audit log verification: passed.",
        "failed": "Audit log verification: FAILED.",
        "origin": "Log: {origin}",
        "counts": "Records read: {records} (lines: {lines}).",
        "checkpoints": "Signed checkpoints verified: {checkpoints}; size verified: {size}.",
        "unvouched": "Warning: {count} records after the last checkpoint are not vouched for "
        "by a signature.",
        "erased": "Cases whose personal data was erased (they verify all the same): {count}",
        "failures": "Failures:",
        "more": "… and {count} more failures.",
        "position": "position {n}",
        "line_no": "line {n}",
        "size": "size {n}",
        "kept": "kept checkpoint no. {n}",
    },
}

# Where a failure is, in the order a reader looks for it.
PLACES = ("position", "line", "size", "kept")


@dataclass(frozen=True)
class Failure:
    """One failed check, where it failed, and the facts its detail states (no record content)."""

    check: str
    position: int | None = None
    line: int | None = None
    size: int | None = None
    kept: int | None = None
    facts: Mapping[str, object] = field(default_factory=dict)

    def places(self) -> dict[str, int]:
        found = {name: getattr(self, name) for name in PLACES}
        return {name: value for name, value in found.items() if value is not None}

    def detail(self, lang: str = "es") -> str:
        details = DETAILS[lang]
        facts = {**self.places(), **self.facts}
        return details[self.check].format(**facts)

    def to_json(self, lang: str = "es") -> dict[str, Any]:
        return {**self.places(), "check": self.check, "detail": self.detail(lang)}

    def to_text(self, lang: str = "es") -> str:
        where = ", ".join(TEXT[lang][_place_key(n)].format(n=v) for n, v in self.places().items())
        return f"{where} [{self.check}]: {self.detail(lang)}"


def _place_key(name: str) -> str:
    return "line_no" if name == "line" else name


@dataclass(frozen=True)
class Report:
    """What an offline verification found; ``ok`` when no check failed."""

    records: int
    lines: int
    origin: str | None
    checkpoints: int
    size_verified: int
    unvouched: int
    erased_cases: tuple[UUID, ...]
    failures: tuple[Failure, ...]
    failures_omitted: int = 0

    @property
    def ok(self) -> bool:
        return not self.failures

    def to_json(self, lang: str = "es") -> str:
        return json.dumps(
            {
                "ok": self.ok,
                "records": self.records,
                "lines": self.lines,
                "origin": self.origin,
                "checkpoints": self.checkpoints,
                "size_verified": self.size_verified,
                "unvouched": self.unvouched,
                "erased_cases": [str(case) for case in self.erased_cases],
                "failures": [failure.to_json(lang) for failure in self.failures],
                "failures_omitted": self.failures_omitted,
            },
            ensure_ascii=False,
        )

    def to_text(self, lang: str = "es") -> str:
        text = TEXT[lang]
        out = [text["ok" if self.ok else "failed"]]
        if self.origin is not None:
            out.append(text["origin"].format(origin=self.origin))
        out.append(text["counts"].format(records=self.records, lines=self.lines))
        out.append(
            text["checkpoints"].format(checkpoints=self.checkpoints, size=self.size_verified)
        )
        if self.unvouched:
            out.append(text["unvouched"].format(count=self.unvouched))
        if self.erased_cases:
            out.append(text["erased"].format(count=len(self.erased_cases)))
            out.extend(f"  {case}" for case in self.erased_cases)
        if self.failures:
            out.append(text["failures"])
            out.extend(f"  {failure.to_text(lang)}" for failure in self.failures)
        if self.failures_omitted:
            out.append(text["more"].format(count=self.failures_omitted))
        return "\n".join(out) + "\n"
