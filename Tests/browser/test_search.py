"""Browser tests for site search: the built example site in headless Chromium (see test_site.py).

Paging fetches only the records it shows, counts are exact (or marked 约 until checked), filters,
snippets, and withheld titles never found.
"""
import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select, WebDriverWait


BUSY = ("", "正在搜索……", "正在加载更多结果……")


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
    wait.until(lambda d: d.find_element(By.ID, "search-status").text not in BUSY)
    return browser.find_element(By.ID, "search-status").text, titles(browser)


def titles(browser):
    return [a.text for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")]


def more(browser):
    """Clicks 更多结果 and waits for the next page; returns the titles now listed."""
    before = len(titles(browser))
    browser.find_element(By.ID, "search-more").click()
    WebDriverWait(browser, 10).until(lambda d: len(titles(d)) > before and d.find_element(By.ID, "search-status").text not in BUSY)
    return titles(browser)


def count(status):
    found = re.match(r"找到(约)? (\d+) 个结果", status)
    assert found, status
    return int(found.group(2)), found.group(1) is None


def every_result(browser):
    while browser.find_element(By.ID, "search-more").is_displayed():
        more(browser)
    return titles(browser)


def fetched(browser):
    return browser.execute_script("return performance.getEntriesByType('resource').map(function (e) { return e.name; })")


def test_a_chinese_term_finds_its_projects(browser, base_url):
    status, found = search(browser, base_url, "营养")
    assert "农村义务教育学生营养改善计划" in found
    assert status == f"找到 {len(found)} 个结果。"
    # The matched text is highlighted.
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#search-results mark")]
    assert "营养" in marks


def test_a_substring_in_the_middle_of_a_word_matches(browser, base_url):
    _, found = search(browser, base_url, "务教育学")
    assert "农村义务教育学生营养改善计划" in found


def test_a_single_character_and_a_code_match(browser, base_url):
    _, found = search(browser, base_url, "疫")
    assert "重大动物疫病强制免疫" in found
    _, found = search(browser, base_url, "jyj-001")
    assert found and all("营养" in t for t in found)
    # A full-width code typed on a Chinese keyboard finds the same.
    _, wide = search(browser, base_url, "ＪＹＪ－００１")
    assert wide == found


def test_title_hits_rank_before_other_hits(browser, base_url):
    _, found = search(browser, base_url, "培训")
    assert found, "expected results"
    with_title = [t for t in found if "培训" in t]
    assert with_title and found[:len(with_title)] == with_title


@pytest.mark.parametrize("secret", ["青峰-7", "岷盾", "病原微生物实验室安保升级", "国防动员", "禾丰-2", "青禾-9"])
def test_a_withheld_title_returns_nothing(browser, base_url, secret):
    status, found = search(browser, base_url, secret)
    assert found == []
    assert status.startswith("没有找到")
    assert not browser.find_element(By.ID, "search-more").is_displayed()


def test_filters_narrow_the_results(browser, base_url):
    status, _ = search(browser, base_url, "项目")
    everything, _ = count(status)
    status, _ = search(browser, base_url, "项目", year="2025")
    only_2025, _ = count(status)
    assert 0 < only_2025 < everything
    assert all("2025年度" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))
    _, education = search(browser, base_url, "学生", department="青川市教育局")
    assert education and all("青川市教育局" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))
    _, good = search(browser, base_url, "项目", grade="优")
    assert good and all("自评等级 优" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))
    # The filters are kept in the address, so a result list can be shared.
    assert "grade=" in browser.current_url


def test_more_results_fetch_only_the_records_they_show(browser, base_url):
    status, first = search(browser, base_url, "项目")
    total, exact = count(status)
    assert exact and total > 10 and len(first) == 10
    assert status == f"找到 {total} 个结果，显示前 10 个。"
    before = set(fetched(browser))
    second = more(browser)
    assert second[:10] == first and len(second) == min(20, total)
    new = [u for u in fetched(browser) if u not in before]
    assert new and all(re.search(r"/search/r/\d+\.json$", u) for u in new), new
    assert len(new) <= 10
    # Focus moves to the first new result, so a keyboard user continues from there.
    assert browser.switch_to.active_element.text == second[10]
    # Paging to the end lists each result once, as many as the count said.
    links = every_result(browser)
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#search-results li > a")]
    assert len(links) == total == len(set(hrefs))
    assert browser.find_element(By.ID, "search-status").text == f"找到 {total} 个结果。"


def test_a_long_query_is_counted_about_until_every_candidate_is_checked(browser, base_url):
    # Three characters are two bigrams: a document may hold both without the phrase, so the count
    # is an upper bound (约) until paging has checked every candidate against its text.
    status, _ = search(browser, base_url, "满意度")
    total, exact = count(status)
    if total > 10:
        assert not exact
    every_result(browser)
    final, exact = count(browser.find_element(By.ID, "search-status").text)
    assert exact and final == len(titles(browser)) and final <= total
    assert all("满意度" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))


def test_snippets_show_where_the_match_is(browser, base_url):
    search(browser, base_url, "受益")
    snippets = [p.text for p in browser.find_elements(By.CSS_SELECTOR, "#search-results li > p:not(.meta-line)")]
    assert snippets and any(s.startswith("指标：") and "受益" in s for s in snippets), snippets
    marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#search-results li > p mark")]
    assert "受益" in marks


def test_an_address_with_a_query_searches_on_load(browser, base_url):
    browser.get(base_url + "search/?q=%E8%90%A5%E5%85%BB&year=2025")
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "search-status").text not in BUSY)
    assert browser.find_element(By.ID, "q").get_attribute("value") == "营养"
    assert Select(browser.find_element(By.ID, "filter-year")).first_selected_option.get_attribute("value") == "2025"
    assert titles(browser) and all("2025年度" in li.text for li in browser.find_elements(By.CSS_SELECTOR, "#search-results li"))


def test_nothing_is_fetched_beyond_the_page(browser, base_url):
    # A two-character query reads meta, one shard (and at most the term's own file) and the records
    # of its first page: nothing else of the index.
    search(browser, base_url, "营养")
    index = [u for u in fetched(browser) if "/search/" in u and not u.endswith("/search/")]
    assert not any(re.search(r"/search/(docs|shards)/", u) for u in index)
    assert len([u for u in index if "/search/s/" in u]) == 1
    assert len([u for u in index if "/search/t/" in u]) <= 1
