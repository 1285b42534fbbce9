"""The review report as one model, for one audience: the HTML page, Word and PDF are all made from it.

Three audiences: the team sees case references; the council and the public never do, and each
person is "Person 1", "Person 2" ... (numbered the same way everywhere in one report). The public
version leaves out the quotes the team marked "not for publication" and shows no count under 5 for
a group of people (language, interpreter use, how we talked).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import ngettext

from coproduce.analysis import choices_data, coding_data
from coproduce.analysis import data as analysis
from coproduce.codes import label
from coproduce.findings import data as findings_data
from coproduce.i18n import format_date, language_name
from coproduce.report import data, stages_data

SMALL_GROUP = 5
FINDING_KINDS = ("strength", "area_for_consideration", "recommendation")


@dataclass
class Quote:
    id: int
    text: str
    person: str
    voice: str
    interpreted: bool
    checked: bool
    not_for_publication: bool


@dataclass
class Row:
    label: str
    people: int | None  # None where the public version hides a small group
    shown: str


@dataclass
class Table:
    caption: str
    heading: str
    rows: list[Row]


@dataclass
class Chart:
    id: str
    title: str
    alt: str
    rows: list[Row]
    heading: str = ""  # what the rows' labels are: "Rating" (the faces) or "Answer" (a choice)


@dataclass
class Theme:
    name: str
    description: str
    people: str
    quotes: list[Quote]


@dataclass
class Finding:
    id: int
    kind: str
    title: str
    body: str
    based_on: str
    themes: list[str]
    quotes: list[Quote]


@dataclass
class PlanRow:
    title: str
    answer: str
    owner: str
    actions: list[str]


@dataclass
class Voice:
    text: str
    credit: str


@dataclass
class Report:
    review_id: int
    audience: str
    stage: str
    title: str
    council: str
    focus: str
    facts: list[tuple[str, str]]
    team: list[tuple[str, str]]
    summary: list[str]
    why: list[str]
    method: list[str]
    tables: list[Table]
    themes: list[Theme]
    charts: list[Chart]
    findings: list[tuple[str, list[Finding]]]
    noticed: list[Voice]
    change: list[Voice]
    plan: list[PlanRow]
    next_steps: list[str]
    language: str = "en"
    sections: list[tuple[str, str]] = field(default_factory=list)

    def quotes(self) -> list[Quote]:
        """Every quote the report shows, once each."""
        seen: dict[int, Quote] = {}
        for quote in [q for t in self.themes for q in t.quotes] + [
            q for _kind, group in self.findings for f in group for q in f.quotes
        ]:
            seen.setdefault(quote.id, quote)
        return list(seen.values())


def people_text(n: int) -> str:
    return ngettext("%(num)d person", "%(num)d people", n)


def _hidden(people: int, audience: str) -> bool:
    """A group under 5 people is never counted in public (a table row, a bar or a theme)."""
    return audience == "public" and people < SMALL_GROUP


def _fewer() -> str:
    """What public shows for a group under 5 people."""
    return _("fewer than %(num)d", num=SMALL_GROUP)


def _people(people: int, audience: str) -> str:
    return _fewer() if _hidden(people, audience) else people_text(people)


def _row(text: str, people: int, audience: str) -> Row:
    return Row(text, None, _fewer()) if _hidden(people, audience) else Row(text, people, str(people))


def choice_charts(review_id: int, asked: list[tuple[str, str]], first: int, audience: str) -> list[Chart]:
    """The answers people chose (yes / no, better / same / worse, a short list), a chart a question,
    numbered on from `first`; counted as the ratings are (analysis/choices_data.py)."""
    return [
        _chart(number, chart["text"], [_row(b["label"], b["people"], audience) for b in chart["bars"]],
               _("Answer"))
        for number, chart in enumerate(choices_data.choice_charts(review_id, asked), start=first)
    ]  # fmt: skip


def _chart(number: int, english: str, rows: list[Row], heading: str) -> Chart:
    """Chart `number` of a question (its English guide text, translated through the guides'
    catalogue entries), with a title and a text alternative that gives every bar."""
    question = _(english)
    alt = (
        _("Bar chart: %(question)s", question=question)
        + ". "
        + "; ".join(f"{r.label}: {r.shown if r.people is None else people_text(r.people)}" for r in rows)
    )
    title = _("Chart %(num)d: %(question)s", num=number, question=question)
    return Chart(f"chart-{number}", title, alt, rows, heading)


def _voice(row: dict[str, Any]) -> str:
    if row["kind"] != "interpreted":
        return _("in their own words")
    if row["language"] and row["language"] != "en":
        return _("interpreted from %(language)s", language=language_name(row["language"]))
    return _("in the words of the person who talked with them")


def build(review: dict[str, Any], audience: str, language: str = "en") -> Report:
    """The report of `review` for `audience` (team, council or public), from signed-off findings."""
    review_id = review["id"]
    people = {row["conversation_id"]: n for n, row in enumerate(data.people(review_id), start=1)}
    quote_rows = data.quotes(review_id)

    def quote(row: dict[str, Any]) -> Quote:
        person = (
            row["reference"]
            if audience == "team"
            else _("Person %(num)d", num=people[row["conversation_id"]])
        )
        return Quote(
            row["id"], row["text"], person, _voice(row), row["kind"] == "interpreted",
            bool(row["checked_at"]), bool(row["not_for_publication"]),
        )  # fmt: skip

    quotes = {
        row["id"]: quote(row)
        for row in quote_rows
        if not (audience == "public" and row["not_for_publication"])
    }
    codings = data.codings(review_id)
    answer_of = {row["id"]: row["answer_id"] for row in quote_rows}

    def themes_of(quote_id: int) -> set[str]:
        on = codings.get(("quote", quote_id), []) + codings.get(("answer", answer_of[quote_id]), [])
        return {coding["name"] for coding in on}

    by_theme: dict[str, list[Quote]] = defaultdict(list)
    for quote_id, item in quotes.items():
        for name in sorted(themes_of(quote_id)):
            by_theme[name].append(item)
    themes = [
        Theme(
            t["name"],
            t["description"] or "",
            _people(t["people"], audience),
            by_theme.get(t["name"], []),
        )
        for t in coding_data.themes(review_id)
        if t["people"]
    ]

    signed = findings_data.findings(review_id, signed_off_only=True)
    built: dict[str, list[Finding]] = {kind: [] for kind in FINDING_KINDS}
    for row in signed:
        evidence = findings_data.evidence(review_id, row["id"])
        linked = [quotes[q["id"]] for q in evidence["quotes"] if q["id"] in quotes]
        names = {t["name"] for t in evidence["themes"]}
        for q in evidence["quotes"]:
            names |= themes_of(q["id"])
        built[row["kind"]].append(
            Finding(
                row["id"], row["kind"], row["title"], row["body"] or "",
                ngettext("Based on what %(num)d person told us.", "Based on what %(num)d people told us.",
                         row["people"]),
                sorted(names), linked,
            )
        )  # fmt: skip
    headings = {
        "strength": _("Strengths"),
        "area_for_consideration": _("Areas for consideration"),
        "recommendation": _("Recommendations"),
    }

    team = data.team_for_report(review_id)
    roles: dict[str, list[str]] = defaultdict(list)
    for member in team:
        named = member["team_role"] != "expert_by_experience" or member["named_in_report"]
        roles[member["team_role"]].append(member["name"] if named else _("An expert by experience"))
    credited = {m["id"] for m in team if m["named_in_report"]}
    noticed, change = [], []
    for row in data.reflections(review_id):
        credit = (
            _("%(name)s, expert by experience", name=row["expert"])
            if row["expert_id"] in credited
            else _("An expert by experience")
        )
        if row["reflection_noticed"]:
            noticed.append(Voice(row["reflection_noticed"], credit))
        if row["reflection_change"]:
            change.append(Voice(row["reflection_change"], credit))

    held = len(people)
    mix = analysis.mix(review_id)
    tables = [
        Table(
            caption,
            heading,
            [_row(analysis.value_label(name, r["value"]), r["people"], audience) for r in mix[name]],
        )
        for name, caption, heading in (
            ("mode", _("Table 1: how we talked with people"), _("How we talked")),
            ("language", _("Table 2: the language of the conversation"), _("Language")),
            ("interpreter", _("Table 3: whether an interpreter was there"), _("Interpreter there")),
        )
    ]
    asked = analysis.questions(review_id)
    charts = []
    for number, chart in enumerate(analysis.rating_charts(review_id, asked), start=1):
        rows = [_row(label("rating", b["rating"]), b["people"], audience) for b in chart["bars"]]
        charts.append(_chart(number, chart["text"], rows, _("Rating")))
    charts += choice_charts(review_id, asked, len(charts) + 1, audience)

    focus = review["focus_other"] or label("focus", review["focus"])
    counts = {kind: len(built[kind]) for kind in FINDING_KINDS}
    report = Report(
        review_id=review_id,
        audience=audience,
        stage=review["report_stage"],
        title=review["title"],
        council=review["council_name"],
        focus=focus,
        facts=[
            (_("Council"), review["council_name"]),
            (_("Focus"), focus),
            (
                _("Days on site"),
                " – ".join(format_date(d) for d in (review["onsite_start"], review["onsite_end"]) if d),
            ),
            (_("Report due"), format_date(review["report_due"])),
            (_("Stage of the report"), label("report_stage", review["report_stage"])),
            (_("Who this version is for"), label("audience", audience)),
        ],
        team=[(label("team_role", role), ", ".join(names)) for role, names in roles.items()],
        summary=[
            ngettext(
                "We talked with %(num)d person about their care and support.",
                "We talked with %(num)d people about their care and support.",
                held,
            ),
            ngettext("We found %(num)d strength.", "We found %(num)d strengths.", counts["strength"]),
            ngettext(
                "We found %(num)d area for consideration.",
                "We found %(num)d areas for consideration.",
                counts["area_for_consideration"],
            ),
            ngettext(
                "We make %(num)d recommendation.",
                "We make %(num)d recommendations.",
                counts["recommendation"],
            ),
        ],
        why=[
            _(
                "%(council)s asked for a practice review of its adult social care.",
                council=review["council_name"],
            ),
            _("The review looked at this focus: %(focus)s.", focus=focus),
        ],
        method=[
            _("Experts by experience talked with people whose case records were read."),
            _("They used an easy-read guide."),
            _("Principal Social Workers read the conversations and grouped what people said into themes."),
            _("Findings rest on what people told us. Each finding says how many people it rests on."),
        ],
        tables=tables,
        themes=themes,
        charts=charts,
        findings=[(headings[kind], built[kind]) for kind in FINDING_KINDS],
        noticed=noticed,
        change=change,
        plan=[_plan_row(row) for row in data.action_plan(review_id)],
        next_steps=_next_steps(data.meeting(review_id)),
        language=language,
    )
    report.sections = [
        ("summary", _("Summary")),
        ("why", _("Why this review")),
        ("method", _("How we did it")),
        ("themes", _("What people told us")),
        ("ratings", _("Ratings")),
        ("findings", _("Findings")),
        ("experts", _("What the experts by experience said")),
        ("actions", _("Action plan")),
        ("next", _("What happens next")),
    ]
    return report


def _plan_row(row: dict[str, Any]) -> PlanRow:
    actions = [
        _("%(what)s By %(due)s.", what=a["what"], due=format_date(a["due"]))
        + " "
        + _("Baseline: %(baseline)s", baseline=a["baseline"])
        + (" " + _("Status: %(status)s", status=label("action_status", a["status"])) if a["status"] else "")
        for a in row["actions"]
    ]
    answer = label("plan_decision", row["decision"]) if row["decision"] else _("Not answered yet")
    if row["decision"] == "declined":
        answer = f"{answer}: {row['reason']}"
    return PlanRow(row["title"], answer, row["owner"] or "", actions)


def _next_steps(meeting: dict[str, Any] | None) -> list[str]:
    if meeting is None:
        return [
            _("The council checks the report for factual accuracy."),
            _("The review team decides on every comment."),
            _("The council publishes the findings and writes an action plan."),
            _(
                "The council's Director and the lead Principal Social Worker meet after six months "
                "to look at what changed."
            ),
        ]
    return [
        _("The six-month follow-up meeting was on %(date)s.", date=format_date(meeting["held_on"])),
        _("What changed: %(text)s", text=meeting["what_changed"]),
        label("meeting_view", meeting["view"])
        + (f": {meeting['view_note']}" if meeting["view_note"] else "."),
        _("Everyone who took part gets a letter in their language about what the council changed."),
    ]


def open_items(review_id: int, report: Report) -> dict[str, int]:
    """What still stands before the report can be final: comments not answered, quotes not checked."""
    return {
        "comments": sum(1 for c in stages_data.comments(review_id) if c["response"] is None),
        "quotes": sum(1 for q in report.quotes() if not q.checked),
    }
