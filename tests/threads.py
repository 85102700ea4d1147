"""Real threads for race tests: each request on its own client and database connection.

Threads are let go together by a barrier, or ordered by events (never by sleeping), and
every answer is kept as a status code: a 500 is an answer to assert on, not an exception
that would stop the other thread.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from copy import deepcopy
from threading import Barrier, Event
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from tests.conftest import logged_in

T = TypeVar("T")


def client_of(user: User, **kwargs: Any) -> Callable[[], Client]:
    """A factory of clients in `user`'s session (log in once; each thread copies the cookie)."""
    cookies = logged_in(user).cookies

    def make() -> Client:
        client = Client(raise_request_exception=False, **kwargs)
        client.cookies = deepcopy(cookies)
        return client

    return make


def together(*calls: Callable[[], T]) -> list[T]:
    """Run each call in its own thread, all let go at once; their results in order."""
    start = Barrier(len(calls))

    def run(call: Callable[[], T]) -> T:
        try:
            start.wait()
            return call()
        finally:
            connection.close()  # each thread has its own connection; leave none open

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


class Hold:
    """Holds a call at its entry until released: how a test stops a request between its
    read and its write while another thread's request runs to its end."""

    def __init__(self) -> None:
        self.reached = Event()
        self.released = Event()

    def around(self, call: Callable[..., T]) -> Callable[..., T]:
        def held(*args: Any, **kwargs: Any) -> T:
            self.reached.set()
            assert self.released.wait(timeout=60), "never released"
            return call(*args, **kwargs)

        return held

    def meanwhile(self, call: Callable[[], T]) -> Callable[[], T]:
        """`call`, run once the held call is reached; the held call goes on when it returns."""

        def run() -> T:
            try:
                assert self.reached.wait(timeout=60), "the held call was never reached"
                return call()
            finally:
                self.released.set()

        return run
