from __future__ import annotations

from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce import audit
from coproduce.auth import Role, allow
from coproduce.findings import bp, data, exports
from coproduce.findings.forms import (
    CodingForm,
    CommentForm,
    EvidenceForm,
    FindingForm,
    FollowUpForm,
    MergeForm,
    RegionalFilters,
    ThemeForm,
)
from coproduce.paging import requested
from coproduce.reviews.data import review_for

TEAM = (Role.COORDINATOR, Role.PSW)


def _review(review_id: int) -> dict:
    return review_for(current_user, review_id)


def _finding(review_id: int, finding_id: int) -> dict:
    """A finding as this person may see it: a council contact sees signed-off findings only."""
    return data.finding_in(review_id, finding_id, signed_off_only=current_user.role == Role.AUTHORITY_CONTACT)


# ---------------------------------------------------------------- dashboard and equity


@bp.route("/reviews/<int:review_id>/dashboard")
@allow(*TEAM)
def dashboard(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    return render_template(
        "findings/dashboard.html",
        review=review,
        counts=data.status_counts(review_id),
        concerns=data.open_concerns(review_id),
        mix=data.mix(review_id),
        charts=data.rating_charts(review_id),
    )


@bp.route("/reviews/<int:review_id>/equity")
@allow(*TEAM)
def equity(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    return render_template("findings/equity.html", review=review, equity=data.equity(review_id))


# ---------------------------------------------------------------- reading and coding


@bp.route("/reviews/<int:review_id>/coding")
@allow(*TEAM)
def coding(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    return render_template(
        "findings/coding.html",
        review=review,
        conversations=data.conversations(review_id),
        coders=data.coders(review_id),
    )


def _coding_form(item: str, theme_choices: list[SelectChoice]) -> CodingForm:
    form = CodingForm(prefix=item)
    form.theme.choices = theme_choices
    return form


@bp.route("/reviews/<int:review_id>/coding/<int:conversation_id>", methods=["GET", "POST"])
@allow(*TEAM)
def code(review_id: int, conversation_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    conversation = data.conversation_in(review_id, conversation_id)
    choices = [SelectChoice(0, _("Choose a theme"))] + [
        SelectChoice(t["id"], ("– " if t["depth"] else "") + t["name"]) for t in data.themes(review_id)
    ]
    if request.method == "POST":
        item = request.form.get("item", "")
        kind, _sep, raw = item.partition("-")
        if kind not in ("answer", "quote") or not raw.isdigit():
            abort(400)
        form = _coding_form(item, choices)
        if form.validate_on_submit() and form.theme.data:
            data.add_coding(review_id, conversation_id, kind, int(raw), form.theme.data, current_user.id)
            audit.record("code", "conversation", conversation_id)
        return redirect(url_for(".code", review_id=review_id, conversation_id=conversation_id) + f"#{item}")
    audit.record("view", "conversation", conversation_id, "coding")
    items = data.conversation_items(review_id, conversation_id, current_user.id)
    forms = {}
    for answer in items:
        forms[f"answer-{answer['id']}"] = _coding_form(f"answer-{answer['id']}", choices)
        for quote in answer["quotes"]:
            forms[f"quote-{quote['id']}"] = _coding_form(f"quote-{quote['id']}", choices)
    return render_template(
        "findings/code.html", review=review, conversation=conversation, items=items, forms=forms
    )


@bp.route("/reviews/<int:review_id>/coding/<int:conversation_id>/<int:coding_id>/remove", methods=["POST"])
@allow(*TEAM)
def uncode(review_id: int, conversation_id: int, coding_id: int):  # type: ignore[no-untyped-def]
    _review(review_id)
    data.conversation_in(review_id, conversation_id)
    data.remove_coding(conversation_id, coding_id, current_user.id)
    audit.record("uncode", "conversation", conversation_id)
    return redirect(url_for(".code", review_id=review_id, conversation_id=conversation_id))


@bp.route("/reviews/<int:review_id>/coding/compare")
@allow(*TEAM)
def compare(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    coders = data.coders(review_id)
    ids = [c["id"] for c in coders]
    first = request.args.get("first", type=int) or (ids[0] if ids else 0)
    second = request.args.get("second", type=int) or (ids[1] if len(ids) > 1 else 0)
    result = (
        data.comparison(review_id, first, second)
        if first in ids and second in ids and first != second
        else None
    )
    names = {c["id"]: c["name"] for c in coders}
    return render_template(
        "findings/compare.html", review=review, coders=coders, first=first, second=second,
        result=result, names=names,
    )  # fmt: skip


# ---------------------------------------------------------------- codebook


def _group_choices(review_id: int, exclude: int | None = None) -> list[SelectChoice]:
    return [SelectChoice(0, _("No group"))] + [
        SelectChoice(t["id"], t["name"])
        for t in data.themes(review_id)
        if not t["parent_id"] and t["id"] != exclude
    ]


@bp.route("/reviews/<int:review_id>/codebook", methods=["GET", "POST"])
@allow(*TEAM)
def codebook(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    form = ThemeForm()
    form.parent.choices = _group_choices(review_id)
    if form.validate_on_submit():
        if data.name_taken(review_id, form.name.data):
            form.name.errors.append(_("There is already a theme with this name"))
        else:
            theme_id = data.save_theme(
                review_id, None, form.name.data, form.description.data or "", form.parent.data
            )
            audit.record("add", "theme", theme_id)
            flash(_("Theme added"), "success")
            return redirect(url_for(".codebook", review_id=review_id))
    return render_template("findings/codebook.html", review=review, themes=data.themes(review_id), form=form)


@bp.route("/reviews/<int:review_id>/codebook/<int:theme_id>", methods=["GET", "POST"])
@allow(*TEAM)
def theme(review_id: int, theme_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    row = data.theme_in(review_id, theme_id)
    form = ThemeForm(
        data={"name": row["name"], "description": row["description"], "parent": row["parent_id"] or 0}
    )
    form.parent.choices = _group_choices(review_id, exclude=theme_id)
    if form.validate_on_submit():
        if data.name_taken(review_id, form.name.data, theme_id):
            form.name.errors.append(_("There is already a theme with this name"))
        else:
            data.save_theme(
                review_id, theme_id, form.name.data, form.description.data or "", form.parent.data
            )
            audit.record("change", "theme", theme_id)
            flash(_("Theme saved"), "success")
            return redirect(url_for(".codebook", review_id=review_id))
    merge = MergeForm(prefix="merge")
    merge.into.choices = [SelectChoice(0, _("Choose a theme"))] + [
        SelectChoice(t["id"], t["name"]) for t in data.themes(review_id) if t["id"] != theme_id
    ]
    return render_template("findings/theme.html", review=review, theme=row, form=form, merge=merge)


@bp.route("/reviews/<int:review_id>/codebook/<int:theme_id>/merge", methods=["POST"])
@allow(*TEAM)
def theme_merge(review_id: int, theme_id: int):  # type: ignore[no-untyped-def]
    _review(review_id)
    data.theme_in(review_id, theme_id)
    merge = MergeForm(prefix="merge")
    merge.into.choices = []
    if merge.validate_on_submit():
        data.merge_theme(review_id, theme_id, merge.into.data)
        audit.record("merge", "theme", theme_id, f"into {merge.into.data}")
        flash(_("Themes merged. The codings moved to the theme you chose."), "success")
    return redirect(url_for(".codebook", review_id=review_id))


# ---------------------------------------------------------------- findings


@bp.route("/reviews/<int:review_id>/findings")
@allow()
def index(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    contact = current_user.role == Role.AUTHORITY_CONTACT
    return render_template(
        "findings/index.html", review=review, findings=data.findings(review_id, signed_off_only=contact)
    )


@bp.route("/reviews/<int:review_id>/findings/new", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW, Role.EXPERT_BY_EXPERIENCE)
def new(review_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    form = FindingForm()
    if form.validate_on_submit():
        finding_id = data.add_finding(
            review_id,
            form.kind.data,
            form.title.data,
            form.body.data or "",
            form.owner.data or "",
            current_user.id,
        )
        audit.record("add", "finding", finding_id)
        return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
    return render_template("findings/new.html", review=review, form=form)


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/edit", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW, Role.EXPERT_BY_EXPERIENCE)
def edit(review_id: int, finding_id: int):  # type: ignore[no-untyped-def]
    """Change a draft: the PSWs and coordinator any draft, an expert by experience the ones they proposed."""
    review = _review(review_id)
    finding = _finding(review_id, finding_id)
    mine = finding["proposed_by"] == current_user.id
    if finding["status"] != "draft" or (current_user.role == Role.EXPERT_BY_EXPERIENCE and not mine):
        abort(403)
    form = FindingForm(data=finding if request.method == "GET" else None)
    if form.validate_on_submit():
        data.update_finding(
            finding_id, form.kind.data, form.title.data, form.body.data or "", form.owner.data or ""
        )
        audit.record("change", "finding", finding_id)
        return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
    return render_template("findings/new.html", review=review, form=form, finding=finding)


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>", methods=["GET", "POST"])
@allow()
def show(review_id: int, finding_id: int):  # type: ignore[no-untyped-def]
    """A finding with its evidence, the experts by experience's reflections and comments.
    Posting adds a comment (team members, on a draft)."""
    review = _review(review_id)
    finding = _finding(review_id, finding_id)
    contact = current_user.role == Role.AUTHORITY_CONTACT
    form = CommentForm()
    if request.method == "POST":
        if contact or finding["status"] != "draft":
            abort(403)
        if form.validate_on_submit():
            data.add_comment(finding_id, current_user.id, form.body.data)
            audit.record("comment", "finding", finding_id)
            flash(_("Comment added"), "success")
            return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
    found = data.evidence(review_id, finding_id)
    if current_user.role in (Role.AUTHORITY_CONTACT, Role.EXPERT_BY_EXPERIENCE):
        found["answers"] = []  # answer notes are conversation content; quotes are what the report shows
    return render_template(
        "findings/show.html",
        review=review,
        finding=finding,
        evidence=found,
        reflections=data.reflections(review_id, [finding_id]).get(finding_id, []),
        comments=[] if contact else data.comments(finding_id),
        form=form,
        can_sign_off=finding["status"] == "draft" and data.is_lead(review_id, current_user.id),
        can_edit=finding["status"] == "draft"
        and (current_user.role in TEAM or finding["proposed_by"] == current_user.id),
        follow_ups=data.follow_ups(finding_id) if finding["kind"] == "recommendation" else [],
    )


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/evidence", methods=["GET", "POST"])
@allow(*TEAM)
def evidence(review_id: int, finding_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    finding = _finding(review_id, finding_id)
    if finding["status"] != "draft":
        abort(403)
    theme_id = request.args.get("theme", type=int)
    themes = data.themes(review_id)
    if theme_id and theme_id not in {t["id"] for t in themes}:
        theme_id = None
    form = EvidenceForm()
    choices = data.evidence_choices(review_id, theme_id)
    form.quotes.choices = choices["quotes"]
    form.answers.choices = choices["answers"]
    form.themes.choices = [SelectChoice(f"theme-{t['id']}", t["name"]) for t in themes]
    if form.validate_on_submit():
        added = data.add_evidence(
            review_id, finding_id, form.quotes.data + form.answers.data + form.themes.data
        )
        audit.record("change", "finding", finding_id, f"evidence added: {added}")
        return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
    return render_template(
        "findings/evidence.html", review=review, finding=finding, form=form, themes=themes, theme_id=theme_id
    )


@bp.route(
    "/reviews/<int:review_id>/findings/<int:finding_id>/evidence/<int:evidence_id>/remove", methods=["POST"]
)
@allow(*TEAM)
def evidence_remove(review_id: int, finding_id: int, evidence_id: int):  # type: ignore[no-untyped-def]
    _review(review_id)
    finding = _finding(review_id, finding_id)
    if finding["status"] != "draft":
        abort(403)
    data.remove_evidence(finding_id, evidence_id)
    audit.record("change", "finding", finding_id, "evidence removed")
    return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/sign-off", methods=["POST"])
@allow(Role.PSW)
def sign_off(review_id: int, finding_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    _finding(review_id, finding_id)
    if not data.is_lead(review_id, current_user.id):
        abort(403)
    data.sign_off(review, finding_id, current_user.id)
    audit.record("sign_off", "finding", finding_id)
    flash(_("Finding signed off"), "success")
    return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))


# ---------------------------------------------------------------- follow-up


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/follow-up", methods=["GET", "POST"])
@allow(Role.AUTHORITY_CONTACT)
def follow_up(review_id: int, finding_id: int):  # type: ignore[no-untyped-def]
    review = _review(review_id)
    finding = data.finding_in(review_id, finding_id, signed_off_only=True)
    if finding["kind"] != "recommendation":
        abort(404)
    form = FollowUpForm(data={"owner": finding["owner"]} if request.method == "GET" else None)
    if form.validate_on_submit():
        data.record_follow_up(
            finding_id, current_user.id, form.progress.data, form.reason.data or "",
            form.evidence.data or "", form.owner.data or "",
        )  # fmt: skip
        audit.record("follow_up", "finding", finding_id)
        flash(_("Progress recorded"), "success")
        return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
    return render_template("findings/follow_up.html", review=review, finding=finding, form=form)


@bp.route("/findings/overdue")
@allow(Role.COORDINATOR)
def overdue():  # type: ignore[no-untyped-def]
    return render_template("findings/overdue.html", rows=data.overdue(), today=date.today().isoformat())


# ---------------------------------------------------------------- exports and regional view


@bp.route("/reviews/<int:review_id>/export")
@allow()
def export(review_id: int):  # type: ignore[no-untyped-def]
    """Downloads (?format=docx|csv|xlsx|qdpx|qdc). The team may have every format; a council contact
    the Word report (signed-off findings only); an expert by experience none."""
    review = _review(review_id)
    fmt = request.args.get("format", "")
    if fmt not in exports.FORMATS:
        abort(404)
    role = current_user.role
    if role == Role.EXPERT_BY_EXPERIENCE or (role == Role.AUTHORITY_CONTACT and fmt != "docx"):
        abort(403)
    content = exports.export(review, fmt)
    audit.record("export", "review", review_id, fmt)
    mimetype, extension = exports.FORMATS[fmt]
    name = (
        f"review-{review_id}-{review['council_name'].lower().replace(' ', '-')}-{review['year']}.{extension}"
    )
    return Response(
        content, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


@bp.route("/findings/regional")
@allow(Role.COORDINATOR)
def regional():  # type: ignore[no-untyped-def]
    """The regional view, filtered by region and year, each table a page of 50 rows at a time:
    the national data has thousands of rows. The CSV download has every row."""
    choices = data.regional_choices()
    filters = RegionalFilters(request.args)
    filters.region.choices = [("", _("All regions"))] + [(r, r) for r in choices["regions"]]
    filters.year.choices = [("", _("All years"))] + [(str(y), str(y)) for y in choices["years"]]
    region = request.args.get("region") if request.args.get("region") in choices["regions"] else None
    year = request.args.get("year", type=int)
    return render_template(
        "findings/regional.html",
        filters=filters,
        **{
            table: data.regional_page(table, region, year, requested(f"{table}_page"))
            for table in ("ratings", "themes")
        },
    )


@bp.route("/findings/regional/download")
@allow(Role.COORDINATOR)
def regional_csv():  # type: ignore[no-untyped-def]
    """The regional view as CSV (linked as ?format=csv, so the link is plainly a download)."""
    audit.record("export", "region", None, "csv")
    return Response(
        exports.regional_csv(),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="regional-themes.csv"'},
    )
