"""The frozen app's entry point (PyInstaller runs this file; `kabar` runs ui.launcher:main)."""

import multiprocessing
import sys

from ui.launcher import main

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a no-op unless a pool ever uses "spawn"
    sys.exit(main())
