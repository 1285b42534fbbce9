from __future__ import annotations

import json
from datetime import date
from typing import Any

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce.audit import record
from coproduce.auth import Role, allow
from coproduce.capture import data as conversations
from coproduce.codes import LABELS, choices, chosen, needs_of
from coproduce.guides import focus, loader
from coproduce.reviews import bp, csvfile, data
from coproduce.reviews.forms import (
    AssignForm,
    ImportForm,
    NotHeldForm,
    ParticipantForm,
    ReviewFilters,
    ReviewForm,
    current_year,
)


@bp.route("/")
@allow(Role.COORDINATOR)
def index():
    filters = ReviewFilters(request.args)
    filters.council.choices = [SelectChoice("", _("All councils"))] + [
        SelectChoice(str(c["id"]), c["name"]) for c in data.councils()
    ]
    filters.status.choices = [SelectChoice("", _("All statuses")), *choices("review_status")]
    filters.year.choices = [SelectChoice("", _("All years"))] + [
        SelectChoice(str(y), str(y)) for y in data.review_years()
    ]
    council = request.args.get("council", type=int)
    status = request.args.get("status") if request.args.get("status") in LABELS["review_status"] else None
    year = request.args.get("year", type=int)
    reviews = data.filtered_reviews(council, status, year)
    counts = data.conversation_counts([review["id"] for review in reviews])
    return render_template("reviews/index.html", filters=filters, reviews=reviews, counts=counts)


def _review_form(form: ReviewForm) -> None:
    form.council.choices = [SelectChoice("", _("Choose a council"))] + [
        SelectChoice(str(c["id"]), c["name"]) for c in data.councils()
    ]
    form.guide_modules.choices = [
        SelectChoice(slug, _(loader.latest_module(slug).title)) for slug in loader.module_slugs()
    ]


def _review_values(form: ReviewForm) -> dict[str, Any]:
    council_name = chosen(form.council).label

    def text(value: str | None) -> str | None:
        return value.strip() if value and value.strip() else None

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    return {
        "council_id": int(form.council.data),
        "title": text(form.title.data) or f"{council_name} practice review {form.year.data}",
        "focus": form.focus.data,
        "focus_other": text(form.focus_other.data) if form.focus.data == "other" else None,
        "guide_modules": json.dumps(sorted(form.guide_modules.data or [])),
        "year": form.year.data,
        "onsite_start": day(form.onsite_start.data),
        "onsite_end": day(form.onsite_end.data),
        "report_due": day(form.report_due.data),
        "status": form.status.data,
        "contact_phone": text(form.contact_phone.data),
        "safeguarding_contact_name": text(form.safeguarding_contact_name.data),
        "safeguarding_contact_phone": text(form.safeguarding_contact_phone.data),
        "safeguarding_contact_hours": text(form.safeguarding_contact_hours.data),
        "emergency_instruction": text(form.emergency_instruction.data),
    }


@bp.route("/new", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def new():
    form = ReviewForm()
    if request.method == "GET":
        form.year.data = current_year()
    _review_form(form)
    if form.validate_on_submit():
        review_id = data.save_review(_review_values(form))
        record("review_created", "review", review_id)
        flash(_("The review is set up. Now add its team."), "success")
        return redirect(url_for("reviews.show", review_id=review_id))
    return render_template("reviews/edit.html", form=form, review=None)


@bp.route("/<int:review_id>/edit", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def edit(review_id: int):
    review = data.review_for(current_user, review_id)
    form = ReviewForm()
    if request.method == "GET":
        chosen_modules = json.loads(review["guide_modules"] or "[]")
        form = ReviewForm(
            data={
                **review,
                "council": str(review["council_id"]),
                "guide_modules": chosen_modules,
                **_dates(review),
            }
        )
        if review["title"] == f"{review['council_name']} practice review {review['year']}":
            form.title.data = ""
    _review_form(form)
    if form.validate_on_submit():
        data.save_review(_review_values(form), review_id)
        record("review_changed", "review", review_id)
        flash(_("The review is saved."), "success")
        return redirect(url_for("reviews.show", review_id=review_id))
    return render_template("reviews/edit.html", form=form, review=review)


def _dates(review: dict[str, Any]) -> dict[str, date | None]:
    return {
        key: date.fromisoformat(review[key]) if review[key] else None
        for key in ("onsite_start", "onsite_end", "report_due")
    }


@bp.route("/<int:review_id>")
@allow()
def show(review_id: int):
    review = data.review_for(current_user, review_id)
    manage = data.can_manage_people(current_user, review_id)
    return render_template(
        "reviews/show.html",
        review=review,
        team=data.team(review_id),
        counts=data.conversation_counts([review_id])[review_id],
        people=data.participants(review_id) if manage else None,
        manage=manage,
        modules=[
            _(m.title)
            for m in focus.latest_modules(focus.review_module_slugs(review["focus"], review["guide_modules"]))
        ],
        held=conversations.review_conversations(current_user, review_id)
        if current_user.role in (Role.COORDINATOR, Role.PSW)
        else [],
    )


def _managed_review(review_id: int) -> dict[str, Any]:
    """The review, when the signed-in person may manage its people to talk to (else 404)."""
    review = data.review_for(current_user, review_id)
    if not data.can_manage_people(current_user, review_id):
        abort(404)
    return review


@bp.route("/<int:review_id>/people/new", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW)
def add_person(review_id: int):
    review = _managed_review(review_id)
    form = ParticipantForm()
    if form.validate_on_submit():
        if form.reference.data.strip().casefold() in data.references(review_id):
            form.reference.errors.append(_("A person with this reference is already in this review"))
        else:
            clashes = data.add_participants(
                review_id,
                [
                    {
                        "reference": form.reference.data.strip(),
                        "contact_mode": form.contact_mode.data,
                        "language": form.language.data,
                        "dialect": (form.dialect.data or "").strip() or None,
                        "needs": form.needs.data or [],
                        "is_carer": form.is_carer.data == "yes",
                        "access_notes": (form.access_notes.data or "").strip() or None,
                    }
                ],
            )
            if clashes:
                form.reference.errors.append(_("A person with this reference is already in this review"))
                return render_template("reviews/add_person.html", form=form, review=review)
            record("participants_added", "review", review_id, detail="1")
            flash(_("%(reference)s is added.", reference=form.reference.data.strip()), "success")
            return redirect(url_for("reviews.show", review_id=review_id, _anchor="people"))
    return render_template("reviews/add_person.html", form=form, review=review)


@bp.route("/<int:review_id>/people/import", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW)
def import_people(review_id: int):
    review = _managed_review(review_id)
    form = ImportForm()
    problems: list[csvfile.Problem] = []
    if form.validate_on_submit():
        upload = form.file.data
        if not upload or not upload.filename:
            form.file.errors.append(_("Select a CSV file"))
        else:
            content = upload.read(csvfile.MAX_BYTES + 1)
            size = len(content) + len(upload.read())  # the rest, only to say how big it was
            checked = csvfile.check(content, data.references(review_id), size=size)
            if checked.problems:
                problems = checked.problems
                form.file.errors.append(
                    ngettext(
                        "The file has %(num)d problem. Nothing was imported. Fix it and upload it again.",
                        "The file has %(num)d problems. Nothing was imported. Fix them and upload it again.",
                        len(problems),
                    )
                    if len(problems) > 1
                    else _("The file has a problem. Nothing was imported. Fix it and upload it again.")
                )
            elif clashes := data.add_participants(review_id, checked.rows):
                form.file.errors.append(
                    _(
                        "Someone added %(references)s to this review while you were uploading. "
                        "Nothing was imported. Remove them from the file and upload it again.",
                        references=", ".join(clashes[:10]),
                    )
                )
            else:
                record("participants_imported", "review", review_id, detail=str(len(checked.rows)))
                flash(
                    ngettext(
                        "%(num)d person is imported.", "%(num)d people are imported.", len(checked.rows)
                    ),
                    "success",
                )
                return redirect(url_for("reviews.show", review_id=review_id, _anchor="people"))
    return render_template(
        "reviews/import.html",
        form=form,
        review=review,
        problems=problems[:200],
        total=len(problems),
        needs_labels=list(LABELS["need"].items()),
    )


@bp.route("/<int:review_id>/people/template.csv")
@allow(Role.COORDINATOR, Role.PSW)
def people_template(review_id: int):
    _managed_review(review_id)
    return _csv_response(csvfile.template(), "people-template.csv")


@bp.route("/<int:review_id>/people.csv")
@allow(Role.COORDINATOR, Role.PSW)
def export_people(review_id: int):
    _managed_review(review_id)
    rows: list[list[Any]] = [[*csvfile.COLUMNS, "expert_by_experience", "planned_at", "status"]]
    for person in data.participants(review_id):
        rows.append(
            [
                person["reference"],
                person["contact_mode"],
                person["language"],
                person["dialect"],
                ";".join(needs_of(person["needs"])),
                "yes" if person["is_carer"] else "no",
                person["access_notes"],
                person["interviewer_name"],
                person["planned_at"],
                person["status"],
            ]
        )
    record("participants_exported", "review", review_id)
    return _csv_response(csvfile.write(rows), f"people-review-{review_id}.csv")


def _csv_response(body: bytes, filename: str) -> Response:
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.route("/<int:review_id>/people/<int:participant_id>/assign", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW)
def assign(review_id: int, participant_id: int):
    review = _managed_review(review_id)
    person = data.participant_for(review_id, participant_id)
    if person["status"] == "submitted":
        abort(404)
    experts = data.experts_on_team(review_id)
    if request.method == "GET" and person["conversation_id"]:
        planned = person["planned_at"]
        form = AssignForm(
            data={
                "interviewer": str(person["interviewer_id"]),
                "second_interviewer": str(person["second_interviewer_id"] or ""),
                "planned_date": date.fromisoformat(planned[:10]) if planned else None,
                "planned_time": planned[11:16] if planned and len(planned) > 10 else "",
            }
        )
    else:
        form = AssignForm()
    people = [SelectChoice(str(e["id"]), e["name"]) for e in experts]
    form.interviewer.choices = [SelectChoice("", _("Choose an expert by experience")), *people]
    form.second_interviewer.choices = [SelectChoice("", _("Nobody")), *people]
    if form.validate_on_submit():
        second = int(form.second_interviewer.data) if form.second_interviewer.data else None
        conversation_id = data.assign(participant_id, int(form.interviewer.data), second, form.planned_at())
        record("conversation_assigned", "conversation", conversation_id)
        flash(_("The conversation with %(reference)s is assigned.", reference=person["reference"]), "success")
        return redirect(url_for("reviews.show", review_id=review_id, _anchor="people"))
    return render_template("reviews/assign.html", form=form, review=review, person=person, experts=experts)


@bp.route("/<int:review_id>/people/<int:participant_id>/not-held", methods=["GET", "POST"])
@allow(Role.COORDINATOR, Role.PSW)
def not_held(review_id: int, participant_id: int):
    review = _managed_review(review_id)
    person = data.participant_for(review_id, participant_id)
    if not person["conversation_id"] or person["status"] not in ("not_started", "in_progress"):
        abort(404)
    form = NotHeldForm()
    if form.validate_on_submit():
        data.mark_not_held(
            person["conversation_id"], form.reason.data, (form.note.data or "").strip() or None
        )
        record("conversation_not_held", "conversation", person["conversation_id"], detail=form.reason.data)
        flash(
            _(
                "The conversation with %(reference)s is marked as not taking place.",
                reference=person["reference"],
            ),
            "success",
        )
        return redirect(url_for("reviews.show", review_id=review_id, _anchor="people"))
    return render_template("reviews/not_held.html", form=form, review=review, person=person)
