"""The words shown for stored codes (statuses, focus themes, roles), each through gettext."""

from __future__ import annotations

from flask import Flask
from flask_babel import lazy_gettext as _l

from coproduce.auth import ROLE_NAMES

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
}


def label(kind: str, code: str | None) -> str:
    """The translated word for a stored code; an unknown code is shown as it is."""
    if code is None:
        return ""
    return str(LABELS[kind].get(code, code))


def init_app(app: Flask) -> None:
    app.jinja_env.globals["label"] = label
