"""The viewer page in a real headless Chromium (Debian ``chromium`` + ``chromium-driver``).

Skipped with a reason when Chromium is not installed, unless ``CI`` is set:
then a missing browser is a failure (``scripts/install_browser.sh`` installs it).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest
import rdflib

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # pragma: no cover - when kg is not installed
    sys.path.insert(0, str(ROOT))

from kg.project import project  # noqa: E402
from kg.viz import render_html, write_html  # noqa: E402
from kg.vocab import ID, KG  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
# overridable so the skip/fail logic itself can be tried: KG_CHROMIUM=/nonexistent pytest ...
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("KG_CHROMEDRIVER", "/usr/bin/chromedriver")
PUTIN = str(ID["person/wladimir-putin"])
BIDEN = str(ID["person/joe-biden"])
XSS_PAYLOADS = [
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=2">',
    '<a href="javascript:window.__xss=3">x</a>',
    "</script><script>window.__xss=4</script>",
]


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing() -> str:
    problems = [f"{path} not found" for path in (CHROMIUM, CHROMEDRIVER) if not os.path.exists(path)]
    try:
        import selenium  # noqa: F401
    except ImportError:
        problems.append("the selenium package is not installed")
    return "; ".join(problems)


@pytest.fixture(scope="module")
def driver(tmp_path_factory):
    missing = _missing()
    if missing:
        message = f"headless Chromium unavailable ({missing}); run scripts/install_browser.sh"
        if _in_ci():
            pytest.fail(message + " (CI is set, so this is an error)", pytrace=False)
        pytest.skip(message)
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,800",
        f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    drv = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    drv.set_page_load_timeout(60)
    drv.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": False}
    )
    try:
        yield drv
    finally:
        drv.quit()


def _dataset(name: str) -> rdflib.Dataset:
    ds = rdflib.Dataset(default_union=True)
    ds.parse(FIXTURES / name, format="trig")
    ds.graph(rdflib.URIRef(str(KG).rstrip("#"))).parse(ROOT / "kg" / "ontology.ttl", format="turtle")
    return ds


@pytest.fixture(scope="module")
def small_graph():
    return project(_dataset("small.trig"))


@pytest.fixture(scope="module")
def small_page(tmp_path_factory, small_graph) -> Path:
    html, _ = render_html(small_graph, title="Gipfel in Genf")
    return write_html(tmp_path_factory.mktemp("page") / "small.html", html)


@pytest.fixture(scope="module")
def xss_graph():
    return project(_dataset("xss.trig"))


@pytest.fixture(scope="module")
def xss_page(tmp_path_factory, xss_graph) -> Path:
    html, _ = render_html(xss_graph, title=XSS_PAYLOADS[3])
    return write_html(tmp_path_factory.mktemp("page") / "xss.html", html)


def _open(driver, path: Path) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(path.resolve().as_uri())
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if driver.execute_script("return !!(window.kgViewer && window.kgViewer.drawn)"):
            return
        time.sleep(0.05)
    raise AssertionError("the network was never drawn")


def _severe(driver) -> list[dict]:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def _panel_text(driver) -> str:
    return driver.execute_script("return document.getElementById('kg-panel').textContent")


def _stop_physics(driver) -> None:
    box = driver.find_element("id", "kg-physics")
    if box.is_selected():
        box.click()
    driver.execute_script("window.kgViewer.network.stopSimulation()")
    assert driver.execute_script("return window.kgViewer.network.physics.options.enabled") is False


def test_page_draws_every_node_without_errors(driver, small_page, small_graph):
    _open(driver, small_page)
    n_nodes = driver.execute_script("return window.kgViewer.nodes.length")
    n_edges = driver.execute_script("return window.kgViewer.edges.length")
    assert n_nodes == small_graph.number_of_nodes()
    assert n_edges == small_graph.number_of_edges()
    assert driver.execute_script("return window.kgViewer.network.body.data.nodes.length") == n_nodes
    assert driver.execute_script("return document.querySelectorAll('#kg-legend input').length") == len(
        {d["type"] for _, d in small_graph.nodes(data=True)}
    )
    assert "15 Knoten" in driver.find_element("id", "kg-counts").text
    assert _severe(driver) == []


def test_search_selects_and_focuses(driver, small_page):
    from selenium.webdriver.common.keys import Keys

    _open(driver, small_page)
    box = driver.find_element("id", "kg-search")
    box.clear()
    box.send_keys("wladimir", Keys.ENTER)
    assert driver.execute_script("return window.kgViewer.network.getSelectedNodes()") == [PUTIN]
    panel = _panel_text(driver)
    assert "Wladimir Putin" in panel and "Präsident (Russland)" in panel
    box.clear()
    box.send_keys("gibt es nicht", Keys.ENTER)
    assert driver.find_element("id", "kg-search-status").text == "nicht gefunden"
    assert _severe(driver) == []


def test_clicking_a_node_shows_its_evidence(driver, small_page):
    from selenium.webdriver.common.action_chains import ActionChains

    _open(driver, small_page)
    _stop_physics(driver)
    canvas = driver.find_element("css selector", "#mynetwork canvas")
    x, y, w, h = driver.execute_script(
        """const v = window.kgViewer.network, id = arguments[0];
           v.moveTo({position: v.getPositions([id])[id], scale: 1.0});
           const p = v.canvasToDOM(v.getPositions([id])[id]), c = arguments[1];
           return [p.x, p.y, c.clientWidth, c.clientHeight];""",
        BIDEN,
        canvas,
    )
    ActionChains(driver).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)).click().perform()
    assert driver.execute_script("return window.kgViewer.network.getSelectedNodes()") == [BIDEN]
    panel = _panel_text(driver)
    assert "US-Präsident Joe Biden hat am Mittwoch den russischen Präsidenten Wladimir Putin in Genf getroffen." in panel
    marks = driver.execute_script("return Array.from(document.querySelectorAll('#kg-panel mark')).map(m => m.textContent)")
    assert "US-Präsident Joe Biden" in marks
    # an edge: the meeting, with its sentence and the trigger highlighted
    edge = driver.execute_script(
        "return window.kgViewer.edges.get({filter: e => e.kgLabel === 'trifft'})[0].id"
    )
    driver.execute_script("window.kgViewer.selectEdge(arguments[0])", edge)
    assert "getroffen" in driver.execute_script(
        "return Array.from(document.querySelectorAll('#kg-panel mark')).map(m => m.textContent)"
    )
    assert _severe(driver) == []


def test_filters_and_physics_toggle(driver, small_page, small_graph):
    _open(driver, small_page)
    persons = sum(1 for _, d in small_graph.nodes(data=True) if d["type"] == "person")
    total = small_graph.number_of_nodes()
    driver.find_element("css selector", "#kg-legend input[value='person']").click()
    assert driver.execute_script("return window.kgViewer.nodeView.length") == total - persons
    driver.find_element("css selector", "#kg-legend input[value='person']").click()
    assert driver.execute_script("return window.kgViewer.nodeView.length") == total
    from selenium.webdriver.support.select import Select

    select = Select(driver.find_element("id", "kg-article"))
    assert len(select.options) == 3  # "alle Artikel" + 2
    select.select_by_index(1)
    shown = driver.execute_script("return window.kgViewer.nodeView.getIds()")
    assert 0 < len(shown) < total
    select.select_by_index(0)
    assert driver.execute_script("return window.kgViewer.nodeView.length") == total
    _stop_physics(driver)
    assert _severe(driver) == []


def test_xss_fixture_runs_nothing(driver, xss_page, xss_graph):
    _open(driver, xss_page)
    assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert driver.execute_script("return window.kgViewer.nodes.length") == xss_graph.number_of_nodes()
    seen = ""
    for node in xss_graph.nodes:
        driver.execute_script("window.kgViewer.selectNode(arguments[0], true)", node)
        seen += _panel_text(driver)
        assert driver.execute_script("return typeof window.__xss") == "undefined"
    for edge in driver.execute_script("return window.kgViewer.edges.getIds()"):
        driver.execute_script("window.kgViewer.selectEdge(arguments[0])", edge)
        seen += _panel_text(driver)
    # hover tooltips too (real mouse moves over every node)
    from selenium.webdriver.common.action_chains import ActionChains

    _stop_physics(driver)
    driver.execute_script("window.kgViewer.network.unselectAll()")
    canvas = driver.find_element("css selector", "#mynetwork canvas")
    tips = ""
    for node in xss_graph.nodes:
        x, y, w, h = driver.execute_script(
            """const v = window.kgViewer.network, id = arguments[0];
               v.moveTo({position: v.getPositions([id])[id], scale: 1.0});
               const p = v.canvasToDOM(v.getPositions([id])[id]), c = arguments[1];
               return [p.x, p.y, c.clientWidth, c.clientHeight];""",
            node,
            canvas,
        )
        ActionChains(driver).move_to_element_with_offset(canvas, int(x - w / 2) + 1, int(y - h / 2) + 1).perform()
        ActionChains(driver).move_to_element_with_offset(canvas, int(x - w / 2), int(y - h / 2)).perform()
        time.sleep(0.6)
        tips += driver.execute_script(
            "const t = document.querySelector('div.vis-tooltip'); return t && t.style.visibility !== 'hidden' ? t.textContent : ''"
        )
        assert driver.execute_script("return typeof window.__xss") == "undefined"
    assert XSS_PAYLOADS[0] in tips and XSS_PAYLOADS[1] in tips
    assert driver.execute_script("return document.querySelectorAll('div.vis-tooltip img, div.vis-tooltip a').length") == 0
    for payload in XSS_PAYLOADS:
        assert payload in seen, payload
    assert driver.execute_script(
        "return document.querySelectorAll('#kg-panel script, #kg-panel img, #kg-panel a, #kg-panel iframe').length"
    ) == 0
    assert driver.execute_script("return document.scripts.length") == 3
    assert driver.title == XSS_PAYLOADS[3]
    assert _severe(driver) == []
