"""The ticker strip's data: exchange rates, weather and the newest "breaking" headline.

Each provider is fetched through the feeds' own Fetcher (limits, conditional GET), on its
own schedule, and every value it sent is stored per as-of day in `ticker_value`, so the
strip works offline and rate history builds up. A failed or junk answer only records the
error in `ticker_status`; the last good values stay. Nothing here touches the network
except `refresh` and `find_city`.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass, fields
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from reader.errors import KabarError, UsageError
from reader.fetch import Fetcher, FetchLimits
from reader.rates import DEFAULT_URLS, PROVIDER_NAMES, PROVIDERS, Rate, parse_rates
from reader.storage import Storage, to_dt, to_ts
from reader.types import ArticleFilter, Headline
from reader.weather import (
    FORECAST_URL,
    GEOCODING_URL,
    Place,
    Weather,
    forecast_url,
    geocoding_url,
    parse_forecast,
    parse_geocoding,
    weather_from_json,
    weather_to_json,
)

SETTING_KEY = "ticker"
BREAKING_KEY = "breaking_sources"
ENV_RATES = "KABAR_RATES_URL"  # for mirrors, proxies and tests; they win over the settings
ENV_WEATHER = "KABAR_WEATHER_URL"
ENV_GEOCODING = "KABAR_GEOCODING_URL"
RATES_EVERY = timedelta(hours=1)
WEATHER_EVERY = timedelta(minutes=30)
STALE_AFTER = 2  # schedules missed before a value counts as stale
WEATHER = "weather"  # the provider name of weather rows and status
# A strip must not wait like a feed sync may: short timeouts, and small answers only.
TICKER_LIMITS = FetchLimits(connect_timeout=5, read_timeout=10, total_timeout=15,
                            max_bytes=2 * 2**20)  # fmt: skip
XML_ACCEPT = "application/xml, text/xml;q=0.9, */*;q=0.5"
CITIES = (
    Place("Алматы", "Казахстан", "", 43.25, 76.92, "Asia/Almaty"),
    Place("Астана", "Казахстан", "", 51.18, 71.45, "Asia/Almaty"),
)


@dataclass(frozen=True)
class TickerSettings:
    rates_provider: str = "nbk"  # "nbk" | "cbr" | "ecb"
    currencies: tuple[str, ...] = ("USD", "EUR", "RUB", "CNY")
    city: str = "Алматы"
    lat: float = 43.25
    lon: float = 76.92
    timezone: str = "Asia/Almaty"
    units: str = "metric"  # "metric" (°C, m/s) | "imperial" (°F, mph); the window picks by locale
    show_rates: bool = True
    show_weather: bool = True
    show_breaking: bool = True
    rates_url: str | None = None  # overrides for mirrors and proxies; the env vars win
    weather_url: str | None = None
    geocoding_url: str | None = None

    @property
    def place_key(self) -> str:
        return f"{self.lat:.2f},{self.lon:.2f}"


@dataclass(frozen=True)
class TickerRate:
    code: str
    per_unit: Decimal  # `base` per one unit of `code`
    base: str
    as_of: date
    change: Decimal | None  # the provider's, else per_unit − previous (None without history)
    direction: str | None  # "up" | "down" | None (no change, or nothing to compare with)
    previous: Decimal | None  # the stored value of the day before `as_of`, if any


@dataclass(frozen=True)
class TickerState:
    provider: str
    rates: tuple[TickerRate, ...]  # in the order of settings.currencies; unknown ones absent
    rates_as_of: date | None
    rates_fetched_at: datetime | None  # the last time the provider confirmed them (UTC)
    rates_stale: bool
    rates_error: str | None  # why the last attempt failed; None after a success
    city: str
    weather: Weather | None
    weather_fetched_at: datetime | None
    weather_stale: bool
    weather_error: str | None
    breaking: Headline | None


# -- settings ----------------------------------------------------------------------------------


def load_settings(storage: Storage) -> TickerSettings:
    stored = storage.setting(SETTING_KEY, {})
    defaults = TickerSettings()
    values: dict[str, Any] = {}
    for f in fields(TickerSettings):
        value = stored.get(f.name) if isinstance(stored, dict) else None
        default = getattr(defaults, f.name)
        if f.name == "currencies" and isinstance(value, list):
            values[f.name] = tuple(str(c).upper() for c in value if str(c).strip())
        elif _fits(default, value):
            values[f.name] = value
    settings = TickerSettings(**values)
    if settings.rates_provider not in PROVIDERS:
        settings = TickerSettings(**{**values, "rates_provider": "nbk"})
    return settings


def _fits(default: Any, value: Any) -> bool:
    """A stored value of the right type; anything else (a hand-edited database) is ignored."""
    if default is None:
        return isinstance(value, str) and bool(value.strip())
    if isinstance(default, float):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return type(value) is type(default)


def save_settings(storage: Storage, settings: TickerSettings) -> None:
    if settings.rates_provider not in PROVIDERS:
        raise UsageError(f"Unknown rates provider {settings.rates_provider!r}; "
                         f"choose one of {', '.join(PROVIDERS)}.")  # fmt: skip
    value = asdict(settings)
    value["currencies"] = list(settings.currencies)
    storage.set_setting(SETTING_KEY, value)


def rates_url(settings: TickerSettings) -> str:
    return os.environ.get(ENV_RATES) or settings.rates_url or DEFAULT_URLS[settings.rates_provider]


def weather_request(settings: TickerSettings) -> str:
    base = os.environ.get(ENV_WEATHER) or settings.weather_url or FORECAST_URL
    imperial = settings.units == "imperial"
    return forecast_url(base, settings.lat, settings.lon, settings.timezone, imperial)


# -- reading what is stored (no network) -----------------------------------------------------


def ticker_state(
    storage: Storage, settings: TickerSettings, now: datetime | None = None
) -> TickerState:
    now = now or datetime.now(UTC)
    provider = settings.rates_provider
    rates, rows_fetched = _stored_rates(storage, provider, settings.currencies)
    r_status = _status(storage, provider)
    rates_at = _confirmed(r_status, rates_url(settings)) or rows_fetched
    weather, w_fetched = _stored_weather(storage, settings.place_key)
    w_status = _status(storage, WEATHER)
    weather_at = _confirmed(w_status, weather_request(settings)) or w_fetched
    return TickerState(
        provider=provider, rates=tuple(rates) if settings.show_rates else (),
        rates_as_of=max((r.as_of for r in rates), default=None), rates_fetched_at=rates_at,
        rates_stale=_stale(rates_at, RATES_EVERY, now),
        rates_error=r_status.get("last_error") if r_status else None,
        city=settings.city, weather=weather if settings.show_weather else None,
        weather_fetched_at=weather_at,
        weather_stale=_stale(weather_at, WEATHER_EVERY, now),
        weather_error=w_status.get("last_error") if w_status else None,
        breaking=breaking_headline(storage) if settings.show_breaking else None,
    )  # fmt: skip


def rate_history(
    storage: Storage, provider: str, code: str, days: int
) -> list[tuple[date, Decimal]]:
    """One value per day, oldest first, over the `days` days up to the newest stored one
    (not up to today: after a month offline the last month you have is still shown)."""
    with storage.db.read() as c:
        newest = c.exec_driver_sql(
            "SELECT max(day) FROM ticker_value WHERE provider = ? AND key = ?",
            (provider, code.upper()),
        ).scalar()  # fmt: skip
        if newest is None:
            return []
        start = date.fromisoformat(newest) - timedelta(days=max(days, 1) - 1)
        rows = c.exec_driver_sql(
            "SELECT day, value FROM ticker_value WHERE provider = ? AND key = ? AND day >= ?"
            " ORDER BY day", (provider, code.upper(), start.isoformat()),
        ).all()  # fmt: skip
    return [(date.fromisoformat(d), Decimal(json.loads(v)["per_unit"])) for d, v in rows]


def _stored_rates(
    storage: Storage, provider: str, codes: tuple[str, ...]
) -> tuple[list[TickerRate], datetime | None]:
    found: list[TickerRate] = []
    fetched: list[int] = []
    with storage.db.read() as c:
        for code in codes:
            rows = c.exec_driver_sql(
                "SELECT day, value, fetched_at FROM ticker_value WHERE provider = ? AND key = ?"
                " ORDER BY day DESC LIMIT 2", (provider, code),
            ).all()  # fmt: skip
            if rows:
                found.append(_ticker_rate(code, rows))
                fetched.append(rows[0][2])
    return found, to_dt(max(fetched)) if fetched else None


def _ticker_rate(code: str, rows: Sequence[Any]) -> TickerRate:
    day, value = rows[0][0], json.loads(rows[0][1])
    per_unit = Decimal(value["per_unit"])
    previous = Decimal(json.loads(rows[1][1])["per_unit"]) if len(rows) > 1 else None
    change = Decimal(value["change"]) if value.get("change") is not None else None
    direction = value.get("direction")
    if change is None and previous is not None:
        change = per_unit - previous
    if direction is None and change:
        direction = "up" if change > 0 else "down"
    return TickerRate(code, per_unit, value["base"], date.fromisoformat(day), change, direction,
                      previous)  # fmt: skip


def _stored_weather(storage: Storage, key: str) -> tuple[Weather | None, datetime | None]:
    with storage.db.read() as c:
        row = c.exec_driver_sql(
            "SELECT value, fetched_at FROM ticker_value WHERE provider = ? AND key = ?"
            " ORDER BY day DESC LIMIT 1", (WEATHER, key),
        ).first()  # fmt: skip
    if row is None:
        return None, None
    return weather_from_json(json.loads(row[0])), to_dt(row[1])


def _status(storage: Storage, provider: str) -> dict[str, Any] | None:
    with storage.db.read() as c:
        row = c.exec_driver_sql(
            "SELECT * FROM ticker_status WHERE provider = ?", (provider,)
        ).first()
    return dict(row._mapping) if row is not None else None


def _confirmed(status: dict[str, Any] | None, url: str) -> datetime | None:
    """When the provider last confirmed the values of this very address (a 304 counts)."""
    return to_dt(status["last_success"]) if status and status["url"] == url else None


def _stale(fetched: datetime | None, every: timedelta, now: datetime) -> bool:
    return fetched is None or now - fetched > every * STALE_AFTER


# -- fetching ---------------------------------------------------------------------------------


async def refresh(
    storage: Storage, settings: TickerSettings, limits: FetchLimits | None = None,
    force: bool = False, now: datetime | None = None,
) -> TickerState:  # fmt: skip
    """Fetch what is due (rates hourly, weather every 30 min; everything with `force`)."""
    now = now or datetime.now(UTC)
    jobs: list[Callable[[Fetcher], Awaitable[None]]] = []
    provider = settings.rates_provider
    url = rates_url(settings)
    if settings.show_rates and (force or _due(storage, provider, url, RATES_EVERY, now)):
        jobs.append(lambda f: _fetch_into(
            f, storage, provider, url, XML_ACCEPT, now,
            lambda body: _rate_rows(parse_rates(provider, body)),
        ))  # fmt: skip
    w_url = weather_request(settings)
    if settings.show_weather and (force or _due(storage, WEATHER, w_url, WEATHER_EVERY, now)):
        jobs.append(lambda f: _fetch_into(
            f, storage, WEATHER, w_url, "application/json", now,
            lambda body: _weather_rows(settings.place_key, parse_forecast(body)),
        ))  # fmt: skip
    if jobs:
        async with Fetcher(limits or TICKER_LIMITS) as fetcher:
            await asyncio.gather(*(job(fetcher) for job in jobs))
    return ticker_state(storage, settings, now)


def _due(storage: Storage, provider: str, url: str, every: timedelta, now: datetime) -> bool:
    status = _status(storage, provider)
    if status is None or status["url"] != url or status["last_attempt"] is None:
        return True  # never tried, or the address changed (another city, a mirror)
    return now - (to_dt(status["last_attempt"]) or now) >= every


Rows = list[tuple[str, str, str]]  # (key, day, JSON value)


async def _fetch_into(
    fetcher: Fetcher, storage: Storage, provider: str, url: str, accept: str, now: datetime,
    rows_of: Callable[[bytes], Rows],
) -> None:  # fmt: skip
    status = _status(storage, provider) or {}
    same = status.get("url") == url  # validators belong to the address they came from
    try:
        outcome = await fetcher.fetch(
            url, status.get("etag") if same else None,
            status.get("last_modified") if same else None, accept=accept,
            what="weather forecast" if provider == WEATHER else "exchange rate list",
        )  # fmt: skip
        if outcome.status == 304:
            _succeed(storage, provider, url, status.get("etag"), status.get("last_modified"),
                     [], now)  # fmt: skip
            return
        rows = rows_of(outcome.body or b"")
    except KabarError as error:
        name = PROVIDER_NAMES.get(provider, "Open-Meteo")
        message = str(error) if str(error).startswith(name) else f"{name}: {error}"
        _fail(storage, provider, url, message, now)
        return
    _succeed(storage, provider, url, outcome.etag, outcome.last_modified, rows, now)


def _rate_rows(rates: list[Rate]) -> Rows:
    return [(r.code, r.as_of.isoformat(), json.dumps({
        "per_unit": str(r.per_unit), "change": None if r.change is None else str(r.change),
        "direction": r.direction, "base": r.base,
    })) for r in rates]  # fmt: skip


def _weather_rows(place_key: str, weather: Weather) -> Rows:
    value = json.dumps(weather_to_json(weather), ensure_ascii=False)
    return [(place_key, weather.observed.date().isoformat(), value)]


def _succeed(
    storage: Storage, provider: str, url: str, etag: str | None, last_modified: str | None,
    rows: Rows, now: datetime,
) -> None:  # fmt: skip
    ts = to_ts(now)
    with storage.db.write() as c:
        for key, day, value in rows:
            c.exec_driver_sql(
                "INSERT OR REPLACE INTO ticker_value (provider, key, day, value, fetched_at)"
                " VALUES (?, ?, ?, ?, ?)", (provider, key, day, value, ts),
            )  # fmt: skip
        c.exec_driver_sql(
            "INSERT INTO ticker_status (provider, url, etag, last_modified, last_attempt,"
            " last_success, last_error) VALUES (?, ?, ?, ?, ?, ?, NULL)"
            " ON CONFLICT (provider) DO UPDATE SET url = excluded.url, etag = excluded.etag,"
            " last_modified = excluded.last_modified, last_attempt = excluded.last_attempt,"
            " last_success = excluded.last_success, last_error = NULL",
            (provider, url, etag, last_modified, ts, ts),
        )  # fmt: skip


def _fail(storage: Storage, provider: str, url: str, message: str, now: datetime) -> None:
    with storage.db.write() as c:
        c.exec_driver_sql(
            "INSERT INTO ticker_status (provider, url, last_attempt, last_error)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (provider) DO UPDATE SET"
            # validators and the success time belong to the address they came from
            " etag = CASE WHEN url = excluded.url THEN etag END,"
            " last_modified = CASE WHEN url = excluded.url THEN last_modified END,"
            " last_success = CASE WHEN url = excluded.url THEN last_success END,"
            " url = excluded.url, last_attempt = excluded.last_attempt,"
            " last_error = excluded.last_error",
            (provider, url, to_ts(now), message),
        )  # fmt: skip


async def find_city(
    name: str, limits: FetchLimits | None = None, settings: TickerSettings | None = None,
    language: str = "ru",
) -> list[Place]:  # fmt: skip
    """Places called `name`, best first, from Open-Meteo's geocoding (network)."""
    if not name.strip():
        raise UsageError("Give a city name.")
    base = os.environ.get(ENV_GEOCODING) or (settings and settings.geocoding_url) or GEOCODING_URL
    async with Fetcher(limits or TICKER_LIMITS) as fetcher:
        outcome = await fetcher.fetch(geocoding_url(base, name.strip(), language),
                                      accept="application/json", what="place list")  # fmt: skip
    return parse_geocoding(outcome.body or b"")


# -- breaking news ----------------------------------------------------------------------------


def breaking_sources(storage: Storage) -> list[int]:
    stored = storage.setting(BREAKING_KEY, [])
    return [int(i) for i in stored if isinstance(i, int)] if isinstance(stored, list) else []


def set_breaking(storage: Storage, source_id: int, on: bool) -> None:
    storage.source(source_id)  # an unknown id is a usage error
    kept = [i for i in breaking_sources(storage) if i != source_id]
    storage.set_setting(BREAKING_KEY, [*kept, source_id] if on else kept)


def breaking_headline(storage: Storage) -> Headline | None:
    """The newest article of the sources marked "breaking", or None."""
    newest = None
    for source_id in breaking_sources(storage):
        keys = storage.article_keys(ArticleFilter(source_id=source_id), limit=1)
        if keys and (newest is None or (keys[0].sort_date, keys[0].id) > newest):
            newest = (keys[0].sort_date, keys[0].id)
    return storage.headlines([newest[1]]).get(newest[1]) if newest else None
