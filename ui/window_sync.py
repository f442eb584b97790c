"""The window's side of syncing: starting, progress, the summary, offline mode, cleanup.

A mixin of MainWindow (it uses the window's widgets); the work itself runs on the
SyncController's thread and in its worker processes.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from reader.display import count_phrase
from reader.types import SyncProgress, SyncReport

if TYPE_CHECKING:
    from ui.main_window import MainWindow

CLEANUP_EVERY = timedelta(days=1)


def tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class WindowSync:
    """Syncing, for MainWindow."""

    @property
    def offline(self: MainWindow) -> bool:
        return str(self.settings.value("network/offline", "false")).lower() == "true"

    def set_offline(self: MainWindow, offline: bool) -> None:
        self.settings.setValue("network/offline", offline)
        if not offline:
            self.ticker_strip.refresh()
        if offline:
            self.syncer.cancel()
            self.status_text.setText(offline_message())
        else:
            self.status_text.clear()
        self._update_ticker()

    def sync(self: MainWindow, source_ids: list[int] | None = None, due_only: bool = False) -> None:
        if self.offline:
            if not due_only:  # a scheduled sync stays silent; one asked for is answered
                self.status_text.setText(offline_message())
            return
        if self.syncer.start(source_ids, due_only):
            self.progress.setRange(0, 0)
            self.progress.show()
            self.cancel_button.show()
            self.status_text.setText(tr("Syncing…"))

    def _sync_progress(self: MainWindow, progress: SyncProgress) -> None:
        phase = ((tr("Indexing for search: %v of %m"), progress.to_index, progress.indexed)
                 if progress.to_index else
                 (tr("Full articles: %v of %m"), progress.to_capture, progress.captured)
                 if progress.to_capture else None)  # fmt: skip
        if phase is not None:
            self.progress.setFormat(phase[0])
            self.progress.setRange(0, phase[1])
            self.progress.setValue(phase[2])
            return
        self.progress.setFormat(tr("Sources: %v of %m"))
        self.progress.setRange(0, max(progress.total, 1))
        self.progress.setValue(progress.done)

    def catch_up_index(self: MainWindow) -> None:
        """Articles an interrupted sync or an upgrade left unindexed become searchable now,
        in the sync's worker processes (a sync of no sources only indexes)."""
        from reader.search_index import pending_count

        if not self.syncer.running and pending_count(self.storage) and self.syncer.start([]):
            self._index_only = True
            self.progress.setRange(0, 0)
            self.progress.show()

    def _sync_finished(self: MainWindow, report: SyncReport) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        if self._index_only:  # see catch_up_index: the last sync's summary stays
            self._index_only = False
            self.refresh()
            self._reshow_article()
            return
        self.last_report = report
        self.settings.setValue("sync/last", datetime.now(UTC).isoformat())
        self.status_text.setText(self.summary(report))
        self.refresh()
        self.tray.announce(report)
        self.ticker_strip.reload()  # a breaking source may have a new headline
        self._cleanup_if_due()
        self._backup_if_due()

    def _cleanup_if_due(self: MainWindow) -> None:
        """Once a day after a sync, the storage budget (reader.retention) in the background."""
        from reader.retention import cleanup

        last = str(self.settings.value("storage/last_cleanup", ""))
        if last and datetime.fromisoformat(last) > datetime.now(UTC) - CLEANUP_EVERY:
            return
        self.settings.setValue("storage/last_cleanup", datetime.now(UTC).isoformat())

        def done(result: Any) -> None:
            removed = getattr(result, "articles", 0)
            if removed:  # what the budget took, said once, in the status bar
                freed = (result.database_bytes + result.image_bytes) / 2**20
                said = tr("Storage: removed {0} old articles, freed {1:.1f} MB.")
                self.status_text.setText(said.format(removed, freed))
                self.refresh()

        self.maintenance.submit(cleanup, self.storage, None, self.cache_dir, then=done)

    def _backup_if_due(self: MainWindow) -> None:
        """The weekly automatic backup (reader.auto_backup), in the background."""
        from reader.auto_backup import backup_if_due

        self.maintenance.submit(backup_if_due, self.storage, self.storage.db.path.parent)

    def summary(self: MainWindow, report: SyncReport) -> str:
        if report.error:
            return report.error
        if not report.outcomes and not report.cancelled:
            return tr("Everything is up to date.")
        parts = [count_phrase(report.new, "new_article", self.language)]
        if report.failures:
            parts.append(count_phrase(len(report.failures), "failed_source", self.language))
        if report.captured:
            parts.append(tr("{0} saved in full").format(report.captured))
        text = ", ".join(parts)
        return text + (" " + tr("(cancelled)") if report.cancelled else "")

    def capture_again(self: MainWindow, article_id: int) -> None:
        """ "Try again" under an article whose page could not be kept."""
        if self.offline:
            self.status_text.setText(offline_message())
            return
        if self.syncer.start([], capture_articles=[article_id]):
            self._index_only = True  # no feeds were checked: keep the last sync's summary
            self.status_text.setText(tr("Downloading the full article…"))
            self.progress.setRange(0, 0)
            self.progress.show()


def offline_message() -> str:
    return tr("Offline mode is on: Kabar makes no network request (File → Work offline).")
