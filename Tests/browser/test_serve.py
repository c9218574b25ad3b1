"""`gongkai serve` in real headless Chromium: a saved edit reloads the open page by itself, a broken
file shows the diagnostics overlay, and the fix brings the page back. Ctrl-C stops the server cleanly."""
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
GONGKAI = os.environ.get("GONGKAI_BIN", os.path.join(ROOT, ".build", "debug", "gongkai"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path):
    site = tmp_path / "site"
    subprocess.run([GONGKAI, "new", str(site)], check=True, capture_output=True)
    port = free_port()
    server = subprocess.Popen([GONGKAI, "serve", "--site", str(site), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 60
    while True:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            assert time.time() < deadline, "gongkai serve did not start"
            time.sleep(0.2)
    yield site, url
    server.send_signal(signal.SIGINT)
    _, stderr = server.communicate(timeout=20)
    assert server.returncode == 0, stderr
    assert "已停止预览" in stderr


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_an_edit_reloads_the_page_and_a_broken_file_shows_the_overlay(served, browser):
    site, url = served
    browser.get(url)
    wait = WebDriverWait(browser, 30)
    wait.until(lambda d: "示例市预算绩效信息公开平台" in d.title)
    browser.execute_script("window.gongkaiNotReloaded = true")

    edit(site / "gongkai.yaml", "title: 示例市预算绩效信息公开平台", "title: 改名后的公开平台")
    wait.until(lambda d: "改名后的公开平台" in d.title)
    assert browser.execute_script("return window.gongkaiNotReloaded === undefined")  # a real reload

    edit(site / "gongkai.yaml", "base_url: https://example.gov.cn/", "base_url: 不是网址")
    overlay = wait.until(lambda d: d.find_elements(By.ID, "gongkai-overlay"))[0]
    assert overlay.is_displayed()
    assert "gongkai.yaml:" in overlay.text and "GK" in overlay.text

    edit(site / "gongkai.yaml", "base_url: 不是网址", "base_url: https://example.gov.cn/")
    wait.until(lambda d: not d.find_elements(By.ID, "gongkai-overlay") and "改名后的公开平台" in d.title)
