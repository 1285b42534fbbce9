"""The limit: a bare Flask "hello world", served by the same server with the same threads."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, world!"
