"""Time Kabar's start to the first painted frame, frozen vs `python -m`, offscreen.

    .venv/bin/python packaging/start_time.py [--runs 5] [--binary dist/Kabar/kabar]

Each run is `kabar --self-test`: its own seeding (a sync from a loopback server) is reported
as `seed_ms` and subtracted, so what remains is process start + imports + window + first paint.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def drop_caches() -> bool:
    """A cold start: empty the page cache first (root only; else the runs are warm)."""
    subprocess.run(["sync"])
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


def first_paint_ms(command: list[str], cold: bool = False) -> float:
    if cold:
        drop_caches()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = time.monotonic()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env, cwd=ROOT,
                            stderr=subprocess.DEVNULL)  # fmt: skip
    seed = painted = None
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("seed_ms "):
            seed = float(line.split()[1])
        elif line.startswith("first_paint") and painted is None:
            painted = (time.monotonic() - started) * 1000
    if proc.wait() != 0 or seed is None or painted is None:
        raise SystemExit(f"{command}: self-test failed")
    return painted - seed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="drop the page cache before each")
    parser.add_argument("--binary", default=str(ROOT / "dist" / "Kabar" / "kabar"))
    args = parser.parse_args()
    frozen = [args.binary, "--self-test"]
    source = [sys.executable, "-m", "ui.launcher", "--self-test"]
    for name, command in (("frozen", frozen), ("python -m", source)):
        times = [first_paint_ms(command, args.cold) for _ in range(args.runs)]
        print(
            f"{name:10} {'cold' if args.cold else 'warm'}: median of {args.runs} "
            f"{statistics.median(times):6.0f} ms (min {min(times):.0f}, max {max(times):.0f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
