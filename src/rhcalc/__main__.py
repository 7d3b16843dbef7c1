"""``python -m rhcalc``: the same command as ``rhcalc``, with the same exit statuses."""

from rhcalc.cli import main

main()
