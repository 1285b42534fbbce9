"""The limit: a bare Flask "hello world", served by the same server with the same workers and threads
as the app (`coproduce.server.serve`, as `coproduce run` serves the app).

    .venv/bin/python -m bench.bare PORT WORKERS THREADS
"""

import sys

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"


if __name__ == "__main__":
    from coproduce.server import serve

    port, workers, threads = (int(arg) for arg in sys.argv[1:4])
    serve(app, "127.0.0.1", port, workers, threads)
