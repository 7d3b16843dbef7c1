"""The scheduled run: inputs found and read in parallel, reports written, history kept, email sent.

Light on purpose: the command line imports ``rhcalc.batch.config`` at start for its help text.
"""
