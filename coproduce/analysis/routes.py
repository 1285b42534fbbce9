"""Analysis pages, in the order a PSW uses them: dashboard, equity, reading and coding, coder
comparison, codebook."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce import audit
from coproduce.analysis import bp, choices_data, data, sources_data
from coproduce.analysis import coding_data as codings
from coproduce.analysis.forms import CodingForm, MergeForm, ThemeForm
from coproduce.audits.data import linked_records
from coproduce.auth import Role, allow
from coproduce.reviews.data import review_for

TEAM = (Role.COORDINATOR, Role.PSW)


def _review(review_id: int) -> dict:
    return review_for(current_user, review_id)


# ---------------------------------------------------------------- dashboard and equity


@bp.route("/reviews/<int:review_id>/dashboard")
@allow(*TEAM)
def dashboard(review_id: int):
    review = _review(review_id)
    asked = data.questions(review_id)
    return render_template(
        "analysis/dashboard.html",
        review=review,
        counts=data.status_counts(review_id),
        concerns=data.open_concerns(review_id),
        mix=data.mix(review_id),
        charts=data.rating_charts(review_id, asked),
        choice_charts=choices_data.choice_charts(review_id, asked),
        value_label=data.value_label,
        audit_charts=sources_data.audit_charts(review_id),
        linked=linked_records(review_id),
    )


@bp.route("/reviews/<int:review_id>/equity")
@allow(*TEAM)
def equity(review_id: int):
    review = _review(review_id)
    return render_template(
        "analysis/equity.html", review=review, equity=data.equity(review_id), value_label=data.value_label
    )


# ---------------------------------------------------------------- reading and coding


@bp.route("/reviews/<int:review_id>/coding")
@allow(*TEAM)
def coding(review_id: int):
    review = _review(review_id)
    return render_template(
        "analysis/coding.html",
        review=review,
        conversations=codings.conversations(review_id),
        coders=codings.coders(review_id),
        documents=sources_data.documents(review_id),
        source_name=sources_data.name_of,
    )


def _coding_form(item: str, theme_choices: list[SelectChoice]) -> CodingForm:
    form = CodingForm(prefix=item)
    form.theme.choices = theme_choices
    return form


@bp.route("/reviews/<int:review_id>/coding/<int:conversation_id>", methods=["GET", "POST"])
@allow(*TEAM)
def code(review_id: int, conversation_id: int):
    review = _review(review_id)
    conversation = codings.conversation_in(review_id, conversation_id)
    choices = [SelectChoice(0, _("Choose a theme"))] + [
        SelectChoice(t["id"], ("– " if t["depth"] else "") + t["name"]) for t in codings.themes(review_id)
    ]
    if request.method == "POST":
        item = request.form.get("item", "")
        kind, _sep, raw = item.partition("-")
        if kind not in ("answer", "quote") or not raw.isdigit():
            abort(400)
        form = _coding_form(item, choices)
        if form.validate_on_submit() and form.theme.data:
            codings.add_coding(review_id, conversation_id, kind, int(raw), form.theme.data, current_user.id)
            audit.record("code", "conversation", conversation_id)
        return redirect(url_for(".code", review_id=review_id, conversation_id=conversation_id) + f"#{item}")
    audit.record("view", "conversation", conversation_id, "coding")
    items = codings.conversation_items(review_id, conversation_id, current_user.id)
    forms = {}
    for answer in items:
        forms[f"answer-{answer['id']}"] = _coding_form(f"answer-{answer['id']}", choices)
        for quote in answer["quotes"]:
            forms[f"quote-{quote['id']}"] = _coding_form(f"quote-{quote['id']}", choices)
    return render_template(
        "analysis/code.html",
        review=review,
        conversation=conversation,
        items=items,
        forms=forms,
        value_label=data.value_label,
    )


@bp.route("/reviews/<int:review_id>/coding/<int:conversation_id>/<int:coding_id>/remove", methods=["POST"])
@allow(*TEAM)
def uncode(review_id: int, conversation_id: int, coding_id: int):
    _review(review_id)
    codings.conversation_in(review_id, conversation_id)
    codings.remove_coding(conversation_id, coding_id, current_user.id)
    audit.record("uncode", "conversation", conversation_id)
    return redirect(url_for(".code", review_id=review_id, conversation_id=conversation_id))


SOURCE_KINDS = "<any(audit, session, 'self-assessment'):kind>/<int:document_id>"


@bp.route(f"/reviews/<int:review_id>/coding/{SOURCE_KINDS}", methods=["GET", "POST"])
@allow(*TEAM)
def code_source(review_id: int, kind: str, document_id: int):
    """Code an audit, a session or the self-assessment (its id is the review's) with the codebook."""
    review = _review(review_id)
    document = sources_data.document_in(review_id, kind, document_id)
    choices = [SelectChoice(0, _("Choose a theme"))] + [
        SelectChoice(t["id"], ("– " if t["depth"] else "") + t["name"]) for t in codings.themes(review_id)
    ]
    here = url_for(".code_source", review_id=review_id, kind=kind, document_id=document_id)
    if request.method == "POST":
        item = request.form.get("item", "")
        source, _sep, raw = item.partition("-")
        if source != sources_data.SOURCE_OF_KIND[kind] or not raw.isdigit():
            abort(400)
        form = _coding_form(item, choices)
        if form.validate_on_submit() and form.theme.data:
            sources_data.add_coding(review_id, source, int(raw), form.theme.data, current_user.id)
            audit.record("code", source, int(raw))
        return redirect(f"{here}#{item}")
    forms = {
        f"{item['source']}-{item['id']}": _coding_form(f"{item['source']}-{item['id']}", choices)
        for item in document["items"]
    }
    coded = sources_data.codings(review_id)
    return render_template(
        "analysis/code_source.html",
        review=review,
        document=document,
        forms=forms,
        mine={key: [c for c in rows if c["coder_id"] == current_user.id] for key, rows in coded.items()},
        source_name=sources_data.name_of,
    )


@bp.route(f"/reviews/<int:review_id>/coding/{SOURCE_KINDS}/<int:coding_id>/remove", methods=["POST"])
@allow(*TEAM)
def uncode_source(review_id: int, kind: str, document_id: int, coding_id: int):
    _review(review_id)
    sources_data.document_in(review_id, kind, document_id)
    sources_data.remove_coding(review_id, coding_id, current_user.id)
    audit.record("uncode", sources_data.SOURCE_OF_KIND[kind], coding_id)
    return redirect(url_for(".code_source", review_id=review_id, kind=kind, document_id=document_id))


@bp.route("/reviews/<int:review_id>/coding/compare")
@allow(*TEAM)
def compare(review_id: int):
    review = _review(review_id)
    coders = codings.coders(review_id)
    ids = [c["id"] for c in coders]
    first = request.args.get("first", type=int) or (ids[0] if ids else 0)
    second = request.args.get("second", type=int) or (ids[1] if len(ids) > 1 else 0)
    result = (
        codings.comparison(review_id, first, second)
        if first in ids and second in ids and first != second
        else None
    )
    names = {c["id"]: c["name"] for c in coders}
    return render_template(
        "analysis/compare.html", review=review, coders=coders, first=first, second=second,
        result=result, names=names,
    )  # fmt: skip


# ---------------------------------------------------------------- codebook


def _group_choices(review_id: int, exclude: int | None = None) -> list[SelectChoice]:
    return [SelectChoice(0, _("No group"))] + [
        SelectChoice(t["id"], t["name"])
        for t in codings.themes(review_id)
        if not t["parent_id"] and t["id"] != exclude
    ]


@bp.route("/reviews/<int:review_id>/codebook", methods=["GET", "POST"])
@allow(*TEAM)
def codebook(review_id: int):
    review = _review(review_id)
    form = ThemeForm()
    form.parent.choices = _group_choices(review_id)
    if form.validate_on_submit():
        if codings.name_taken(review_id, form.name.data):
            form.name.errors.append(_("There is already a theme with this name"))
        else:
            theme_id = codings.save_theme(
                review_id, None, form.name.data, form.description.data or "", form.parent.data
            )
            audit.record("add", "theme", theme_id)
            flash(_("Theme added"), "success")
            return redirect(url_for(".codebook", review_id=review_id))
    return render_template(
        "analysis/codebook.html", review=review, themes=codings.themes(review_id), form=form
    )


@bp.route("/reviews/<int:review_id>/codebook/<int:theme_id>", methods=["GET", "POST"])
@allow(*TEAM)
def theme(review_id: int, theme_id: int):
    review = _review(review_id)
    row = codings.theme_in(review_id, theme_id)
    form = ThemeForm(
        data={"name": row["name"], "description": row["description"], "parent": row["parent_id"] or 0}
    )
    form.parent.choices = _group_choices(review_id, exclude=theme_id)
    if form.validate_on_submit():
        if codings.name_taken(review_id, form.name.data, theme_id):
            form.name.errors.append(_("There is already a theme with this name"))
        else:
            codings.save_theme(
                review_id, theme_id, form.name.data, form.description.data or "", form.parent.data
            )
            audit.record("change", "theme", theme_id)
            flash(_("Theme saved"), "success")
            return redirect(url_for(".codebook", review_id=review_id))
    merge = MergeForm(prefix="merge")
    merge.into.choices = [SelectChoice(0, _("Choose a theme"))] + [
        SelectChoice(t["id"], t["name"]) for t in codings.themes(review_id) if t["id"] != theme_id
    ]
    return render_template("analysis/theme.html", review=review, theme=row, form=form, merge=merge)


@bp.route("/reviews/<int:review_id>/codebook/<int:theme_id>/merge", methods=["POST"])
@allow(*TEAM)
def theme_merge(review_id: int, theme_id: int):
    """Merging cannot be undone: the first post shows what will happen and asks to confirm."""
    review = _review(review_id)
    source = codings.theme_in(review_id, theme_id)
    merge = MergeForm(prefix="merge")
    merge.into.choices = []
    if not merge.validate_on_submit():
        flash(_("Choose the theme to merge into"), "error")
        return redirect(url_for(".theme", review_id=review_id, theme_id=theme_id))
    target = codings.theme_in(review_id, merge.into.data)
    if merge.confirm.data != "yes":
        merge.confirm.data = "yes"
        return render_template(
            "analysis/merge.html", review=review, source=source, target=target, merge=merge
        )
    codings.merge_theme(review_id, theme_id, target["id"])
    audit.record("merge", "theme", theme_id, f"into {target['id']}")
    flash(_("Themes merged. The codings moved to the theme you chose."), "success")
    return redirect(url_for(".codebook", review_id=review_id))
