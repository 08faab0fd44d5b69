"""The upload form offers the dateline beside the title, at desktop and phone widths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.factories import editor
from tests.web.conftest import browser_login

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 390])
def test_the_dateline_field_fits_the_upload_form(
    desk_roles: None, live_server: Any, browser: Any, artifacts_dir: Path, width: int
) -> None:
    page = browser_login(browser, live_server, editor(username=f"ed{width}"))
    page.set_viewport_size({"width": width, "height": 900 if width > 600 else 844})
    page.goto("/articles/upload/")

    dateline = page.get_by_label("Dateline")
    expect(dateline).to_be_visible()
    expect(page.get_by_label("Byline")).to_be_visible()
    expect(page.get_by_label("Title")).to_be_visible()
    dateline.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing spills sideways
    box = dateline.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
    page.screenshot(path=str(artifacts_dir / f"upload-dateline-{width}.png"), full_page=True)
    page.context.close()
