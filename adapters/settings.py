"""Configuration: one frozen settings object built from ``RUTA_*`` environment variables.

With nothing set, everything runs embedded: SQLite under ``./var/`` (``RUTA_DATA_DIR`` moves it),
keys generated there on first run, no Kafka. Every bad value is refused at start with a message
that names the variable; an unknown ``RUTA_*`` variable is refused too, since it is most likely
a typo of one that matters.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from adapters.review_limits_file import DeploymentLimits, LimitsFileError, read_limits
from domain.agencies import DEFAULT_CATALOGUE, CatalogueError, load_catalogue

KNOWN = {
    "RUTA_DATA_DIR": "directory of the embedded database and generated keys (default ./var)",
    "RUTA_STORE": "unset for SQLite under the data dir, or postgresql://user@host:port/db",
    "RUTA_STORE_PASSWORD_FILE": "file holding the PostgreSQL password (for Docker secrets)",
    "RUTA_MASTER_KEY_FILE": "file holding the master key (default <data dir>/master.key)",
    "RUTA_AGENCY_CATALOGUE": "agency catalogue JSON file (default: Quintana Roo)",
    "RUTA_KAFKA_BOOTSTRAP_SERVERS": "host:port[,host:port] of Kafka; unset means no relay",
    "RUTA_OTEL_EXPORTER": "none, console or otlp",
    "RUTA_STATISTICS_K": "smallest count published in statistics (default 11, as CTDC publishes)",
    "RUTA_CHECKPOINT_KEY_FILE": "file holding the checkpoint signer key (default <data dir>/"
    "checkpoint.key)",
    "RUTA_TIME_ZONE": "IANA time zone the pages write dates in (default America/Cancun)",
    "RUTA_LOG_ORIGIN": "the audit log's origin and its key's name (default ruta.mx/<deployment>)",
    "RUTA_CHECKPOINT_INTERVAL": "seconds between signed checkpoints while the log grows "
    "(default 60)",
    "RUTA_PUBLIC_URL": "the address people open the pages at, for enrolment links "
    "(default http://127.0.0.1:8000)",
    "RUTA_REVIEW_LIMITS": "JSON file of the review rules' limits and added holidays "
    "(default: the limits of DESIGN.md, the official calendar)",
    "RUTA_RETENTION_YEARS": "years a closed case's personal data is kept before it is listed "
    "for erasure (unset: no retention schedule)",
}
# Read by a client command on an agency's machine, never by the hub: accepted in the environment
# (so a command that also reads the settings starts), but no setting of a deployment.
CLIENT = {
    "RUTA_TOKEN": "the account token `ruta subscribe --feed` sends (rather than --token, which "
    "every user of the machine sees in the process list)",
}
ORIGIN_DOMAIN = "ruta.mx"
EXPORTERS = ("none", "console", "otlp")


class SettingsError(ValueError):
    """The environment does not describe a deployment that can start."""


@dataclass(frozen=True)
class PostgresStore:
    host: str
    port: int
    user: str
    password: str
    dbname: str
    schema: str

    def conninfo(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}" + (
            f" password={self.password}" if self.password else ""
        )

    def __repr__(self) -> str:  # the password never reaches a log
        return f"PostgresStore({self.user}@{self.host}:{self.port}/{self.dbname}, {self.schema})"


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    postgres: PostgresStore | None
    master_key_file: Path
    catalogue_file: Path
    kafka_bootstrap_servers: tuple[str, ...]
    otel_exporter: str
    statistics_k: int = 11
    checkpoint_key_file: Path = Path("var/checkpoint.key")
    log_origin: str = f"{ORIGIN_DOMAIN}/quintana-roo"
    checkpoint_interval: float = 60.0
    time_zone: str = "America/Cancun"  # the pages' dates: Quintana Roo keeps UTC-05:00 all year
    public_url: str = "http://127.0.0.1:8000"  # where enrolment links point
    limits: DeploymentLimits = field(
        default_factory=DeploymentLimits
    )  # RUTA_REVIEW_LIMITS over the defaults
    retention_years: int | None = None  # no law sets it: the deployment does, or nothing

    @property
    def embedded(self) -> bool:
        """Nothing configured: SQLite and keys under the data dir, created on first run."""
        return self.postgres is None

    @property
    def sqlite_path(self) -> Path:
        return self.data_dir / "ruta.db"

    @property
    def keystore_path(self) -> Path:
        return self.data_dir / "keys.db"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if environ is None else environ)
        problems = [
            f"{name}: unknown setting (known: {', '.join(sorted(KNOWN))})"
            for name in sorted(env)
            if name.startswith("RUTA_") and name not in KNOWN and name not in CLIENT
        ]
        data_dir = Path(env.get("RUTA_DATA_DIR") or "var")
        postgres = None
        if store := env.get("RUTA_STORE", "").strip():
            try:
                postgres = parse_store(store)
            except SettingsError as e:
                problems.append(f"RUTA_STORE: {e}")
        if (password_file := env.get("RUTA_STORE_PASSWORD_FILE")) and postgres is not None:
            try:
                password = Path(password_file).read_text(encoding="utf-8").strip()
                postgres = replace(postgres, password=password)
            except OSError as e:
                problems.append(f"RUTA_STORE_PASSWORD_FILE: cannot read {password_file} ({e})")
        master_key = env.get("RUTA_MASTER_KEY_FILE")
        if postgres is not None and not master_key:
            problems.append(
                "RUTA_MASTER_KEY_FILE: required with RUTA_STORE (a configured deployment never "
                "generates its master key); create one with `ruta keys init <file>`"
            )
        catalogue = Path(env.get("RUTA_AGENCY_CATALOGUE") or DEFAULT_CATALOGUE)
        if not catalogue.is_file():
            problems.append(f"RUTA_AGENCY_CATALOGUE: {catalogue} is not a file")
        checkpoint_key = env.get("RUTA_CHECKPOINT_KEY_FILE")
        if postgres is not None and not checkpoint_key:
            problems.append(
                "RUTA_CHECKPOINT_KEY_FILE: required with RUTA_STORE (a configured deployment "
                "never generates the key its checkpoints are checked with); create one with "
                "`ruta audit init-key <file>`"
            )
        origin = env.get("RUTA_LOG_ORIGIN", "").strip()
        if origin and not _ORIGIN.fullmatch(origin):
            problems.append(
                f"RUTA_LOG_ORIGIN: {origin!r} is not one line without spaces or '+' "
                "(it also names the checkpoint key), such as ruta.mx/quintana-roo"
            )
        elif not origin and catalogue.is_file():
            try:
                origin = default_origin(load_catalogue(catalogue).deployment)
            except CatalogueError as e:
                problems.append(f"RUTA_AGENCY_CATALOGUE: {e}")
        interval = env.get("RUTA_CHECKPOINT_INTERVAL", "60").strip()
        if not _is_seconds(interval):
            problems.append(
                f"RUTA_CHECKPOINT_INTERVAL: {interval!r} is not a number of seconds above 0 "
                "and at most 60"
            )
        servers = tuple(
            s.strip() for s in env.get("RUTA_KAFKA_BOOTSTRAP_SERVERS", "").split(",") if s.strip()
        )
        for server in servers:
            host, _, port = server.rpartition(":")
            if not host or not port.isdigit():
                problems.append(f"RUTA_KAFKA_BOOTSTRAP_SERVERS: {server!r} is not host:port")
        exporter = env.get("RUTA_OTEL_EXPORTER", "none").strip() or "none"
        if exporter not in EXPORTERS:
            problems.append(
                f"RUTA_OTEL_EXPORTER: {exporter!r} is not one of {', '.join(EXPORTERS)}"
            )
        k = env.get("RUTA_STATISTICS_K", "11").strip()
        if not k.isdigit() or int(k) < 2:
            problems.append(f"RUTA_STATISTICS_K: {k!r} is not a whole number of at least 2")
        zone = env.get("RUTA_TIME_ZONE", "America/Cancun").strip()
        if not _is_zone(zone):
            problems.append(
                f"RUTA_TIME_ZONE: {zone!r} is not an IANA time zone, such as America/Cancun"
            )
        public_url = env.get("RUTA_PUBLIC_URL", "http://127.0.0.1:8000").strip().rstrip("/")
        if not _is_public_url(public_url):
            problems.append(
                f"RUTA_PUBLIC_URL: {public_url!r} is not an http:// or https:// address with a "
                "host and no query, such as https://ruta.qroo.gob.mx"
            )
        limits = DeploymentLimits()
        if limits_file := env.get("RUTA_REVIEW_LIMITS", "").strip():
            try:
                limits = read_limits(Path(limits_file))
            except LimitsFileError as e:
                problems.extend(f"RUTA_REVIEW_LIMITS: {problem}" for problem in e.problems)
        retention = env.get("RUTA_RETENTION_YEARS", "").strip()
        if retention and not (retention.isdigit() and 1 <= int(retention) <= 100):
            problems.append(
                f"RUTA_RETENTION_YEARS: {retention!r} is not a whole number of years from 1 to 100"
            )
        if problems:
            raise SettingsError("invalid configuration:\n  " + "\n  ".join(problems))
        return cls(
            data_dir=data_dir,
            postgres=postgres,
            master_key_file=Path(master_key) if master_key else data_dir / "master.key",
            catalogue_file=catalogue,
            kafka_bootstrap_servers=servers,
            otel_exporter=exporter,
            statistics_k=int(k),
            checkpoint_key_file=(
                Path(checkpoint_key) if checkpoint_key else data_dir / "checkpoint.key"
            ),
            log_origin=origin,
            checkpoint_interval=float(interval),
            time_zone=zone,
            public_url=public_url,
            limits=limits,
            retention_years=int(retention) if retention else None,
        )


def _is_public_url(url: str) -> bool:
    parts = urlsplit(url)
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not parts.query
        and not parts.fragment
        and not any(c.isspace() for c in url)
    )


def _is_zone(name: str) -> bool:
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True


_ORIGIN = re.compile(r"[^\s+\x00-\x1f\x7f]{1,200}")  # a C2SP key name: no space, no +


def default_origin(deployment: str) -> str:
    """``ruta.mx/<deployment in lowercase ASCII, words joined by ->``: "Quintana Roo" gives
    ``ruta.mx/quintana-roo``."""
    ascii_name = unicodedata.normalize("NFKD", deployment).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    return f"{ORIGIN_DOMAIN}/{slug or 'ruta'}"


def _is_seconds(text: str) -> bool:
    try:
        seconds = float(text)
    except ValueError:
        return False
    # At most a minute: the design promises a checkpoint at least every minute while the log
    # grows.
    return 0 < seconds <= 60


def parse_store(url: str) -> PostgresStore:
    """``postgresql://user[:password]@host[:port]/dbname[?schema=name]``."""
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres"):
        raise SettingsError("expected a postgresql://user@host:port/db address")
    dbname = parts.path.lstrip("/")
    if not parts.hostname or not dbname or not parts.username:
        raise SettingsError("the address needs a user, a host and a database name")
    try:
        port = parts.port or 5432
    except ValueError:
        raise SettingsError("the port is not a number") from None
    schema = parse_qs(parts.query).get("schema", ["public"])[0]
    if not schema.replace("_", "").isalnum():
        raise SettingsError(f"schema {schema!r} is not a plain identifier")
    return PostgresStore(
        host=parts.hostname,
        port=port,
        user=unquote(parts.username),
        password=unquote(parts.password or ""),
        dbname=dbname,
        schema=schema,
    )
