"""Browser tests for site search: the built example site in headless Chromium (see test_site.py).

Paging fetches only the records it shows, counts are exact (or marked 约 until checked), filters,
snippets, and withheld titles never found. A scratch site (`gongkai new` plus the pages below) holds
the characters and lengths the example site has none of.
"""
import os
import re
import subprocess
import urllib.parse

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


@pytest.mark.parametrize("secret", ["青峰-7", "岷盾", "病原微生物实验室安保升级", "国防动员", "禾丰-2", "青禾-9", "营盘-3"])
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


def test_text_a_project_page_shows_finds_it(browser, base_url):
    # Only in the 2024 key-evaluation report, and only in the self-evaluation's 改进措施.
    for phrase in ["问卷3260份", "实行问题清单销号管理"]:
        status, found = search(browser, base_url, phrase)
        assert found == ["农村义务教育学生营养改善计划"], (phrase, status)
        assert "2024年度" in browser.find_element(By.CSS_SELECTOR, "#search-results li").text


ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GONGKAI = os.environ.get("GONGKAI_BIN", os.path.join(ROOT, ".build", "debug", "gongkai"))
TAIL = "附录：尾部独有的检索短语。"
SCRATCH_PAGES = {
    "nianfen": ("关于二〇二五年度绩效自评工作的通知", "本通知自二〇二五年三月一日起施行。"),
    "dier": ("第二批项目清单", "列入第二批、第五批和二五计划的项目。"),
    "erqi": ("污水处理厂Ⅱ期工程", "Ⅱ期工程于年底完工。"),
    "sanqi": ("污水处理厂三期工程", "三期工程已开工。"),
    "lianxi": ("联系人名单", "联系人：𠮷田先生。"),
    "pinyin": ("青川（Qīngchuān）简介", "青川的拼音是 Qīngchuān。"),
    "yingwen": ("青川（Qingchuan）英文名", "青川的英文名是 Qingchuan。"),
    "alpha": ("α射线检测规程", "α射线检测。"),
    "xray": ("X射线检测规程", "X射线检测。"),
    # Invisible characters pasted in with a text: a zero-width space, a soft hyphen.
    "yinxing": ("隐形\u200b字符\u00ad测试通知", "正文含有零宽\u200b空格。"),
    # About 100 kB of text, then a phrase found nowhere else.
    "changpian": ("长篇报告", "\n\n".join(f"第{i}段：预算绩效管理工作持续推进。" for i in range(4000)) + "\n\n" + TAIL),
}
NO_GOAL = """---
code: CZJ-002
name: 票据电子化试点
year: 2025
department: CZJ
unit: CZJ-01
---
试点情况见[说明](javascript:alert\\(5\\))，**重点**推进`电子票据`。
"""


@pytest.fixture(scope="module")
def scratch(tmp_path_factory, serve_site):
    folder = tmp_path_factory.mktemp("search-site")
    site, public = folder / "site", folder / "public"
    subprocess.run([GONGKAI, "new", str(site)], check=True, capture_output=True)
    for name, (title, body) in SCRATCH_PAGES.items():
        (site / "content" / "pages" / f"{name}.md").write_text(f"---\ntitle: {title}\ndate: 2025-03-01\n---\n{body}\n", encoding="utf-8")
    (site / "content" / "projects" / "2025" / "CZJ-002.md").write_text(NO_GOAL, encoding="utf-8")
    run = subprocess.run([GONGKAI, "build", "--site", str(site), "--output", str(public), "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    with serve_site(public) as url:
        yield url, public


@pytest.mark.parametrize("query, expected", [
    ("二〇二五", "关于二〇二五年度绩效自评工作的通知"),   # 〇 is not a separator: a page with 二 and 二五 is no hit
    ("Ⅱ期", "污水处理厂Ⅱ期工程"),                    # nor a Roman numeral: 三期 is no hit
    ("ⅱ期", "污水处理厂Ⅱ期工程"),                    # and its case is folded like a letter's
    ("𠮷", "联系人名单"),                            # an Extension B ideograph, two UTF-16 units
    ("Qīngchuān", "青川（Qīngchuān）简介"),          # accented letters: Qingchuan is no hit
    ("QĪNGCHUĀN", "青川（Qīngchuān）简介"),
    ("α射线", "α射线检测规程"),                      # α is not indexed but still checked: X射线 is no hit
])
def test_every_character_of_the_query_counts(browser, scratch, query, expected):
    url, _ = scratch
    status, found = search(browser, url, query)
    assert found == [expected], status
    assert status == "找到 1 个结果。"


def test_a_query_with_nothing_searchable_says_so(browser, scratch):
    url, _ = scratch
    status, found = search(browser, url, "α")
    assert found == [] and "汉字、字母或数字" in status


def test_a_long_page_keeps_a_small_record_and_its_tail_is_found(browser, scratch):
    url, public = scratch
    records = [os.path.getsize(os.path.join(public, "search", "r", name)) for name in os.listdir(os.path.join(public, "search", "r"))]
    assert max(records) < 12_000, max(records)
    # One character is one term: found as a term means found as text, so the count is exact.
    status, found = search(browser, url, "尾")
    assert found == ["长篇报告"] and status == "找到 1 个结果。"
    # Several terms past the record's text: found by its terms, but not checked as text, so 约.
    status, found = search(browser, url, "尾部独有")
    assert found == ["长篇报告"] and status == "找到约 1 个结果。"


def test_a_snippet_is_plain_text(browser, scratch):
    url, _ = scratch
    search(browser, url, "票据电子化试点")
    snippet = browser.find_element(By.CSS_SELECTOR, "#search-results li > p:not(.meta-line)").text
    assert snippet == "试点情况见说明，重点推进电子票据。"


@pytest.mark.parametrize("query", ["字符测试", "隐形\u200b字符", "零宽空格"])
def test_invisible_characters_neither_hide_a_text_nor_spoil_a_pasted_query(browser, scratch, query):
    # The page shows 隐形字符测试通知; the words a reader sees find it, and so does a query pasted
    # from the page with its zero-width space.
    url, _ = scratch
    browser.get(url + "search/?q=" + urllib.parse.quote(query))
    WebDriverWait(browser, 10).until(lambda d: d.find_element(By.ID, "search-status").text not in BUSY)
    assert titles(browser) == ["隐形字符测试通知"], browser.find_element(By.ID, "search-status").text
