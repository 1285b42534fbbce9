"""What every template can use, registered here and nowhere else.

Only what is app-wide: the page's language and the language switcher, dates in the reader's
locale, the words for stored codes and the pictures of answers, guide text in a given language,
and the response's CSP nonce
(the signed-in person is Flask-Login's `current_user`). Whatever one page shows comes from that
page's view.
"""

from __future__ import annotations

import re
from collections import ChainMap
from collections.abc import Callable, Mapping
from typing import Any

import flask_babel
import jinja2
from babel.support import NullTranslations
from flask import Flask, current_app, g, request, url_for
from flask_babel import gettext
from govuk_frontend_wtf.gov_form_base import GovFormBase
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
)
from markupsafe import Markup, escape
from wtforms import BooleanField, Field

from coproduce.codes import label, needs_of
from coproduce.guides import answers
from coproduce.guides.text import in_language
from coproduce.i18n import LANGUAGES, format_date, format_datetime, language, language_name
from coproduce.web import csp_nonce


def guide_text(text: str) -> str:
    """Guide text (English source from a guide file) in the language of the page."""
    return gettext(text)


def labels(codes: list[str], kind: str) -> str:
    """The words for a list of stored codes, joined with commas; kind "language" names languages."""
    return ", ".join(language_name(code) if kind == "language" else label(kind, code) for code in codes)


def translations() -> NullTranslations:
    """This request's catalogue, looked up once a request (and again after a `force_locale`) rather
    than through Flask-Babel's several lookups for each string a page shows."""
    babel = g.get("_flask_babel")
    locale = getattr(babel, "babel_locale", None)
    if locale is None:
        return flask_babel.get_translations()
    kept = g.get("_coproduce_translations")
    if kept is None or kept[0] is not locale:
        kept = g._coproduce_translations = (locale, flask_babel.get_translations())
    return kept[1]


# Widgets whose parameters are the form's own words and choices (labels, which choice is ticked,
# an error message), never text a person typed: each different set of parameters is drawn once a
# process and kept. What a widget draws depends on its parameters alone, so what is kept for one
# set is exactly what drawing them again would give, whoever asks.
KEPT_WIDGETS = (GovRadioInput, GovCheckboxesInput, GovCheckboxInput, GovSubmitInput)
KEPT_LIMIT = 2048
_kept_widgets: dict[tuple[str, Any], Markup] = {}


def frozen(value: Any) -> Any:
    """`value` (a widget's parameters) as a hashable key that tells apart everything the macro
    draws differently: text from markup (escaped or not), a number from its digits."""
    if isinstance(value, dict):
        return tuple(sorted((str(key), frozen(item)) for key, item in value.items()))
    if isinstance(value, list | tuple):
        return ("list", *(frozen(item) for item in value))
    if isinstance(value, Markup):
        return ("markup", str(value))
    if isinstance(value, str):
        return value
    if value is None or isinstance(value, bool | int | float):
        return (type(value).__name__, value)
    return ("text", str(value))  # a lazy translation: the words it has in this request's language


# govuk-frontend-wtf's widget templates each import one GOV.UK Frontend macro and call it with
# `params`; such a widget is drawn by calling the macro of the imported template's module (made once
# a process), with no template render around it.
ONE_MACRO = re.compile(
    r"\{%\s*from\s+['\"]([^'\"]+)['\"]\s+import\s+(\w+)\s*%\}\s*\{\{\s*\2\(params\)\s*\}\}\s*"
)
_widget_macros: dict[str, tuple[str, str] | None] = {}


def _widget_macro(template: str) -> Callable[[dict[str, Any]], str] | None:
    """The GOV.UK Frontend macro a govuk-frontend-wtf widget template calls, if that is all it does."""
    env = current_app.jinja_env
    if template not in _widget_macros:
        source = env.loader.get_source(env, template)[0] if env.loader else ""
        match = ONE_MACRO.fullmatch(source)
        _widget_macros[template] = (match.group(1), match.group(2)) if match else None
    found = _widget_macros[template]
    return getattr(env.get_template(found[0]).module, found[1]) if found else None


# A text box (govukTextarea shows its value once, escaped, between its tags) is kept drawn around a
# placeholder for each different set of its other parameters, and what was typed is put in its
# place, escaped, each time: the label, hint and attributes are drawn once, what was typed never kept.
TEXT_BOX = "govuk_frontend_wtf/textarea.html"
TYPED = "coproduce-typed-text-goes-here-5f0c"
_kept_text_boxes: dict[Any, tuple[str, str]] = {}


def _text_box(params: dict[str, Any]) -> Markup | None:
    value = params.get("value")
    if not isinstance(value, str) or params.get("errorMessage"):
        return None
    key = frozen({name: item for name, item in params.items() if name != "value"})
    kept = _kept_text_boxes.get(key)
    if kept is None:
        macro = _widget_macro(TEXT_BOX)
        html = str(macro({**params, "value": TYPED})) if macro else ""
        if html.count(TYPED) != 1:
            return None
        if len(_kept_text_boxes) >= KEPT_LIMIT:
            _kept_text_boxes.clear()
        before, after = html.split(TYPED)
        kept = _kept_text_boxes[key] = (before, after)
    before, after = kept
    return Markup(before + str(escape(value)) + after)  # noqa: S704 (the macro's output, value escaped)  # nosec B704


def render_widget(widget: GovFormBase, params: dict[str, Any]) -> Markup:
    """A govuk-frontend-wtf widget drawn by its GOV.UK Frontend macro, as the library does, but
    without `render_template`'s context processors and signals, which the widget's template does
    not use (it reads `params` only): a form field costs a macro call, not a page render; a
    widget of the form's own choices (KEPT_WIDGETS) costs a look-up after its first time, and a
    text box a look-up and its typed text escaped."""
    if widget.template == TEXT_BOX and (box := _text_box(params)) is not None:
        return box
    key = (widget.template, frozen(params)) if isinstance(widget, KEPT_WIDGETS) else None
    if key is not None and (kept := _kept_widgets.get(key)) is not None:
        return kept
    macro = _widget_macro(widget.template)
    if macro is not None:
        html = Markup(macro(params))  # noqa: S704 (the macro's own escaped output)  # nosec B704
    else:
        template = current_app.jinja_env.get_template(widget.template)
        html = Markup(template.render(params=params))  # noqa: S704 (the macro's own escaped output)  # nosec B704
    if key is not None:
        if len(_kept_widgets) >= KEPT_LIMIT:
            _kept_widgets.clear()
        _kept_widgets[key] = html
    return html


class TemplateGlobals(ChainMap):
    """A template's globals (Jinja's ChainMap over the environment's), whose keys Jinja compares
    with the importing template's at every `{% from ... import %}`: as a dict's keys, compared in C,
    rather than one Python look-up a key."""

    def keys(self):
        if len(self.maps) == 2 and not self.maps[0]:
            return self.maps[1].keys()
        merged: dict[str, Any] = {}
        for layer in reversed(self.maps):
            merged.update(layer)
        return merged.keys()


def make_globals(d: dict[str, Any] | None, environment: jinja2.Environment) -> ChainMap:
    return TemplateGlobals(d or {}, environment.globals)


KEPT_FRAGMENTS_LIMIT = 4096
_kept_fragments: dict[tuple[Any, ...], Markup] = {}


def kept_fragment(key: tuple[Any, ...], make: Callable[[], str]) -> Markup:
    """A piece of a page that is the same for everyone who asks with the same `key` (say a guide
    question's text and pictures: guide, version, question, the conversation's language), made once
    a process. The page's language and the app's address prefix are added to the key here. `key`
    must name everything the piece shows, and the piece must show nothing of one person's: what is
    kept is served to anyone whose request has the same key."""
    full = (*key, language().code, request.script_root)
    kept = _kept_fragments.get(full)
    if kept is None:
        kept = Markup(make())  # noqa: S704 (a rendered template's escaped output)  # nosec B704
        if len(_kept_fragments) >= KEPT_FRAGMENTS_LIMIT:
            _kept_fragments.clear()
        _kept_fragments[full] = kept
    return kept


def _own_choice(field: Field) -> bool:
    """The field's value is one the form offers (or none), not anything sent in a request."""
    if isinstance(field, BooleanField):
        return isinstance(field.data, bool)
    if not hasattr(field, "iter_choices"):
        return False
    return field.data in (None, "") or field.data in {choice[0] for choice in field.iter_choices()}


def kept_field(field: Field, key: tuple[Any, ...], make: Callable[..., str], *args: Any) -> Markup:
    """A form field of the app's own choices (radios of codes, a button), and the words drawn with
    it, made once for each `key`, field name and chosen value (`kept_fragment`): `make(*args)`
    draws it (a template's macro). Drawn every time when it shows an error, or when its value is
    not one of its choices (a request sent something else). `key` must name everything else that
    `make` shows (the question whose answers it lists, say); nothing typed is ever part of it."""
    if field.errors or not _own_choice(field):
        return Markup(make(*args))  # noqa: S704 (a template macro's escaped output)  # nosec B704
    return kept_fragment(("field", field.name, field.data, *key), lambda: make(*args))


def kept_words(key: tuple[Any, ...], make: Callable[[], str]) -> Markup:
    """A piece of the layout that shows only the app's own words and links for the `key` (say the
    main menu for a role, the page it is on marked), made once (`kept_fragment`)."""
    return kept_fragment(("words", *key), make)


def _as_html(item: Mapping[str, Any], default: Any = None) -> str:
    """A govukTable cell's or heading's content as HTML: its `html` as given (the caller's own
    markup, as govukTable takes it), else its `text` escaped."""
    return str(item["html"]) if item.get("html") else str(escape(item.get("text", default)))


def stacked_table(params: dict[str, Any]) -> dict[str, Any]:
    """govukTable's parameters for `app_table` (templates/_macros.html): every cell as HTML with its
    column's name before it (shown on narrow screens, hidden from screen readers), a head of dicts,
    and the stacking classes. In Python, as it is done for every cell of every table."""
    head = [name if isinstance(name, Mapping) else {"text": name} for name in params.get("head") or []]
    labels = [
        f'<span class="app-table__label" aria-hidden="true">{_as_html(name)}</span>'
        if name.get("text") or name.get("html")
        else ""
        for name in head
    ]
    rows = []
    for row in params["rows"]:
        cells = []
        for index, given in enumerate(row):
            cell = given if isinstance(given, Mapping) else {"text": given}
            label = labels[index] if index < len(labels) and not cell.get("colspan") else ""
            cells.append({**cell, "html": Markup(label + _as_html(cell, ""))})  # noqa: S704  # nosec B704 (text escaped above)
        rows.append(cells)
    classes = f"app-table app-table--stack-{params.get('stack') or 'tablet'} {params.get('classes') or ''}"
    return {**params, "head": head or None, "rows": rows, "classes": classes.strip()}


KEPT_TABLES_LIMIT = 512
_kept_tables: dict[Any, Markup] = {}
TABLE_MACRO = "govuk_frontend_jinja/components/table/macro.html"


def kept_table(params: dict[str, Any]) -> Markup:
    """`app_table` for a table of counts that many requests draw alike (a review's dashboard, the
    regional view): drawn once for each different set of parameters and kept. What govukTable draws
    depends on its parameters alone, so the key (all of them) is everything the table shows; only
    tables of counts and the app's own words ask for this ("kept": true), never a table of what a
    person typed or their reference."""
    key = frozen(params)
    kept = _kept_tables.get(key)
    if kept is None:
        macro = current_app.jinja_env.get_template(TABLE_MACRO).module.govukTable
        kept = macro(stacked_table({k: v for k, v in params.items() if k != "kept"}))
        if len(_kept_tables) >= KEPT_TABLES_LIMIT:
            _kept_tables.clear()
        _kept_tables[key] = kept
    return kept


# Addresses that name their file's version (`?v=`), which changes with the file: built every time.
VERSIONED_ENDPOINTS = frozenset({"static", "guides.picture"})
KEPT_URLS_LIMIT = 4096
_kept_urls: dict[tuple[Any, ...], str] = {}


def kept_url_for(endpoint: str, **values: Any) -> str:
    """`url_for` for templates. An endpoint's address with the same values is the same for every
    request (the app's address prefix is part of the key), so each is built once a process; a
    page names some twenty. Built every time: an address relative to the page's blueprint (".x"),
    one with options (`_anchor`, `_external`...), values other than text and whole numbers, and
    the addresses of versioned files."""
    plain = all(
        key[:1] != "_" and (type(value) is str or type(value) is int) for key, value in values.items()
    )
    if not plain or endpoint in VERSIONED_ENDPOINTS or endpoint[:1] == ".":
        return url_for(endpoint, **values)
    key = (endpoint, request.script_root, *sorted(values.items()))
    kept = _kept_urls.get(key)
    if kept is None:
        kept = url_for(endpoint, **values)
        if len(_kept_urls) >= KEPT_URLS_LIMIT:
            _kept_urls.clear()
        _kept_urls[key] = kept
    return kept


def init_app(app: Flask) -> None:
    app.jinja_loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(app.root_path + "/../templates"),
            jinja2.PrefixLoader(
                {
                    "govuk_frontend_jinja": jinja2.PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": jinja2.PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    GovFormBase.render = render_widget
    app.jinja_env.make_globals = lambda d: make_globals(d, app.jinja_env)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals.update(
        csp_nonce=csp_nonce,
        languages=LANGUAGES,
        current_language=language,
        language_name=language_name,
        label=label,
        needs_of=needs_of,
        gt=guide_text,
        in_language=in_language,
        answer_picture=answers.picture,
        answer_words=answers.words,
        stacked_table=stacked_table,
        kept_table=kept_table,
        kept_field=kept_field,
        kept_words=kept_words,
        url_for=kept_url_for,
    )
    app.jinja_env.filters.update(date=format_date, datetime=format_datetime, labels=labels)
