"""The load stage: a submission file → its tidy long rows with provenance, and the problems met.

``files`` picks the reader (``workbook`` behind the ``zipguard`` and ``extents``, or ``delimited``
text) that makes each sheet a ``grid``; ``header`` and ``context`` find the table and what it leaves
out; ``layout`` turns rows under the header into records, ``tidy`` each record into a row (``cells``
parses what was typed, ``formats`` what Excel showed); ``submission`` does it for one file.
"""
