"""rhcalc.toml: the scheduled run's settings (email server, recipients)."""

from __future__ import annotations


class ConfigError(Exception):
    """A bad or incomplete configuration; the message names the key that is wrong."""
