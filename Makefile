# gongkai — common tasks. `make site` builds the example site; `make test` runs the tests.
# Both install the system dependency (libcmark-dev) first when it is missing.

SWIFT ?= swift

.PHONY: deps site check test clean

deps:
	./scripts/install-deps.sh

site: deps
	$(SWIFT) build --product gongkai
	$(SWIFT) run gongkai build

check: deps
	$(SWIFT) run gongkai check

test: deps
	$(SWIFT) test

clean:
	rm -rf .build public .public.staging .public.previous
