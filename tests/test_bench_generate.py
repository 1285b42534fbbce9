"""The benchmark's data generator at a small scale (the benchmark itself is `make bench`)."""

from bench.generate import generate
from coproduce.db import connect


def test_generates_the_shape_asked_for(tmp_path):
    made = generate(tmp_path / "bench.db", councils=2, years=2, per_review=3, big_review=5)
    db = connect(tmp_path / "bench.db")
    assert db.execute("SELECT count(*) FROM councils").fetchone()[0] == 2
    assert made["reviews"] == 4
    # Council 1's latest review is the big one; council 2's latest is in progress for the capture load.
    assert made["big_review_size"] == 5
    assert made["conversations"] == 5 + 64 + 3 * 2
    in_progress = db.execute("SELECT count(*) FROM conversations WHERE status = 'in_progress'").fetchone()[0]
    assert in_progress == len(made["live_conversations"]) == 64
    questions = made["answers"] // made["conversations"]
    assert db.execute("SELECT count(*) FROM answers").fetchone()[0] == made["answers"] == questions * 75
    assert made["quotes"] == made["answers"]
