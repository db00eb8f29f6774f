"""Open311 GeoReport v2 JSON Schemas, restated as Python dicts, and a validator.

Source of the rules: open311/schema-validation, schema/georeport-v2/{services,service,service-definition,
requests,request}.json (commit 1116d93) and the RequestResponse definition of its swagger.json. The
upstream files are not vendored; their rules are written out again here. Differences from upstream, all
stricter or explicit where upstream is silent:

* every item schema says ``"type": "object"`` (upstream leaves it out, so a non-object would pass);
* upstream ``services.json`` puts ``minItems: 1`` inside ``items``, where it does nothing; here the
  service list itself must be non-empty. A request list may be empty (no minItems), as the spec allows;
* ``date-time`` is checked as RFC 3339, which makes the time zone (``Z`` or ``±HH:MM``) mandatory,
  matching GeoReport v2 ("timezone mandatory");
* POST_RESPONSE, ERRORS and DISCOVERY come from the spec text (swagger RequestResponse, §Errors,
  Service_Discovery.md): upstream has no schema files for them.

``validate(instance, schema)`` returns a list of problems. It always runs the small built-in validator
below (the subset of JSON Schema these schemas use), and also ``jsonschema`` when it is importable, so
both must agree.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any, List
from urllib.parse import urlparse


def _nullable(schema: dict) -> dict:
    return {"anyOf": [schema, {"type": "null"}]}


_STR = {"type": "string"}
_DATETIME = {"type": "string", "format": "date-time"}

# service.json
SERVICE = {
    "type": "object",
    "required": ["service_code", "service_name", "metadata", "type"],
    "properties": {
        "service_code": {"type": "string"},
        "service_name": {"type": "string"},
        "description": _nullable(_STR),
        "metadata": {"type": "boolean"},
        "type": {"type": "string", "enum": ["realtime", "batch", "blackbox"]},
        "keywords": _nullable(_STR),
        "group": _nullable(_STR),
    },
}

# services.json
SERVICES = {"type": "array", "minItems": 1, "items": SERVICE}

# service-definition.json
ATTRIBUTE_VALUE = {
    "type": "object",
    "required": ["key", "name"],
    "properties": {"key": {"type": "string"}, "name": {"type": "string"}},
}
ATTRIBUTE = {
    "type": "object",
    "required": ["variable", "code", "datatype", "required"],
    "properties": {
        "variable": {"type": "boolean"},
        "code": {"type": "string"},
        "datatype": {"type": "string",
                     "enum": ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"]},
        "required": {"type": "boolean"},
        "datatype_description": _nullable(_STR),
        "order": _nullable({"type": "integer"}),
        "description": _nullable(_STR),
        "values": {"type": "array", "items": ATTRIBUTE_VALUE},
    },
}
SERVICE_DEFINITION = {
    "type": "object",
    "required": ["service_code", "attributes"],
    "properties": {
        "service_code": {"type": "string"},
        "attributes": {"type": "array", "items": ATTRIBUTE},
    },
}

# request.json
REQUEST = {
    "type": "object",
    "required": ["service_request_id", "status", "service_code", "requested_datetime"],
    "properties": {
        "service_request_id": {"type": "string"},
        "status": {"type": "string", "enum": ["open", "closed"]},
        "status_notes": _nullable(_STR),
        "service_name": _nullable(_STR),
        "service_code": {"type": "string"},
        "description": _nullable({"type": "string", "maxLength": 4000}),
        "agency_responsible": _nullable(_STR),
        "service_notice": _nullable(_STR),
        "requested_datetime": _DATETIME,
        "updated_datetime": _nullable(_DATETIME),
        "expected_datetime": _nullable(_DATETIME),
        "address": _nullable(_STR),
        "address_id": _nullable(_STR),
        "zipcode": _nullable(_STR),
        "lat": _nullable({"type": "number"}),
        "long": _nullable({"type": "number"}),
        "media_url": _nullable({"type": "string", "format": "uri"}),
    },
}

# requests.json (GET requests and GET requests/{id}: both arrays)
REQUESTS = {"type": "array", "items": REQUEST}

# swagger.json RequestResponse + spec: service_request_id or token, never both.
POST_RESPONSE_ITEM = {
    "type": "object",
    "properties": {
        "service_request_id": {"type": "string"},
        "token": {"type": "string"},
        "service_notice": _nullable(_STR),
        "account_id": _nullable(_STR),
    },
    "oneOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
}
POST_RESPONSE = {"type": "array", "minItems": 1, "items": POST_RESPONSE_ITEM}

# Spec §Errors: errors ⇊ error ↴ code, description.
ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": ["string", "integer"]}, "description": {"type": "string"}},
    },
}

# Service_Discovery.md: all fields required.
DISCOVERY = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": _DATETIME,
        "contact": _STR,
        "key_service": _STR,
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": _STR,
                    "url": {"type": "string", "format": "uri"},
                    "changeset": _DATETIME,
                    "type": {"type": "string", "enum": ["production", "test"]},
                    "formats": {"type": "array", "minItems": 1, "items": _STR},
                },
            },
        },
    },
}

# ---------------------------------------------------------------------------------------------------------
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def is_datetime(s: Any) -> bool:
    if not isinstance(s, str) or not RFC3339.match(s):
        return False
    try:
        datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


def is_uri(s: Any) -> bool:
    if not isinstance(s, str):
        return False
    u = urlparse(s)
    return bool(u.scheme) and bool(u.netloc or u.path)


_FORMATS = {"date-time": is_datetime, "uri": is_uri}


def _type_ok(v: Any, t: str) -> bool:
    if t == "null":
        return v is None
    if t == "boolean":
        return isinstance(v, bool)
    if t == "integer":
        return isinstance(v, int) and not isinstance(v, bool)
    if t == "number":
        return isinstance(v, (int, float)) and not isinstance(v, bool)
    if t == "string":
        return isinstance(v, str)
    if t == "array":
        return isinstance(v, list)
    if t == "object":
        return isinstance(v, dict)
    raise ValueError(t)


def _check(v: Any, s: dict, path: str, out: List[str]) -> None:
    if "type" in s:
        types = s["type"] if isinstance(s["type"], list) else [s["type"]]
        if not any(_type_ok(v, t) for t in types):
            out.append(f"{path}: {v!r:.80} is not of type {s['type']}")
            return
    if "enum" in s and v not in s["enum"]:
        out.append(f"{path}: {v!r:.80} not in {s['enum']}")
    if "maxLength" in s and isinstance(v, str) and len(v) > s["maxLength"]:
        out.append(f"{path}: length {len(v)} > {s['maxLength']}")
    if "format" in s and isinstance(v, str) and s["format"] in _FORMATS and not _FORMATS[s["format"]](v):
        out.append(f"{path}: {v!r:.80} is not a valid {s['format']}")
    if isinstance(v, list):
        if "minItems" in s and len(v) < s["minItems"]:
            out.append(f"{path}: {len(v)} items < minItems {s['minItems']}")
        if "items" in s:
            for i, item in enumerate(v):
                _check(item, s["items"], f"{path}[{i}]", out)
    if isinstance(v, dict):
        for k in s.get("required", []):
            if k not in v:
                out.append(f"{path}: missing required {k!r}")
        for k, sub in s.get("properties", {}).items():
            if k in v:
                _check(v[k], sub, f"{path}.{k}", out)
    if "anyOf" in s:
        if not any(not _errs(v, sub, path) for sub in s["anyOf"]):
            out.append(f"{path}: matches none of anyOf: {'; '.join(_errs(v, s['anyOf'][0], path))}")
    if "oneOf" in s:
        n = sum(1 for sub in s["oneOf"] if not _errs(v, sub, path))
        if n != 1:
            out.append(f"{path}: matches {n} of oneOf (must be exactly 1)")


def _errs(v: Any, s: dict, path: str) -> List[str]:
    out: List[str] = []
    _check(v, s, path, out)
    return out


def _jsonschema_errors(instance: Any, schema: dict) -> List[str]:
    try:
        import jsonschema
    except ImportError:
        return []
    checker = jsonschema.FormatChecker(formats=())
    for name, fn in _FORMATS.items():
        checker.checks(name)(fn)
    validator = jsonschema.Draft7Validator(schema, format_checker=checker)
    return [f"jsonschema: $/{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
            for e in validator.iter_errors(instance)]


def has_jsonschema() -> bool:
    try:
        import jsonschema  # noqa: F401
        return True
    except ImportError:
        return False


def validate(instance: Any, schema: dict) -> List[str]:
    return _errs(instance, schema, "$") + _jsonschema_errors(instance, schema)
