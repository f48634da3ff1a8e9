"""The API reference at /api/docs/: the OpenAPI schema as a server-rendered, accessible page.

Swagger UI (now at /api/docs/swagger/) is a JavaScript application that fails axe-core; this page
says the same things in plain HTML on the site's own template (no script, no CDN): every
operation with its parameters (type, format, bounds) and answers, and every object with its
fields (type, format, whether it may be null).
"""

from __future__ import annotations

import re

from django.views.generic import TemplateView
from drf_spectacular.generators import SchemaGenerator


def _type(schema: dict) -> str:
    if not schema:
        return "any"
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "allOf" in schema:
        return " and ".join(_type(s) for s in schema["allOf"])
    if "oneOf" in schema or "anyOf" in schema:
        return " or ".join(_type(s) for s in schema.get("oneOf", schema.get("anyOf")))
    kind = schema.get("type", "object")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    text = kind
    if schema.get("format"):
        text += f" ({schema['format']})"
    if "enum" in schema:
        text += ": " + ", ".join(str(v) for v in schema["enum"] if v not in (None, ""))
    bounds = [f"{k} {schema[k]}" for k in ("minimum", "maximum") if k in schema]
    if bounds:
        text += "; " + ", ".join(bounds)
    return text


def reference(schema: dict) -> dict:
    operations = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            if not isinstance(op, dict):
                continue
            operations.append(
                {
                    "anchor": re.sub(r"[^a-z0-9]+", "-", f"{method}-{path}".lower()).strip("-"),
                    "method": method.upper(),
                    "path": path,
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "location": p["in"],
                            "type": _type(p.get("schema", {})),
                            "required": p.get("required", False),
                            "description": p.get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "responses": [
                        {
                            "status": status,
                            "description": r.get("description", ""),
                            "type": _type(next(iter(r.get("content", {}).values()), {}).get("schema", {})),
                        }
                        for status, r in sorted(op.get("responses", {}).items())
                    ],
                }
            )
    components = []
    for name, comp in sorted(schema.get("components", {}).get("schemas", {}).items()):
        components.append(
            {
                "name": name,
                "description": comp.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": _type(spec),
                        "nullable": bool(spec.get("nullable")),
                        "description": spec.get("description", ""),
                    }
                    for field, spec in comp.get("properties", {}).items()
                ],
            }
        )
    return {"info": schema.get("info", {}), "operations": operations, "components": components}


_CACHE: dict[str, dict] = {}


class ReferenceView(TemplateView):
    template_name = "api/reference.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "reference" not in _CACHE:  # the schema depends on the code only
            _CACHE["reference"] = reference(SchemaGenerator().get_schema(request=None, public=True))
        ctx.update(_CACHE["reference"])
        return ctx
