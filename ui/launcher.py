"""The `kabar` console script: no subcommand opens the window, a subcommand runs headless.

Qt is imported only when the window is wanted, so `kabar sync` in a cron job or on a
server never loads it.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from reader.cli import main as core_main


def _open_window(data_dir: str | None) -> int:
    from ui.app import run

    return run(data_dir)


def main(argv: Sequence[str] | None = None) -> int:
    return core_main(argv, open_window=_open_window)


if __name__ == "__main__":
    sys.exit(main())
