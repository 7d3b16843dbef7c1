"""What every stage shares, and nothing that belongs to one: problems and the errors that stop a run,
periods, text folding and Chinese numerals, the submission frame's schema, the suffixes read,
atomic writes, the one process pool, the version."""
