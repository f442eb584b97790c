"""Read also: related articles found offline, in a real archive file."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from reader.cli import main
from reader.db import DB_FILENAME
from reader.decide import SourcePatch, WritePlan
from reader.errors import UsageError
from reader.related import related
from reader.search_index import index_pending
from reader.storage import Storage

SHUSHA = "Эрдоган и Алиев подписали Шушинскую декларацию"
# The Shusha story, told as in the Tengrinews article of 2021-06-16 (shared/reference).
KARABAKH = {
    "rebuild": ("Эрдоган пообещал помочь восстановить Карабах",
                "Президент Турции Эрдоган заявил, что Турция поможет Азербайджану восстановить "
                "города Карабаха. В Шуше откроется генеральное консульство Турции."),
    "military": ("Азербайджан и Турция договорились о военном сотрудничестве",
                 "Алиев сообщил, что декларация предусматривает взаимную военную помощь "
                 "Азербайджана и Турции и сотрудничество в оборонной промышленности."),
    "war": ("Шуша стала символом окончания войны",
            "Шуша — один из ключевых городов Нагорного Карабаха. Армения потеряла его осенью, "
            "это стало одним из завершающих событий конфликта."),
}  # fmt: skip
OTHERS = [
    ("ru", "Погода в Астане: снег и ветер",
     "В Астане ожидается снег и сильный ветер. Синоптики советуют одеться теплее."),
    ("ru", "В Алматы ожидается дождь",
     "Синоптики обещают дождь и туман в Алматы в выходные дни."),
    ("ru", "Казахстанские боксёры выиграли три медали",
     "Сборная Казахстана по боксу завоевала три медали на чемпионате Азии. Президент федерации "
     "бокса поздравил спортсменов."),
    ("ru", "Футбольный клуб «Астана» вышел в плей-офф",
     "Футболисты «Астаны» обыграли соперника и вышли в плей-офф турнира."),
    ("kk", "Қазақстанның жаңа заңы",
     "Қазақстанда жаңа заң қабылданды. Депутаттар Қазақстан экономикасы туралы айтты."),
    ("kk", "Астанада қар жауады",
     "Синоптиктер Астанада қар мен жел болатынын айтты."),
]  # fmt: skip
SHUSHA_TEXT = (
    "Президенты Турции и Азербайджана подписали в Шуше союзническую декларацию. Эрдоган "
    "прибыл в Карабах впервые после войны. Алиев назвал декларацию гарантом будущего "
    "сотрудничества Азербайджана и Турции."
)
# A real archive is mostly other news: words every story uses («после», «президент», «город»)
# are common there, so they tell stories apart no better than «и» does.
EVERYDAY = ["После совещания президент назвал новые сроки.", "Впервые за год депутаты "
            "подписали документ.", "Министр прибыл в город и провёл встречу с жителями.",
            "Власти сообщили о планах на будущее.", "Жители города обсуждают новости."]  # fmt: skip
FILLER = [("ru", f"Новости региона, выпуск {n}", " ".join(EVERYDAY[n % 5 :] + EVERYDAY[: n % 5]))
          for n in range(30)]  # fmt: skip
Row = tuple[str, str, str]  # language, title, text
_counter = iter(range(1_000_000))


def add(storage: Storage, source_id: int, rows: list[Row]) -> list[int]:
    """Articles written the way a sync writes them; returns their ids."""
    plan_rows = []
    for lang, title, text in rows:
        n = next(_counter)
        day = int((datetime(2021, 6, 1, tzinfo=UTC) + timedelta(hours=n)).timestamp())
        plan_rows.append({
            "source_id": source_id, "key": f"k{n}", "link": f"https://news.example/{n}",
            "title": title, "language": lang, "first_seen": day, "sort_date": day,
            "published": day, "summary_html": f"<p>{text}</p>", "text": text,
            "content_hash": f"hash{n}",
        })  # fmt: skip
    storage.apply(source_id, WritePlan(tuple(plan_rows), tuple(() for _ in rows), (),
                                       SourcePatch({})))  # fmt: skip
    with storage.db.read() as c:
        found = c.exec_driver_sql("SELECT id FROM article ORDER BY id DESC LIMIT ?", (len(rows),))
        return sorted(int(r[0]) for r in found)


class Archive:
    def __init__(self, path: Path) -> None:
        self.storage = Storage(path)
        store = self.storage
        news = store.add_source("https://tengrinews.kz/news.rss", title="Tengrinews")
        add(store, news.id, FILLER)
        self.others = add(store, news.id, OTHERS[:3])
        [self.shusha] = add(store, news.id, [("ru", SHUSHA, SHUSHA_TEXT)])
        self.others += add(store, news.id, OTHERS[3:])
        azertag = store.add_source("https://azertag.az/rss", title="Azertag")
        ids = add(store, azertag.id, [("ru", *KARABAKH[k]) for k in ("rebuild", "military")])
        self.rebuild, self.military = ids
        reposts = store.add_source("https://reposts.example/rss", title="Reposts")
        # The same story re-posted elsewhere, and a copy of a related one: never shown.
        [self.copy, self.rebuild_copy] = add(store, reposts.id, [
            ("ru", SHUSHA, "Лидеры Турции и Азербайджана подписали декларацию в Шуше."),
            ("ru", KARABAKH["rebuild"][0].upper(), KARABAKH["rebuild"][1]),
        ])  # fmt: skip
        [self.war] = add(store, news.id, [("ru", *KARABAKH["war"])])
        [self.empty] = add(store, news.id, [("ru", "", "")])
        index_pending(store)

    def titles(self, article_id: int, limit: int = 5, **kw: datetime) -> list[str]:
        return [h.title for h in related(self.storage, article_id, limit, **kw)]

    def cached(self, article_id: int) -> list[int] | None:
        with self.storage.db.read() as c:
            row = c.exec_driver_sql(
                "SELECT related FROM related_cache WHERE article_id = ?", (article_id,)
            ).first()
        return None if row is None else list(json.loads(row[0]))


@pytest.fixture
def archive(tmp_path: Path) -> Iterator[Archive]:
    made = Archive(tmp_path / DB_FILENAME)
    yield made
    made.storage.close()


def test_read_also_lists_the_same_story_first_and_no_copies(archive: Archive) -> None:
    found = related(archive.storage, archive.shusha)
    ids = [h.id for h in found]
    # The two that share Erdoğan, Turkey and Azerbaijan with it, then the war background;
    # nothing about the weather, sports or Kazakh laws, though all of them are news too.
    assert set(ids[:2]) == {archive.rebuild, archive.military} and ids[2:] == [archive.war]
    assert archive.shusha not in ids and archive.copy not in ids  # itself, and its re-post
    assert archive.rebuild_copy not in ids  # the same related article is listed once
    assert found[0].source_title == "Azertag" and found[0].published is not None


def test_at_most_limit_and_nothing_for_an_empty_article(archive: Archive) -> None:
    assert len(archive.titles(archive.shusha, limit=2)) == 2
    assert archive.titles(archive.shusha, limit=2) == archive.titles(archive.shusha)[:2]
    assert archive.titles(archive.shusha, limit=0) == []
    assert related(archive.storage, archive.empty) == ()
    weather = archive.others[0]  # snow in Astana: the Kazakh «қар» article shares no term
    assert KARABAKH["war"][0] not in archive.titles(weather)
    with pytest.raises(UsageError, match="no article"):
        related(archive.storage, 999_999)


def test_an_article_not_indexed_yet_still_gets_its_related(archive: Archive) -> None:
    source = archive.storage.find_source("Azertag")
    [fresh] = add(archive.storage, source.id, [
        ("ru", "Алиев принял Эрдогана в Шуше", "Президенты Азербайджана и Турции провели "
         "переговоры в Шуше, в Карабахе."),
    ])  # fmt: skip
    titles = archive.titles(fresh, limit=3)  # still queued for the index
    assert SHUSHA in titles and len(titles) == 3
    assert not set(titles) & {title for _, title, _ in OTHERS}


def test_the_list_is_kept_for_a_day(archive: Archive) -> None:
    first = archive.titles(archive.shusha)
    assert archive.cached(archive.shusha) is not None
    source = archive.storage.find_source("Azertag")
    add(archive.storage, source.id, [("ru", "Эрдоган и Алиев открыли консульство в Шуше",
                                      SHUSHA_TEXT + " Консульство Турции открыто.")])  # fmt: skip
    index_pending(archive.storage)
    assert archive.titles(archive.shusha) == first  # the same list all day long
    later = datetime.now(UTC) + timedelta(days=2)
    consulate = "Эрдоган и Алиев открыли консульство в Шуше"
    assert archive.titles(archive.shusha, now=later)[0] == consulate
    assert len(archive.titles(archive.shusha, limit=8)) > len(first)  # more than was cached


def test_deleted_articles_leave_the_cache(archive: Archive) -> None:
    assert KARABAKH["military"][0] in archive.titles(archive.shusha)
    archive.storage.remove_source(archive.storage.find_source("Azertag").id)
    titles = archive.titles(archive.shusha)  # the cached list named a deleted article
    assert titles and KARABAKH["military"][0] not in titles
    again = related(archive.storage, archive.shusha)
    assert archive.cached(archive.shusha) == [h.id for h in again]
    archive.storage.remove_source(archive.storage.find_source("Tengrinews").id)
    assert archive.cached(archive.shusha) is None  # its own list went with it


def test_a_changed_article_is_looked_at_again(archive: Archive) -> None:
    archive.titles(archive.war)
    source = archive.storage.find_source("Tengrinews")
    text = "В Шуше ожидается снег и ветер. Синоптики советуют одеться теплее."
    values = {"title": "Погода в Шуше", "summary_html": "<p>x</p>", "content_hash": "new",
              "text": text}  # fmt: skip
    archive.storage.apply(source.id, WritePlan((), (), ((archive.war, values, ()),),
                                               SourcePatch({})))  # fmt: skip
    assert archive.cached(archive.war) is None
    assert archive.titles(archive.war)[:1] == [OTHERS[0][1]]  # now it is about the weather


def test_command_line_related_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    archive = Archive(data / DB_FILENAME)
    archive.storage.close()
    code = main(["--data-dir", str(data), "related", str(archive.shusha), "--json", "--limit",
                 "2"])  # fmt: skip
    out, err = capsys.readouterr()
    assert code == 0 and not err
    listed = json.loads(out)
    assert len(listed) == 2 and {h["id"] for h in listed} <= {archive.rebuild, archive.military}
    assert {"id", "title", "source", "source_id", "published"} <= set(listed[0])
    assert listed[0]["published"].startswith("2021-06")
    assert main(["--data-dir", str(data), "related", str(archive.shusha)]) == 0
    assert KARABAKH["war"][0] in capsys.readouterr().out
    assert main(["--data-dir", str(data), "related", "999999"]) == 2
    assert "no article" in capsys.readouterr().err
