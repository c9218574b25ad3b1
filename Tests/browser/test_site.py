"""Browser tests: the built example site in real headless Chromium, served on 127.0.0.1.

Run through `make browser-test` (or `make test`), which builds the site into $GONGKAI_SITE first.
"""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait


# Search is tested in test_search.py.


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
