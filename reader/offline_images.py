"""Which images to keep for offline reading, and which of them starred articles hold.

The pictures of an article are those in its feed content, in its captured full text, its
lead image and its image enclosures. A public feed's pictures on a private address are never
fetched (reader.images refuses them); a feed on the reader's own network may use them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reader.images import image_urls
from reader.storage import Storage
from reader.urls import host_of, is_private_host

_ARTICLES = """
    SELECT a.id, a.link, s.url, coalesce(b.content_html, ''), coalesce(b.summary_html, ''),
           coalesce(f.html, ''), f.lead_image
    FROM article a JOIN source s ON s.id = a.source_id
    LEFT JOIN article_body b ON b.article_id = a.id
    LEFT JOIN article_full f ON f.article_id = a.id AND f.state = 'done'
    WHERE a.id IN ({marks})
"""
_IMAGE_ENCLOSURES = """
    SELECT article_id, url FROM enclosure
    WHERE article_id IN ({marks}) AND type LIKE 'image/%'
"""
CHUNK = 500  # ids per query: well under SQLite's variable limit


@dataclass
class ImageWork:
    public: list[str] = field(default_factory=list)  # from feeds on the internet
    private: list[str] = field(default_factory=list)  # from feeds on the reader's own network


def images_of(storage: Storage, article_ids: Sequence[int]) -> ImageWork:
    """The image URLs of these articles, in order, split by where their feed lives."""
    work = ImageWork()
    for start in range(0, len(article_ids), CHUNK):
        chunk = tuple(article_ids[start : start + CHUNK])
        marks = ", ".join("?" * len(chunk))
        with storage.db.read() as c:
            rows = c.exec_driver_sql(_ARTICLES.format(marks=marks), chunk).all()
            extra: dict[int, list[str]] = {}
            for aid, url in c.exec_driver_sql(_IMAGE_ENCLOSURES.format(marks=marks), chunk):
                extra.setdefault(aid, []).append(url)
        for aid, link, feed_url, content, summary, full, lead in rows:
            urls = [*image_urls(full or content or summary, link), *([lead] if lead else []),
                    *extra.get(aid, [])]  # fmt: skip
            target = work.private if is_private_host(host_of(feed_url)) else work.public
            target.extend(urls)
    return work


def starred_images(storage: Storage) -> set[str]:
    """Images that eviction must never remove: those of starred articles."""
    with storage.db.read() as c:
        ids = [row[0] for row in c.exec_driver_sql("SELECT id FROM article WHERE starred")]
    work = images_of(storage, ids)
    return {*work.public, *work.private}


def thumbnails(storage: Storage, article_ids: Sequence[int]) -> dict[int, str]:
    """Each article's picture for a card: the page's lead image when the full article was
    kept, else its first image enclosure, else the first picture in its text."""
    found: dict[int, str] = {}
    for start in range(0, len(article_ids), CHUNK):
        chunk = tuple(article_ids[start : start + CHUNK])
        marks = ", ".join("?" * len(chunk))
        with storage.db.read() as c:
            rows = c.exec_driver_sql(_ARTICLES.format(marks=marks), chunk).all()
            enclosures: dict[int, str] = {}
            for aid, url in c.exec_driver_sql(_IMAGE_ENCLOSURES.format(marks=marks), chunk):
                enclosures.setdefault(aid, url)
        for aid, link, _feed, content, summary, full, lead in rows:
            first = lead or enclosures.get(aid)
            if first is None:
                pictures = image_urls(full or content or summary, link)
                first = pictures[0] if pictures else None
            if first:
                found[aid] = first
    return found
