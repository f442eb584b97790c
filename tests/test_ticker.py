"""The ticker strip's core: real NBK/CBR/ECB and Open-Meteo samples, parsed and fetched from a
local server; values kept offline, history per day, junk upstream keeps the last good values."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from reader.cli import main
from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.errors import ProviderError
from reader.rates import Rate, parse_cbr, parse_ecb, parse_nbk
from reader.storage import Storage
from reader.ticker import (
    TickerSettings,
    TickerState,
    breaking_headline,
    breaking_sources,
    find_city,
    load_settings,
    rate_history,
    rates_url,
    refresh,
    save_settings,
    set_breaking,
    ticker_state,
)  # fmt: skip
from reader.weather import _CODES, CONDITIONS, ICONS, parse_days, parse_forecast, parse_geocoding
from tests.feedserver import FeedServer
from tests.paths import DATA_DIR

T = DATA_DIR / "ticker"
NBK = (T / "nbk_rates_all_2016-04-18.xml").read_bytes()
NBK_DAY = (T / "nbk_get_rates_2025-05-12.excerpt.xml").read_bytes()
CBR = (T / "cbr_XML_daily_2023-09-27.excerpt.xml").read_bytes()
ECB = (T / "ecb_eurofxref-daily_2024-02-27.xml").read_bytes()
ALMATY = (T / "openmeteo_almaty_written.json").read_bytes()
NOW = datetime(2026, 1, 15, 9, 0, tzinfo=UTC)
HTML_ERROR = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"


def _by_code(rates: list[Rate]) -> dict[str, Rate]:
    return {r.code: r for r in rates}


def _nbk_item(data: bytes, code: str, old: str, new: str) -> bytes:
    """The sample with one currency's item edited (`old` → `new` inside that item only)."""
    start = data.index(f"<title>{code}</title>".encode())
    end = data.index(b"</item>", start)
    return data[:start] + data[start:end].replace(old.encode(), new.encode()) + data[end:]


@pytest.fixture
def storage(tmp_path: Path) -> Iterator[Storage]:
    store = Storage(tmp_path / DB_FILENAME)
    yield store
    store.close()


@pytest.fixture
def served(feed_server: FeedServer, monkeypatch: pytest.MonkeyPatch) -> FeedServer:
    """Real samples on the local server, and the providers pointed at it by env vars."""
    monkeypatch.setenv("KABAR_RATES_URL", feed_server.add("/rates.xml", NBK, "text/xml"))
    monkeypatch.setenv(
        "KABAR_WEATHER_URL", feed_server.add("/forecast", ALMATY, "application/json")
    )
    geo = feed_server.add_file("/search", T / "openmeteo_geocoding.json", "application/json")
    monkeypatch.setenv("KABAR_GEOCODING_URL", geo)
    return feed_server


def _refresh(
    storage: Storage, now: datetime = NOW, force: bool = True, **kw: object
) -> TickerState:
    return asyncio.run(refresh(storage, TickerSettings(**kw), force=force, now=now))  # type: ignore[arg-type]


# -- parsing: National Bank of Kazakhstan ----------------------------------------------------


def test_nbk_rates_all_per_unit_and_discontinued_currencies_dropped() -> None:
    rates = _by_code(parse_nbk(NBK))
    usd, uzs, irr, huf = rates["USD"], rates["UZS"], rates["IRR"], rates["HUF"]
    assert (usd.per_unit, usd.as_of, usd.base) == (Decimal("334.41"), date(2016, 4, 18), "KZT")
    assert uzs.per_unit == Decimal("0.1159")  # 11.59 for quant 100
    assert irr.per_unit == Decimal("0.01108")  # 11.08 for quant 1000
    assert huf.per_unit == Decimal("1.211")
    assert not {"LVL", "EEK", "TRL"} & set(rates)  # kept upstream with 2013/2010/2005 dates
    assert len(rates) == 39


def test_nbk_up_down_change_and_four_digit_years() -> None:
    data = NBK.replace(b"18.04.16", b"18.04.2016")
    data = _nbk_item(data, "USD", "<index></index><change>0.00", "<index>UP</index><change>+1.20")
    data = _nbk_item(data, "EUR", "<index></index><change>0.00", "<index>DOWN</index><change>-0.86")
    rates = _by_code(parse_nbk(data))
    assert (rates["USD"].direction, rates["USD"].change) == ("up", Decimal("1.20"))
    assert (rates["EUR"].direction, rates["EUR"].change) == ("down", Decimal("-0.86"))
    assert rates["USD"].as_of == date(2016, 4, 18)


def test_nbk_quant_change_over_time_gives_the_same_per_unit_rate() -> None:
    # JPY is quoted per 1 in 2016 and per 100 in 2026: per unit it must not jump 100-fold.
    later = _nbk_item(NBK, "JPY", "<description>3.07</description><quant>1<",
                      "<description>307</description><quant>100<")  # fmt: skip
    assert _by_code(parse_nbk(later))["JPY"].per_unit == Decimal("3.07")


def test_nbk_rates_for_a_date_use_the_document_date() -> None:
    rates = _by_code(parse_nbk(NBK_DAY))
    assert set(rates) == {"AUD", "AZN"}
    assert rates["AUD"].per_unit == Decimal("331.12")
    assert rates["AUD"].as_of == date(2025, 5, 12)


def test_one_bad_item_is_dropped_and_the_rest_kept() -> None:
    data = _nbk_item(NBK, "USD", "334.41", "0")
    data = _nbk_item(data, "EUR", "376.61", "-376.61")
    data = _nbk_item(data, "CNY", "<description>51.63</description>", "")
    data = _nbk_item(data, "RUB", "5.06", "n/a")
    rates = _by_code(parse_nbk(data))
    assert not {"USD", "EUR", "CNY", "RUB"} & set(rates)
    assert rates["GBP"].per_unit == Decimal("473.99")


@pytest.mark.parametrize("parse", [parse_nbk, parse_cbr, parse_ecb])
@pytest.mark.parametrize(
    "junk",
    [
        HTML_ERROR,
        b"<!DOCTYPE html><html><body>Maintenance</body></html>",
        b"",
        b'<?xml version="1.0" encoding="utf-8"?><rates><date>12.05.2025</date></rates>',
        b'{"rates": []}',
        b"<rates><item><title>USD",
        b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;">]>'
        b"<rates>&b;</rates>",
    ],
)  # fmt: skip
def test_junk_is_a_clear_provider_error(parse: object, junk: bytes) -> None:
    with pytest.raises(ProviderError, match="instead of exchange rates"):
        parse(junk)  # type: ignore[operator]


def test_all_items_bad_is_an_error_not_an_empty_list() -> None:
    zeroed = NBK_DAY.replace(b"331.12", b"0").replace(b"304.43", b"0.00")
    with pytest.raises(ProviderError, match="no usable rate"):
        parse_nbk(zeroed)


# -- parsing: Central Bank of Russia, European Central Bank ----------------------------------


def test_cbr_windows_1251_decimal_comma_and_nominal() -> None:
    assert b"windows-1251" in CBR[:60]
    rates = _by_code(parse_cbr(CBR))
    assert rates["USD"].per_unit == Decimal("96.2378")
    assert rates["AMD"].per_unit == Decimal("0.248221")  # 24,8221 for 100
    assert rates["VND"].per_unit == Decimal("0.00399592")
    assert rates["KZT"].per_unit == Decimal("0.203042")
    assert {r.base for r in rates.values()} == {"RUB"}
    assert rates["USD"].as_of == date(2023, 9, 27)
    assert rates["USD"].change is None


def test_cbr_without_its_declaration_is_still_read_as_windows_1251() -> None:
    bare = CBR.split(b"?>", 1)[1]
    assert _by_code(parse_cbr(bare))["EUR"].per_unit == Decimal("101.9888")


def test_ecb_quotes_are_inverted_to_euros_per_unit() -> None:
    rates = _by_code(parse_ecb(ECB))
    assert rates["USD"].per_unit == Decimal("0.92114959")  # 1 / 1.0856
    assert (rates["USD"].base, rates["USD"].as_of) == ("EUR", date(2024, 2, 27))
    assert "EUR" not in rates and len(rates) == 30


# -- parsing: Open-Meteo ---------------------------------------------------------------------


def test_forecast_current_today_and_nulls_at_the_end_skipped() -> None:
    w = parse_forecast(ALMATY)
    assert (w.temperature, w.temperature_unit, w.code, w.condition) == (-6.4, "°C", 71, "snow")
    assert (w.today_min, w.today_max) == (-11.8, -3.2)
    assert (w.wind_speed, w.wind_unit, w.wind_direction) == (2.1, "m/s", 190)
    assert w.observed == datetime(2026, 1, 15, 13, 45) and w.timezone == "Asia/Almaty"
    assert [d.day.day for d in w.days] == [15, 16, 17, 18, 19]  # 20 and 21 are null
    assert w.days[4].condition == "fog"


def test_corpus_16_day_forecast_skips_the_null_last_day() -> None:
    days = parse_days((T / "openmeteo_forecast_16_days.json").read_bytes())
    assert [(d.day, d.t_max, d.condition) for d in days] == [(date(2026, 10, 17), 18.3, "clear")]


def test_legacy_current_weather_shape() -> None:
    legacy = {
        "timezone": "GMT",
        "current_weather": {
            "temperature": 12.5,
            "windspeed": 7.2,
            "winddirection": 300,
            "weathercode": 3,
            "is_day": 0,
            "time": "2026-10-03T12:00",
        },
    }
    w = parse_forecast(json.dumps(legacy).encode())
    assert (w.temperature, w.condition, w.wind_speed, w.is_day) == (12.5, "overcast", 7.2, False)


@pytest.mark.parametrize(
    ("junk", "reason"),
    [
        ((T / "openmeteo_forecast_minimal.json").read_bytes(), "without current weather"),
        (HTML_ERROR, "web page"),
        (b'{"error": true, "reason": "Latitude must be in range of -90 to 90"}', "Latitude"),
        (ALMATY.replace(b'"temperature_2m": -6.4', b'"temperature_2m": null'), "no current"),
        (ALMATY.replace(b'"temperature_2m": -6.4', b'"temperature_2m": 9999'), "impossible"),
        (b"\xff\xfe garbage", "not JSON"),
    ],
)  # fmt: skip
def test_bad_forecasts_are_clear_errors(junk: bytes, reason: str) -> None:
    with pytest.raises(ProviderError, match=reason):
        parse_forecast(junk)


def test_geocoding_places_and_no_match() -> None:
    places = parse_geocoding((T / "openmeteo_geocoding.json").read_bytes())
    first = places[0]
    assert (first.name, first.country, first.timezone) == (
        "Enschede", "The Netherlands", "Europe/Amsterdam")  # fmt: skip
    assert (places[0].lat, places[0].lon) == (52.21833, 6.89583) and len(places) == 2
    assert parse_geocoding(b'{"generationtime_ms": 0.2}') == []


def test_every_weather_code_has_texts_in_three_languages_and_an_icon() -> None:
    for key in {*_CODES.values(), "unknown"}:
        assert set(CONDITIONS[key]) == {"en", "ru", "kk"} and key in ICONS


# -- settings ---------------------------------------------------------------------------------


def test_settings_defaults_round_trip_and_env_override(
    storage: Storage, monkeypatch: pytest.MonkeyPatch
) -> None:
    s = load_settings(storage)
    assert (s.rates_provider, s.currencies, s.city) == (
        "nbk",
        ("USD", "EUR", "RUB", "CNY"),
        "Алматы",
    )
    assert (s.lat, s.lon, s.timezone) == (43.25, 76.92, "Asia/Almaty")
    changed = TickerSettings(rates_provider="ecb", currencies=("USD",), rates_url="http://m/r")
    save_settings(storage, changed)
    assert load_settings(storage) == changed
    monkeypatch.delenv("KABAR_RATES_URL", raising=False)
    assert rates_url(changed) == "http://m/r"
    monkeypatch.setenv("KABAR_RATES_URL", "http://env/r")
    assert rates_url(changed) == "http://env/r"
    storage.set_setting("ticker", {"rates_provider": "xx", "lat": "north", "show_rates": 1})
    assert load_settings(storage) == TickerSettings()  # junk in the database: defaults


# -- refresh, storage, offline ----------------------------------------------------------------


def test_refresh_stores_values_and_the_strip_works_offline(
    storage: Storage, served: FeedServer
) -> None:
    state = _refresh(storage)
    assert [(r.code, r.per_unit) for r in state.rates] == [
        ("USD", Decimal("334.41")), ("EUR", Decimal("376.61")), ("RUB", Decimal("5.06")),
        ("CNY", Decimal("51.63"))]  # fmt: skip
    assert state.rates_as_of == date(2016, 4, 18) and state.rates_fetched_at == NOW
    assert not state.rates_stale and state.rates_error is None
    assert state.weather is not None and state.weather.temperature == -6.4
    served.stop()  # the network is gone: nothing is fetched, everything still shows
    offline = ticker_state(storage, TickerSettings(), now=NOW + timedelta(minutes=5))
    assert offline.rates == state.rates and offline.weather == state.weather


def test_conditional_get_and_304_keep_values(storage: Storage, served: FeedServer) -> None:
    _refresh(storage)
    state = _refresh(storage, now=NOW + timedelta(hours=2))
    second = [r for r in served.requests if r.path == "/rates.xml"][1]
    assert second.header("If-None-Match") is not None
    assert state.rates[0].per_unit == Decimal("334.41")
    assert state.rates_fetched_at == NOW + timedelta(hours=2)  # a 304 confirms them


def test_each_provider_refreshes_on_its_own_schedule(storage: Storage, served: FeedServer) -> None:
    _refresh(storage, force=False)
    _refresh(storage, now=NOW + timedelta(minutes=20), force=False)
    assert (served.hits("/rates.xml"), served.hits("/forecast")) == (1, 1)
    _refresh(storage, now=NOW + timedelta(minutes=31), force=False)
    assert (served.hits("/rates.xml"), served.hits("/forecast")) == (1, 2)
    _refresh(storage, now=NOW + timedelta(minutes=61), force=False)
    assert (served.hits("/rates.xml"), served.hits("/forecast")) == (2, 3)


def test_staleness_follows_each_schedule(storage: Storage, served: FeedServer) -> None:
    _refresh(storage)
    later = ticker_state(storage, TickerSettings(), now=NOW + timedelta(minutes=61))
    assert not later.rates_stale and later.weather_stale
    much_later = ticker_state(storage, TickerSettings(), now=NOW + timedelta(hours=3))
    assert much_later.rates_stale and much_later.rates[0].per_unit == Decimal("334.41")


@pytest.mark.parametrize(
    "bad",
    [HTML_ERROR, NBK.replace(b"<description>", b"<description>-"), b"", b"<rss></rss>"],
)
def test_bad_upstream_rates_keep_the_last_good_values(
    storage: Storage, served: FeedServer, bad: bytes
) -> None:
    _refresh(storage)
    served.set_body("/rates.xml", bad)
    state = _refresh(storage, now=NOW + timedelta(hours=2))
    assert state.rates_error and state.rates_error.startswith("National Bank of Kazakhstan")
    assert state.rates[0].per_unit == Decimal("334.41")
    assert state.rates_fetched_at == NOW  # still the last good fetch
    served.set_body("/rates.xml", NBK)
    assert _refresh(storage, now=NOW + timedelta(hours=3)).rates_error is None


def test_server_errors_and_bad_weather_keep_the_last_good_values(
    storage: Storage, served: FeedServer
) -> None:
    _refresh(storage)
    served.status("/rates.xml", 500)
    served.set_body(
        "/forecast", ALMATY.replace(b'"temperature_2m": -6.4', b'"temperature_2m": null')
    )
    state = _refresh(storage, now=NOW + timedelta(hours=1))
    assert state.rates_error and "HTTP 500" in state.rates_error
    assert state.weather_error and "no current temperature" in state.weather_error
    assert state.weather is not None and state.weather.temperature == -6.4
    assert state.rates[0].per_unit == Decimal("334.41")


def test_history_accumulates_per_day_and_gives_up_down(
    storage: Storage, served: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KABAR_RATES_URL", served.add("/cbr.xml", CBR, "text/xml"))
    _refresh(storage, rates_provider="cbr")
    next_day = CBR.replace(b"27.09.2023", b"28.09.2023").replace(b"96,2378", b"97,0000")
    served.set_body("/cbr.xml", next_day)
    _refresh(storage, now=NOW + timedelta(hours=1), rates_provider="cbr")  # same day twice:
    state = _refresh(storage, now=NOW + timedelta(hours=2), rates_provider="cbr")  # one row
    usd = state.rates[0]
    assert (usd.per_unit, usd.previous, usd.direction) == (
        Decimal("97.0000"), Decimal("96.2378"), "up")  # fmt: skip
    assert usd.change == Decimal("0.7622")
    assert rate_history(storage, "cbr", "usd", 30) == [
        (date(2023, 9, 27), Decimal("96.2378")),
        (date(2023, 9, 28), Decimal("97.0000")),
    ]
    assert rate_history(storage, "cbr", "USD", 1) == [(date(2023, 9, 28), Decimal("97.0000"))]
    assert rate_history(storage, "nbk", "USD", 30) == []


def test_ecb_provider_through_the_server(
    storage: Storage, served: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KABAR_RATES_URL", served.add("/ecb.xml", ECB, "text/xml"))
    state = _refresh(storage, rates_provider="ecb", currencies=("USD", "CNY", "EUR"))
    assert [r.code for r in state.rates] == ["USD", "CNY"]  # EUR is the base
    assert state.rates[1].per_unit == Decimal("0.12797543")  # 1 / 7.8140


def test_find_city_through_the_server(served: FeedServer) -> None:
    places = asyncio.run(find_city("Enschede"))
    assert places[0].name == "Enschede"
    query = served.requests[-1].path
    assert "name=Enschede" in query and "language=ru" in query


# -- breaking ---------------------------------------------------------------------------------


def test_breaking_headline_is_the_newest_of_the_marked_sources(storage: Storage) -> None:
    ts = int(NOW.timestamp())
    ids = [storage.add_source(f"https://example.kz/{n}.xml", title=n).id for n in ("a", "b")]
    for source_id, title, when in ((ids[0], "Old", ts - 60), (ids[1], "Newest", ts)):
        row = {"source_id": source_id, "key": title, "title": title, "first_seen": when,
               "sort_date": when, "content_hash": "h"}  # fmt: skip
        storage.apply(source_id, WritePlan((row,), ((),), (), SourcePatch({})))
    assert breaking_headline(storage) is None
    set_breaking(storage, ids[0], True)
    assert breaking_sources(storage) == [ids[0]]
    assert breaking_headline(storage).title == "Old"  # type: ignore[union-attr]
    set_breaking(storage, ids[1], True)
    assert breaking_headline(storage).title == "Newest"  # type: ignore[union-attr]
    set_breaking(storage, ids[1], False)
    assert breaking_sources(storage) == [ids[0]]
    assert ticker_state(storage, TickerSettings(), now=NOW).breaking.title == "Old"  # type: ignore[union-attr]


# -- command line -----------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], data_dir: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_refresh_json_offline_and_history(
    tmp_path: Path, served: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(capsys, tmp_path, "ticker", "--refresh", "--json")
    doc = json.loads(out)
    assert code == 0 and doc["rates"]["base"] == "KZT" and doc["rates"]["error"] is None
    assert doc["rates"]["items"][0] == {
        "code": "USD", "per_unit": "334.41", "as_of": "2016-04-18", "change": "0.00",
        "direction": None, "previous": None,
    }  # fmt: skip
    assert doc["weather"]["current"]["condition"] == "snow" and doc["weather"]["city"] == "Алматы"
    hits = served.hits("/rates.xml")
    code, out, err = _cli(capsys, tmp_path, "--offline", "ticker", "--refresh")
    assert code == 0 and "Offline mode" in err and served.hits("/rates.xml") == hits
    assert "USD  334.41 ₸" in out and "-6.4 °C, Snow" in out
    code, out, _ = _cli(capsys, tmp_path, "ticker", "--history", "USD", "--days", "30", "--json")
    assert json.loads(out)["days"] == [{"day": "2016-04-18", "per_unit": "334.41"}]


def test_cli_failed_refresh_still_prints_the_last_values(
    tmp_path: Path, served: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _cli(capsys, tmp_path, "ticker", "--refresh")
    served.set_body("/rates.xml", HTML_ERROR)
    code, out, _ = _cli(capsys, tmp_path, "ticker", "--refresh")
    assert code == 0 and "USD  334.41 ₸" in out and "⚠ National Bank of Kazakhstan" in out


def test_cli_changes_provider_currencies_and_city(
    tmp_path: Path, served: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _cli(capsys, tmp_path, "ticker", "--provider", "cbr", "--currencies", "usd,kzt",
                        "--city", "Enschede")  # fmt: skip
    assert code == 0 and "Central Bank of Russia" in out and "Enschede" in out
    store = Storage(tmp_path / DB_FILENAME)
    s = load_settings(store)
    store.close()
    assert (s.rates_provider, s.currencies, s.city, s.lat) == (
        "cbr",
        ("USD", "KZT"),
        "Enschede",
        52.21833,
    )
    assert _cli(capsys, tmp_path, "ticker", "--currencies", "dollars")[0] == 2
    assert _cli(capsys, tmp_path, "--offline", "ticker", "--city", "Astana")[0] == 2
