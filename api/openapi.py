"""The OpenAPI description made true: unique operation ids, and 422 documented as the problem the API sends.

FastAPI documents every 422 as its own ``HTTPValidationError`` (``detail`` as a
list of ``loc``/``msg``), but dtkg answers a 422 with ``application/problem+json``
(:mod:`api.problems`): ``errors`` as ``field``/``message``. A route registered
for two methods gets one operation id twice. Both are fixed once, on the
generated document; every ``/api`` operation documents the 422 because an
unknown query parameter (:mod:`api.strict_query`) can answer one anywhere.
"""

from __future__ import annotations

import re
import warnings
from collections import Counter
from typing import Any

from fastapi import FastAPI

PROBLEM = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details, as every error of the API is sent (application/problem+json).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["about:blank"]},
        "title": {"type": "string", "examples": ["Invalid request"]},
        "status": {"type": "integer", "examples": [422]},
        "detail": {"type": "string", "examples": ["limit: Input should be greater than or equal to 1"]},
        "errors": {
            "type": "array",
            "description": "With 422: one entry per offending parameter.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string", "examples": ["limit"]}, "message": {"type": "string"}},
            },
        },
    },
}
PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}


def fix(schema: dict[str, Any]) -> dict[str, Any]:
    """Rewrite a generated OpenAPI document in place (and return it)."""
    operations = [(path, method, op) for path, ops in schema.get("paths", {}).items() for method, op in ops.items()]
    counts = Counter(op.get("operationId") for _, _, op in operations)
    for path, method, op in operations:
        if counts[op.get("operationId")] > 1:
            op["operationId"] = re.sub(r"_(get|post|put|patch|delete)$", "", op["operationId"]) + f"_{method}"
        responses = op.setdefault("responses", {})
        if "422" in responses or path.startswith("/api/"):
            described = responses.get("422", {}).get("description", "")
            responses["422"] = {
                "description": described if described and described != "Validation Error" else "Invalid or unknown parameter",
                "content": {"application/problem+json": {"schema": PROBLEM_REF}},
            }
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM
    for unused in ("HTTPValidationError", "ValidationError"):
        components.pop(unused, None)
    return schema


def install(app: FastAPI) -> None:
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            with warnings.catch_warnings():  # FastAPI warns about the very duplicates fix() renames
                warnings.filterwarnings("ignore", message="Duplicate Operation ID", category=UserWarning)
                app.openapi_schema = fix(generate())
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]  # FastAPI's documented way to customise the document
