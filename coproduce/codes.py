"""Stored codes and their words: the one place for ratings, needs, statuses, roles and guides.

Forms take their options from here (`choices`), pages and exports their words (`label`), and data
modules their sets of codes. Migrations keep their own frozen copies of the codes they check, so
that an old migration never changes; a new code needs a migration as well as a line here.
"""

from __future__ import annotations

import json
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms.fields.choices import SelectChoice

from coproduce.auth import ROLE_NAMES

# The guide every conversation starts with, unless a review chooses another.
MAIN_GUIDE = "your-care-and-support"
# The focus modules (guides/modules/) a review's focus adds to its conversations' guide, besides
# the modules the review chooses.
FOCUS_MODULES = {
    "preparing_for_adulthood": ("preparing-for-adulthood",),
    "safeguarding": ("safeguarding",),
}
# Ratings as stored, in the order of a scale (charts and tables); their words are under "rating".
RATINGS = ("1", "2", "3", "4", "5", "not_sure", "prefer_not")
# Case file audit ratings in the order of their scale; "not_applicable" is not on the scale.
AUDIT_SCALE = ("good", "adequate", "requires_improvement", "inadequate")
# Sources of evidence besides the conversations, as codings and finding evidence store them.
SOURCES = ("audit_rating", "session_note", "self_assessment")
# Session kinds with managers in the room ("Manager session"); the others are practitioner sessions.
MANAGER_SESSIONS = frozenset({"frontline_managers", "senior_managers"})
# Answers that are a choice (guides' second edition), by answer type, in the order they are offered;
# their words are under "choice". A "choose" question stores its options' keys (from the guide file)
# or "prefer_not". Faces are stored as a rating (RATINGS); "talk" stores no choice.
CHOICES = {
    "yes_no": ("yes", "no", "not_sure", "prefer_not"),
    "better_same_worse": ("better", "same", "worse", "not_sure", "prefer_not"),
    "choose": ("prefer_not",),
}
# Needs on a person's record that mean a professional interpreter should be there.
INTERPRETER_NEEDS = frozenset({"interpreter_spoken", "bsl_interpreter", "deafblind_interpreter"})
# Who may be present that is a professional interpreter.
PROFESSIONAL_INTERPRETERS = frozenset(
    {
        "interpreter_face_to_face",
        "interpreter_telephone",
        "interpreter_video",
        "interpreter_bsl",
        "interpreter_deafblind",
    }
)
# A review report's stages, in order; the council sees the report (and any finding) from factual
# accuracy on, the public only once it is published.
REPORT_STAGES = ("draft", "team_check", "factual_accuracy", "final", "published")
COUNCIL_STAGES = frozenset({"factual_accuracy", "final", "published"})
# Who a report or an export is for: the team sees case references; the council and the public never do.
AUDIENCES = ("team", "council", "public")

LABELS = {
    "focus": {
        "strengths_based": _l("Strengths-based practice"),
        "edi": _l("Equality, diversity and inclusion"),
        "preparing_for_adulthood": _l("Preparing for adulthood"),
        "safeguarding": _l("Safeguarding"),
        "cqc_readiness": _l("Getting ready for CQC assessment"),
        "other": _l("Other"),
    },
    "review_status": {
        "planning": _l("Planning"),
        "conversations": _l("Conversations"),
        "analysis": _l("Analysis"),
        "reported": _l("Reported"),
        "follow_up": _l("Follow-up"),
        "closed": _l("Closed"),
    },
    "conversation_status": {
        "not_started": _l("Not started"),
        "in_progress": _l("In progress"),
        "submitted": _l("Submitted"),
        "did_not_take_place": _l("Did not take place"),
    },
    "contact_mode": {
        "phone": _l("By phone"),
        "video": _l("By video call"),
        "home": _l("At home"),
        "elsewhere": _l("Somewhere else"),
    },
    "team_role": {
        "lead_psw": _l("Lead Principal Social Worker"),
        "psw": _l("Principal Social Worker"),
        "host_psw": _l("Host council's Principal Social Worker"),
        "expert_by_experience": _l("Expert by experience"),
        "authority_contact": _l("Council contact"),
    },
    # Communication and information needs, as the Accessible Information Standard records them.
    "need": {
        "interpreter_spoken": _l("Interpreter for a spoken language"),
        "bsl_interpreter": _l("British Sign Language interpreter"),
        "deafblind_interpreter": _l("Deafblind manual interpreter"),
        "easy_read": _l("Easy read"),
        "large_print": _l("Large print"),
        "braille": _l("Braille"),
        "advocate": _l("An advocate"),
        "carer_present": _l("A carer or family member to be present"),
        "other": _l("Other need (see notes)"),
    },
    "not_held_reason": {
        "declined": _l("Declined"),
        "no_answer": _l("No answer"),
        "not_well": _l("Not well"),
        "other": _l("Other reason"),
    },
    "role": {str(role): name for role, name in ROLE_NAMES.items()},
    "request_status": {
        "requested": _l("Requested"),
        "in_progress": _l("In progress"),
        "ready": _l("Ready to download"),
    },
    "pack_format": {
        "easy_read": _l("Easy read (PDF to print)"),
        "large_print": _l("Large print"),
        "bilingual": _l("Side by side with English"),
        "audio": _l("Audio: read aloud on screen"),
    },
    "interpreter_type": {
        "spoken_face_to_face": _l("Spoken language, face to face"),
        "telephone": _l("Spoken language, by telephone"),
        "bsl": _l("British Sign Language (BSL)"),
        "deafblind": _l("Deafblind interpreting"),
        "none": _l("No interpreter needed"),
    },
    # Conversations (capture): who is there, consent, ratings, quotes, safeguarding.
    "present": {
        "nobody": _l("Nobody"),
        "interpreter_face_to_face": _l("A professional interpreter, face to face"),
        "interpreter_telephone": _l("A professional interpreter, by telephone"),
        "interpreter_video": _l("A professional interpreter, by video"),
        "interpreter_bsl": _l("A British Sign Language interpreter"),
        "interpreter_deafblind": _l("A deafblind manual interpreter"),
        "family_interpreting": _l("A family member or friend who interprets"),
        "advocate": _l("An advocate"),
        "carer": _l("A carer"),
        "other": _l("Someone else"),
    },
    "interpreter_accepted": {
        "yes": _l("Yes"),
        "no": _l("No"),
        "none_offered": _l("There is no interpreter"),
    },
    "consent": {
        "yes": _l("Yes, they agree"),
        "no": _l("No"),
        "not_today": _l("Not today"),
    },
    "consent_how": {
        "spoken_phone": _l("They said it on the phone"),
        "spoken_in_person": _l("They said it in person"),
        "signed_paper": _l("They signed a paper form"),
        "on_screen": _l("They said yes on this screen"),
    },
    "rating": {
        "5": _l("Very good"),
        "4": _l("Good"),
        "3": _l("OK"),
        "2": _l("Bad"),
        "1": _l("Very bad"),
        "not_sure": _l("Not sure"),
        "prefer_not": _l("Prefer not to say"),
    },
    "choice": {
        "yes": _l("Yes"),
        "no": _l("No"),
        "not_sure": _l("Not sure"),
        "better": _l("Better"),
        "same": _l("The same"),
        "worse": _l("Worse"),
        "prefer_not": _l("Prefer not to say"),
    },
    # How a question of the guides' second edition is answered.
    "answer_type": {
        "faces": _l("Five faces"),
        "yes_no": _l("Yes, no or not sure"),
        "better_same_worse": _l("Better, the same or worse"),
        "choose": _l("Choose from a short list"),
        "talk": _l("Just talk"),
    },
    "quote_kind": {
        "verbatim": _l("Yes, their own words"),
        "interpreted": _l("No, interpreted or in my words"),
    },
    "person_knows": {
        "yes": _l("Yes"),
        "no": _l("No"),
        "not_sure": _l("Not sure"),
    },
    # Findings and their follow-up.
    "finding_kind": {
        "strength": _l("Strength"),
        "area_for_consideration": _l("Area for consideration"),
        "recommendation": _l("Recommendation"),
    },
    "finding_status": {"draft": _l("Draft"), "signed_off": _l("Signed off")},
    "progress": {
        "not_started": _l("Not started"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
        "not_doing": _l("Not doing"),
    },
    "yes_no": {"yes": _l("Yes"), "no": _l("No")},
    # The review report.
    "report_stage": {
        "draft": _l("Draft"),
        "team_check": _l("Team check"),
        "factual_accuracy": _l("Factual accuracy check"),
        "final": _l("Final"),
        "published": _l("Published"),
    },
    "audience": {
        "team": _l("Review team (with case references)"),
        "council": _l("Council (no case references)"),
        "public": _l("Public (no small numbers)"),
    },
    "comment_kind": {
        "correction": _l("This is factually wrong. Here is the correction"),
        "comment": _l("Another comment"),
    },
    "comment_response": {"accepted": _l("Accepted"), "declined": _l("Declined")},
    # The action plan and the six-month follow-up.
    "plan_decision": {"accepted": _l("The council accepts it"), "declined": _l("The council declines it")},
    "action_status": {
        "done": _l("Done"),
        "in_progress": _l("In progress"),
        "not_started": _l("Not started"),
        "no_longer_planned": _l("No longer planned"),
    },
    "meeting_view": {
        "agree": _l("The team agrees with the council's account"),
        "challenge": _l("The team challenges the council's account"),
    },
    "audit_rating": {
        "good": _l("Good"),
        "adequate": _l("Adequate"),
        "requires_improvement": _l("Requires improvement"),
        "inadequate": _l("Inadequate"),
        "not_applicable": _l("Not applicable"),
    },
    "audit_status": {
        "not_started": _l("Not started"),
        "in_progress": _l("In progress"),
        "done": _l("Done"),
    },
    "session_kind": {
        "practitioners": _l("Practitioners"),
        "frontline_managers": _l("Frontline managers"),
        "senior_managers": _l("Senior managers"),
        "partners": _l("Partners"),
    },
    # Who attended a session, counted by role (never named).
    "attendee_role": {
        "social_workers": _l("Social workers"),
        "occupational_therapists": _l("Occupational therapists"),
        "social_care_practitioners": _l("Social care practitioners"),
        "team_managers": _l("Team managers"),
        "senior_managers": _l("Senior managers"),
        "partners": _l("Partners"),
        "others": _l("Others"),
    },
    # The sources of a review's evidence, as exports and "rests on" name them.
    "source_type": {
        "conversation": _l("Conversation"),
        "audit_rating": _l("Case file audit"),
        "practitioner_session": _l("Practitioner session"),
        "manager_session": _l("Manager session"),
        "self_assessment": _l("Self-assessment"),
    },
}


def label(kind: str, code: str | None) -> str:
    """The translated word for a stored code; an unknown code is shown as it is."""
    if code is None:
        return ""
    return str(LABELS[kind].get(code, code))


def choices(kind: str) -> list[SelectChoice]:
    """The options for a form's radios, checkboxes or select, in the table's order.

    Every form option in coproduce is a `SelectChoice` (WTForms 3.4 refuses (value, label) tuples);
    read one back by attribute (`choice.value`, `choice.label`), never by unpacking it as a pair.
    """
    return [SelectChoice(code, text) for code, text in LABELS[kind].items()]


def chosen(field: Any) -> SelectChoice | None:
    """The option of a select or radio field whose value is the field's data, or None."""
    return next((choice for choice in field.choices or [] if choice.value == field.data), None)


def needs_of(stored: str | list[str] | None) -> list[str]:
    """The need codes stored as a JSON list on a participant."""
    if not stored:
        return []
    return list(json.loads(stored)) if isinstance(stored, str) else list(stored)
