"""The national-scale benchmark (not part of the test suite): `make bench`."""
