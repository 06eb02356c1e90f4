"""The compose deployment, checked without Docker: docker-compose.yml, ruta.env and the
collector's config parsed; the services, their wiring, their commands (against the real CLI
parser) and every RUTA_ variable (against the real settings)."""

from __future__ import annotations

import argparse
import itertools
import re
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from adapters.settings import KNOWN, Settings, parse_store
from cli.main import parser

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_FILE = ROOT / "ruta.env"
COLLECTOR_CONFIG = ROOT / "deploy" / "otel-collector.yaml"
SECRETS = "/run/secrets/"
ASSIGNMENT = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")
SECRET_NAME = re.compile(r"PASSWORD|SECRET|TOKEN|KEY")

REQUIRED = ("postgres", "kafka", "api", "projections", "relay", "otel-collector", "jaeger")
MUST_REPORT_HEALTH = ("postgres", "kafka", "api", "projections", "relay", "jaeger")
ONE_SHOT = ("demo",)
# The key files each hub service reads, and no more. The master key unwraps every case's
# personal data: only the processes that build the hub's runtime (`serve`, `demo`) hold it. The
# checkpoint key signs the audit log (`serve`, `project run all`). The relay needs neither.
KEY_FILES = {
    "api": ("RUTA_STORE_PASSWORD_FILE", "RUTA_MASTER_KEY_FILE", "RUTA_CHECKPOINT_KEY_FILE"),
    "projections": ("RUTA_STORE_PASSWORD_FILE", "RUTA_CHECKPOINT_KEY_FILE"),
    "relay": ("RUTA_STORE_PASSWORD_FILE",),
    "demo": ("RUTA_STORE_PASSWORD_FILE", "RUTA_MASTER_KEY_FILE"),
}


@cache
def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def services() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = load(COMPOSE)["services"]
    return found


def hub_services() -> list[str]:
    """The services run from the hub's image (built from the Dockerfile)."""
    return sorted(name for name, service in services().items() if "build" in service)


def environment(name: str) -> dict[str, str]:
    raw = services()[name].get("environment") or {}
    if isinstance(raw, list):
        raw = dict(item.split("=", 1) for item in raw)
    return {key: str(value) for key, value in raw.items()}


def env_file(*, documented: bool = False) -> dict[str, str]:
    """ruta.env's assignments; with ``documented``, also its commented-out `# NAME=value`."""
    values: dict[str, str] = {}
    for line in ENV_FILE.read_text(encoding="utf-8").splitlines():
        commented = line.startswith("#")
        text = line.lstrip("# ") if commented else line
        if match := ASSIGNMENT.fullmatch(text):
            if documented or not commented:
                values[match[1]] = match[2]
        else:
            assert commented or not line.strip(), f"ruta.env: {line!r} is not NAME=value"
    return values


def merged_env(name: str) -> dict[str, str]:
    """What the service's process sees: its env_file, then its own `environment`."""
    env_files = services()[name].get("env_file") or []
    env_files = [env_files] if isinstance(env_files, str) else env_files
    merged = env_file() if Path("ruta.env") in map(Path, env_files) else {}
    return merged | environment(name)


def depends_on(name: str) -> dict[str, str]:
    raw = services()[name].get("depends_on") or {}
    if isinstance(raw, list):
        return dict.fromkeys(raw, "service_started")
    return {target: spec.get("condition", "service_started") for target, spec in raw.items()}


def parsed(argv: list[str]) -> argparse.Namespace | None:
    try:
        return parser().parse_args(argv)
    except SystemExit:  # argparse's way of refusing a command line
        return None


def ruta_command_lines() -> list[Any]:
    """Each hub service's command, and each healthcheck that runs `ruta`, as `ruta` arguments."""
    lines = []
    for name in hub_services():
        lines.append(pytest.param(name, list(services()[name]["command"]), id=name))
        check = services()[name].get("healthcheck", {}).get("test", [])
        if check[:2] == ["CMD", "ruta"]:
            lines.append(pytest.param(f"{name} healthcheck", check[2:], id=f"{name}-healthcheck"))
    return lines


def host_and_port(endpoint: str) -> tuple[str | None, int | None]:
    parts = urlsplit(endpoint if "//" in endpoint else f"//{endpoint}")
    return parts.hostname, parts.port


def test_the_production_shape_has_every_service() -> None:
    missing = [name for name in REQUIRED if name not in services()]
    assert not missing, f"docker-compose.yml lacks {missing}"
    images = {name: services()[name].get("image", "") for name in REQUIRED}
    postgres_major = int(images["postgres"].split(":")[1].split(".")[0])
    assert postgres_major >= 15, images["postgres"]
    assert images["kafka"].startswith("apache/kafka:"), images["kafka"]
    assert images["otel-collector"].startswith("otel/opentelemetry-collector-contrib:")
    assert images["jaeger"].startswith("jaegertracing/"), images["jaeger"]
    assert {"api", "projections", "relay"} <= set(hub_services())


def test_kafka_runs_kraft_on_a_single_node() -> None:
    env = environment("kafka")
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    listeners = dict(item.split("://") for item in env["KAFKA_LISTENERS"].split(","))
    assert set(listeners) == {"PLAINTEXT", "CONTROLLER"}, listeners
    assert env["KAFKA_CONTROLLER_LISTENER_NAMES"] == "CONTROLLER"
    controller_port = listeners["CONTROLLER"].rpartition(":")[2]
    voters = env["KAFKA_CONTROLLER_QUORUM_VOTERS"]
    assert voters == f"{env['KAFKA_NODE_ID']}@kafka:{controller_port}", "one voter: this node"
    assert env["KAFKA_ADVERTISED_LISTENERS"] == "PLAINTEXT://kafka:9092"
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1", "one node, one replica"
    assert env["CLUSTER_ID"], "KRaft formats its storage with a cluster id"
    volumes = services()["kafka"].get("volumes", [])
    assert any(v.split(":")[1] == env["KAFKA_LOG_DIRS"] for v in volumes), "data on a volume"


def test_the_relay_reaches_kafka_at_its_advertised_listener() -> None:
    advertised = environment("kafka")["KAFKA_ADVERTISED_LISTENERS"].removeprefix("PLAINTEXT://")
    assert merged_env("relay")["RUTA_KAFKA_BOOTSTRAP_SERVERS"] == advertised


def test_only_the_relay_service_names_kafka() -> None:
    # `ruta serve` runs a relay in its own process when Kafka is set: one relay is enough.
    naming = [name for name in hub_services() if "RUTA_KAFKA_BOOTSTRAP_SERVERS" in merged_env(name)]
    assert naming == ["relay"]


def test_kafka_creates_no_topic_that_the_relay_did_not_create() -> None:
    # The relay creates `ruta.audit` and `ruta.agency.<code>` itself, through the admin API.
    auto_create = environment("kafka")["KAFKA_AUTO_CREATE_TOPICS_ENABLE"]
    assert auto_create == "false", "a consumer's typo would create an empty agency topic"


def test_the_services_that_must_report_health_have_a_healthcheck() -> None:
    for name in MUST_REPORT_HEALTH:
        assert services()[name].get("healthcheck", {}).get("test"), f"{name}: no healthcheck"
    kafka_check = " ".join(services()["kafka"]["healthcheck"]["test"])
    assert "kafka-broker-api-versions.sh" in kafka_check or "kafka-topics.sh" in kafka_check
    assert "pg_isready" in " ".join(services()["postgres"]["healthcheck"]["test"])
    assert "/readyz" in " ".join(services()["api"]["healthcheck"]["test"])
    assert services()["relay"]["healthcheck"]["test"] == ["CMD", "ruta", "relay", "status"]
    # Every view the worker keeps (`project run all`): `project status` asks after all of them.
    assert services()["projections"]["command"] == ["project", "run", "all"]
    assert services()["projections"]["healthcheck"]["test"] == ["CMD", "ruta", "project", "status"]


def test_a_service_waited_on_as_healthy_has_a_healthcheck() -> None:
    for name in services():
        for target, condition in depends_on(name).items():
            assert target in services(), f"{name} depends on an unknown service {target}"
            if condition == "service_healthy":
                assert "healthcheck" in services()[target], f"{name} waits on {target}"


def test_the_hub_waits_for_a_healthy_postgres_and_the_relay_for_a_healthy_kafka() -> None:
    for name in hub_services():
        assert depends_on(name).get("postgres") == "service_healthy", name
    assert depends_on("relay").get("kafka") == "service_healthy"


@pytest.mark.parametrize(("where", "argv"), ruta_command_lines())
def test_every_hub_command_is_a_verb_of_the_real_cli(where: str, argv: list[str]) -> None:
    assert parsed(argv) is not None, f"{where}: `ruta {' '.join(argv)}` is not a `ruta` command"


def test_the_api_serves_on_its_published_port_and_reads_the_views_kept_elsewhere() -> None:
    api = services()["api"]
    args = parsed(api["command"])
    assert args is not None
    assert (args.host, args.projection) == ("0.0.0.0", "elsewhere")  # noqa: S104
    assert f"127.0.0.1:{args.port}:{args.port}" in api["ports"]
    assert f"http://127.0.0.1:{args.port}/readyz" in " ".join(api["healthcheck"]["test"])
    worker = parsed(services()["projections"]["command"])
    assert worker is not None
    assert worker.view == "all", "the API reads every view, so the worker keeps them all"


def test_every_ruta_variable_set_is_one_the_settings_accept() -> None:
    named = {"ruta.env": set(env_file(documented=True))}
    named |= {name: set(environment(name)) for name in services()}
    for where, names in named.items():
        unknown = {n for n in names if n.startswith("RUTA_")} - set(KNOWN)
        assert not unknown, f"{where} sets {sorted(unknown)}, which the settings refuse"


def test_ruta_env_documents_every_setting_with_a_comment() -> None:
    assert set(KNOWN) <= set(env_file(documented=True)), "ruta.env lists every setting"
    lines = ENV_FILE.read_text(encoding="utf-8").splitlines()
    for before, line in itertools.pairwise(lines):
        if ASSIGNMENT.fullmatch(line.lstrip("# ")):
            prose = before.startswith("#") and not ASSIGNMENT.fullmatch(before.lstrip("# "))
            assert prose, f"ruta.env: {line!r} has no comment of its own above it"


def with_secret_files(env: dict[str, str], mounted: list[str], tmp: Path) -> dict[str, str]:
    """Point /run/secrets/<name> at a fictitious file when the service mounts that secret."""
    out = {}
    for key, value in env.items():
        if value.startswith(SECRETS):
            secret = value.removeprefix(SECRETS)
            path = tmp / ("mounted" if secret in mounted else "not-mounted") / secret
            if secret in mounted:
                path.parent.mkdir(exist_ok=True)
                path.write_text("fictitious\n", encoding="utf-8")
            value = str(path)
        out[key] = value
    return out


@pytest.mark.parametrize("name", hub_services())
def test_each_hub_service_starts_with_valid_settings(name: str, tmp_path: Path) -> None:
    mounted = services()[name].get("secrets", [])
    settings = Settings.from_env(with_secret_files(merged_env(name), mounted, tmp_path))
    assert settings.postgres is not None
    assert settings.postgres.host in services(), "RUTA_STORE names the postgres service"
    assert settings.postgres.password == "fictitious", "read from its secret file"


def test_the_documented_optional_settings_are_valid_as_written(tmp_path: Path) -> None:
    env = with_secret_files(env_file(documented=True), list(load(COMPOSE)["secrets"]), tmp_path)
    Settings.from_env(env)


def test_every_hub_service_mounts_the_key_files_it_reads_and_no_other() -> None:
    assert sorted(KEY_FILES) == hub_services(), "KEY_FILES lists every hub service"
    for name, settings in KEY_FILES.items():
        env = merged_env(name)
        needed = {env[setting].removeprefix(SECRETS) for setting in settings}
        assert set(services()[name].get("secrets", [])) == needed, name


def test_the_hub_services_send_their_traces_to_the_collector() -> None:
    collector = load(COLLECTOR_CONFIG)
    receiver = collector["receivers"]["otlp"]["protocols"]["http"]["endpoint"]
    names = []
    for name in hub_services():
        env = merged_env(name)
        assert env["RUTA_OTEL_EXPORTER"] == "otlp", name
        endpoint = env["OTEL_EXPORTER_OTLP_ENDPOINT"]
        assert host_and_port(endpoint) == ("otel-collector", host_and_port(receiver)[1]), name
        assert depends_on(name).get("otel-collector") == "service_started", name
        names.append(env["OTEL_SERVICE_NAME"])
    assert len(set(names)) == len(names), f"each service names itself: {names}"


def test_the_collector_exports_traces_to_the_trace_ui() -> None:
    collector_service = services()["otel-collector"]
    config = f"./{COLLECTOR_CONFIG.relative_to(ROOT)}"
    mounts = {v.split(":")[0]: v.split(":")[1] for v in collector_service["volumes"]}
    assert f"--config={mounts[config]}" in collector_service["command"]
    collector = load(COLLECTOR_CONFIG)
    traces = collector["service"]["pipelines"]["traces"]
    assert "otlp" in traces["receivers"]
    assert "batch" in traces["processors"]
    for exporter in traces["exporters"]:
        host, port = host_and_port(collector["exporters"][exporter]["endpoint"])
        assert (host, port) == ("jaeger", 4317), f"{exporter}: OTLP/gRPC to the trace UI"
    assert "127.0.0.1:16686:16686" in services()["jaeger"]["ports"], "the UI, on loopback"


def test_published_ports_are_bound_to_loopback() -> None:
    for name, service in services().items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else port.split(":")[0]
            assert host_ip == "127.0.0.1", f"{name} publishes {port} beyond this host"


def test_no_secret_is_written_in_the_deployment_files() -> None:
    declared = load(COMPOSE)["secrets"]
    for name, secret in declared.items():
        assert secret["file"].startswith("./secrets/"), f"secret {name} is not a file"
    named = {"ruta.env": env_file(documented=True)}
    named |= {name: environment(name) for name in services()}
    for where, env in named.items():
        for key, value in env.items():
            if SECRET_NAME.search(key):
                assert key.endswith("_FILE"), f"{where}: {key} holds a secret itself"
                assert value.removeprefix(SECRETS) in declared, f"{where}: {key}={value}"
    assert parse_store(env_file()["RUTA_STORE"]).password == "", "RUTA_STORE has a password"


def test_long_running_services_restart_and_one_shots_do_not() -> None:
    for name, service in services().items():
        if name in ONE_SHOT:
            assert service.get("restart", "no") == "no", name
        else:
            assert service.get("restart") == "unless-stopped", f"{name} stays down after a crash"
