"""Guides: versioned easy-read question sets kept as files under guides/."""
