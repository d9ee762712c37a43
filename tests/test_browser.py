"""The report and the web app in a real browser: Playwright driving Debian's Chromium.

Needs `apt-get install chromium` and `pip install playwright` (no `playwright install`: the
system Chromium is launched by path). Without them these tests skip, except under CI (the
CI environment variable set), where they fail loudly. Set FABULA_SCREENSHOTS=docs to refresh
docs/report.png and docs/report-phone.png; otherwise screenshots go to a temporary folder.
"""

from __future__ import annotations

import copy
import os
import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

import fabula
import xss
from conftest import DEV, DREAM_JOB, analysis_of
from fabula.render import html
from filled import filled

CHROMIUM = os.environ.get("FABULA_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists():
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    return None


@pytest.fixture(scope="module")
def browser():
    problem = _missing()
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {problem}")
        pytest.skip(problem)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        chromium = driver.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()


class Watched:
    """A page that records dialogs (an alert would mean injected script ran) and script errors."""

    def __init__(self, browser, width: int = 1280, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))

    def close(self) -> None:
        assert self.dialogs == [] and self.errors == []
        self.page.close()


def open_report(browser, tmp_path, analysis, name: str, **viewport) -> Watched:
    path = html.write(analysis, tmp_path / f"{name}.html")
    watched = Watched(browser, **viewport)
    watched.page.goto(path.as_uri())
    return watched


def chart_elements(page, box: str) -> int:
    return page.locator(f"#{box} svg").first.evaluate("svg => svg.querySelectorAll('circle, polyline, line').length")


def in_story_view(page, selector: str) -> bool:
    """Whether the first element matching selector is visible inside the story's scrolling box."""
    return page.evaluate("""selector => {
        const el = document.querySelector(selector), box = document.getElementById('story').getBoundingClientRect();
        const r = el.getBoundingClientRect();
        return r.bottom > box.top && r.top < box.bottom && r.top >= 0 && r.bottom <= window.innerHeight;
    }""", selector)


def check_report(watched: Watched, analysis) -> None:
    page = watched.page
    for box in ("arc-chart", "timeline-chart", "network-chart"):
        assert chart_elements(page, box) > 0, box
    labels = {c.id: c.label for c in analysis.cast.characters}
    deceivers = [t.strip() for t in page.locator('#ledger td[data-h="deceiver"]').all_text_contents()]
    assert deceivers and not set(deceivers) & (set(labels) - set(labels.values()))  # labels, never ids
    assert set(deceivers) <= set(labels.values()) | {"—"}
    first = page.locator("button.char").first
    character = first.get_attribute("data-pick")
    first.click()
    mentions = next(c for c in analysis.cast.characters if c.id == character).mentions
    assert page.locator("#story .lit-char").count() >= len(mentions) > 0
    assert page.locator("button.char.selected").count() == 1
    assert str(len(mentions)) in page.locator("#pick-status").inner_text()
    row = page.locator("#ledger tbody tr").first
    belief_key, refutation_key = row.get_attribute("data-go").split()
    row.locator("td").nth(1).click()
    assert page.locator("#story .lit-char").count() == 0
    assert page.locator("#go-status").inner_text() == "marked in the story text"  # read out by screen readers
    assert page.locator("#pick-status").inner_text() == ""
    lit = page.locator("#story .lit")
    assert lit.count() >= 2
    keys = " ".join(lit.nth(i).get_attribute("data-k") for i in range(lit.count())).split()
    assert belief_key in keys and refutation_key in keys
    page.wait_for_timeout(800)  # smooth scrolling
    assert in_story_view(page, f'#story [data-k~="{belief_key}"]')
    refuting = row.locator(f'[data-focus^="{refutation_key}."]').last  # a row lists every refutation of its belief
    focus = refuting.get_attribute("data-focus")
    refuting.click()
    page.wait_for_timeout(800)
    assert in_story_view(page, f'#story [data-k~="{focus}"]')
    turn = analysis.arc.turning_points[len(analysis.arc.turning_points) // 2]
    page.locator(f'#arc-chart circle[data-go="s{turn.sentence_index}"]').first.click()  # a dot on the arc
    lit = page.locator("#story .lit")
    assert lit.count() >= 1 and f"s{turn.sentence_index}" in lit.first.get_attribute("data-k").split()


def test_dream_job_report_in_the_browser(browser, tmp_path):
    analysis = analysis_of(DREAM_JOB)
    watched = open_report(browser, tmp_path, analysis, "dream-job")
    check_report(watched, analysis)
    shots = Path(os.environ.get("FABULA_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    watched.page.evaluate("window.scrollTo(0, 0)")
    watched.page.locator("#ledger tbody tr").first.click()
    watched.page.wait_for_timeout(800)
    assert watched.page.evaluate("window.scrollY") == 0  # the story box scrolled, not the page
    watched.page.screenshot(path=str(shots / "report.png"))
    watched.close()
    phone = open_report(browser, tmp_path, analysis, "dream-job-phone", width=390, height=844)
    assert phone.page.evaluate("document.documentElement.scrollWidth") <= 390
    boxes = ("#reveal", "#ledger", "#cast", "#story-panel", "#arc", "#timeline", "#style", "#media")
    tops = [phone.page.locator(box).bounding_box()["y"] for box in boxes]
    assert tops == sorted(tops)  # on a phone the findings come first, in reading order
    in_dom = phone.page.evaluate("[...document.querySelectorAll('main section.panel')].map(e => '#' + e.id)")
    assert in_dom == list(boxes)  # and the tab order follows what is seen
    phone.page.screenshot(path=str(shots / "report-phone.png"))
    phone.page.locator("#ledger tbody tr").first.locator("td").first.click()  # the belief's cell
    phone.page.wait_for_timeout(800)
    assert in_story_view(phone.page, "#story .lit")
    phone.close()
    assert (shots / "report.png").stat().st_size > 10_000


def test_dev_story_report_in_the_browser(browser, tmp_path):
    analysis = analysis_of(DEV / "after_twenty_years.txt")
    watched = open_report(browser, tmp_path, analysis, "dev")
    check_report(watched, analysis)
    watched.page.locator('input[data-layer="claims"]').check()
    assert "show-claims" in watched.page.locator("body").get_attribute("class")
    watched.close()


def test_bare_report_runs_without_errors(browser, tmp_path):
    watched = open_report(browser, tmp_path, analysis_of(DREAM_JOB), "bare")
    assert watched.page.locator("#story p").count() == len(analysis_of(DREAM_JOB).paragraphs)
    assert watched.page.locator("figure.insert.ai").count() == 3
    watched.close()


CHART_TEXT = """() => [...document.querySelectorAll('.chart-box svg')].map(svg => {
    const at = svg.getScreenCTM(), view = svg.viewBox.baseVal;  // the drawn viewBox, letterboxed or not
    const frame = {left: at.e + view.x * at.a, top: at.f + view.y * at.d};
    frame.right = frame.left + view.width * at.a;
    frame.bottom = frame.top + view.height * at.d;
    const texts = [...svg.querySelectorAll('text')].map(t => {
        const m = t.getScreenCTM();  // rotated text too
        return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b),
                box: t.getBoundingClientRect()};
    });
    const apart = (a, b) => a.right <= b.left + 1 || b.right <= a.left + 1 || a.bottom <= b.top + 1
        || b.bottom <= a.top + 1;
    const inside = b => b.left >= frame.left - .5 && b.right <= frame.right + .5 && b.top >= frame.top - .5
        && b.bottom <= frame.bottom + .5;
    return {chart: svg.closest('.chart-box').id || svg.getAttribute('aria-label'),
        texts: texts.map(t => [t.text, Math.round(t.px * 10) / 10]),
        overlapping: texts.flatMap((a, i) => texts.slice(i + 1).filter(b => !apart(a.box, b.box))
            .map(b => [a.text, b.text])),
        outside: texts.filter(t => !inside(t.box)).map(t => t.text)};
})"""
WIDTHS = [(1600, 900), (1280, 900), (1024, 768), (1000, 800), (390, 844)]  # 1024: two columns at their narrowest


@pytest.mark.parametrize("width, height", WIDTHS)
def test_chart_labels_are_readable_whole_and_apart(browser, tmp_path, width, height):
    """Every chart's labels (the cast network, the arc and its reveal, the timeline, the style charts) are drawn at
    12 px or more on wide screens, narrow laptops and a phone (the arc's and the timeline's were 7.5-11.7 px, and
    all were about 10 px at 1000 px where two columns squeezed the charts), none overlaps another and none reaches
    outside its chart."""
    watched = open_report(browser, tmp_path, analysis_of(DREAM_JOB), f"charts-{width}", width=width, height=height)
    drawn = watched.page.evaluate(CHART_TEXT)
    charts = [chart["chart"] for chart in drawn]
    assert charts[:3] == ["network-chart", "arc-chart", "timeline-chart"] and len(charts) == 5  # + 2 style charts
    for chart in drawn:
        assert chart["texts"] and min(px for _, px in chart["texts"]) >= 12, (chart["chart"], chart["texts"])
        assert chart["overlapping"] == [] and chart["outside"] == [], chart
    assert "reveal" in [text for text, _ in drawn[1]["texts"]]
    watched.close()


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_long_names_stay_inside_the_cast_network(browser, tmp_path, width, height):
    """A long name ('a very thin and very agile person') is cut short with an ellipsis where it would reach past
    the network's edge (it did on the left and the right), and the node's tooltip keeps the whole name."""
    analysis = copy.deepcopy(analysis_of(DREAM_JOB))
    for character in analysis.cast.characters:
        character.label = f"a very thin and very agile person called {character.label}"
    watched = open_report(browser, tmp_path, analysis, f"long-names-{width}", width=width, height=height)
    network = watched.page.evaluate(CHART_TEXT)[0]
    assert network["chart"] == "network-chart" and len(network["texts"]) >= 8
    assert network["outside"] == [] and network["overlapping"] == [], network
    names = watched.page.locator("#network-chart g.node")
    for i in range(names.count()):
        shown, whole = names.nth(i).locator("text").text_content(), names.nth(i).locator("title").text_content()
        assert shown.endswith("…") and whole.startswith(shown[:-1]) and whole.startswith("a very thin")
    watched.close()


def assert_inert(watched: Watched) -> None:
    page = watched.page
    assert page.locator("script").count() == 1
    assert page.locator("img").count() == 0
    text = page.locator("body").inner_text()
    for payload in xss.PAYLOADS:
        assert payload in text
    assert "onerror" not in page.evaluate("[...document.querySelectorAll('*')].flatMap(e => "
                                          "[...e.attributes].map(a => a.name)).join(' ')")


def test_hostile_story_is_inert_in_the_report(browser, tmp_path):
    analysis = filled(fabula.analyze(xss.STORY))
    analysis.cast.characters[0].label = xss.PAYLOADS[1]
    watched = open_report(browser, tmp_path, analysis, "hostile")
    assert_inert(watched)
    watched.page.locator("button.char").first.click()
    watched.page.locator("[data-go] >> visible=true").first.click()  # a ledger row, else the reveal or a mark
    assert watched.page.locator("#story .lit").count() > 0
    assert_inert(watched)
    watched.close()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def web_app():
    import uvicorn

    from fabula.server import create_app

    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web app did not start"
        time.sleep(0.1)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def test_web_app_form_gives_the_report(browser, web_app):
    watched = Watched(browser)
    page = watched.page
    page.goto(web_app + "/")
    page.locator("input[name=title]").fill("My dream job")
    page.locator("textarea[name=text]").fill(DREAM_JOB.read_text("utf-8"))
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#story")
    assert page.locator("h1").inner_text() == "My dream job"
    assert page.locator("#story p").count() == len(analysis_of(DREAM_JOB).paragraphs)
    assert page.locator("figure.insert").count() == 8
    page.locator("a.home").click()
    page.wait_for_selector("textarea[name=text]")
    page.locator("input[type=file]").set_input_files(str(DEV / "interlopers.txt"))
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#story")
    assert "interlopers.txt" in page.locator("h1").inner_text()
    page.goto(web_app + "/docs")  # the API documentation loads nothing from the network
    assert "POST /api/analyze" in page.locator("main").inner_text()
    watched.close()


SHORT = "He left me. That's what I told everyone. He never moved across the country, and I never knew."
WORKING = "Analyzing… this can take up to 30 seconds."


def test_the_form_says_it_is_working_and_takes_no_second_submit(browser, web_app):
    watched = Watched(browser)
    page = watched.page
    page.goto(web_app + "/")
    assert page.locator("#busy").inner_text() == "" and page.locator("#busy").get_attribute("role") == "status"
    page.locator("textarea[name=text]").fill(SHORT)
    page.evaluate("document.querySelector('form').addEventListener('submit', e => e.preventDefault())")  # stay
    page.locator("button[type=submit]").click()
    assert page.locator("button[type=submit]").is_disabled() and page.locator("#busy").inner_text() == WORKING
    watched.close()  # the inline script ran under the CSP: a refused one would be a console error


def test_back_from_the_report_the_form_is_ready_again(browser, web_app):
    # Playwright turns the back-forward cache off; real browsers keep the submitted page, button disabled
    cached = browser.browser_type.launch(executable_path=CHROMIUM, headless=True, args=ARGS,
                                         ignore_default_args=["--disable-back-forward-cache"])
    page = cached.new_page()
    page.goto(web_app + "/")
    page.evaluate("window.kept = true")
    page.locator("textarea[name=text]").fill(SHORT)
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#story")
    page.go_back(wait_until="commit")
    page.wait_for_selector("textarea[name=text]")
    assert page.evaluate("window.kept === true")  # the very page that was submitted, not a fresh load
    assert page.locator("button[type=submit]").is_enabled() and page.locator("#busy").inner_text() == ""
    cached.close()


def test_the_form_works_without_javascript(browser, web_app):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(web_app + "/")
    assert not page.locator("#busy").is_visible()
    page.locator("input[name=title]").fill("Without script")
    page.locator("textarea[name=text]").fill(SHORT)
    page.locator("button[type=submit]").click()
    page.wait_for_selector("#story")
    assert page.locator("h1").inner_text() == "Without script"
    context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_the_api_documentation_never_scrolls_sideways(browser, web_app, width):
    watched = Watched(browser, width=width)
    watched.page.goto(web_app + "/docs")
    assert watched.page.evaluate("document.documentElement.scrollWidth") <= width
    example = watched.page.locator("pre").first
    assert example.evaluate("pre => pre.scrollWidth <= pre.clientWidth") and "api/analyze" in example.inner_text()
    watched.close()  # its style ran: a refused inline style would be a console error


def test_hostile_story_is_inert_in_the_web_app(browser, web_app):
    watched = Watched(browser)
    watched.page.goto(web_app + "/")
    watched.page.locator("textarea[name=text]").fill(xss.STORY)
    watched.page.locator("button[type=submit]").click()
    watched.page.wait_for_selector("#story")
    assert_inert(watched)
    watched.close()
