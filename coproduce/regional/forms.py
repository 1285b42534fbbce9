from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovSubmitInput
from wtforms import Form, SelectField, SubmitField


class RegionalFilters(Form):
    """The filters of the regional view (a GET form: no CSRF token needed)."""

    region = SelectField(_l("Region"), widget=GovSelect(), validate_choice=False)
    year = SelectField(_l("Year"), widget=GovSelect(), validate_choice=False)
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())
