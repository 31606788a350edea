"""audit.html in real headless Chromium (Debian's chromium and chromium-driver).

`make test` installs the browser and sets LITCURATE_REQUIRE_BROWSER=1, so there the test
runs or fails; a bare `pytest` on a machine without Chromium skips it and says why.
"""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "curated" / "tall-mrd" / "audit.html"
CHROMIUM, CHROMEDRIVER = "/usr/bin/chromium", "/usr/bin/chromedriver"
FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1400,1000"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    if not (shutil.which("chromium") and shutil.which("chromedriver")):
        if os.environ.get("LITCURATE_REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed: `make browser` installs Debian's packages")
        pytest.skip("Chromium is not installed (`make browser`)")
    os.environ.setdefault("SE_OFFLINE", "true")  # never let Selenium Manager download a driver
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.get(PAGE.as_uri())
    yield driver
    driver.quit()


def visible(driver, table_id: str) -> list:
    return [row for row in driver.find_elements("css selector", f"#{table_id} .row")
            if row.is_displayed()]


def column(driver, table_id: str, index: int) -> list[str]:
    return [row.find_elements("css selector", "td")[index].text
            for row in visible(driver, table_id)]


def test_the_page_loads_without_console_errors(browser):
    assert browser.execute_script("return document.readyState") == "complete"
    assert browser.title.startswith("litcurate audit: 急性T淋巴细胞白血病")
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []
    assert len(browser.find_elements("css selector", "svg")) >= 3
    # the Chinese text has a CJK font to render with
    script = "return document.fonts.check('16px \"Noto Sans CJK SC\"', '急性')"
    assert browser.execute_script(script)


def test_sorting(browser):
    header = browser.find_element("css selector", "#references-table thead th:nth-child(4)")
    header.click()
    years = column(browser, "references-table", 3)
    assert years == sorted(years) and len(years) == 70
    header.click()
    assert column(browser, "references-table", 3) == sorted(years, reverse=True)
    assert header.get_attribute("aria-sort") == "descending"
    cited = browser.find_element("css selector", "#references-table thead th:nth-child(8)")
    cited.click()
    counts = [int(c) for c in column(browser, "references-table", 7)]
    assert counts == sorted(counts)  # numeric, not text, order


def test_filtering(browser):
    box = browser.find_element("css selector", '[data-filter="references-table"]')
    box.clear()
    box.send_keys("venetoclax")
    rows = visible(browser, "references-table")
    assert 5 <= len(rows) < 70 and all("venetoclax" in r.text.lower() for r in rows)
    count = browser.find_element("css selector", '[data-count="references-table"]').text
    assert count == f"{len(rows)} of 70 shown"
    box.clear()
    box.send_keys("x")
    box.clear()
    browser.execute_script("arguments[0].dispatchEvent(new Event('input'))", box)
    assert len(visible(browser, "references-table")) == 70


def test_severity_filter(browser):
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("css selector", '[data-severity="findings-list"]')
           ).select_by_value("info")
    shown = visible(browser, "findings-list")
    assert shown and all(r.get_attribute("data-severity") == "info" for r in shown)
    Select(browser.find_element("css selector", '[data-severity="findings-list"]')
           ).select_by_value("")


def test_the_screenshot_is_not_blank(browser, tmp_path):
    from PIL import Image

    browser.execute_script("window.scrollTo(0, 0)")
    png = browser.get_screenshot_as_png()
    (tmp_path / "audit.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 20)
    assert image.size[0] >= 1000 and len(colours) > 100  # text, badges and plots, not a blank
    print(f"\nscreenshot: {tmp_path / 'audit.png'} ({image.size[0]}x{image.size[1]}, "
          f"{len(colours)} colours)")


LAYOUT = """
var box = function (el) { return el.getBoundingClientRect(); };
var table = document.getElementById("references-table");
var heads = table.tHead.rows[0].cells;
var banner = document.getElementById("unchecked");
return {
  page: document.documentElement.scrollWidth, viewport: window.innerWidth,
  findings: box(document.getElementById("findings")).top + window.scrollY,
  charts: box(document.getElementById("charts")).top + window.scrollY,
  nav: box(document.querySelector("nav")).right,
  plots: Math.max.apply(null, Array.prototype.map.call(
    document.querySelectorAll(".plots figure"), function (f) { return box(f).right; })),
  table: table.scrollWidth, tableBox: table.parentElement.clientWidth,
  lastHead: box(heads[heads.length - 1]).right,
  banner: banner ? banner.textContent : "",
};
"""


@pytest.mark.parametrize("width", [1400, 400])
def test_the_layout_fits_and_puts_what_to_act_on_first(browser, tmp_path, width):
    """Issue #18 item 8: at 1400 px the references table was wider than the page and its
    last column cut off; at 400 px the navigation and charts overflowed; the findings began
    1,223 px down, below four charts; nothing said that nothing was verified. The committed
    page is of an offline run (70 offline), so the banner must say so."""
    browser.set_window_size(width, 1000)
    browser.get(PAGE.as_uri())
    layout = browser.execute_script(LAYOUT)
    shot = tmp_path / f"audit-{width}.png"
    browser.save_screenshot(str(shot))
    print(f"\nscreenshot at {width} px: {shot}; layout {layout}")
    assert layout["page"] <= layout["viewport"]  # nothing but the tables' own scroll boxes
    assert layout["nav"] <= layout["viewport"] and layout["plots"] <= layout["viewport"]
    assert layout["findings"] < layout["charts"]
    assert "Nothing was verified" in layout["banner"] and "refresh=true" in layout["banner"]
    if width >= 1400:
        assert layout["table"] <= layout["tableBox"]  # the whole table, last column included
        assert layout["lastHead"] <= layout["viewport"]
        assert layout["findings"] < 1000  # on the first screen
    browser.set_window_size(1400, 1000)
    browser.get(PAGE.as_uri())
