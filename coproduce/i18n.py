"""Languages: which ones the app speaks, how the locale is chosen, and text direction.

Adding a language is one catalogue under translations/ and one line in LANGUAGES.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

import flask_babel
from babel import Locale, UnknownLocaleError, dates, support
from flask import Flask, current_app, g, request, session
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.i18n import messages_path

LANG_COOKIE = "lang"


@dataclass(frozen=True)
class Language:
    code: str
    native_name: str
    english_name: str
    rtl: bool = False
    # The date a qualified human translator checked the catalogue, or None while it is a draft
    # (recorded in translations/<code>/checked.toml by `coproduce translate review-sheet --import`).
    checked_on: str | None = None
    checked_by: str | None = None
    # The fonts (Debian's Noto, from fonts-noto-core) that render the script, for printed packs.
    fonts: str = '"Noto Sans", sans-serif'

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    @property
    def is_draft(self) -> bool:
        return self.checked_on is None


# Printed Urdu is in Noto Sans Arabic, a clear sans-serif (easy read) whose glyphs map back to text;
# Nastaliq's cannot (shared letter skeletons, dots drawn apart), so a Nastaliq PDF copies and reads
# aloud as garbage. Arabic stays in Naskh: Noto Sans Arabic's lam-alef ligatures read back reversed
# ("إلى" as "إىل"), while Naskh only splits a letter under a tanween. See coproduce/pdf.py.
URDU_FONTS = '"Noto Sans Arabic", "Noto Naskh Arabic", sans-serif'
ARABIC_FONTS = '"Noto Naskh Arabic", "Noto Sans Arabic", sans-serif'

LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "English", checked_on="source"),
        Language("ur", "اردو", "Urdu", rtl=True, fonts=URDU_FONTS),
        Language("pa", "ਪੰਜਾਬੀ", "Panjabi", fonts='"Noto Sans Gurmukhi", "Noto Sans", sans-serif'),
        Language("pl", "Polski", "Polish"),
        Language("ro", "Română", "Romanian"),
        Language("bn", "বাংলা", "Bengali", fonts='"Noto Sans Bengali", "Noto Sans", sans-serif'),
        Language("ar", "العربية", "Arabic", rtl=True, fonts=ARABIC_FONTS),
        Language("gu", "ગુજરાતી", "Gujarati", fonts='"Noto Sans Gujarati", "Noto Sans", sans-serif'),
        Language("so", "Soomaali", "Somali"),
    )
}
DEFAULT_LOCALE = "en"
TRANSLATIONS = Path(__file__).resolve().parent.parent / "translations"


def _recorded_check(lang: Language) -> Language:
    """The language with the check recorded in translations/<code>/checked.toml, if there is one."""
    path = TRANSLATIONS / lang.code / "checked.toml"
    if lang.checked_on is not None or not path.is_file():
        return lang
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return replace(lang, checked_on=str(data["checked_on"]), checked_by=str(data.get("checked_by") or ""))


LANGUAGES = {code: _recorded_check(lang) for code, lang in LANGUAGES.items()}


def language(code: str | None = None) -> Language:
    """The Language for a code, or for the current request when no code is given."""
    code = code or str(flask_babel.get_locale() or DEFAULT_LOCALE)
    return LANGUAGES.get(code, LANGUAGES[DEFAULT_LOCALE])


def select_locale() -> str:
    """?lang= on the URL, then the person's saved choice, then the cookie, then the browser."""
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        g.lang_from_url = asked
        return asked
    if current_user and current_user.is_authenticated and current_user.locale in LANGUAGES:
        return current_user.locale
    chosen = session.get(LANG_COOKIE) or request.cookies.get(LANG_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(list(LANGUAGES)) or DEFAULT_LOCALE


def explicit_choice() -> str | None:
    """The language this browser chose with the switcher or ?lang=, if it chose one."""
    chosen = g.get("lang_from_url") or session.get(LANG_COOKIE) or request.cookies.get(LANG_COOKIE)
    return chosen if chosen in LANGUAGES else None


def remember_url_choice(response):
    """A ?lang= choice is remembered, like one made with the switcher."""
    chosen = g.get("lang_from_url")
    if chosen:
        remember(response, chosen)
    return response


def remember(response, code: str):
    """Keep a language choice: on the signed-in person's record, in the session and in a cookie."""
    from coproduce.accounts.data import set_locale

    if current_user.is_authenticated and current_user.locale != code:
        set_locale(current_user.id, code)
    session[LANG_COOKIE] = code
    response.set_cookie(
        LANG_COOKIE,
        code,
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
    )
    return response


# Signed languages have no written form, and Babel has no name for them.
SIGN_LANGUAGES = {"bfi": _l("British Sign Language")}


def language_name(code: str | None) -> str:
    """The name of any language (not only the app's own, signed ones too) in the reader's language."""
    if not code:
        return ""
    if code in SIGN_LANGUAGES:
        return str(SIGN_LANGUAGES[code])
    return _display_name(code, language().code)


@lru_cache(maxsize=4096)
def _display_name(code: str, reader: str) -> str:
    """Babel's name for language `code` in language `reader` (the same for every request)."""
    try:
        name = Locale.parse(code.replace("-", "_")).get_display_name(babel_locale(reader))
    except (ValueError, UnknownLocaleError):
        return code
    return name or code


# Times are stored in UTC and shown as the clock in England shows them.
LOCAL_TIME = ZoneInfo("Europe/London")


def babel_locale(code: str | None = None) -> Locale:
    """The locale dates and numbers are written in: British English for English, else the
    language's own."""
    return _parsed_locale(code or language().code)


@lru_cache(maxsize=64)
def _parsed_locale(code: str) -> Locale:
    return Locale.parse("en_GB" if code == DEFAULT_LOCALE else code)


def _local(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment.astimezone(LOCAL_TIME) if moment.tzinfo else moment


def format_date(value: str | None) -> str:
    """A stored ISO date (or date and time) as the person's language writes a date: "2 December 2026"."""
    if not value:
        return ""
    return dates.format_date(_local(value), format="long", locale=babel_locale())


def format_datetime(value: str | None) -> str:
    """A stored ISO date and time, never with seconds: "2 December 2026, 10:30am" in English (GOV.UK
    style), the language's own short time in the others."""
    if not value:
        return ""
    moment = _local(value)
    locale = babel_locale()
    if locale.language == "en":
        time = dates.format_time(moment, "h:mma", locale=locale).lower().replace(":00", "")
    else:
        time = dates.format_time(moment, "short", locale=locale)
    day = dates.format_date(moment, format="long", locale=locale)
    return str(locale.datetime_formats["medium"]).format(time, day)


@lru_cache(maxsize=64)
def _wtforms_catalogue(code: str) -> support.NullTranslations:
    return support.Translations.load(messages_path(), [code], domain="wtforms")


class WTFormsWords:
    """WTForms' own messages ("Not a valid choice", say) in the page's language. Flask-WTF reads
    its catalogue from disk once a request (`request.wtforms_translations`); this one is read once
    a process for each language, and looked up in the request's language when a form needs it."""

    def ugettext(self, string: str) -> str:
        return _wtforms_catalogue(language().code).ugettext(string)

    def ungettext(self, singular: str, plural: str, n: int) -> str:
        return _wtforms_catalogue(language().code).ungettext(singular, plural, n)


_WTFORMS_WORDS = WTFormsWords()


def _wtforms_words() -> None:
    request.wtforms_translations = _WTFORMS_WORDS


def init_app(app: Flask) -> None:
    Babel(app, locale_selector=select_locale)
    app.before_request(_wtforms_words)
    app.after_request(remember_url_choice)
