"""Findings, in the order of their screens: the list, a new finding, a finding with its evidence
and comments, linking evidence, and signing off."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce import audit
from coproduce.analysis import coding_data
from coproduce.analysis import sources_data as analysis_sources
from coproduce.auth import Role, allow
from coproduce.codes import COUNCIL_STAGES
from coproduce.findings import bp, data, sources_data
from coproduce.findings.forms import CommentForm, EvidenceForm, FindingForm
from coproduce.reviews.data import review_for

TEAM = (Role.COORDINATOR, Role.PSW)


def _review(review_id: int) -> dict:
    return review_for(current_user, review_id)


def _council_waits(review: dict) -> bool:
    """A council contact sees no finding before the report reaches factual accuracy."""
    return current_user.role == Role.AUTHORITY_CONTACT and review["report_stage"] not in COUNCIL_STAGES


def _settled(review: dict) -> None:
    """Once the report is final, its findings are settled: none is added or signed off (a finding
    reopens only before final; changing one needs it to be a draft)."""
    if review["report_stage"] in ("final", "published"):
        abort(403)


def _finding(review_id: int, finding_id: int) -> dict:
    """A finding as this person may see it: a council contact sees signed-off findings only, once
    the report is at factual accuracy."""
    if _council_waits(_review(review_id)):
        abort(404)
    return data.finding_in(review_id, finding_id, signed_off_only=current_user.role == Role.AUTHORITY_CONTACT)


@bp.route("/reviews/<int:review_id>/findings")
@allow()
def index(review_id: int):
    review = _review(review_id)
    contact = current_user.role == Role.AUTHORITY_CONTACT
    shown = [] if _council_waits(review) else data.findings(review_id, signed_off_only=contact)
    return render_template("findings/index.html", review=review, findings=shown)


@bp.route("/reviews/<int:review_id>/findings/new", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW, Role.EXPERT_BY_EXPERIENCE)
def new(review_id: int):
    review = _review(review_id)
    _settled(review)
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
def edit(review_id: int, finding_id: int):
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
def show(review_id: int, finding_id: int):
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
    if contact:  # quotes name the person by case reference: the council reads them in its report
        found["quotes"] = []
    return render_template(
        "findings/show.html",
        review=review,
        finding=finding,
        evidence=found,
        reflections=[] if contact else data.reflections(review_id, [finding_id]).get(finding_id, []),
        sources=sources_data.evidence(review_id, finding_id) if current_user.role in TEAM else [],
        item_text=analysis_sources.item_text,
        comments=[] if contact else data.comments(finding_id),
        form=form,
        can_sign_off=finding["status"] == "draft" and data.is_lead(review_id, current_user.id),
        can_reopen=finding["status"] == "signed_off"
        and review["report_stage"] in ("draft", "team_check", "factual_accuracy")
        and data.is_lead(review_id, current_user.id),
        can_edit=finding["status"] == "draft"
        and (current_user.role in TEAM or finding["proposed_by"] == current_user.id),
        follow_ups=data.follow_ups(finding_id) if finding["kind"] == "recommendation" else [],
    )


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/evidence", methods=["GET", "POST"])
@allow(*TEAM)
def evidence(review_id: int, finding_id: int):
    review = _review(review_id)
    finding = _finding(review_id, finding_id)
    if finding["status"] != "draft":
        abort(403)
    theme_id = request.args.get("theme", type=int)
    themes = coding_data.themes(review_id)
    if theme_id and theme_id not in {t["id"] for t in themes}:
        theme_id = None
    form = EvidenceForm()
    choices = data.evidence_choices(review_id, theme_id)
    form.quotes.choices = choices["quotes"]
    form.answers.choices = choices["answers"]
    form.themes.choices = [SelectChoice(f"theme-{t['id']}", t["name"]) for t in themes]
    form.sources.choices = [
        SelectChoice(f"{item['source']}-{item['id']}", analysis_sources.item_text(item))
        for item in sources_data.evidence_choices(review_id, theme_id)
    ]
    if form.validate_on_submit():
        added = data.add_evidence(
            review_id, finding_id, form.quotes.data + form.answers.data + form.themes.data
        ) + sources_data.add_evidence(review_id, finding_id, form.sources.data)
        audit.record("change", "finding", finding_id, f"evidence added: {added}")
        return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
    return render_template(
        "findings/evidence.html", review=review, finding=finding, form=form, themes=themes, theme_id=theme_id
    )


# The rule registered first (the lower one) is the one url_for builds without other_source.
@bp.route(
    "/reviews/<int:review_id>/findings/<int:finding_id>/sources/<int:evidence_id>/remove",
    methods=["POST"],
    defaults={"other_source": True},
)
@bp.route(
    "/reviews/<int:review_id>/findings/<int:finding_id>/evidence/<int:evidence_id>/remove",
    methods=["POST"],
    defaults={"other_source": False},
)
@allow(*TEAM)
def evidence_remove(review_id: int, finding_id: int, evidence_id: int, other_source: bool):
    """Unlink evidence from a draft finding: a quote, answer or theme, or (`other_source`) an item
    of a case file audit, a session or the self-assessment."""
    _review(review_id)
    finding = _finding(review_id, finding_id)
    if finding["status"] != "draft":
        abort(403)
    (sources_data if other_source else data).remove_evidence(finding_id, evidence_id)
    audit.record("change", "finding", finding_id, "evidence removed")
    return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))


@bp.route("/reviews/<int:review_id>/findings/<int:finding_id>/sign-off", methods=["GET", "POST"])
@allow(Role.PSW)
def sign_off(review_id: int, finding_id: int):
    """The lead PSW signs a finding off. It cannot be changed after, so the page asks first (GET)."""
    review = _review(review_id)
    _settled(review)
    finding = _finding(review_id, finding_id)
    if not data.is_lead(review_id, current_user.id) or finding["status"] != "draft":
        abort(403)
    if request.method == "GET":
        return render_template("findings/sign_off.html", review=review, finding=finding)
    data.sign_off(review, finding_id, current_user.id)
    audit.record("sign_off", "finding", finding_id)
    flash(_("Finding signed off"), "success")
    return redirect(url_for(".show", review_id=review_id, finding_id=finding_id))
