"""How kabar-v1.sqlite3 was made: schema version 1 exactly as released, with user state.

Run once from the repository root: `python tests/data/db/make_v1.py`. Kept so the fixture
can be understood; it must not be regenerated with a newer schema.
"""

import sqlite3
from pathlib import Path

from reader.migrations import V1

target = Path(__file__).with_name("kabar-v1.sqlite3")
target.unlink(missing_ok=True)
db = sqlite3.connect(target)
for statement in V1:
    db.execute(statement)
db.execute(
    "INSERT INTO source (id, url, title, folder, added, synced_once) VALUES "
    "(1, 'https://tengrinews.kz/news.rss', 'Tengrinews', 'Казахстан', 1700000000, 1), "
    "(2, 'https://example.org/feed', 'Example', NULL, 1700000000, 1)"
)
rows = []
for n in range(1, 31):
    source = 1 if n <= 20 else 2
    rows.append(
        (n, source, f"guid-{n}", f"https://tengrinews.kz/news/{n}", f"Новость номер {n}",
         1700000000 + n * 60, 1700000000 + n * 60, 1700000000 + n * 60,
         f"<p>Текст новости {n}</p>", f"Текст новости {n}", "ru", f"hash-{n}",
         int(n % 3 == 0), int(n in (5, 25)))
    )
db.executemany(
    "INSERT INTO article (id, source_id, key, link, title, published, first_seen, sort_date, "
    "summary_html, text, language, content_hash, read, starred) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    rows,
)
db.execute(
    "INSERT INTO enclosure (article_id, url, type, length) "
    "VALUES (5, 'https://tengrinews.kz/audio/5.mp3', 'audio/mpeg', 12345)"
)
db.execute("PRAGMA user_version = 1")
db.commit()
db.execute("VACUUM")
db.close()
print(target)
