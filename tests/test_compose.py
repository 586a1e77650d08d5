"""docker-compose.yml cannot run here (no Docker engine): check its structure instead."""

import re

import yaml

from etl.settings import PROJECT_ROOT

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_services():
    assert set(SERVICES) == {"postgres", "migrate", "prefect-server", "etl", "metabase"}


def test_healthchecks_and_dependencies():
    for name in ("postgres", "prefect-server", "metabase"):
        assert SERVICES[name]["healthcheck"]["test"]
    assert SERVICES["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    assert SERVICES["etl"]["depends_on"] == {
        "migrate": {"condition": "service_completed_successfully"},
        "prefect-server": {"condition": "service_healthy"},
    }
    assert SERVICES["metabase"]["depends_on"]["postgres"] == {"condition": "service_healthy"}


def test_ports_only_on_loopback():
    for name, service in SERVICES.items():
        for port in service.get("ports", []):
            assert str(port).startswith("127.0.0.1:"), (name, port)


def test_volumes_and_init_script():
    assert "pgdata" in COMPOSE["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["postgres"]["volumes"]
    assert any(v.endswith(":/docker-entrypoint-initdb.d:ro") for v in SERVICES["postgres"]["volumes"])
    assert any(v.endswith(":/input:ro") for v in SERVICES["etl"]["volumes"])
    init = (PROJECT_ROOT / "docker" / "postgres-init" / "10-news-etl.sh").read_text(encoding="utf-8")
    for database in ("news_etl", "prefect", "metabase"):
        assert f"CREATE DATABASE {database}" in init
    assert "news_etl_reader NOLOGIN" in init


def test_prefect_has_its_own_database_and_metabase_its_own():
    assert "/prefect" in SERVICES["prefect-server"]["environment"]["PREFECT_API_DATABASE_CONNECTION_URL"]
    assert SERVICES["metabase"]["environment"]["MB_DB_DBNAME"] == "metabase"


def test_no_password_in_the_compose_file():
    text = (PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for match in re.finditer(r"^\s*[A-Z_]*PASS(?:WORD)?\s*:\s*(\S+)", text, flags=re.MULTILINE):
        assert match.group(1).startswith("${"), match.group(0)
    for match in re.finditer(r"://[^:/@\s]+:([^@\s]+)@", text):
        assert match.group(1).startswith("${"), match.group(0)
    assert (PROJECT_ROOT / "Dockerfile").exists()
