"""static/ is served compressed when the browser accepts it, with a file's security headers, never stale."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from flask import Flask
from werkzeug.test import Client

from coproduce.web import StaticFiles
from tests.test_security_headers import check_file_headers


def _static_client(folder: Path) -> Client:
    bare = Flask(__name__)
    return Client(StaticFiles(bare.wsgi_app, root=str(folder), prefix="/static", allow_all_origins=False))


def test_a_compressed_copy_is_sent_with_the_security_headers(tmp_path: Path) -> None:
    (tmp_path / "app.css").write_text("body { color: black; }\n" * 200)
    (tmp_path / "app.css.gz").write_bytes(gzip.compress((tmp_path / "app.css").read_bytes()))
    client = _static_client(tmp_path)
    response = client.get(
        "/static/app.css", headers={"Accept-Encoding": "gzip"}, base_url="https://localhost"
    )
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.data) == (tmp_path / "app.css").read_bytes()
    check_file_headers(response, secure=True)
    plain = client.get("/static/app.css")
    assert "Content-Encoding" not in plain.headers and plain.data == (tmp_path / "app.css").read_bytes()
    check_file_headers(plain)


def test_a_compressed_copy_older_than_its_file_is_never_sent(tmp_path: Path) -> None:
    (tmp_path / "app.mjs").write_text("export const a = 1;\n" * 200)
    (tmp_path / "app.mjs.gz").write_bytes(gzip.compress(b"stale"))
    os.utime(tmp_path / "app.mjs.gz", (1_000_000, 1_000_000))
    response = _static_client(tmp_path).get("/static/app.mjs", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in response.headers
    assert response.data == (tmp_path / "app.mjs").read_bytes()


def test_a_file_named_by_its_hash_is_kept_for_ever_and_others_are_checked_again(tmp_path: Path) -> None:
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / "noto-naskh-arabic-arabic-400-normal.0123456789ab.woff2").write_bytes(b"wOF2" * 50)
    (tmp_path / "app.css").write_text("body { color: black; }\n")
    client = _static_client(tmp_path)
    font = client.get("/static/fonts/noto-naskh-arabic-arabic-400-normal.0123456789ab.woff2")
    assert font.status_code == 200
    assert "immutable" in font.headers["Cache-Control"]
    assert "max-age=315360000" in font.headers["Cache-Control"]
    check_file_headers(font)
    css = client.get("/static/app.css")
    assert "immutable" not in css.headers["Cache-Control"]
