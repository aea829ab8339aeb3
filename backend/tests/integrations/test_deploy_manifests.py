"""docker-compose.yml and the Helm chart validate against their schemas (issue 15)."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

REPO = Path(__file__).resolve().parents[3]
CHART = REPO / "infra" / "helm" / "cadre"
K8S_VERSION = "1.32"


def _renderer() -> Any:
    spec = importlib.util.spec_from_file_location("helm_render", REPO / "infra" / "helm" / "render.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def render(*overrides: str) -> list[dict[str, Any]]:
    r = _renderer()
    return r.Chart(CHART, r.load_values(CHART, list(overrides))).render()


def test_compose_file_validates_against_the_compose_specification():
    import check_jsonschema.builtin_schemas.vendor as vendor

    schema = json.loads((Path(vendor.__file__).parent / "compose-spec.json").read_text())
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    jsonschema.validate(compose, schema)
    services = compose["services"]
    assert {"postgres", "api", "worker", "web", "migrate"} <= set(services)
    assert services["worker"]["command"][:4] == ["python", "-m", "app.cli", "worker"]
    assert services["worker"]["environment"]["CADRE_JOB_RUNNER"] == "procrastinate"
    assert services["api"]["environment"]["CADRE_RUN_SCHEDULER"] == "false"  # the worker runs the schedule
    broken = {**compose, "services": {**services, "worker": {**services["worker"], "restart": 3}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# CloudNativePG custom resources are not in the Kubernetes schemas: the fields the chart uses, from the CNPG API
# reference (postgresql.cnpg.io/v1), with unknown keys refused where a typo would be silently ignored.
_CNPG: dict[str, dict[str, Any]] = {
    "Cluster": {"type": "object", "required": ["instances", "storage"], "additionalProperties": False, "properties": {
        "instances": {"type": "integer", "minimum": 1}, "primaryUpdateStrategy": {"enum": ["unsupervised",
                                                                                          "supervised"]},
        "storage": {"type": "object", "required": ["size"]}, "bootstrap": {"type": "object"},
        "postgresql": {"type": "object", "properties": {"parameters": {
            "type": "object", "additionalProperties": {"type": "string"}}}},
        "monitoring": {"type": "object"},
        "backup": {"type": "object", "required": ["barmanObjectStore"], "properties": {
            "retentionPolicy": {"type": "string", "pattern": "^[1-9][0-9]*[dwm]$"},
            "barmanObjectStore": {"type": "object", "required": ["destinationPath"]}}}}},
    "Pooler": {"type": "object", "required": ["cluster", "pgbouncer"], "additionalProperties": False, "properties": {
        "cluster": {"type": "object", "required": ["name"]}, "instances": {"type": "integer", "minimum": 1},
        "type": {"enum": ["rw", "ro"]},
        "pgbouncer": {"type": "object", "required": ["poolMode"], "properties": {
            "poolMode": {"enum": ["session", "transaction"]},
            "parameters": {"type": "object", "additionalProperties": {"type": "string"}}}}}},
    "ScheduledBackup": {"type": "object", "required": ["schedule", "cluster"], "additionalProperties": False,
                        "properties": {"schedule": {"type": "string"}, "cluster": {"type": "object"},
                                       "backupOwnerReference": {"enum": ["none", "self", "cluster"]}}},
}


def _validate(doc: dict[str, Any]) -> None:
    if doc["apiVersion"].startswith("postgresql.cnpg.io/"):
        jsonschema.validate(doc["spec"], _CNPG[doc["kind"]])
    else:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


@pytest.mark.parametrize("overrides", [(), ("postgres.backup.enabled=true", "secrets.create=true",
                                            "secrets.secretKey=x", "web.enabled=false")])
def test_helm_manifests_validate_against_kubernetes_schemas(overrides):
    docs = render(*overrides)
    for doc in docs:
        _validate(doc)
    kinds = {(d["kind"], d["metadata"]["name"]) for d in docs}
    for expected in [("Deployment", "cadre-api"), ("Deployment", "cadre-worker"),
                     ("HorizontalPodAutoscaler", "cadre-api"), ("HorizontalPodAutoscaler", "cadre-worker"),
                     ("PodDisruptionBudget", "cadre-api"), ("PodDisruptionBudget", "cadre-worker"),
                     ("Job", "cadre-migrate-1"), ("Ingress", "cadre"), ("Cluster", "cadre-db"),
                     ("Pooler", "cadre-db-pooler-rw"), ("Pooler", "cadre-db-pooler-ro")]:
        assert expected in kinds
    by_name = {(d["kind"], d["metadata"]["name"]): d for d in docs}
    job = by_name[("Job", "cadre-migrate-1")]
    assert "pre-upgrade" in job["metadata"]["annotations"]["helm.sh/hook"]
    for name in ("cadre-api", "cadre-worker"):
        container = by_name[("Deployment", name)]["spec"]["template"]["spec"]["containers"][0]
        assert container["livenessProbe"] and (container.get("readinessProbe") or container.get("startupProbe"))
        env = {e["name"]: e.get("value") for e in container["env"]}
        assert env["CADRE_JOB_RUNNER"] == "procrastinate" and env["CADRE_ENVIRONMENT"] == "production"
    api_env = {e["name"]: e.get("value") for e in
               by_name[("Deployment", "cadre-api")]["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert api_env["CADRE_DATABASE_PGBOUNCER"] == "true" and "pooler-ro" in api_env["CADRE_DATABASE_READ_URL"]
    assert by_name[("Cluster", "cadre-db")]["spec"]["instances"] >= 2  # primary + replicas
    for pooler in ("cadre-db-pooler-rw", "cadre-db-pooler-ro"):
        assert by_name[("Pooler", pooler)]["spec"]["pgbouncer"]["poolMode"] == "transaction"
    if "secrets.create=true" in overrides:
        assert ("Secret", "cadre-secrets") in kinds and ("ScheduledBackup", "cadre-db-daily") in kinds
        assert ("Deployment", "cadre-web") not in kinds
    else:
        assert ("Secret", "cadre-secrets") not in kinds and ("Deployment", "cadre-web") in kinds


def test_helm_validation_catches_a_broken_manifest():
    docs = render()
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    deployment["spec"]["template"]["spec"]["containers"][0]["livenessProbe"]["httpGet"]["port"] = {"x": 1}
    with pytest.raises(kubernetes_validate.ValidationError):
        _validate(deployment)
    r = _renderer()
    with pytest.raises(ValueError):
        r.Chart(CHART, r.load_values(CHART))._eval('lookup "v1" "Secret" "ns" "name"')
