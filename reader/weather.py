"""Weather from Open-Meteo (no key): pure parsers for /v1/forecast and the geocoding search,
the WMO weather codes as stable condition keys with short texts, and the request URLs.

Open-Meteo answers with column arrays whose values may be null (the end of the forecast
horizon, a variable the model lacks): a null day is skipped, a null current temperature is
an error. Both the current API (`current`, `weather_code`) and the legacy shape
(`current_weather`, `weathercode`, `windspeed`) are read. Formats:
/work/shared/corpus/weather/FORMATS.md.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from reader.errors import ProviderError

FORECAST_URL = "https://api.open-meteo.com/v1/forecast"
GEOCODING_URL = "https://geocoding-api.open-meteo.com/v1/search"
FORECAST_DAYS = 7
NAME = "Open-Meteo"

# WMO 4677 codes as Open-Meteo uses them → a stable key the window translates, and an icon
# name from the freedesktop icon theme.
_CODES: dict[int, str] = {
    0: "clear", 1: "mainly_clear", 2: "partly_cloudy", 3: "overcast", 45: "fog", 48: "fog",
    51: "drizzle", 53: "drizzle", 55: "drizzle", 56: "freezing_drizzle", 57: "freezing_drizzle",
    61: "rain", 63: "rain", 65: "heavy_rain", 66: "freezing_rain", 67: "freezing_rain",
    71: "snow", 73: "snow", 75: "heavy_snow", 77: "snow_grains", 80: "showers", 81: "showers",
    82: "heavy_showers", 85: "snow_showers", 86: "snow_showers", 95: "thunderstorm",
    96: "thunderstorm_hail", 99: "thunderstorm_hail",
}  # fmt: skip
CONDITIONS: dict[str, dict[str, str]] = {
    "clear": {"en": "Clear", "ru": "Ясно", "kk": "Ашық"},
    "mainly_clear": {"en": "Mainly clear", "ru": "Малооблачно", "kk": "Аздап бұлтты"},
    "partly_cloudy": {"en": "Partly cloudy", "ru": "Переменная облачность",
                      "kk": "Ауыспалы бұлтты"},
    "overcast": {"en": "Overcast", "ru": "Пасмурно", "kk": "Бұлыңғыр"},
    "fog": {"en": "Fog", "ru": "Туман", "kk": "Тұман"},
    "drizzle": {"en": "Drizzle", "ru": "Морось", "kk": "Сіркіреме жаңбыр"},
    "freezing_drizzle": {"en": "Freezing drizzle", "ru": "Ледяная морось",
                         "kk": "Мұзды сіркіреме"},
    "rain": {"en": "Rain", "ru": "Дождь", "kk": "Жаңбыр"},
    "heavy_rain": {"en": "Heavy rain", "ru": "Сильный дождь", "kk": "Нөсер жаңбыр"},
    "freezing_rain": {"en": "Freezing rain", "ru": "Ледяной дождь", "kk": "Мұзды жаңбыр"},
    "snow": {"en": "Snow", "ru": "Снег", "kk": "Қар"},
    "heavy_snow": {"en": "Heavy snow", "ru": "Сильный снег", "kk": "Қалың қар"},
    "snow_grains": {"en": "Snow grains", "ru": "Снежная крупа", "kk": "Қар түйіршігі"},
    "showers": {"en": "Showers", "ru": "Ливень", "kk": "Нөсер"},
    "heavy_showers": {"en": "Heavy showers", "ru": "Сильный ливень", "kk": "Қатты нөсер"},
    "snow_showers": {"en": "Snow showers", "ru": "Снегопад", "kk": "Қар жауады"},
    "thunderstorm": {"en": "Thunderstorm", "ru": "Гроза", "kk": "Найзағай"},
    "thunderstorm_hail": {"en": "Thunderstorm with hail", "ru": "Гроза с градом",
                          "kk": "Бұршақты найзағай"},
    "unknown": {"en": "—", "ru": "—", "kk": "—"},
}  # fmt: skip
ICONS: dict[str, str] = {
    "clear": "weather-clear", "mainly_clear": "weather-few-clouds",
    "partly_cloudy": "weather-few-clouds", "overcast": "weather-overcast", "fog": "weather-fog",
    "drizzle": "weather-showers-scattered", "freezing_drizzle": "weather-freezing-rain",
    "rain": "weather-showers", "heavy_rain": "weather-showers",
    "freezing_rain": "weather-freezing-rain", "snow": "weather-snow",
    "heavy_snow": "weather-snow", "snow_grains": "weather-snow", "showers": "weather-showers",
    "heavy_showers": "weather-showers", "snow_showers": "weather-snow",
    "thunderstorm": "weather-storm", "thunderstorm_hail": "weather-storm",
    "unknown": "weather-severe-alert",
}  # fmt: skip


@dataclass(frozen=True)
class DayForecast:
    day: date
    t_min: float | None
    t_max: float | None
    condition: str  # a key of CONDITIONS


@dataclass(frozen=True)
class Weather:
    observed: datetime  # the model's time slot, local wall-clock time of `timezone` (naive)
    temperature: float
    temperature_unit: str  # "°C" or "°F", as Open-Meteo says
    condition: str  # a key of CONDITIONS (and ICONS); "unknown" without a code
    code: int | None  # the WMO code itself
    is_day: bool
    wind_speed: float | None
    wind_unit: str  # "m/s", "km/h", "mp/h" … as Open-Meteo says
    wind_direction: int | None  # degrees, where the wind comes from
    today_min: float | None
    today_max: float | None
    days: tuple[DayForecast, ...]  # today first; days the model has no values for are left out
    timezone: str


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    region: str
    lat: float
    lon: float
    timezone: str


def condition_text(key: str, language: str = "en") -> str:
    texts = CONDITIONS.get(key, CONDITIONS["unknown"])
    return texts.get(language, texts["en"])


def condition_of(code: int | None) -> str:
    return _CODES.get(code, "unknown") if code is not None else "unknown"


def forecast_url(base: str, lat: float, lon: float, timezone: str, imperial: bool = False) -> str:
    """The /v1/forecast request for the strip; `base` may be a mirror (KABAR_WEATHER_URL)."""
    query = {
        "latitude": f"{lat:.4f}", "longitude": f"{lon:.4f}", "timezone": timezone or "auto",
        "current": "temperature_2m,weather_code,wind_speed_10m,wind_direction_10m,is_day",
        "daily": "weather_code,temperature_2m_max,temperature_2m_min",
        "forecast_days": str(FORECAST_DAYS),
        "wind_speed_unit": "mph" if imperial else "ms",  # m/s is how KZ and RU forecasts speak
        "temperature_unit": "fahrenheit" if imperial else "celsius",
    }  # fmt: skip
    return base + ("&" if "?" in base else "?") + urlencode(query)


def geocoding_url(base: str, name: str, language: str = "ru", count: int = 5) -> str:
    query = {"name": name, "count": str(count), "language": language, "format": "json"}
    return base + ("&" if "?" in base else "?") + urlencode(query)


def parse_forecast(data: bytes) -> Weather:
    doc = _json(data)
    current = doc.get("current") or doc.get("current_weather")
    units = doc.get("current_units") or {}
    if not isinstance(current, dict):
        raise _bad("an answer without current weather")
    temperature = _float(_pick(current, "temperature_2m", "temperature"))
    if temperature is None:
        raise _bad("no current temperature")
    if not -100 <= temperature <= 150:  # °C or °F: anything outside is a broken upstream
        raise _bad(f"an impossible temperature ({temperature})")
    observed = _when(current.get("time"))
    code = _int(_pick(current, "weather_code", "weathercode"))
    days = _days(doc)
    today = next((d for d in days if d.day == observed.date()), None)
    return Weather(
        observed=observed, temperature=temperature,
        temperature_unit=str(_pick(units, "temperature_2m", "temperature") or "°C"),
        condition=condition_of(code), code=code,
        is_day=bool(_int(current.get("is_day")) if "is_day" in current else True),
        wind_speed=_non_negative(_pick(current, "wind_speed_10m", "windspeed_10m", "windspeed")),
        wind_unit=str(_pick(units, "wind_speed_10m", "windspeed_10m", "windspeed") or "km/h"),
        wind_direction=_int(_pick(current, "wind_direction_10m", "winddirection_10m",
                                  "winddirection")),
        today_min=today.t_min if today else None, today_max=today.t_max if today else None,
        days=tuple(d for d in days if d.day >= observed.date()),
        timezone=str(doc.get("timezone") or ""),
    )  # fmt: skip


def parse_days(data: bytes) -> tuple[DayForecast, ...]:
    """Only the daily block of a forecast (days with no values are left out)."""
    return _days(_json(data))


def parse_geocoding(data: bytes) -> list[Place]:
    """Places matching a name, best first; [] when nothing matched (no `results` key)."""
    doc = _json(data, what="place search")
    places = []
    for item in doc.get("results") or []:
        if not isinstance(item, dict):
            continue
        lat, lon = _float(item.get("latitude")), _float(item.get("longitude"))
        name = str(item.get("name") or "").strip()
        if not name or lat is None or lon is None or abs(lat) > 90 or abs(lon) > 180:
            continue
        places.append(Place(
            name, str(item.get("country") or ""), str(item.get("admin1") or ""), lat, lon,
            str(item.get("timezone") or "auto"),
        ))  # fmt: skip
    return places


# -- helpers ---------------------------------------------------------------------------------


def _bad(what: str) -> ProviderError:
    return ProviderError(f"{NAME} sent {what}; the last weather is kept.")


def _json(data: bytes, what: str = "forecast") -> dict[str, Any]:
    if data.lstrip()[:1] == b"<":
        raise _bad("a web page instead of a " + what + " (the service may be down)")
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise _bad(f"a {what} Kabar cannot read (not JSON)") from None
    if not isinstance(doc, dict):
        raise _bad(f"a {what} of an unknown shape")
    if doc.get("error"):
        raise _bad(f"an error: {str(doc.get('reason') or 'no reason given')[:200]}")
    return doc


def _days(doc: dict[str, Any]) -> tuple[DayForecast, ...]:
    daily = doc.get("daily")
    if not isinstance(daily, dict) or not isinstance(daily.get("time"), list):
        return ()
    columns = {
        name: values if isinstance(values, list) else []
        for name, values in daily.items()
    }  # fmt: skip
    maxima = columns.get("temperature_2m_max", [])
    minima = columns.get("temperature_2m_min", [])
    codes = columns.get("weather_code") or columns.get("weathercode") or []
    found = []
    for i, stamp in enumerate(columns["time"]):
        t_max, t_min = _float(_at(maxima, i)), _float(_at(minima, i))
        code = _int(_at(codes, i))
        day = _iso_day(stamp)
        if day is None or (t_max is None and t_min is None and code is None):
            continue  # the end of the horizon: the model has nothing for this day
        found.append(DayForecast(day, t_min, t_max, condition_of(code)))
    return tuple(found)


def _pick(mapping: dict[str, Any], *names: str) -> Any:
    return next((mapping[n] for n in names if mapping.get(n) is not None), None)


def _at(values: list[Any], index: int) -> Any:
    return values[index] if index < len(values) else None


def _float(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _non_negative(value: Any) -> float | None:
    number = _float(value)
    return number if number is not None and number >= 0 else None


def _int(value: Any) -> int | None:
    number = _float(value)
    return int(number) if number is not None else None


def _iso_day(value: Any) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _when(value: Any) -> datetime:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        raise _bad("a forecast without a valid time") from None


def weather_to_json(weather: Weather) -> dict[str, Any]:
    """How a Weather is stored (reader.ticker keeps every fetched value)."""
    value = asdict(weather)
    value["observed"] = weather.observed.isoformat()
    value["days"] = [{**asdict(d), "day": d.day.isoformat()} for d in weather.days]
    return value


def weather_from_json(value: dict[str, Any]) -> Weather:
    days = tuple(
        DayForecast(date.fromisoformat(d["day"]), d["t_min"], d["t_max"], d["condition"])
        for d in value.get("days", [])
    )  # fmt: skip
    fields = {k: v for k, v in value.items() if k in Weather.__dataclass_fields__}
    return Weather(**{**fields, "observed": datetime.fromisoformat(value["observed"]),
                      "days": days})  # fmt: skip
