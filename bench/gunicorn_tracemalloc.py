"""gunicorn.conf.py with tracemalloc in each worker, for bench/profile_memory.py.

SIGUSR2 to a worker writes a snapshot of the Python allocations it holds to
TRACEMALLOC_DIR/<pid>-<n>.snapshot. Tracing slows the worker down and costs memory of
its own, so this never serves the figures in docs/performance.md, only their causes.
"""

import itertools
import os
import signal
import tracemalloc
from pathlib import Path

# Everything production sets, then the hook below.
exec((Path(__file__).resolve().parent.parent / "gunicorn.conf.py").read_text())


def post_fork(server: object, worker: object) -> None:
    # Before the worker imports the app: a snapshot then also shows what the imports hold.
    tracemalloc.start(int(os.environ.get("TRACEMALLOC_FRAMES", "1")))


def post_worker_init(worker: object) -> None:
    # After gunicorn has installed the worker's own signal handlers, which leave USR2 free.
    folder = Path(os.environ["TRACEMALLOC_DIR"])
    numbers = itertools.count(1)

    def dump(signum: int, frame: object) -> None:
        name = folder / f"{os.getpid()}-{next(numbers)}.snapshot"
        tracemalloc.take_snapshot().dump(str(name))

    signal.signal(signal.SIGUSR2, dump)
