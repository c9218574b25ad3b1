"""Accessibility in headless Chromium: axe-core on every page type at desktop and phone widths, and the
适老化 modes (大字版, 高对比度, 纯文本) switched from the toolbar, remembered across pages, and kept out of print.

axe-core comes from the PyPI package axe-selenium-python-nhsuk (axe-core 4.9; the original
axe-selenium-python bundles axe-core 3.1 from 2018, which flags valid HTML such as <div> groups in <dl>).
"""
import contextlib
import os
import re
import subprocess

import pytest
from axe_selenium_python import Axe
from axe_selenium_python.axe import _DEFAULT_SCRIPT as AXE_SCRIPT
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait


# One page of every type; the two project pages hold every section between them (monitoring is 2025's).
PAGES = {
    "home": "",
    "departments": "departments/",
    "department": "departments/jyj/",
    "years": "years/",
    "year": "years/2024/",
    "project": "projects/2024/jyj-001/",
    "project-monitoring": "projects/2025/jyj-001/",
    "project-frame": "projects/2024/zgh-004/",          # comprehensive frame, 加分/扣分, self-evaluation report
    "project-recheck": "projects/2024/jyj-003/",        # 抽查复核 flagged, relative and undated rectification deadlines
    "project-adjusted": "projects/2025/zgh-003/",       # 绩效目标调整
    "department-wide": "departments/zgh/2024/",         # 部门整体绩效
    "grades": "grades/",
    "grade-year": "grades/2024/",
    "grade-list": "grades/2024/you/",
    "compliance": "years/2025/compliance/",
    "search": "search/?q=%E8%90%A5%E5%85%BB",  # 营养: a search with results
    "data": "data/",
    "glossary": "glossary/",
    "verify": "verify/",
    "documents": "documents/",
    "markdown-page": "zhengce/jixiao-guanli-banfa/",
    "page-folder": "zhengce/",
    "projects-of-a-year": "projects/2025/",
    "404": "404.html",
}
WIDTHS = {"desktop": 1280, "phone": 360}
MODES = {"large": "大字版", "contrast": "高对比度", "text": "纯文本"}

# Rules reviewed and accepted, with the reason (also listed in docs/website.md). None today.
ACCEPTED = {}


@contextlib.contextmanager
def screen(browser, width):
    """A 360 px phone is emulated (headless windows are at least 500 px wide); desktop is the 1280 px window."""
    if width < 1280:
        browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": width, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    try:
        yield
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def open_page(browser, base_url, path, modes=()):
    """Opens a page with the given modes remembered, as a reader who chose them on an earlier page."""
    browser.get(base_url + "404.html")
    browser.execute_script("localStorage.setItem('gongkai-a11y', arguments[0])", " ".join(modes))
    browser.get(base_url + path)
    if path.startswith("search/"):
        WebDriverWait(browser, 10).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li"))


def axe_violations(browser):
    axe = Axe(browser)
    axe.inject()
    results = axe.run()
    found = [v for v in results["violations"] if v["id"] not in ACCEPTED]
    return found, Axe(browser).report(found) if found else ""


def html_classes(browser):
    return set(browser.find_element(By.TAG_NAME, "html").get_attribute("class").split())


def test_axe_core_is_a_current_version():
    with open(AXE_SCRIPT, encoding="utf-8") as f:
        version = re.search(r'\.version="(\d+)\.(\d+)', f.read())
    assert version and (int(version.group(1)), int(version.group(2))) >= (4, 9), "install axe-selenium-python-nhsuk (scripts/install-deps.sh --browser)"


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violation(browser, base_url, page, width):
    with screen(browser, width):
        open_page(browser, base_url, page)
        found, report = axe_violations(browser)
    assert not found, report


@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
@pytest.mark.parametrize("mode", MODES.keys())
def test_axe_finds_no_violation_in_each_mode(browser, base_url, mode, page, width):
    with screen(browser, width):
        open_page(browser, base_url, page, [mode])
        assert f"mode-{mode}" in html_classes(browser)
        found, report = axe_violations(browser)
    assert not found, report


@pytest.mark.parametrize("mode", MODES.keys())
def test_a_mode_switches_by_keyboard_and_persists_across_pages(browser, base_url, mode):
    open_page(browser, base_url, "")
    label = MODES[mode]
    # The toolbar comes right after the skip link in tab order.
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "跳到正文"
    for _ in range(6):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.text == label:
            break
    button = browser.switch_to.active_element
    assert button.text == label and button.get_attribute("aria-pressed") == "false"
    button.send_keys(Keys.ENTER)
    assert f"mode-{mode}" in html_classes(browser)
    assert button.get_attribute("aria-pressed") == "true"
    # Followed to another page by a link, the mode is still on and its button still pressed.
    browser.find_element(By.CSS_SELECTOR, ".nav a[href$='grades/']").click()
    WebDriverWait(browser, 10).until(EC.url_contains("grades/"))
    assert f"mode-{mode}" in html_classes(browser)
    assert browser.find_element(By.CSS_SELECTOR, f"#a11y-bar button[data-mode='{mode}']").get_attribute("aria-pressed") == "true"
    # 恢复默认 turns every mode off, for this page and the next.
    browser.find_element(By.CSS_SELECTOR, "#a11y-bar button[data-mode='reset']").click()
    assert not {c for c in html_classes(browser) if c.startswith("mode-")}
    browser.get(base_url + "glossary/")
    assert not {c for c in html_classes(browser) if c.startswith("mode-")}


def test_a_mode_chosen_in_one_tab_reaches_the_other_open_tabs(browser, base_url):
    open_page(browser, base_url, "glossary/")
    first = browser.current_window_handle
    browser.switch_to.new_window("tab")
    try:
        browser.get(base_url + "data/")
        browser.find_element(By.CSS_SELECTOR, "#a11y-bar button[data-mode='large']").click()
        browser.switch_to.window(first)
        WebDriverWait(browser, 5).until(lambda d: "mode-large" in html_classes(d))
        assert browser.find_element(By.CSS_SELECTOR, "#a11y-bar button[data-mode='large']").get_attribute("aria-pressed") == "true"
    finally:
        for handle in browser.window_handles:
            if handle != first:
                browser.switch_to.window(handle)
                browser.close()
        browser.switch_to.window(first)


def test_modes_combine_and_each_changes_the_page(browser, base_url):
    open_page(browser, base_url, "grades/2024/")
    def look():
        return browser.execute_script("""
            var s = getComputedStyle(document.body), chart = document.querySelector('.chart');
            return [s.fontSize, s.lineHeight, s.backgroundColor, getComputedStyle(chart).display];""")
    plain = look()
    open_page(browser, base_url, "grades/2024/", ["large", "contrast"])
    large_contrast = look()
    assert float(large_contrast[0][:-2]) >= 1.25 * float(plain[0][:-2])          # 大字版: larger text
    assert float(large_contrast[1][:-2]) / float(large_contrast[0][:-2]) > float(plain[1][:-2]) / float(plain[0][:-2])  # and more leading
    assert plain[2] == "rgb(255, 255, 255)" and large_contrast[2] == "rgb(0, 0, 0)"   # 高对比度
    open_page(browser, base_url, "grades/2024/", ["text"])
    assert look()[3] == "none"  # 纯文本: the charts give way to their data tables
    assert browser.find_element(By.CSS_SELECTOR, ".chart-pair table").is_displayed()


def overflowing(browser, width):
    """The page, or a table or chart box, wider than the screen (wide content scrolls inside its box instead)."""
    return browser.execute_script("""
        var width = arguments[0], wide = [];
        if (document.documentElement.scrollWidth > width) { wide.push('page ' + document.documentElement.scrollWidth); }
        document.querySelectorAll('.table-wrap, figure.chart').forEach(function (e) {
            var r = e.getBoundingClientRect();
            if (r.width > 0 && (r.right > width + 0.5 || r.left < -0.5)) { wide.push(e.outerHTML.slice(0, 80) + ' ' + r.left + '–' + r.right); }
        });
        return wide;""", width)


@pytest.mark.parametrize("width", [360, 640], ids=["phone", "desktop-at-200-percent-zoom"])
@pytest.mark.parametrize("page", PAGES.values(), ids=PAGES.keys())
def test_large_text_never_overflows_the_screen(browser, base_url, page, width):
    # A 1280 px window zoomed to 200 % lays out like a 640 px screen.
    with screen(browser, width):
        open_page(browser, base_url, page, ["large"])
        assert browser.execute_script("return getComputedStyle(document.documentElement).fontSize") == "20px"
        assert overflowing(browser, width) == []
        # Chart labels are drawn at 14 px or more, and a chart that scrolls can be scrolled by keyboard.
        sizes = browser.execute_script("""
            return Array.prototype.map.call(document.querySelectorAll('figure.chart text'), function (t) {
                return parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a; });""")
        assert all(size >= 14 for size in sizes), sizes
        assert all(f.get_attribute("tabindex") == "0" for f in browser.find_elements(By.CSS_SELECTOR, "figure.chart"))


def luminance(css_colour):
    r, g, b = [int(x) / 255 for x in re.findall(r"\d+", css_colour)[:3]]
    def channel(c):
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a, b):
    la, lb = sorted([luminance(a), luminance(b)], reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("how", ["toolbar", "system"])
def test_charts_keep_readable_labels_and_their_tables_in_high_contrast(browser, base_url, how):
    if how == "toolbar":
        open_page(browser, base_url, "grades/2024/", ["contrast"])
    else:  # no script needed: the browser asks for more contrast
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-contrast", "value": "more"}]})
        open_page(browser, base_url, "grades/2024/")
    try:
        background = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
        assert background == "rgb(0, 0, 0)"
        charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart")
        assert len(charts) >= 2
        for chart in charts:
            labels = chart.find_elements(By.CSS_SELECTOR, "text")
            assert labels and all(contrast(t.value_of_css_property("fill"), background) >= 7 for t in labels)
            bars = chart.find_elements(By.CSS_SELECTOR, "rect.chart-bar")
            assert bars and all(contrast(b.value_of_css_property("fill"), background) >= 3 for b in bars)
            assert contrast(chart.find_element(By.TAG_NAME, "figcaption").value_of_css_property("color"), background) >= 7
        # Every chart's figures are also in a visible data table.
        tables = browser.find_elements(By.CSS_SELECTOR, "main table")
        assert len(tables) >= len(charts) and all(t.is_displayed() for t in tables)
        found, report = axe_violations(browser)
        assert not found, report
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"features": []})


def test_print_ignores_the_modes(browser, base_url):
    open_page(browser, base_url, "projects/2024/jyj-001/", ["large", "contrast", "text"])
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        printed = browser.execute_script("""
            var html = getComputedStyle(document.documentElement), body = getComputedStyle(document.body);
            return [html.fontSize, body.color, body.backgroundColor, getComputedStyle(document.getElementById('a11y-bar')).display];""")
        assert printed == ["16px", "rgb(0, 0, 0)", "rgb(255, 255, 255)", "none"]
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_print_keeps_the_site_title_without_the_search_box(browser, base_url):
    open_page(browser, base_url, "projects/2024/jyj-001/")
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        shown = browser.execute_script("""
            return ['.site-header', '.site-title', '.site-search', '.site-header nav'].map(function (s) {
                return getComputedStyle(document.querySelector(s)).display; });""")
        assert shown == ["block", "block", "none", "none"], shown
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


# The headers HTML's table model gives a cell of the indicator tables: the column's, the 一级 group's
# (a scope="rowgroup" header applies to every cell after it in its row group) and the 二级 row header
# spanning the cell's row. Cells are placed on the grid with their rowspans and colspans.
CELL_HEADERS = """
var out = [];
document.querySelectorAll('table.indicators, table.self-evaluation').forEach(function (table) {
  var columns = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) { return th.textContent; });
  Array.prototype.forEach.call(table.tBodies, function (body) {
    var grid = [], groups = [];
    Array.prototype.forEach.call(body.rows, function (row, y) {
      var x = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        while (grid[y] && grid[y][x]) { x++; }
        for (var dy = 0; dy < cell.rowSpan; dy++) {
          for (var dx = 0; dx < cell.colSpan; dx++) { (grid[y + dy] = grid[y + dy] || [])[x + dx] = cell; }
        }
        if (cell.getAttribute('scope') === 'rowgroup') { groups.push({cell: cell, y: y}); }
        if (cell.tagName === 'TD') {
          var headers = [columns[x]];
          groups.forEach(function (g) { if (g.y <= y) { headers.push(g.cell.textContent); } });
          for (var hx = 0; hx < x; hx++) {
            var h = grid[y][hx];
            if (h && h.getAttribute('scope') === 'row' && headers.indexOf(h.textContent) < 0) { headers.push(h.textContent); }
          }
          out.push({cell: cell.textContent, headers: headers, rowgroups: groups.filter(function (g) { return g.y <= y; }).length,
                    group: groups.length ? groups[groups.length - 1].cell.textContent : null, column: columns[x]});
        }
        x += cell.colSpan;
      });
    });
  });
});
return out;
"""


@pytest.mark.parametrize("page", ["projects/2024/jyj-001/", "projects/2024/zgh-004/"])
def test_each_indicator_cell_is_headed_by_its_own_group_only(browser, base_url, page):
    open_page(browser, base_url, page)
    cells = browser.execute_script(CELL_HEADERS)
    in_groups = [c for c in cells if c["group"]]
    assert len(in_groups) > 20
    # One 一级 header per cell (its own), and a 二级 row header beside it.
    assert all(c["rowgroups"] == 1 for c in in_groups), [c for c in in_groups if c["rowgroups"] != 1][:3]
    assert all(len(c["headers"]) == 3 for c in in_groups), [c for c in in_groups if len(c["headers"]) != 3][:3]
    # The first group (产出指标 in the national frame) no longer heads the rows of the groups after it.
    first = in_groups[0]["group"]
    later = [c for c in in_groups if c["group"] != first]
    assert later and all(first not in c["headers"] for c in later)


def test_without_script_the_toolbar_only_explains_and_the_page_works(browser, base_url):
    open_page(browser, base_url, "grades/2024/you/", ["large"])
    browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        browser.refresh()  # a remembered mode needs the script
        assert not {c for c in html_classes(browser) if c.startswith("mode-")}
        buttons = browser.find_elements(By.CSS_SELECTOR, "#a11y-bar button")
        assert len(buttons) == 4 and not any(b.is_displayed() for b in buttons)  # no buttons that do nothing
        assert "浏览器缩放" in browser.find_element(By.CSS_SELECTOR, ".a11y-hint").text
        assert len(browser.find_elements(By.CSS_SELECTOR, "main tbody tr")) > 1
    finally:
        browser.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
    open_page(browser, base_url, "grades/2024/you/")
    assert not browser.find_element(By.CSS_SELECTOR, ".a11y-hint").is_displayed()


# Text a clerk may type with no space in it: an English name, a web address, a long code. Chinese wraps
# between any two characters; a run of Latin letters only at a space or hyphen, so one long run made the
# page wider than a 360 px phone (WCAG 1.4.10 Reflow): the whole page scrolled sideways.
ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GONGKAI = os.environ.get("GONGKAI_BIN", os.path.join(ROOT, ".build", "debug", "gongkai"))
LONG = "QingchuanMunicipalBudgetPerformanceDisclosurePlatformForTheYearTwoThousandTwentyFive"
LONG_CODE = "CZJ-001-" + "X" * 50


@pytest.fixture(scope="module")
def long_words(tmp_path_factory, serve_site):
    folder = tmp_path_factory.mktemp("long-words")
    site, public = folder / "site", folder / "public"
    subprocess.run([GONGKAI, "new", str(site)], check=True, capture_output=True)
    config = site / "gongkai.yaml"
    config.write_text(config.read_text(encoding="utf-8").replace("title: 示例市预算绩效信息公开平台", f"title: 示例市{LONG}"), encoding="utf-8")
    orgs = site / "content" / "organisations.yaml"
    orgs.write_text(orgs.read_text(encoding="utf-8").replace("name: 示例市财政局本级", f"name: 本级{LONG}")
                    .replace("name: 示例市财政局", f"name: 财政局{LONG}"), encoding="utf-8")
    old = site / "content" / "projects" / "2025" / "CZJ-001.md"
    project = old.read_text(encoding="utf-8").replace("code: CZJ-001", f"code: {LONG_CODE}") \
        .replace("name: 预算绩效管理第三方技术服务", f"name: 项目{LONG}") \
        .replace("goal: 委托第三方机构", f"goal: 见https://example.gov.cn/{LONG}/{LONG}。委托第三方机构")
    old.unlink()
    (site / "content" / "projects" / "2025" / f"{LONG_CODE}.md").write_text(project, encoding="utf-8")
    (site / "content" / "pages" / "changci.md").write_text(
        f"---\ntitle: 通知{LONG}\ndate: 2025-03-01\nsummary: 摘要{LONG}\n---\n正文{LONG}{LONG}\n", encoding="utf-8")
    run = subprocess.run([GONGKAI, "build", "--site", str(site), "--output", str(public), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with serve_site(public) as url:
        yield url


def wider_than(browser, width):
    """The page, and every element outside a scrolling table or chart box, that reaches past the screen."""
    return browser.execute_script("""
        var width = arguments[0], wide = [];
        if (document.documentElement.scrollWidth > width) { wide.push('page ' + document.documentElement.scrollWidth); }
        document.querySelectorAll('body *').forEach(function (e) {
            var r = e.getBoundingClientRect();
            if (r.width > 0 && r.right > width + 0.5 && !e.closest('.table-wrap, figure.chart')) {
                wide.push(e.tagName + ' ' + e.textContent.slice(0, 30) + ' ' + Math.round(r.right)); }
        });
        return wide.slice(0, 5);""", width)


@pytest.mark.parametrize("modes", [(), ("large",)], ids=["plain", "large"])
@pytest.mark.parametrize("page", ["", "projects/2025/" + LONG_CODE.lower() + "/", "departments/czj/", "years/2025/",
                                  "documents/", "changci/", "search/?q=%E9%A1%B9%E7%9B%AE"])
def test_a_long_word_wraps_instead_of_widening_the_page(browser, long_words, page, modes):
    with screen(browser, 360):
        open_page(browser, long_words, page, modes)
        assert LONG[:20] in browser.page_source
        assert wider_than(browser, 360) == []


@pytest.mark.parametrize("page", ["years/2025/", "departments/czj/", "projects/2025/" + LONG_CODE.lower() + "/"])
def test_a_long_word_in_a_table_is_printed_whole(browser, long_words, page):
    # Paper does not scroll: a table wider than the A4 page (180 mm between the margins, about 680 px)
    # is cut off at its edge.
    open_page(browser, long_words, page)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 680, "height": 1000, "deviceScaleFactor": 1, "mobile": False})
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        wide = browser.execute_script("""
            var wide = [];
            document.querySelectorAll('main *').forEach(function (e) {
                var r = e.getBoundingClientRect();
                if (r.width > 0 && r.right > 680.5) { wide.push(e.tagName + ' ' + e.textContent.slice(0, 30) + ' ' + Math.round(r.right)); }
            });
            return wide.slice(0, 5);""")
        assert wide == []
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
