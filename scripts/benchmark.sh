#!/usr/bin/env bash
# Measures a release build of a large synthetic site: wall time, peak memory, pages; then search:
# bytes and time per query in headless Chromium, beside Pagefind on the same built pages.
#   scripts/benchmark.sh [projects=20000] [all|build|search]
# The generated site is kept in /tmp/gongkai-bench-<projects> and reused (delete it to regenerate).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
part="${2:-all}"
site="/tmp/gongkai-bench-$count"
./scripts/install-deps.sh
swift build -c release --product gongkai
[ -d "$site/content" ] || python3 scripts/make-large-site.py "$count" "$site"
rm -rf "$site/theme" && cp -R theme "$site/theme"   # the generated site keeps its data, takes today's theme
if [ "$part" != "search" ]; then
  for run in 1 2 3; do
    /usr/bin/time -f "run $run: %e s wall, %M KiB peak" .build/release/gongkai build --site "$site" --quiet
  done
fi
.build/release/gongkai build --site "$site"
find "$site/public" -type f | wc -l | sed 's/^/files: /'
if [ "$part" != "build" ]; then
  ./scripts/install-deps.sh --browser
  pagefind=""
  if python3 -m pagefind --version >/dev/null 2>&1 || python3 -m pip install -q --disable-pip-version-check "pagefind[extended]"; then
    pagefind="--pagefind"
  else
    echo "Pagefind is not installable here: gongkai only." >&2
  fi
  python3 scripts/search-benchmark.py "$site/public" $pagefind
fi
