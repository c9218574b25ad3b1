#!/usr/bin/env bash
# Measures a release build of a large synthetic site: wall time, peak memory, pages.
#   scripts/benchmark.sh [projects=20000]
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-20000}"
site="/tmp/gongkai-bench-$count"
./scripts/install-deps.sh
swift build -c release --product gongkai
python3 scripts/make-large-site.py "$count" "$site"
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KiB peak" .build/release/gongkai build --site "$site" --quiet
done
.build/release/gongkai build --site "$site"
find "$site/public" -type f | wc -l | sed 's/^/files: /'
