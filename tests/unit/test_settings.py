"""Settings from the environment: embedded by default, every bad value named at start."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adapters.settings import CLIENT, KNOWN, Settings, SettingsError
from domain.agencies import DEFAULT_CATALOGUE


def test_nothing_set_means_embedded_under_var() -> None:
    settings = Settings.from_env({})
    assert settings.embedded
    assert settings.sqlite_path == Path("var/ruta.db")
    assert settings.master_key_file == Path("var/master.key")
    assert settings.kafka_bootstrap_servers == ()
    assert settings.otel_exporter == "none"


def test_the_data_dir_moves_everything_embedded() -> None:
    settings = Settings.from_env({"RUTA_DATA_DIR": "/srv/ruta"})
    assert settings.sqlite_path == Path("/srv/ruta/ruta.db")
    assert settings.keystore_path == Path("/srv/ruta/keys.db")


def test_a_postgresql_store_is_read_from_its_address(tmp_path: Path) -> None:
    password = tmp_path / "pg.password"
    password.write_text("s3creto\n", encoding="utf-8")
    settings = Settings.from_env(
        {
            "RUTA_STORE": "postgresql://ruta@db.internal:6432/ruta?schema=casos",
            "RUTA_STORE_PASSWORD_FILE": str(password),
            "RUTA_MASTER_KEY_FILE": "/run/secrets/master_key",
            "RUTA_CHECKPOINT_KEY_FILE": "/run/secrets/checkpoint_key",
            "RUTA_KAFKA_BOOTSTRAP_SERVERS": "kafka:9092, kafka2:9092",
            "RUTA_OTEL_EXPORTER": "otlp",
        }
    )
    pg = settings.postgres
    assert pg is not None
    assert (pg.host, pg.port, pg.user, pg.dbname, pg.schema) == (
        "db.internal",
        6432,
        "ruta",
        "ruta",
        "casos",
    )
    assert pg.password == "s3creto"
    assert "s3creto" not in repr(settings)
    assert settings.kafka_bootstrap_servers == ("kafka:9092", "kafka2:9092")


def test_a_configured_deployment_never_generates_its_master_key() -> None:
    with pytest.raises(SettingsError, match="RUTA_MASTER_KEY_FILE: required"):
        Settings.from_env({"RUTA_STORE": "postgresql://ruta@db:5432/ruta"})


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"RUTA_STORE": "mysql://ruta@db/ruta"}, "RUTA_STORE"),
        ({"RUTA_STORE": "postgresql://db/ruta", "RUTA_MASTER_KEY_FILE": "k"}, "RUTA_STORE"),
        ({"RUTA_OTEL_EXPORTER": "jaeger"}, "RUTA_OTEL_EXPORTER"),
        ({"RUTA_KAFKA_BOOTSTRAP_SERVERS": "kafka"}, "RUTA_KAFKA_BOOTSTRAP_SERVERS"),
        ({"RUTA_AGENCY_CATALOGUE": "/nonexistent.json"}, "RUTA_AGENCY_CATALOGUE"),
        ({"RUTA_DATADIR": "/tmp"}, "RUTA_DATADIR: unknown setting"),
    ],
)
def test_every_bad_value_is_refused_naming_the_variable(env: dict[str, str], named: str) -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env)
    assert named in str(error.value)


def test_all_problems_are_reported_at_once() -> None:
    with pytest.raises(SettingsError) as error:
        Settings.from_env({"RUTA_OTEL_EXPORTER": "x", "RUTA_KAFKA_BOOTSTRAP_SERVERS": "y"})
    assert "RUTA_OTEL_EXPORTER" in str(error.value)
    assert "RUTA_KAFKA_BOOTSTRAP_SERVERS" in str(error.value)


def test_the_statistics_threshold_is_configuration_with_ctdcs_default() -> None:
    assert Settings.from_env({}).statistics_k == 11
    assert Settings.from_env({"RUTA_STATISTICS_K": "5"}).statistics_k == 5
    for bad in ("1", "once", "-3"):
        with pytest.raises(SettingsError, match="RUTA_STATISTICS_K"):
            Settings.from_env({"RUTA_STATISTICS_K": bad})


class TestCheckpoints:
    def test_by_default_the_key_is_generated_under_the_data_dir_and_named_for_the_deployment(
        self,
    ) -> None:
        settings = Settings.from_env({"RUTA_DATA_DIR": "/srv/ruta"})
        assert settings.checkpoint_key_file == Path("/srv/ruta/checkpoint.key")
        assert settings.log_origin == "ruta.mx/quintana-roo"
        assert settings.checkpoint_interval == 60.0

    def test_the_origin_follows_the_catalogues_deployment(self, tmp_path: Path) -> None:
        catalogue = json.loads(DEFAULT_CATALOGUE.read_text(encoding="utf-8"))
        catalogue["deployment"] = "Ciudad de México"
        path = tmp_path / "cdmx.json"
        path.write_text(json.dumps(catalogue), encoding="utf-8")
        settings = Settings.from_env({"RUTA_AGENCY_CATALOGUE": str(path)})
        assert settings.log_origin == "ruta.mx/ciudad-de-mexico"

    def test_the_origin_and_the_interval_are_configuration(self) -> None:
        settings = Settings.from_env(
            {"RUTA_LOG_ORIGIN": "example.org/ruta-qroo", "RUTA_CHECKPOINT_INTERVAL": "2.5"}
        )
        assert settings.log_origin == "example.org/ruta-qroo"
        assert settings.checkpoint_interval == 2.5

    def test_a_configured_deployment_never_generates_its_checkpoint_key(self) -> None:
        with pytest.raises(SettingsError, match="RUTA_CHECKPOINT_KEY_FILE: required"):
            Settings.from_env(
                {"RUTA_STORE": "postgresql://ruta@db:5432/ruta", "RUTA_MASTER_KEY_FILE": "k"}
            )

    @pytest.mark.parametrize(
        ("env", "named"),
        [
            ({"RUTA_LOG_ORIGIN": "ruta qroo"}, "RUTA_LOG_ORIGIN"),
            ({"RUTA_LOG_ORIGIN": "ruta+qroo"}, "RUTA_LOG_ORIGIN"),
            ({"RUTA_CHECKPOINT_INTERVAL": "0"}, "RUTA_CHECKPOINT_INTERVAL"),
            ({"RUTA_CHECKPOINT_INTERVAL": "300"}, "RUTA_CHECKPOINT_INTERVAL"),
            ({"RUTA_CHECKPOINT_INTERVAL": "un minuto"}, "RUTA_CHECKPOINT_INTERVAL"),
        ],
    )
    def test_a_bad_value_is_refused_naming_the_variable(
        self, env: dict[str, str], named: str
    ) -> None:
        with pytest.raises(SettingsError) as error:
            Settings.from_env(env)
        assert named in str(error.value)


def test_ruta_token_is_accepted_for_ruta_subscribe_while_a_misspelling_is_refused() -> None:
    Settings.from_env({"RUTA_TOKEN": "un-token"})  # ruta subscribe --feed reads it
    assert "RUTA_TOKEN" in CLIENT
    assert "RUTA_TOKEN" not in KNOWN  # a client's, not the hub's: no deployment file sets it
    with pytest.raises(SettingsError, match="RUTA_TOKENS: unknown setting"):
        Settings.from_env({"RUTA_TOKENS": "un-token"})


def test_the_retention_period_is_the_deployments_and_unset_by_default() -> None:
    """LGPDPPSO art. 24 keeps data no longer than its purposes need, but no law fixes the years:
    a deployment sets them, or has no retention schedule."""
    assert Settings.from_env({}).retention_years is None
    assert Settings.from_env({"RUTA_RETENTION_YEARS": "5"}).retention_years == 5
    for bad in ("0", "-2", "cinco", "2.5", "101"):
        with pytest.raises(SettingsError, match=r"RUTA_RETENTION_YEARS: .* whole number of years"):
            Settings.from_env({"RUTA_RETENTION_YEARS": bad})
