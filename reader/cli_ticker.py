"""`kabar ticker`: the strip's rates, weather and breaking headline on the command line.

Rates are printed and exported as exact decimal strings ("334.41"), never floats: they are
money, and JSON numbers become binary floats in most readers.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TextIO

from reader.cli_format import headline_json, iso, local, print_json
from reader.errors import UsageError
from reader.rates import BASES, PROVIDER_NAMES, PROVIDERS
from reader.storage import Storage
from reader.weather import ICONS, Weather, condition_text

if TYPE_CHECKING:  # reader.ticker loads aiohttp: only the ticker command pays for it
    from reader.ticker import TickerSettings, TickerState

Command = Callable[[Storage, argparse.Namespace], int]
SYMBOLS = {"KZT": "₸", "RUB": "₽", "EUR": "€"}
_CODE = re.compile(r"^[A-Z]{3}$")


def _ticker(storage: Storage, args: argparse.Namespace) -> int:
    from reader.ticker import load_settings, refresh, ticker_state

    settings = _changed(storage, load_settings(storage), args)
    if args.history:
        return _history(storage, settings, args)
    if args.refresh and getattr(args, "offline", False):
        print("Offline mode: nothing was fetched; these are the stored values.", file=sys.stderr)
    elif args.refresh:
        asyncio.run(refresh(storage, settings, force=True))
    state = ticker_state(storage, settings)
    if args.json:
        print_json(state_json(state))
    else:
        print_state(state)
    return 0


def _changed(
    storage: Storage, settings: TickerSettings, args: argparse.Namespace
) -> TickerSettings:
    """Apply --provider, --currencies and --city, and save them."""
    from reader.ticker import save_settings

    out = sys.stderr if args.json else sys.stdout
    before = settings
    if args.provider:
        settings = replace(settings, rates_provider=args.provider)
        out.write(f"Rates now come from the {PROVIDER_NAMES[args.provider]}.\n")
    if args.currencies is not None:
        codes = tuple(dict.fromkeys(c.strip().upper() for c in args.currencies.split(",")))
        if not codes or not all(_CODE.match(c) for c in codes):
            raise UsageError("--currencies takes 3-letter codes separated by commas: USD,EUR.")
        settings = replace(settings, currencies=codes)
        out.write(f"Currencies in the ticker: {', '.join(codes)}.\n")
    if args.city:
        settings = _city(settings, args)
        out.write(f"Weather for {settings.city} ({settings.lat:.2f}, {settings.lon:.2f}).\n")
    if settings != before:
        save_settings(storage, settings)
    return settings


def _city(settings: TickerSettings, args: argparse.Namespace) -> TickerSettings:
    from reader.ticker import find_city

    if getattr(args, "offline", False):
        raise UsageError("Offline mode: Kabar makes no network request, so it cannot look up "
                         "a city.")  # fmt: skip
    places = asyncio.run(find_city(args.city, settings=settings))
    if not places:
        raise UsageError(f"No place called {args.city!r} was found.")
    best = places[0]
    return replace(settings, city=best.name, lat=best.lat, lon=best.lon, timezone=best.timezone)


def _history(storage: Storage, settings: TickerSettings, args: argparse.Namespace) -> int:
    from reader.ticker import rate_history

    if args.days < 1:
        raise UsageError("--days takes 1 or more.")
    code, provider = args.history.upper(), settings.rates_provider
    days = rate_history(storage, provider, code, args.days)
    if args.json:
        print_json({
            "provider": provider, "code": code, "base": BASES[provider],
            "days": [{"day": d.isoformat(), "per_unit": str(v)} for d, v in days],
        })  # fmt: skip
        return 0
    if not days:
        print(f"No stored {code} rates from the {PROVIDER_NAMES[provider]} yet; "
              "run `kabar ticker --refresh`.")  # fmt: skip
        return 0
    print(f"{code} in {SYMBOLS.get(BASES[provider], BASES[provider])} per unit "
          f"({PROVIDER_NAMES[provider]}):")  # fmt: skip
    for day, value in days:
        print(f"  {day.isoformat()}  {value}")
    return 0


def state_json(state: TickerState) -> dict[str, Any]:
    return {
        "rates": {
            "provider": state.provider, "base": BASES[state.provider],
            "as_of": state.rates_as_of.isoformat() if state.rates_as_of else None,
            "fetched_at": iso(state.rates_fetched_at), "stale": state.rates_stale,
            "error": state.rates_error,
            "items": [{
                "code": r.code, "per_unit": str(r.per_unit), "as_of": r.as_of.isoformat(),
                "change": None if r.change is None else str(r.change),
                "direction": r.direction,
                "previous": None if r.previous is None else str(r.previous),
            } for r in state.rates],
        },
        "weather": {
            "city": state.city, "fetched_at": iso(state.weather_fetched_at),
            "stale": state.weather_stale, "error": state.weather_error,
            "current": weather_json(state.weather) if state.weather else None,
        },
        "breaking": headline_json(state.breaking) if state.breaking else None,
    }  # fmt: skip


def weather_json(w: Weather) -> dict[str, Any]:
    return {
        "observed": w.observed.isoformat(), "timezone": w.timezone,
        "temperature": w.temperature, "temperature_unit": w.temperature_unit,
        "condition": w.condition, "text": condition_text(w.condition), "icon": ICONS[w.condition],
        "code": w.code, "is_day": w.is_day, "wind_speed": w.wind_speed, "wind_unit": w.wind_unit,
        "wind_direction": w.wind_direction, "today_min": w.today_min, "today_max": w.today_max,
        "days": [{"day": d.day.isoformat(), "min": d.t_min, "max": d.t_max,
                  "condition": d.condition} for d in w.days],
    }  # fmt: skip


def print_state(state: TickerState, out: TextIO | None = None) -> None:
    out = out or sys.stdout
    _print_rates(state, out)
    _print_weather(state, out)
    if state.breaking:
        b = state.breaking
        out.write(f"Breaking: {b.title} — {b.source_title or b.source_id} (article {b.id})\n")


def _when(fetched: Any, stale: bool) -> str:
    if fetched is None:
        return "never fetched"
    return f"updated {local(fetched)}" + (", out of date" if stale else "")


def _print_rates(state: TickerState, out: TextIO) -> None:
    base = BASES[state.provider]
    as_of = f"as of {state.rates_as_of:%d.%m.%Y}; " if state.rates_as_of else ""
    out.write(f"Rates ({PROVIDER_NAMES[state.provider]}, {as_of}"
              f"{_when(state.rates_fetched_at, state.rates_stale)}):\n")  # fmt: skip
    if not state.rates:
        out.write("  none stored yet: run `kabar ticker --refresh`.\n")
    for r in state.rates:
        arrow = {"up": "▲", "down": "▼"}.get(r.direction or "", " ")
        change = f" {r.change:+}" if r.change else ""
        line = f"  {r.code}  {r.per_unit} {SYMBOLS.get(base, base)}  {arrow}{change}"
        out.write(line.rstrip() + "\n")
    if state.rates_error:
        out.write(f"  ⚠ {state.rates_error}\n")


def _print_weather(state: TickerState, out: TextIO) -> None:
    w = state.weather
    out.write(f"Weather in {state.city} ({_when(state.weather_fetched_at, state.weather_stale)})")
    if w is None:
        out.write(": none stored yet.\n")
    else:
        unit = w.temperature_unit
        today = (f", today {w.today_min:+.0f}…{w.today_max:+.0f} {unit}"
                 if w.today_min is not None and w.today_max is not None else "")  # fmt: skip
        wind = f", wind {w.wind_speed:g} {w.wind_unit}" if w.wind_speed is not None else ""
        out.write(f": {w.temperature:+.1f} {unit}, {condition_text(w.condition)}{today}{wind}\n")
    if state.weather_error:
        out.write(f"  ⚠ {state.weather_error}\n")


def ticker_commands(command: Callable[[str, Command, str], argparse.ArgumentParser]) -> None:
    p = command("ticker", _ticker, "exchange rates, weather and breaking news (works offline)")
    p.add_argument("--refresh", action="store_true", help="fetch new values first")
    p.add_argument("--json", action="store_true")
    p.add_argument("--history", metavar="CODE", help="stored daily rates of one currency")
    p.add_argument("--days", type=int, default=30, help="how many days of --history")
    p.add_argument("--city", help="look a city up by name and show its weather")
    p.add_argument("--currencies", help="currencies to show, e.g. USD,EUR,RUB,CNY")
    p.add_argument("--provider", choices=PROVIDERS, help="where rates come from")
