"""schemathesis hooks for `npm run test:fuzz` (scripts/fuzz.ts loads them through SCHEMATHESIS_HOOKS).

The served OpenAPI document names a `format` wherever the server checks more than a pattern can say
(api/schemas.ts); here each such format gets a strategy that generates exactly the values the server
accepts, so that schema-valid data is valid data.
"""

import base64
import datetime
import json
import itertools
import os
import re
from zoneinfo import ZoneInfo

import schemathesis
from hypothesis import strategies as st

# GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits (domain/resident-id.ts).
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
_CHECK = "10X98765432"


def _resident_id(area: str, born: datetime.date, sequence: str) -> str:
    first17 = f"{area}{born:%Y%m%d}{sequence}"
    return first17 + _CHECK[sum(int(c) * w for c, w in zip(first17, _WEIGHTS)) % 11]


def _today_in_shanghai() -> datetime.date:
    return datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date()


digits = lambda n: st.text(alphabet="0123456789", min_size=n, max_size=n)  # noqa: E731

# format: cn-resident-id — 17 digits (an area, a birth date from 1900 on, a sequence) and the check character.
schemathesis.openapi.format(
    "cn-resident-id",
    st.builds(
        _resident_id,
        digits(6),
        st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2099, 12, 31)),
        digits(3),
    ),
)

# format: date-not-after-today — a date YYYY-MM-DD from 1900-01-01 to today in Asia/Shanghai.
schemathesis.openapi.format(
    "date-not-after-today",
    st.dates(min_value=datetime.date(1900, 1, 1), max_value=_today_in_shanghai()).map(lambda d: d.isoformat()),
)

# format: case-cursor — base64url without padding of a JSON position; {c, d, i} is a position for both orders
# (api/case-queries.ts reads `c` and `i` newest first, `d`, `c` and `i` next due first).
_instant = st.datetimes(
    min_value=datetime.datetime(2000, 1, 1), max_value=datetime.datetime(2099, 12, 31)
).map(lambda t: t.isoformat(timespec="milliseconds") + "Z")
schemathesis.openapi.format(
    "case-cursor",
    st.builds(
        lambda c, d, i: base64.urlsafe_b64encode(json.dumps({"c": c, "d": d, "i": i}).encode()).decode().rstrip("="),
        _instant,
        st.none() | _instant,
        st.uuids().map(str),
    ),
)


# Intake into the caller's own part of the tree. The document lists every open unit (the server's check
# for a body of any caller), but a caller may register only in its unit or below it (else 403), so most
# drawn intakes would stop there and few cases would reach the action routes. A listed unit outside the
# caller's subtree is swapped for one inside it (deterministically, so a seed replays): still schema-valid,
# and an invalid orgUnitId (negative data) is left as it is.
_OPEN_UNITS = frozenset(filter(None, os.environ.get("FUZZ_OPEN_UNITS", "").split(",")))
_CALLER_UNITS = sorted(filter(None, os.environ.get("FUZZ_CALLER_UNITS", "").split(",")))


@schemathesis.hook
def map_body(context, body):
    operation = context.operation
    if (
        _CALLER_UNITS
        and operation is not None
        and operation.method.upper() == "POST"
        and operation.path == "/api/v1/cases"
        and isinstance(body, dict)
        and body.get("orgUnitId") in _OPEN_UNITS
        and body["orgUnitId"] not in _CALLER_UNITS
    ):
        unit = body["orgUnitId"]
        body = {**body, "orgUnitId": _CALLER_UNITS[sum(map(ord, unit)) % len(_CALLER_UNITS)]}
    return body


# Idempotency keys made unique. Hypothesis draws the smallest keys first ("0", "00"), so a run would mostly
# replay one intake's key with another body (a correct 422) and register next to nothing. A key that is valid
# as drawn gets a run-wide counter appended (still valid: visible ASCII, at most 255 characters); an invalid
# one (negative data) is left as it is.
_IDEMPOTENCY_KEY = re.compile(r"^[!-~](?:[ -~]{0,253}[!-~])?$")
_keys = itertools.count(1)


@schemathesis.hook
def map_headers(context, headers):
    key = (headers or {}).get("Idempotency-Key")
    if isinstance(key, str) and _IDEMPOTENCY_KEY.match(key):
        headers = {**headers, "Idempotency-Key": f"{key[:240]}-{next(_keys)}"}
    return headers
