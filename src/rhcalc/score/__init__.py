"""The scoring stage: checked rows + the catalog + an as-of date → a Scorecard of results.

``aggregate`` rolls districts up to a city, ``rules`` judges one target on one scope, ``scoring``
builds the scopes and collects the results.
"""
