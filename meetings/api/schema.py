"""The OpenAPI schema says what the API really does (a drf-spectacular post-processing hook).

- ids (path and filter parameters) are integers from 0 to 2^63−1, the database's range;
- ``modified_since`` is a date-time; ``page`` and ``page_size`` are at least 1;
- every operation documents its 400 (a query parameter refused) and 404 (no such object, or not
  one the caller may see; a page past the end) answers, with the shape DRF gives them.
"""

from meetings.api.base import MAX_ID

ERROR_SCHEMA = {
    "type": "object",
    "description": '`{"detail": "…"}`, or `{"<parameter>": ["…"]}` for a refused query parameter.',
    "additionalProperties": True,
}
NAMES_OF_IDS = {"id", "organization", "person", "meeting", "agendaItem", "parent", "provider", "plan", "minute"}


def _error(description: str) -> dict:
    schema = {"$ref": "#/components/schemas/Error"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def document_answers(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path in result.get("paths", {}).values():
        for operation in path.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            params = operation.get("parameters", [])
            for param in params:
                schema = param.setdefault("schema", {})
                if param["name"] in NAMES_OF_IDS and (schema.get("type") == "integer" or param["in"] == "path"):
                    schema.clear()
                    schema.update({"type": "integer", "minimum": 0, "maximum": MAX_ID, "format": "int64"})
                elif param["name"] == "modified_since":
                    schema.update({"type": "string", "format": "date-time"})
                elif param["name"] in ("page", "page_size"):
                    schema.update({"type": "integer", "minimum": 1, "maximum": 2**31 - 1})
            responses = operation["responses"]
            if any(p["in"] == "query" for p in params):
                responses.setdefault("400", _error("A query parameter was refused; the body says which and why."))
            if any(p["in"] == "path" for p in params) or any(p["name"] == "page" for p in params):
                responses.setdefault("404", _error("No such object (or not one the caller may see), or no such page."))
    return result
