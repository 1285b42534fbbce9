"""The words for this area's stored codes, added to `coproduce.labels.LABELS` (the shared ones win)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from coproduce.labels import LABELS

FINDINGS_LABELS = {
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
    "rating": {
        "1": _l("1 – very unhappy"),
        "2": _l("2 – unhappy"),
        "3": _l("3 – neither happy nor unhappy"),
        "4": _l("4 – happy"),
        "5": _l("5 – very happy"),
        "not_sure": _l("Not sure"),
        "prefer_not": _l("Prefer not to say"),
    },
    "yes_no": {"yes": _l("Yes"), "no": _l("No")},
}

for _kind, _words in FINDINGS_LABELS.items():
    LABELS.setdefault(_kind, _words)
