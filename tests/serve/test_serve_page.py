"""The page in a real headless Chromium (Debian's chromium and chromium-driver): type a
DOI, read the formatted entry; change the style; reload (local storage); remove."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the serve extra is not installed")
pytest.importorskip("uvicorn", reason="the serve extra is not installed")
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (test extra)")

from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select, WebDriverWait  # noqa: E402

from tests.conftest import need_client  # noqa: E402
from tests.serve.conftest import Server  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    need_client(CHROMIUM, CHROMEDRIVER, install="apt-get install -y chromium chromium-driver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in [*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium')}", "--window-size=390,1200"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def entries(driver: Any) -> list[str]:
    """The formatted entries' text, read in one go (the list is re-rendered as it changes)."""
    script = "return [...document.querySelectorAll('#bibliography .csl-entry')].map(e => e.innerText)"
    texts: list[str] = driver.execute_script(script)
    return texts


def style_choices(driver: Any) -> list[str]:
    choices: list[str] = driver.execute_script("return [...document.getElementById('style').options].map(o => o.value)")
    return choices


def wait_for(driver: Any, condition: Any) -> Any:
    return WebDriverWait(driver, 15).until(lambda d: condition(d))


def test_typing_a_doi_shows_the_formatted_entry(server: Server, browser: Any) -> None:
    browser.get(server.url + "/")
    browser.execute_script("localStorage.clear()")
    browser.refresh()
    box = browser.find_element(By.CSS_SELECTOR, "form textarea[name=q]")
    assert browser.find_element(By.CSS_SELECTOR, "label[for=q]").text  # labelled
    box.send_keys("10.5555/mel.2015.012")
    browser.find_element(By.ID, "cite-button").click()
    (entry,) = wait_for(browser, lambda d: entries(d) or None)
    assert entry == (
        "Tanaka, M., & Quintero, R. (2015). Seasonal drift of pelagic larvae in upwelling systems. "
        "Marine Ecology Letters, 12(1), 1–14. https://doi.org/10.5555/mel.2015.012"
    )
    assert browser.find_element(By.ID, "status").text == "Added 1 work."

    # Another style, chosen from the search; the list survives a reload (local storage).
    browser.find_element(By.ID, "style-query").send_keys("ieee")
    wait_for(browser, lambda d: "ieee" in style_choices(d))
    Select(browser.find_element(By.ID, "style")).select_by_value("ieee")
    wait_for(browser, lambda d: entries(d) and entries(d)[0].startswith("[1]"))
    browser.refresh()
    wait_for(browser, lambda d: entries(d) and entries(d)[0].startswith("[1]"))

    # Keyboard only: Ctrl+Enter cites a second work; Remove takes the first away.
    from selenium.webdriver.common.keys import Keys

    box = browser.find_element(By.ID, "q")
    box.send_keys("10.5555/csh.2011.ch7")
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait_for(browser, lambda d: len(entries(d)) == 2)
    browser.find_element(By.CSS_SELECTOR, "#bibliography .remove").click()
    (left,) = wait_for(browser, lambda d: entries(d) if len(entries(d)) == 1 else None)
    assert "Tidal inlets" in left or "Seasonal drift" in left


def _edit_a_cited_entry(server: Server, browser: Any) -> Any:
    """Cite one DOI in APA on a fresh page and open its editor; the editor's title field."""
    browser.get(server.url + "/")
    browser.execute_script("localStorage.clear(); localStorage.setItem('citekit.style', 'apa')")
    browser.refresh()
    browser.find_element(By.ID, "q").send_keys("10.5555/mel.2015.012")
    browser.find_element(By.ID, "cite-button").click()
    wait_for(browser, lambda d: entries(d) or None)
    browser.find_element(By.CSS_SELECTOR, "#bibliography .edit").click()
    return browser.find_element(By.CSS_SELECTOR, ".editor input[name=title]")


def test_editing_an_entry(server: Server, browser: Any) -> None:
    title = _edit_a_cited_entry(server, browser)
    assert browser.switch_to.active_element == title  # focus moves into the editor
    title.clear()
    title.send_keys("A corrected title")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    wait_for(browser, lambda d: entries(d) and "A corrected title" in entries(d)[0])


def test_a_title_in_italics_is_shown_in_italics_and_named_as_text(server: Server, browser: Any) -> None:
    title = _edit_a_cited_entry(server, browser)
    title.clear()
    title.send_keys("Tides of <i>Example Bay</i>")
    browser.find_element(By.CSS_SELECTOR, ".editor button[type=submit]").click()
    wait_for(browser, lambda d: entries(d) and "Tides of Example Bay" in entries(d)[0])
    italic = browser.find_elements(By.CSS_SELECTOR, "#bibliography .csl-entry i")
    assert any(e.text == "Example Bay" for e in italic)
    assert browser.find_element(By.ID, "status").text == "Saved Tides of Example Bay."
    label = browser.find_element(By.CSS_SELECTOR, "#bibliography .edit").get_attribute("aria-label")
    assert label == "Edit Tides of Example Bay"
