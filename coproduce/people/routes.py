from __future__ import annotations

import base64

from flask import abort, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from coproduce.accounts.routes import begin_sign_in, needs_code
from coproduce.audit import record
from coproduce.auth import Role, allow, derived_secret, new_nonce, public
from coproduce.codes import LABELS, choices
from coproduce.people import bp, data
from coproduce.people.forms import AddMemberForm, InviteForm, SetPasswordForm
from coproduce.reviews.data import review_for, team

LINK_KEY = "invite_link"


def _new_link(user_id: int) -> None:
    """A new link for the person, shown to the coordinator once, on the person's page. Only its
    hash is stored; the coordinator's session cookie holds a nonce the token is made from with the
    app's key (auth.derived_secret), never the token."""
    nonce = new_nonce()
    data.new_invite(user_id, current_user.id, _token(user_id, nonce))
    session[LINK_KEY] = {"user_id": user_id, "nonce": nonce}


def _token(user_id: int, nonce: str) -> str:
    return base64.urlsafe_b64encode(derived_secret(f"invite:{user_id}", nonce)).decode().rstrip("=")


@bp.route("/people")
@allow(Role.COORDINATOR)
def index():
    return render_template("people/index.html", people=data.all_people())


@bp.route("/people/invite", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def invite():
    form = InviteForm()
    form.council.choices = [SelectChoice("", _("No council"))] + [
        SelectChoice(str(c["id"]), c["name"]) for c in data.councils()
    ]
    if form.validate_on_submit():
        council_id = int(form.council.data) if form.council.data else None
        user_id = data.create_person(form.name.data, form.email.data, form.role.data, council_id)
        if user_id is None:
            form.email.errors.append(
                _("Someone already has this email address. Find them in the list of people")
            )
        else:
            record("person_invited", "user", user_id, detail=form.role.data)
            _new_link(user_id)
            return redirect(url_for("people.show", user_id=user_id))
    return render_template("people/invite.html", form=form)


@bp.route("/people/<int:user_id>")
@allow(Role.COORDINATOR)
def show(user_id: int):
    person = data.person(user_id)
    link = session.pop(LINK_KEY, None)
    link_url = None
    if link and link.get("user_id") == user_id and link.get("nonce"):
        token = _token(user_id, link["nonce"])
        link_url = url_for("people.accept_invite", token=token, _external=True)
    return render_template(
        "people/show.html", person=person, invite=data.latest_invite(user_id), link_url=link_url
    )


@bp.route("/people/<int:user_id>/new-link", methods=["POST"])
@allow(Role.COORDINATOR)
def new_link(user_id: int):
    person = data.person(user_id)
    if not person["active"]:
        abort(400)
    _new_link(user_id)
    record("invite_link_made", "user", user_id)
    return redirect(url_for("people.show", user_id=user_id))


@bp.route("/people/<int:user_id>/deactivate", methods=["POST"])
@allow(Role.COORDINATOR)
def deactivate(user_id: int):
    data.person(user_id)
    if user_id == current_user.id:
        abort(400)
    data.set_active(user_id, False)
    record("person_deactivated", "user", user_id)
    flash(_("The person is deactivated and signed out. Everything they wrote is kept."), "success")
    return redirect(url_for("people.show", user_id=user_id))


@bp.route("/people/<int:user_id>/reactivate", methods=["POST"])
@allow(Role.COORDINATOR)
def reactivate(user_id: int):
    data.person(user_id)
    data.set_active(user_id, True)
    record("person_reactivated", "user", user_id)
    flash(_("The person can sign in again."), "success")
    return redirect(url_for("people.show", user_id=user_id))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@public
def accept_invite(token: str):
    invite = data.invite_for_token(token)
    if invite is None:
        return render_template("people/invite_problem.html", state="unknown"), 404
    if invite["state"] != "valid":
        return render_template("people/invite_problem.html", state=invite["state"]), 410
    form = SetPasswordForm()
    form.account_email = invite["email"]
    if form.validate_on_submit():
        user = data.use_invite(invite["id"], form.password.data)
        if user is None:
            return render_template("people/invite_problem.html", state="used"), 410
        record("password_set", "user", user["id"])
        response = begin_sign_in(user, None)  # a new session: the message goes in after
        if needs_code(user):
            flash(_("Your password is saved. Now enter the code from your authenticator app."), "success")
        else:
            flash(_("Your password is saved and you are signed in."), "success")
        return response
    return render_template("people/accept_invite.html", form=form, invite=invite)


@bp.route("/reviews/<int:review_id>/team", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def team_page(review_id: int):
    review = review_for(current_user, review_id)
    candidates = data.team_candidates(review)
    form = AddMemberForm()
    form.user.choices = [SelectChoice("", _("Choose a person"))] + [
        SelectChoice(str(c["id"]), f"{c['name']} ({LABELS['role'][c['role']]}, {c['email']})")
        for c in candidates
    ]
    form.team_role.choices = choices("team_role")
    if form.validate_on_submit():
        chosen = next(c for c in candidates if str(c["id"]) == form.user.data)
        if form.team_role.data not in data.TEAM_ROLES_FOR[Role(chosen["role"])]:
            form.team_role.errors.append(_("This role in the review does not fit the person's role"))
        else:
            data.add_member(review_id, chosen["id"], form.team_role.data)
            record(
                "team_member_added", "review", review_id, detail=f"user {chosen['id']} {form.team_role.data}"
            )
            flash(_("%(name)s is on the team.", name=chosen["name"]), "success")
            return redirect(url_for("people.team_page", review_id=review_id))
    return render_template("people/team.html", review=review, team=team(review_id), form=form)


@bp.route("/reviews/<int:review_id>/team/<int:user_id>/remove", methods=["GET", "POST"])
@allow(Role.COORDINATOR)
def remove_member(review_id: int, user_id: int):
    """Take a person off a review's team: the page asks first (GET), the button removes (POST)."""
    review = review_for(current_user, review_id)
    member = data.team_member(review_id, user_id)
    if member is None:
        abort(404)
    if request.method == "GET":
        return render_template("people/remove_member.html", review=review, member=member)
    data.remove_member(review_id, user_id)
    record("team_member_removed", "review", review_id, detail=f"user {user_id}")
    flash(_("The person is no longer on the team."), "success")
    return redirect(url_for("people.team_page", review_id=review_id))
