"""gunicorn settings for Skillgap: `gunicorn -c gunicorn.conf.py config.wsgi`.

Read from the environment, so one file serves every host:

- `PORT` (default 8000): listens on 0.0.0.0:PORT. A `--bind` on the command line wins
  (the smoke check and the benchmarks bind to 127.0.0.1 that way).
- `WEB_CONCURRENCY` (default 2): worker processes. Each sync worker serves one request at
  a time, so this is the number of requests in flight; about 2 per core.
- `GUNICORN_THREADS` (default 1: sync workers): no request draws a PDF or sends mail any
  more (task workers do, docs/deploy.md), so threads, which cost pages 17–36% of their
  throughput, no longer buy anything (docs/performance.md, "Back to sync workers?").
  Above 1 gunicorn uses its gthread worker.
- `GUNICORN_MAX_REQUESTS` (default 1000; 0 turns recycling off), `GUNICORN_LOG_LEVEL`.
"""

from __future__ import annotations

import os

bind = [f"0.0.0.0:{int(os.environ.get('PORT', '8000'))}"]
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A request still running after 30 s is stuck (the slowest, a curator's 14,000-skill export
# in the admin, takes about 10 s): the worker is killed and replaced. On a restart or
# deploy, workers get 20 s to finish the requests they hold.
timeout = 30
graceful_timeout = 20
# Seconds an idle keep-alive connection stays open (gthread only: sync workers close each).
keepalive = 5

# Recycle each worker after about a thousand requests, staggered by the jitter so the
# workers never restart all at once; it bounds any slow growth of memory. The page
# benchmark sets GUNICORN_MAX_REQUESTS=0 to measure steady workers (and their memory).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10

# Each worker imports the app itself: a code reload (HUP) then picks up new code, and no
# database connection opened at import time is shared between processes.
preload_app = False

# Access log to standard output, errors to standard error: the platform collects both.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Heartbeat files in memory, not on a possibly slow disk (containers' /tmp may be overlay).
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# gunicorn's control socket defaults to one path per user (~/.gunicorn/gunicorn.ctl), so two
# servers on one host (the scale-out benchmark, the load test) would fight over it.
control_socket_disable = True
