"""The production server `coproduce run` starts: gunicorn on Linux and other Unix systems, with
several worker processes (one a core by default) of several threads each, so that every core
serves; waitress, in one process, where gunicorn does not run (Windows).

Every worker is a copy of the app made once in the parent before it forks (`preload_app`), so the
workers start quickly and share the app's memory until they change it. What must be the same for
every worker is in the database, not in a worker's memory: sessions (`user_sessions`), sign-in
limits (`login_attempts`), the audit log; writes from different workers queue on SQLite's own
lock (`BEGIN IMMEDIATE` with a busy timeout, coproduce/db.py).
"""

from __future__ import annotations

import gc
import os
from typing import Any

from flask import Flask

from coproduce.web import proxy_options

GUNICORN = os.name == "posix"
SHM = "/dev/shm"  # noqa: S108  # nosec B108


def default_workers() -> int:
    """One worker process a core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def gunicorn_options(app: Flask, host: str, port: int, workers: int, threads: int) -> dict[str, Any]:
    """gunicorn's settings for `coproduce run`."""
    bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    hops = app.config.get("PROXY_HOPS") or 0
    return {
        "bind": [bind],
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "preload_app": True,
        # Only the trusted proxy may say a request came over HTTPS (X-Forwarded-Proto); with no
        # proxy, nobody may. Its X-Forwarded-For is read by the app (coproduce/web.py).
        "forwarded_allow_ips": app.config.get("TRUSTED_PROXY", "") if hops else "",
        "proc_name": "coproduce",
        # No control socket: several servers on one machine (tests, the benchmark) would share it.
        "control_socket_disable": True,
        # gunicorn's heartbeat files (made with mkstemp) in memory, not on a disk that may stall.
        "worker_tmp_dir": SHM if os.path.isdir(SHM) else None,
        "graceful_timeout": 10,
        "keepalive": 5,
    }


def serve(app: Flask, host: str, port: int, workers: int, threads: int) -> None:
    """Serve `app` until stopped (Ctrl+C or SIGTERM).

    What the app made at start (its code, guides, catalogues: some 60,000 objects) is moved out of
    the garbage collector's sight (`gc.freeze`): a full collection then looks only at what requests
    made (about 2 ms, not 35), and the workers forked from this process keep sharing those pages
    of memory instead of each copying them when the collector touches them."""
    gc.collect()
    gc.freeze()
    if not GUNICORN:
        from waitress import serve as waitress_serve

        options = proxy_options(app.config)
        waitress_serve(app, host=host, port=port, threads=threads, ident="coproduce", **options)
        return
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in gunicorn_options(app, host, port, workers, threads).items():
                if value is not None:
                    self.cfg.set(key, value)

        def load(self) -> Flask:
            return app

    Server().run()
