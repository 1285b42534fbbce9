"""The `coproduce` command: `coproduce --help` lists what it can do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import FlaskGroup, routes_command, shell_command

from coproduce import create_app
from coproduce.db import connect
from coproduce.demo import DEMO_LOGINS, is_demo, load_demo
from coproduce.guides.interpreting import MODE_KEYS
from coproduce.migrations import prepare
from coproduce.regional.data import refresh_summaries
from coproduce.server import default_workers, serve

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"


@click.group(cls=FlaskGroup, create_app=create_app, add_default_commands=False, add_version_option=False)
def main() -> None:
    """coproduce: co-produced practice reviews in adult social care."""


main.add_command(routes_command)
main.add_command(shell_command)


def print_demo_logins() -> None:
    click.echo("Demo logins (demo database only):")
    for role, email, password, *_ in DEMO_LOGINS:
        click.echo(f"  {role:<22} {email:<26} {password}")


@main.command("init-db")
def init_db_command() -> None:
    """Create the database, or bring its schema up to date."""
    db = connect(current_app.config["DATABASE"])
    prepare(db)
    click.echo(f"Database ready at {current_app.config['DATABASE']}")


@main.command("demo")
def demo_command() -> None:
    """Load the demo data into a new, empty database."""
    db = connect(current_app.config["DATABASE"])
    prepare(db)
    load_demo(db)
    click.echo(f"Demo data loaded into {current_app.config['DATABASE']}")
    print_demo_logins()


@main.command("run")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=lambda: int(os.environ.get("PORT", 5000)), help="Port [default: $PORT or 5000]."
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=default_workers,
    help="Worker processes (gunicorn) [default: one a core].",
)
@click.option(
    "--threads", type=click.IntRange(min=1), default=4, show_default=True, help="Threads of each worker."
)
@click.option(
    "--demo/--no-demo", default=True, show_default=True, help="Make a demo database if there is none."
)
def run_command(host: str, port: int, workers: int, threads: int, demo: bool) -> None:
    """Serve the app with gunicorn, a worker process a core (waitress on Windows), not Flask's
    development server."""
    path = Path(current_app.config["DATABASE"])
    is_new = not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    db = connect(path)
    prepare(db)
    if is_new and demo:
        load_demo(db)
        click.echo(f"Made a demo database at {path}")
    if is_demo(db):
        print_demo_logins()
    refresh_summaries(db)  # now, so the first regional view after a start is quick
    db.close()  # before the workers are forked: no connection is shared between processes
    click.echo(f"coproduce is running at http://{host}:{port} (press Ctrl+C to stop)")
    serve(current_app._get_current_object(), host, port, workers, threads)


@main.command("backup")
@click.argument("output", type=click.Path(dir_okay=False))
def backup_command(output: str) -> None:
    """Copy the database into OUTPUT with SQLite's online backup (safe while the app runs)."""
    from coproduce.backup import BackupError, backup

    try:
        backup(current_app.config["DATABASE"], output)
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backed up {current_app.config['DATABASE']} to {output}")


@main.command("restore")
@click.argument("backup_file", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database.")
def restore_command(backup_file: str, yes: bool) -> None:
    """Replace the database with BACKUP_FILE after checking it (stop the app first)."""
    from coproduce.backup import BackupError, problems, restore

    database = current_app.config["DATABASE"]
    if found := problems(backup_file):
        raise click.ClickException("Nothing was changed: " + "; ".join(found))
    if not yes:
        click.confirm(f"Replace {database} with {backup_file}?", abort=True)
    try:
        kept = restore(backup_file, database)
    except BackupError as error:
        raise click.ClickException("Nothing was changed: " + str(error)) from error
    click.echo(f"Restored {database} from {backup_file}")
    if kept:
        click.echo(f"The database it replaced is kept in {kept}")


@main.group("translate")
def translate() -> None:
    """Extract, update and compile the gettext catalogues (wraps pybabel)."""


def _pybabel(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True, cwd=ROOT)  # noqa: S603


@main.command("export")
@click.option("--review", "review_id", type=int, required=True, help="The review's id.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["docx", "pdf", "csv", "xlsx", "qdpx", "qdc"]),
    required=True,
    help="File format.",
)
@click.option(
    "--audience",
    type=click.Choice(["team", "council", "public"]),
    default="team",
    show_default=True,
    help="Who the report (docx, pdf) is for; the other formats are for the team only.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True, help="File to write."
)
def export_command(review_id: int, fmt: str, audience: str, output: str) -> None:
    """Export a review: the report (Word or PDF) for the team, the council or the public; CSV or XLSX
    of answers and quotes, REFI-QDA project or codebook (team only)."""
    from coproduce.audit import record
    from coproduce.report.data import review_row
    from coproduce.report.formats import REPORT_FORMATS, export

    if fmt not in REPORT_FORMATS and audience != "team":
        raise click.ClickException(f"{fmt} holds case references: it is for the team only")
    with current_app.test_request_context("/?lang=en"):
        review = review_row(review_id)
        if review is None:
            raise click.ClickException(f"There is no review {review_id}")
        Path(output).write_bytes(export(review, fmt, audience))
        record("export", "review", review_id, f"{fmt} {audience} (command line)")
    click.echo(f"Wrote {output}")


@translate.command("extract")
def translate_extract() -> None:
    """Collect every translatable string into translations/messages.pot."""
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_ngettext:1,2", "--no-location",
             "--sort-output", "--width=100", "-o", str(TRANSLATIONS / "messages.pot"), ".")  # fmt: skip


@translate.command("update")
def translate_update() -> None:
    """Extract, then merge new strings into every language's catalogue."""
    translate_extract.callback()
    _pybabel("update", "-i", str(TRANSLATIONS / "messages.pot"), "-d", str(TRANSLATIONS),
             "--no-fuzzy-matching", "--ignore-obsolete", "--width=100")  # fmt: skip


@translate.command("init")
@click.argument("code")
def translate_init(code: str) -> None:
    """Start a catalogue for a new language CODE."""
    _pybabel("init", "-i", str(TRANSLATIONS / "messages.pot"), "-d", str(TRANSLATIONS), "-l", code)


@translate.command("review-sheet")
@click.option("--lang", "code", required=True, help="The language's code, such as ur.")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, writable=True), help="The XLSX file to write."
)
@click.option(
    "--import", "imported", type=click.Path(exists=True, dir_okay=False), help="A checked sheet to read back."
)
def translate_review_sheet(code: str, output: str | None, imported: str | None) -> None:
    """Write a language's strings as a spreadsheet for a qualified translator to check (-o), or read
    the checked sheet back (--import): changed strings go into the catalogue, and the checker's name
    and date are recorded as the language's check."""
    from coproduce.review_sheet import SheetError, import_sheet, write_sheet

    if code == "en" or (output is None) == (imported is None):
        raise click.UsageError("give a language other than en, and either -o FILE.xlsx or --import FILE.xlsx")
    try:
        if output:
            Path(output).write_bytes(write_sheet(code))
            click.echo(f"Wrote {output}")
            return
        result = import_sheet(code, Path(imported or "").read_bytes())
    except SheetError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"{result.changed} strings changed in translations/{code}/LC_MESSAGES/messages.po")
    if result.checker and result.checked_on:
        click.echo(f"Recorded: checked by {result.checker} on {result.checked_on}")
    else:
        click.echo("The sheet names no checker and date, so the language is still a draft.")
    _pybabel("compile", "-d", str(TRANSLATIONS), "-l", code)


@translate.command("compile")
def translate_compile() -> None:
    """Build the .mo files the app reads (they are not kept in git)."""
    _pybabel("compile", "--statistics", "-d", str(TRANSLATIONS))


@main.command("check-guides")
@click.option(
    "--lang",
    "codes",
    multiple=True,
    help="Check only this language (repeat for more) [default: every language the app speaks].",
)
def check_guides_command(codes: tuple[str, ...]) -> None:
    """Check every guide in every language: schema, translations, easy read, pictures, hard words."""
    from coproduce.guides.check import check_guides
    from coproduce.i18n import LANGUAGES

    report = check_guides(list(codes) or list(LANGUAGES))
    for source, score in report.readability.items():
        click.echo(f"{source}: Flesch reading ease {score:.1f} (60 or more is plain English)")
    for problem in report.problems:
        click.echo(problem, err=True)
    if report.problems:
        raise SystemExit(f"{len(report.problems)} problem(s) in the guides")
    click.echo(f"All guides pass in: {', '.join(codes or LANGUAGES)}")


@main.command("guide-pack")
@click.option("--guide", "slug", required=True, help="The guide's name, such as your-care-and-support.")
@click.option("--lang", "code", required=True, help="The language beside English, such as ur.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["pdf", "html", "json"]),
    default="pdf",
    show_default=True,
    help="json: the guide as data (each question's key, sentence, answer type, picture and points).",
)
@click.option("--large-print", is_flag=True, help="Text at 18 point or bigger.")
@click.option(
    "--module",
    "modules",
    multiple=True,
    help="A focus module to add (such as preparing-for-adulthood); give it again for another.",
)
@click.option(
    "--interpreter",
    type=click.Choice(MODE_KEYS),
    help="The kind of interpreting the pack is for; without it, a pack with no interpreter.",
)
@click.option("--dialect", help="The person's dialect, for the interpreter's briefing (such as Sylheti).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), required=True)
def guide_pack_command(
    slug: str,
    code: str,
    fmt: str,
    large_print: bool,
    interpreter: str | None,
    dialect: str | None,
    output: str,
    modules: tuple[str, ...] = (),
) -> None:
    """Make a printable pack of a guide in English and one other language, for one kind of interpreting
    (or, with --format json, the guide in that language as data)."""
    from coproduce.guides import loader, machine, pack
    from coproduce.i18n import LANGUAGES

    if dialect and not interpreter:
        raise click.BadParameter("a dialect goes on the interpreter's briefing: give --interpreter too")

    if code not in LANGUAGES:
        raise click.BadParameter(
            f"no catalogue for '{code}'; choose from {', '.join(LANGUAGES)}", param_hint="--lang"
        )
    try:
        guide = loader.latest(slug)
    except KeyError:
        names = sorted({s for s, _v in loader.all_guides()})
        raise click.BadParameter(
            f"no guide '{slug}'; choose from {', '.join(names)}", param_hint="--guide"
        ) from None
    try:
        guide = guide.with_modules(tuple(loader.latest_module(name) for name in modules))
    except KeyError as error:
        names = ", ".join(loader.module_slugs())
        raise click.BadParameter(f"no module {error}; choose from {names}", param_hint="--module") from None
    with current_app.test_request_context("/"):
        if fmt == "json":
            body = machine.render_json(guide, code)
            Path(output).write_bytes(body)
            click.echo(f"Wrote {output} ({len(guide.questions)} questions)")
            return
        try:
            body = pack.render(guide, code, fmt, pack.Options(large_print, interpreter, dialect))
        except pack.PackError as error:
            raise SystemExit(f"The pack could not be made: {error}") from error
    Path(output).write_bytes(body)
    click.echo(f"Wrote {output} ({len(body) // 1024} KB)")


@main.command("retention")
@click.option("--apply", "apply_", is_flag=True, help="Erase the content (without it: a dry run).")
def retention_command(apply_: bool) -> None:
    """Erase conversation content of closed reviews past their retention period (dry run by default)."""
    from coproduce.audit import record
    from coproduce.db import get_db, write_transaction
    from coproduce.privacy.data import due_for_erasure, erase_content

    db = get_db()
    prepare(db)
    due = due_for_erasure(db)
    if not due:
        click.echo("No review is past its retention period.")
        return
    for review in due:
        verb = "Erasing" if apply_ else "Would erase"
        click.echo(
            f"{verb} the conversation content of review {review['id']} ({review['title']}): "
            f"{review['conversations']} conversations, closed {review['closed_at'][:10]}, "
            f"kept {review['retention_months']} months"
        )
        if apply_:
            with write_transaction(db):
                erase_content(db, review["id"])
                record(
                    "retention_erase",
                    "review",
                    review["id"],
                    detail=f"{review['conversations']} conversations",
                )
    if apply_:
        from coproduce.erasure import forget_old_copies

        forget_old_copies(db)  # and from the database files (secure_delete has zeroed the pages)
    else:
        click.echo("Dry run: nothing was changed. Run `coproduce retention --apply` to erase.")
