"""The scoring stage: checked rows + the catalog + an as-of date → a Scorecard of results.

``scopes`` says which targets apply and on what (a district's own series, a city's roll-up from
``aggregate``); ``rules`` judges one target on one scope (``window``, ``projection``, ``how``);
``scoring`` judges them all and collects the ``model``'s Results into a Scorecard.
"""
