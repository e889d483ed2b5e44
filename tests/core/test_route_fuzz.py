"""Every route, hostile values in every path parameter, query string and form field: no 5xx.

The routes come from ``app.url_map``, so a new route is fuzzed without anyone listing it.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.support.staff import csrf_from, signed_in_client, staff_csrf

# Values are given already percent-encoded, so malformed UTF-8 (``%ff%fe``) and a lone ``%``
# reach the app exactly as a hostile client would send them.
HOSTILE = [
    "9223372036854775808",
    "2147483648",
    "99999999999999999999999999",
    "-1",
    "0",
    quote("²"),
    quote("①"),
    quote("⁵"),
    quote("٣"),
    "%00",
    "a%00b",
    "%1E",
    "%1Ezzz%1E",
    "%7F",
    "x" * 5000,
    "%ff%fe",
    "%",
    quote("../../etc/passwd", safe=""),
    quote("<script>", safe=""),
]
FORM_FIELDS = ["title", "summary", "body", "url", "link_url", "username", "password", "stars"]
QUERY_NAMES = ["page", "next", "reason", "v", "days", "from", "to"]
# Signing out would turn the admin's pass into an anonymous one half-way through.
SKIPPED = {("POST", "staff.logout")}


def valid_value(rule, name: str) -> str:
    """A value that matches the parameter's converter, for the parameters not under attack."""
    converter = rule._converters[name]
    options = getattr(converter, "items", None)  # AnyConverter keeps its choices
    if options:
        return sorted(options)[0]
    return "1"


def paths(rule):
    """The rule's path with valid values, then with each parameter in turn hostile."""
    names = sorted(rule.arguments)
    valid = {name: valid_value(rule, name) for name in names}
    yield build(rule, valid)
    for name in names:
        for value in HOSTILE:
            yield build(rule, {**valid, name: value})


def build(rule, values: dict[str, str]) -> str:
    """The rule's URL with ``values`` put in as they are (already encoded)."""
    path = ""
    for is_dynamic, part in rule._trace:
        if not is_dynamic:
            path += part
        else:
            path += values[part]
    return path.split("|", 1)[1]


def form_body(token: str, value: str) -> str:
    """A urlencoded body with ``value`` in every field a form here might read."""
    return "&".join([f"csrf_token={quote(token)}"] + [f"{name}={value}" for name in FORM_FIELDS])


def fuzz(app, client, token) -> tuple[int, list[str]]:
    """Send everything; return the request count and a line per 5xx."""
    failures: list[str] = []
    count = 0

    def send(method: str, path: str, **kwargs) -> None:
        nonlocal count
        count += 1
        status = client.open(path, method=method, **kwargs).status_code
        if status >= 500:
            failures.append(f"{status} {method} {path[:120]} {str(kwargs)[:120]}")

    rules = sorted(app.url_map.iter_rules(), key=lambda rule: rule.rule)
    # POSTs first, so that whatever they manage to store is then read back by the GETs.
    for rule in rules:
        if "POST" not in (rule.methods or ()) or ("POST", rule.endpoint) in SKIPPED:
            continue
        for index, path in enumerate(paths(rule)):
            values = HOSTILE if index == 0 else HOSTILE[:1]
            for value in values:
                send(
                    "POST",
                    path,
                    data=form_body(token, value),
                    content_type="application/x-www-form-urlencoded",
                )
    for rule in rules:
        if "GET" not in (rule.methods or ()):
            continue
        for index, path in enumerate(paths(rule)):
            send("GET", path)
            if index == 0:
                for value in HOSTILE:
                    send("GET", path, query_string="&".join(f"{n}={value}" for n in QUERY_NAMES))
    return count, failures


@pytest.mark.parametrize("who", ["anonymous", "admin"])
def test_no_route_answers_hostile_values_with_a_server_error(app, who, capsys):
    if who == "admin":
        client = signed_in_client(app, "quantri", role="admin")

        token = staff_csrf(client)
    else:
        client = app.test_client()

        token = csrf_from(client.get("/login").get_data(as_text=True))

    count, failures = fuzz(app, client, token)
    with capsys.disabled():
        print(f"\nroute fuzz ({who}): {count} requests, {len(failures)} answered 5xx")
    assert not failures, "\n".join(failures[:40])
