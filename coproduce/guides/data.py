"""Guide versions in the database: each file's version is recorded once and never changes."""

from __future__ import annotations

from sqlite_utils import Database

from coproduce.db import now, write_transaction
from coproduce.guides.loader import GuideError, all_guides, content_hash


def sync_versions(db: Database) -> None:
    """Record every guide version found in guides/; refuse a published version whose file changed."""
    with write_transaction(db):
        for (slug, version), guide in all_guides().items():
            guide_id = db.execute("SELECT id FROM guides WHERE slug = ?", [slug]).fetchone()
            guide_id = guide_id[0] if guide_id else db["guides"].insert({"slug": slug}).last_pk
            digest = content_hash(guide)
            row = db.execute(
                "SELECT content_hash FROM guide_versions WHERE guide_id = ? AND version = ?",
                [guide_id, version],
            ).fetchone()
            if row is None:
                db["guide_versions"].insert(
                    {"guide_id": guide_id, "version": version, "content_hash": digest, "published_at": now()}
                )
            elif row[0] != digest:
                raise GuideError(
                    f"{guide.source}: version {version} is already in use and must not change; "
                    f"copy it to v{version + 1}.toml and change that"
                )


def version_id(db: Database, slug: str, version: int) -> int:
    row = db.execute(
        """SELECT v.id FROM guide_versions v JOIN guides g ON g.id = v.guide_id
        WHERE g.slug = ? AND v.version = ?""",
        [slug, version],
    ).fetchone()
    if row is None:
        raise KeyError((slug, version))
    return row[0]
