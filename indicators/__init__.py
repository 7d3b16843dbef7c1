"""No code: this file makes the catalog folder the package ``rhcalc.indicators`` (pyproject.toml maps it).

A wheel carries the YAML, README.md and sources/ as that package's data, and an editable install
finds the folder through the same package, so ``importlib.resources`` locates the bundled catalog
in both without a second copy. setuptools' editable finder needs a regular package, hence this file.
"""
