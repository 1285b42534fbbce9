"""The guide files load, and a broken file is refused whole with the place of the fault."""

from __future__ import annotations

from pathlib import Path

import pytest

from coproduce.guides.loader import GuideError, all_guides, parse_guide

GOOD = (Path(__file__).resolve().parent.parent / "guides" / "your-care-and-support" / "v1.toml").read_text()


def test_every_guide_file_loads() -> None:
    guides = all_guides()
    assert ("your-care-and-support", 1) in guides
    guide = guides[("your-care-and-support", 1)]
    assert guide.questions and all(q.picture and q.alt for q in guide.questions)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('making_it_real = "information_and_advice"', 'making_it_real = "nonsense"'),
            "'information-before'",
        ),
        (('cqc = ["assessing_needs"]\n', 'cqc = ["not_a_statement"]\n'), "cqc"),
        (('key = "listened-to"', 'key = "information-before"'), "unique"),
        (
            ('text = "Did the staff listen to you? Did they ask what matters most to you?"', 'text = ""'),
            "question 2 'listened-to'",
        ),
        (("version = 1", "version = 0"), "version"),
        (('slug = "your-care-and-support"', 'slug = "your-care-and-support'), "not valid TOML"),
    ],
)
def test_a_broken_guide_is_refused_with_the_file_and_field(tmp_path: Path, change, message) -> None:
    old, new = change
    assert old in GOOD
    path = tmp_path / "v1.toml"
    path.write_text(GOOD.replace(old, new, 1))
    with pytest.raises(GuideError) as error:
        parse_guide(path)
    assert "v1.toml" in str(error.value) and message in str(error.value)
