"""Browser tests: the built example site in real headless Chromium, served on 127.0.0.1.

Run through `make browser-test` (or `make test`), which builds the site into $GONGKAI_SITE first.
"""
import functools
import http.server
import os
import threading

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

SITE = os.environ.get("GONGKAI_SITE", os.path.join(os.path.dirname(__file__), "..", "..", "public"))


@pytest.fixture(scope="session")
def base_url():
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=SITE)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()


def search(browser, base_url, query, **filters):
    browser.get(base_url + "search/")
    wait = WebDriverWait(browser, 10)
    wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, "#filter-year option")) > 1)  # index loaded
    box = browser.find_element(By.ID, "q")
    box.clear()
    box.send_keys(query)
    for name, value in filters.items():
        Select(browser.find_element(By.ID, f"filter-{name}")).select_by_value(value)
    box.send_keys(Keys.ENTER)
    wait.until(lambda d: d.find_element(By.ID, "search-status").text not in ("", "正在搜索……"))
    titles = [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")]
    return browser.find_element(By.ID, "search-status").text, titles


def test_a_chinese_term_finds_its_projects(browser, base_url):
    status, titles = search(browser, base_url, "营养")
    assert "农村义务教育学生营养改善计划" in titles
    assert status == f"找到 {len(titles)} 个结果。"
    # The matched text is highlighted.
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#search-results mark")]
    assert "营养" in marks


def test_a_substring_in_the_middle_of_a_word_matches(browser, base_url):
    _, titles = search(browser, base_url, "务教育学")
    assert "农村义务教育学生营养改善计划" in titles


def test_a_single_character_and_a_code_match(browser, base_url):
    _, titles = search(browser, base_url, "疫")
    assert "重大动物疫病强制免疫" in titles
    _, titles = search(browser, base_url, "jyj-001")
    assert titles and all("营养" in t for t in titles)


def test_title_hits_rank_before_other_hits(browser, base_url):
    _, titles = search(browser, base_url, "培训")
    assert titles, "expected results"
    assert "培训" in titles[0]


@pytest.mark.parametrize("secret", ["青峰-7", "岷盾", "病原微生物实验室安保升级", "国防动员", "禾丰-2", "青禾-9"])
def test_a_withheld_title_returns_nothing(browser, base_url, secret):
    status, titles = search(browser, base_url, secret)
    assert titles == []
    assert status.startswith("没有找到")


def test_filters_narrow_the_results(browser, base_url):
    _, everything = search(browser, base_url, "项目")
    _, only_2025 = search(browser, base_url, "项目", year="2025")
    assert 0 < len(only_2025) < len(everything)
    assert all("2025年度" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))
    _, education = search(browser, base_url, "学生", department="青川市教育局")
    assert education and all("青川市教育局" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))


def test_grade_and_department_pages_are_reachable_by_keyboard(browser, base_url):
    browser.get(base_url)
    body = browser.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    assert browser.switch_to.active_element.text == "跳到正文"
    reached = {}
    for _ in range(40):
        browser.switch_to.active_element.send_keys(Keys.TAB)
        text = browser.switch_to.active_element.text
        if text in ("评价结果", "部门公开") and text not in reached:
            reached[text] = browser.switch_to.active_element.get_attribute("href")
        if len(reached) == 2:
            break
    assert set(reached) == {"评价结果", "部门公开"}
    browser.switch_to.active_element.send_keys(Keys.ENTER)
    WebDriverWait(browser, 10).until(EC.url_changes(base_url))
    assert browser.find_element(By.TAG_NAME, "h1").text in ("评价结果", "部门公开")
    # The focused element is visibly outlined (visible focus).
    browser.get(base_url + "departments/")
    browser.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    outline = browser.switch_to.active_element.value_of_css_property("outline-style")
    assert outline != "none"


def test_grade_lists_sort_without_a_server(browser, base_url):
    browser.get(base_url + "grades/2024/you/")
    def scores():
        return [float(td.get_attribute("data-value")) for td in browser.find_elements(By.CSS_SELECTOR, "tbody td[data-value]:nth-of-type(3)")]
    header = WebDriverWait(browser, 10).until(EC.element_to_be_clickable((By.XPATH, "//th/button[contains(., '得分')]")))
    header.click()
    ascending = scores()
    assert ascending == sorted(ascending) and len(ascending) > 1
    header.click()
    assert scores() == sorted(ascending, reverse=True)


@pytest.mark.parametrize("path", ["", "projects/2024/jyj-001/", "grades/2024/", "search/", "years/2025/compliance/"])
def test_pages_read_on_a_phone(browser, base_url, path):
    # Headless windows are at least 500px wide: emulate a 360px phone screen instead.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {"width": 360, "height": 800, "deviceScaleFactor": 2, "mobile": True})
    try:
        browser.get(base_url + path)
        assert browser.execute_script("return window.innerWidth") == 360
        width = browser.execute_script("return document.documentElement.scrollWidth")
        assert width <= 360, f"{path or 'home'} is {width}px wide on a 360px screen"
    finally:
        browser.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
