#!/usr/bin/env python3
"""Bytes and time per search query on a built site, measured in headless Chromium against a plain
static server (python's http.server, no compression) that counts the bytes it sends (headers and
bodies; Pagefind fetches from a web worker, out of sight of the page's Performance API), with the
browser cache off. For each query:
the search page with its assets and meta.json ("page"), what the query itself fetches for its first
page of results ("query"), and the time from submitting to the first page shown. With --pagefind
(when `pip install "pagefind[extended]"` works) Pagefind indexes the same built pages and answers the
same queries (results plus the data of their first 10 hits), side by side.

    scripts/search-benchmark.py /tmp/gongkai-bench-20000/public [--pagefind]
"""
import functools
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading

from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

QUERIES = ["培训", "资金", "满意度", "学生", "营", "营养改善", "义务教育学生", "CODE", "项目", "完成率"]

PAGEFIND_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>pagefind bench</title></head>
<body><script type="module">
window.run = async function (q) {
  performance.clearResourceTimings();
  const start = performance.now();
  const pf = window.pf || (window.pf = await import("/_pagefind_bench/pagefind.js"));
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map(x => x.data()));
  const ms = performance.now() - start;
  return {count: r.results.length, shown: data.length, ms: ms};
};
window.ready = true;
</script></body></html>
"""


def serve(root):
    handler = functools.partial(QuietHandler, directory=root)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


SENT = [0]
SENT_LOCK = threading.Lock()


class Counting:
    def __init__(self, stream):
        self.stream = stream

    def write(self, data):
        with SENT_LOCK:
            SENT[0] += len(data)
        return self.stream.write(data)

    def __getattr__(self, name):
        return getattr(self.stream, name)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def setup(self):
        super().setup()
        self.wfile = Counting(self.wfile)

    def log_message(self, *args):
        pass


def sent():
    with SENT_LOCK:
        return SENT[0]


def chromium():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
    return driver


def gongkai(driver, url, query):
    start = sent()
    driver.get(url + "search/")
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return document.querySelectorAll('#filter-year option').length > 1"))
    page = sent() - start
    driver.execute_script("performance.clearResourceTimings(); performance.clearMarks();"
                          "document.getElementById('q').value = arguments[0];"
                          "document.getElementById('search-form').requestSubmit();", query)
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return performance.getEntriesByName('gongkai-search-shown').length > 0"))
    ms = driver.execute_script("return performance.getEntriesByName('gongkai-search-shown')[0].startTime"
                               " - performance.getEntriesByName('gongkai-search-start')[0].startTime")
    status = driver.execute_script("return document.getElementById('search-status').textContent")
    shown = driver.execute_script("return document.querySelectorAll('#search-results li').length")
    return {"page": page, "query": sent() - start - page, "ms": ms, "status": status, "shown": shown}


def pagefind(driver, url, query):
    start = sent()
    driver.get(url + "_pagefind_bench.html")
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return window.ready === true"))
    page = sent() - start
    result = driver.execute_async_script("var done = arguments[1]; window.run(arguments[0]).then(done);", query)
    result["bytes"] = sent() - start - page
    return {"page": page, **result}


def main():
    root = os.path.abspath(sys.argv[1])
    with_pagefind = "--pagefind" in sys.argv
    meta = json.load(open(os.path.join(root, "search", "meta.json"), encoding="utf-8"))
    code = ""  # the first project code in the index (records: url, title, code, …)
    for i in range(0, meta["count"], meta["records"]):
        code = code or next((r[2] for r in json.load(open(os.path.join(root, "search", "r", f"{i // meta['records']}.json"), encoding="utf-8")) if r[2]), "")
        if code:
            break
    queries = [code if q == "CODE" else q for q in QUERIES]
    index = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(root, "search")) for f in fs
                if not f.endswith(".html"))
    print(f"gongkai index: {meta['count']} documents, {index / 1024 / 1024:.1f} MiB, {index // meta['count']} bytes a document")
    if with_pagefind:
        output = os.path.join(root, "_pagefind_bench")
        shutil.rmtree(output, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "pagefind", "--site", root, "--output-path", output, "--force-language", "zh"],
                       check=True, stdout=subprocess.DEVNULL)
        open(os.path.join(root, "_pagefind_bench.html"), "w", encoding="utf-8").write(PAGEFIND_PAGE)
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(output) for f in fs)
        print(f"pagefind index: {size / 1024 / 1024:.1f} MiB")
    server, url = serve(root)
    try:
        header = f"{'query':<22}{'gongkai page':>13}{'query':>9}{'total':>9}{'ms':>7}  status"
        if with_pagefind:
            header += f"  |{'pagefind page':>14}{'query':>10}{'total':>10}{'ms':>7}{'hits':>7}"
        print(header)
        for q in queries:
            # A fresh browser for each query and each tool: nothing cached (Pagefind's worker does not
            # obey the page's cache switch).
            driver = chromium()
            g = gongkai(driver, url, q)
            driver.quit()
            line = f"{q:<22}{g['page'] / 1024:>10.1f} kB{g['query'] / 1024:>6.1f} kB{(g['page'] + g['query']) / 1024:>6.1f} kB{g['ms']:>7.0f}  {g['status']}"
            if with_pagefind:
                driver = chromium()
                p = pagefind(driver, url, q)
                driver.quit()
                line += (f"  |{p['page'] / 1024:>11.1f} kB{p['bytes'] / 1024:>7.1f} kB{(p['page'] + p['bytes']) / 1024:>7.1f} kB"
                         f"{p['ms']:>7.0f}{p['count']:>7}")
            print(line, flush=True)
    finally:
        server.shutdown()
        if with_pagefind:
            shutil.rmtree(os.path.join(root, "_pagefind_bench"), ignore_errors=True)
            os.remove(os.path.join(root, "_pagefind_bench.html"))


main()
