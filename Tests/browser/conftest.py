"""Fixtures the browser tests share: the built example site served on 127.0.0.1, and one headless
Chromium for the whole run (pytest finds them here; no test module imports another's)."""
import contextlib
import functools
import http.server
import os
import threading

import pytest
from selenium import webdriver

SITE = os.environ.get("GONGKAI_SITE", os.path.join(os.path.dirname(__file__), "..", "..", "public"))


@contextlib.contextmanager
def served(directory):
    """A built site served on 127.0.0.1 for as long as the block runs; yields its address."""
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url():
    with served(SITE) as url:
        yield url


@pytest.fixture(scope="session")
def serve_site():
    """`serve_site(folder)` in a test module's fixture: the same server, for a site the module built."""
    return served


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,1000"):
        options.add_argument(flag)
    service = webdriver.ChromeService(executable_path=os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    driver = webdriver.Chrome(options=options, service=service)
    yield driver
    driver.quit()
