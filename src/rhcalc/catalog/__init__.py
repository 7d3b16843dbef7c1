"""The catalog stage: indicators/ YAML → validated, frozen definitions (``model``; a target's rule
filled in by ``rules``), read and cached (``load``), traced to the documents' own words
(``quotes``); ``draft`` proposes a new document's targets."""

from rhcalc.catalog.model import (  # noqa: F401 - the stage's public names
    Aggregation, Catalog, CatalogError, Frequency, Indicator, IndicatorType, Kind, Level, Plan, Source, Target,
)
from rhcalc.catalog.load import default_folder, load_catalog  # noqa: F401
