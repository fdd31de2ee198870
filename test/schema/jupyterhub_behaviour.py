"""Schemathesis hooks: the rules of deviations.md, applied to JupyterHub's OpenAPI file as it loads,
and the seeded resources that make positive data mean something.

Each rule carries the id of its entry in deviations.md; nothing else in the spec is changed.
test/schema/run.js loads this file through SCHEMATHESIS_HOOKS and passes the hub's API URL and
token in ORRERY_SCHEMA_API_URL and ORRERY_SCHEMA_TOKEN.
"""

import json
import os
import urllib.error
import urllib.request

import schemathesis
from schemathesis.generation.meta import TestPhase

# D1: the error body every hub error has, for the error statuses the spec leaves out.
ERROR_BODY = {
    "type": "object",
    "required": ["status", "message"],
    "properties": {
        "status": {"type": "integer"},
        "message": {"type": ["string", "null"]},
    },
}

# D1: per operation, the error statuses JupyterHub 6.1.1 answers (deviations.md D1 says why).
# 400 and 403 are common to every operation that needs a token; 404 only where a path names a
# resource that may not exist (or the route is gone), 409 only where the call creates one.
COMMON = (400, 403)
LOOKUP = COMMON + (404,)
CREATE = COMMON + (409,)
ERROR_STATUSES = {
    "GET /": (400,),
    "GET /info": COMMON,
    "GET /user": COMMON,
    "GET /users": COMMON,
    "POST /users": CREATE,
    "GET /users/{name}": LOOKUP,
    "POST /users/{name}": CREATE,
    "DELETE /users/{name}": LOOKUP,
    "PATCH /users/{name}": LOOKUP,
    "POST /users/{name}/activity": LOOKUP,
    "POST /users/{name}/server": LOOKUP,
    "DELETE /users/{name}/server": LOOKUP,
    "GET /users/{name}/servers/{server_name}": LOOKUP,
    "PUT /users/{name}/servers/{server_name}": LOOKUP + (409,),
    "POST /users/{name}/servers/{server_name}": LOOKUP,
    "DELETE /users/{name}/servers/{server_name}": LOOKUP,
    "PATCH /users/{name}/servers/{server_name}": LOOKUP,
    "GET /users/{name}/shared": LOOKUP,
    "GET /users/{name}/shared/{owner}/{server_name}": LOOKUP,
    "DELETE /users/{name}/shared/{owner}/{server_name}": LOOKUP,
    "GET /users/{name}/tokens": LOOKUP,
    "POST /users/{name}/tokens": LOOKUP,
    "GET /users/{name}/tokens/{token_id}": LOOKUP,
    "DELETE /users/{name}/tokens/{token_id}": LOOKUP,
    "GET /groups": COMMON,
    "GET /groups/{name}": LOOKUP,
    "POST /groups/{name}": CREATE,
    "DELETE /groups/{name}": LOOKUP,
    "GET /groups/{name}/shared": LOOKUP,
    "GET /groups/{name}/shared/{owner}/{server_name}": LOOKUP,
    "DELETE /groups/{name}/shared/{owner}/{server_name}": LOOKUP,
    "POST /groups/{name}/users": LOOKUP,
    "DELETE /groups/{name}/users": LOOKUP,
    "PUT /groups/{name}/properties": LOOKUP,
    "GET /shares/{owner}": LOOKUP,
    "GET /shares/{owner}/{server_name}": LOOKUP,
    "POST /shares/{owner}/{server_name}": LOOKUP,
    "PATCH /shares/{owner}/{server_name}": LOOKUP,
    "DELETE /shares/{owner}/{server_name}": LOOKUP,
    "GET /share-codes/{owner}": LOOKUP,
    "GET /share-codes/{owner}/{server_name}": LOOKUP,
    "POST /share-codes/{owner}/{server_name}": LOOKUP,
    "DELETE /share-codes/{owner}/{server_name}": LOOKUP,
    "GET /services": COMMON,
    "GET /services/{name}": LOOKUP,
    "GET /proxy": COMMON,
    "POST /proxy": COMMON,
    "PATCH /proxy": COMMON,
    "POST /authorizations/token": LOOKUP,
    "GET /authorizations/token/{token}": LOOKUP,
}

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
    for path, operations in paths.items():
        for method in METHODS:
            responses = operations.get(method, {}).get("responses")
            if responses is None:
                continue
            documented = {str(status) for status in responses}
            # Keep the key type the loader used (YAML gives ints) so keys stay comparable.
            as_key = int if any(isinstance(status, int) for status in responses) else str
            # An operation missing from the table (switched off in schemathesis.toml) gets none.
            for status in ERROR_STATUSES.get(f"{method.upper()} {path}", ()):
                if str(status) not in documented:
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


def version_is_public(paths):
    """D5: GET / answers the version to anyone; the spec's top-level security covers it too."""
    paths["/"]["get"]["security"] = []


@schemathesis.hook
def before_load_schema(context, raw_schema):
    add_error_responses(raw_schema["paths"])
    version_is_public(raw_schema["paths"])
    make_nullable(raw_schema["components"]["schemas"])
    services_keyed_by_name(raw_schema["paths"])


# Seeded resources (run.js creates the stable ones). A positive case names one of them, so
# "valid data should be accepted" holds it to a success status rather than letting an unknown
# name's 404 pass. Calls that delete or rename what they name get a scratch resource, recreated
# before each such call, so the stable ones stay for every other call.
STABLE_USER = "ken"
STABLE_GROUP = "students"
STABLE_SERVICE = "bench"
SCRATCH_USER = "scratch-user"
SCRATCH_GROUP = "scratch-group"
SCRATCH_NAMES = {
    "DELETE /users/{name}": ("/users/", SCRATCH_USER),
    "PATCH /users/{name}": ("/users/", SCRATCH_USER),
    "DELETE /groups/{name}": ("/groups/", SCRATCH_GROUP),
}
# Calls that create what they name keep the drawn name; their table entry allows 409.
CREATES = {"POST /users/{name}", "POST /groups/{name}"}


def hub_call(method, path):
    """A call to the hub under test with the run's admin token; an error status is an answer."""
    request = urllib.request.Request(
        os.environ["ORRERY_SCHEMA_API_URL"] + path,
        method=method,
        data=json.dumps({}).encode() if method == "POST" else None,
        headers={"Authorization": f"token {os.environ['ORRERY_SCHEMA_TOKEN']}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def seeded_name(label, path):
    if label in CREATES:
        return None
    if label in SCRATCH_NAMES:
        prefix, name = SCRATCH_NAMES[label]
        hub_call("POST", f"{prefix}{name}")  # 201, or 409 when it is still there
        return name
    if path.startswith("/users/{name}"):
        return STABLE_USER
    if path.startswith("/groups/{name}"):
        return STABLE_GROUP
    if path == "/services/{name}":
        return STABLE_SERVICE
    return None


def without_nul(value):
    """D6: the value with every U+0000 dropped from its strings and keys."""
    if isinstance(value, str):
        return value.replace("\u0000", "")
    if isinstance(value, list):
        return [without_nul(item) for item in value]
    if isinstance(value, dict):
        return {without_nul(key): without_nul(item) for key, item in value.items()}
    return value


@schemathesis.hook
def before_call(context, case, kwargs):
    meta = case.meta
    # Stateful steps take their names from links; negative cases keep what they drew.
    if meta is None or meta.phase.name == TestPhase.STATEFUL or not meta.generation.mode.is_positive:
        return
    # D6: positive data carries no NUL, which Orrery refuses in any request
    if isinstance(case.body, (str, list, dict)):
        case.body = without_nul(case.body)
    if case.query:
        case.query = without_nul(case.query)
    if not case.path_parameters or "name" not in case.path_parameters:
        return
    name = seeded_name(f"{case.method.upper()} {case.operation.path}", case.operation.path)
    if name is not None:
        case.path_parameters["name"] = name
