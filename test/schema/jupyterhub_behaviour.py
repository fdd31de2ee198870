"""Schemathesis hooks: the rules of deviations.md, applied to JupyterHub's OpenAPI file as it loads.

Each rule carries the id of its entry in deviations.md; nothing else in the spec is changed.
test/schema/run.js loads this file through SCHEMATHESIS_HOOKS.
"""

import schemathesis

# D1: the error body every hub error has, for the error statuses the spec leaves out.
ERROR_BODY = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": ["string", "null"]},
    },
}
ERROR_STATUSES = ("400", "403", "404", "409")

# D2: properties JupyterHub sends as null although the spec types them without null.
NULLABLE = {
    "User": ("last_activity", "pending", "server", "auth_state", "user_info"),
    "Server": ("last_activity", "pending", "started", "state", "user_options"),
    "Service": ("url", "info"),
    "Token": ("expires_at", "last_activity"),
    "NewToken": ("expires_at", "last_activity"),
}

METHODS = ("get", "put", "post", "patch", "delete")


def add_error_responses(paths):
    for operations in paths.values():
        for method in METHODS:
            responses = operations.get(method, {}).get("responses")
            if responses is None:
                continue
            documented = {str(status) for status in responses}
            # Keep the key type the loader used (YAML gives ints) so keys stay comparable.
            as_key = int if any(isinstance(status, int) for status in responses) else str
            for status in ERROR_STATUSES:
                if status not in documented:
                    responses[as_key(status)] = {
                        "description": "JupyterHub error (deviations.md D1)",
                        "content": {"application/json": {"schema": ERROR_BODY}},
                    }


def allow_null(schema):
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        kind.append("null")
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"].append(None)


def make_nullable(components):
    for name, properties in NULLABLE.items():
        for prop in properties:
            allow_null(components[name]["properties"][prop])


def services_keyed_by_name(paths):
    """D3: GET /services answers an object keyed by service name, not a list."""
    responses = paths["/services"]["get"]["responses"]
    ok = responses.get(200, responses.get("200"))
    ok["content"]["application/json"]["schema"] = {
        "type": "object",
        "additionalProperties": {"$ref": "#/components/schemas/Service"},
    }


@schemathesis.hook
def before_load_schema(context, raw_schema):
    add_error_responses(raw_schema["paths"])
    make_nullable(raw_schema["components"]["schemas"])
    services_keyed_by_name(raw_schema["paths"])
