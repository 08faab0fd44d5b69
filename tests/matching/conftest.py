from __future__ import annotations

import pytest

from tests.matching.outlet_corpus import OutletCorpus, load_outlet_corpus


@pytest.fixture(scope="session")
def outlets() -> OutletCorpus:
    return load_outlet_corpus()
