"""Walk an OParl server from its System object and validate every object with the OParl 1.1 schemas."""

from __future__ import annotations

import datetime
import json
from collections import deque
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_DIR = Path(__file__).parent / "oparl_schema"
OPARL = "https://schema.oparl.org/1.1/"
START = "/oparl/v1.1/"


def _to_refs(node):
    """The schemas name embedded objects with a non-standard "schema" keyword: make it a $ref."""
    if isinstance(node, dict):
        out = {k: _to_refs(v) for k, v in node.items() if k != "schema"}
        if isinstance(node.get("schema"), str) and node["schema"].endswith(".json"):
            out = {"$ref": node["schema"]}
        return out
    if isinstance(node, list):
        return [_to_refs(v) for v in node]
    return node


def load_schemas() -> dict[str, dict]:
    return {path.stem: _to_refs(json.loads(path.read_text())) for path in SCHEMA_DIR.glob("*.json")}


SCHEMAS = load_schemas()
REGISTRY = Registry().with_resources(
    (f"{name}.json", Resource.from_contents(schema, default_specification=DRAFT4)) for name, schema in SCHEMAS.items()
)


def check_formats(schema: dict, instance, where: str, problems: list[str]):
    """format url → absolute http(s) URL; date-time and date → ISO 8601; recursing into embedded objects."""
    if "$ref" in schema:
        schema = SCHEMAS[schema["$ref"].removesuffix(".json")]
    fmt = schema.get("format")
    if isinstance(instance, str):
        try:
            if fmt == "url":
                parsed = urlparse(instance)
                assert parsed.scheme in ("http", "https") and parsed.netloc, "not an absolute URL"
            elif fmt == "date-time":
                assert "T" in instance and datetime.datetime.fromisoformat(instance).tzinfo is not None
            elif fmt == "date":
                datetime.date.fromisoformat(instance)
        except (AssertionError, ValueError) as exc:
            problems.append(f"{where}: {instance!r} is not a {fmt} ({exc})")
    elif isinstance(instance, dict):
        for key, value in instance.items():
            if key in schema.get("properties", {}):
                check_formats(schema["properties"][key], value, f"{where}.{key}", problems)
    elif isinstance(instance, list) and "items" in schema:
        for i, value in enumerate(instance):
            check_formats(schema["items"], value, f"{where}[{i}]", problems)


def object_problems(obj: dict, where: str) -> list[str]:
    """Schema errors, format errors, nulls and missing created/modified of one OParl object."""
    problems: list[str] = []
    type_uri = obj.get("type", "")
    name = type_uri.removeprefix(OPARL)
    if not type_uri.startswith(OPARL) or name not in SCHEMAS:
        return [f"{where}: unknown type {type_uri!r}"]
    validator = jsonschema.Draft4Validator(SCHEMAS[name], registry=REGISTRY)
    problems += [f"{where}: {e.json_path}: {e.message}" for e in validator.iter_errors(obj)]
    check_formats(SCHEMAS[name], obj, where, problems)
    for path, value in _walk_values(obj, where):
        if value is None:
            problems.append(f"{path}: null")
        if isinstance(value, dict) and str(value.get("type", "")).startswith(OPARL) and not value.get("deleted"):
            for prop in ("created", "modified"):
                if prop not in value:
                    problems.append(f"{path}: no {prop}")
    return problems


def _walk_values(node, path):
    yield path, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _walk_values(v, f"{path}.{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk_values(v, f"{path}[{i}]")


def _urls(node):
    if isinstance(node, str) and node.startswith("http://testserver/"):
        yield node
    elif isinstance(node, dict):
        for v in node.values():
            yield from _urls(v)
    elif isinstance(node, list):
        for v in node:
            yield from _urls(v)


def followable(url: str) -> bool:
    path = urlparse(url).path
    return (
        path.startswith(("/oparl/", "/api/"))
        and not path.startswith(("/api/schema", "/api/docs"))
        and not path.endswith(("/download/", ".pdf", ".zip"))
    )


def walk(client, start: str = START, limit: int = 3000):
    """Breadth-first from the System object: {url: response}, and every OParl object seen (embedded too)."""
    seen: dict[str, object] = {}
    objects: list[tuple[str, dict]] = []
    queue = deque(["http://testserver" + start])
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if response.status_code != 200 or "json" not in response.get("Content-Type", ""):
            continue
        data = response.json()
        if urlparse(url).path.startswith("/oparl/"):
            for where, value in _walk_values(data, url):
                if isinstance(value, dict) and str(value.get("type", "")).startswith(OPARL) and "id" in value:
                    objects.append((where, value))
        for link in _urls(data):
            if link not in seen and followable(link):
                queue.append(link)
    return seen, objects
