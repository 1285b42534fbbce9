"""The regional codebook: the recurring themes of the West Midlands practice reviews.

It is seeded into every database (migration m006) with `review_id` NULL; each review's own
codebook starts as a copy of it the first time the review's codebook is used.
"""

from __future__ import annotations

REGIONAL_THEMES: list[tuple[str, str]] = [
    ("Listened to", "The person felt heard, and what they said changed what happened."),
    ("What matters to me", "Support was shaped around the person's own goals and wishes."),
    ("Strengths and networks", "Practice built on the person's strengths, family, friends and community."),
    ("Carers", "How carers were recognised, assessed and supported."),
    ("Information and advice", "Whether people got clear, timely information they could use."),
    ("Waiting and being kept informed", "Delays, and whether people knew what was happening."),
    ("Paperwork and repetition", "Forms, letters and telling the same story more than once."),
    ("Choice and control", "Whether the person made the decisions about their support."),
    ("Identity and culture", "Faith, culture, identity and community were understood and respected."),
    (
        "Language and interpreters",
        "Being able to talk and read in your own language, with the right interpreter.",
    ),
    ("Advocacy", "Access to an independent advocate when it was needed."),
    ("Feeling safe", "Whether the person felt safe, and how worries were acted on."),
    ("Moving between services", "Hospital discharge, transitions and hand-overs between teams."),
    ("Digital access", "Phones, online forms and video calls: who can and cannot use them."),
    (
        "Staff continuity and attitude",
        "Knowing who your worker is, and being treated with kindness and respect.",
    ),
]
