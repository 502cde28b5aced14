"""schemathesis hooks for `npm run test:fuzz` (scripts/fuzz.ts loads them through SCHEMATHESIS_HOOKS).

The served OpenAPI document names a `format` wherever the server checks more than a pattern can say
(api/schemas.ts); here each such format gets a strategy that generates exactly the values the server
accepts, so that schema-valid data is valid data.
"""

import base64
import datetime
import json
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
# (api/case-queries.ts reads `c` and `i` newest first, `d` and `i` next due first).
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
