#!/usr/bin/env bash
# gongkai beside Hugo on the same data (issue 12's bar): a large synthetic site built by gongkai
# (release, every output and the leak audit included) and the same projects and notices as plain
# Hugo pages with their tables (Debian's hugo), then one edited project rebuilt by gongkai, and the same in its preview.
#   scripts/benchmark-hugo.sh [projects=20000] [notices=projects/10] [--distinct]
# --distinct gives every project its own free texts (make-large-site.py), as a real platform's are.
set -euo pipefail
cd "$(dirname "$0")/.."
distinct=""
args=()
for a in "$@"; do if [ "$a" = "--distinct" ]; then distinct="--distinct"; else args+=("$a"); fi; done
count="${args[0]:-20000}"
notices="${args[1]:-$((count / 10))}"
site="/tmp/gongkai-bench-hugo-$count${distinct:+-distinct}"
hugo_site="$site-hugo"
./scripts/install-deps.sh
command -v hugo >/dev/null || { echo "安装依赖：hugo" >&2; apt-get install -y -qq hugo >/dev/null 2>&1 || sudo apt-get install -y -qq hugo >/dev/null; }
swift build -c release --product gongkai
# On ext4 without a journal (this VM's disk) the kernel passes over every inode freed in the last 60 s when it allocates
# one (`recently_deleted`), and over one freed in the last 360 s while its inode-table block is unwritten, which each new
# inode in that block makes it again. Creating 100,000 files after deleting as many then spends a third of the build's
# CPU in the allocator (perf: `find_inode_bit`, `recently_deleted`), more the more files a tool writes. So no site is
# deleted before the builds are measured: the last run's folders are moved aside and deleted at the end, and a run
# started less than six minutes after that deletion waits out the rest.
trash="/tmp/gongkai-bench-trash"
deleted_at="/tmp/gongkai-bench-deleted-at"
mkdir -p "$trash"
for old in "$site" "$hugo_site"; do [ ! -e "$old" ] || mv "$old" "$trash/$(date +%s%N)"; done
python3 scripts/make-large-site.py "$count" "$site" "$notices" $distinct
python3 scripts/hugo-site.py "$site" "$hugo_site"

measure() { # label, command… → "label wall peak cpu"
  local label="$1"; shift
  /usr/bin/time -f "%e %M %U %S" -o /tmp/gongkai-bench-time "$@" >/tmp/gongkai-bench-stdout 2>/tmp/gongkai-bench-stderr || {
    echo "$label failed:" >&2; grep -v 'warning\[' /tmp/gongkai-bench-stderr | tail -n 5 >&2; exit 1; }
  read -r wall peak user system < /tmp/gongkai-bench-time
  printf '%-28s %8.2f s %8d MiB   cpu %7.1f s\n' "$label" "$wall" "$((peak / 1024))" "$(python3 -c "print($user + $system)")"
  echo "$wall" > "/tmp/gongkai-bench-$label"
}

sync
wait=$(( $(cat "$deleted_at" 2>/dev/null || echo 0) + 361 - $(date +%s) ))
if [ "$wait" -gt 0 ]; then echo "waiting ${wait} s for the last run's deleted files to age (see above)"; sleep "$wait"; fi
echo "$count projects, $notices notices ($(nproc) cores)"
measure gongkai-full .build/release/gongkai build --site "$site" --quiet --force-output
measure hugo-full hugo --quiet --source "$hugo_site"
# One edit: a project's name, then the same build again.
edited=$(find "$site/content/projects" -name '*.md' | sort | sed -n 1p)  # sed reads to the end: head would SIGPIPE sort under pipefail
sed -i 's/^name: \(.*\)$/name: \1（改）/' "$edited"
measure gongkai-one-edit .build/release/gongkai build --site "$site"
# The summary says how many files the rebuild shared with the previous output instead of writing them.
grep -o '其中 [0-9]* 个与上次相同' /tmp/gongkai-bench-stdout | sed 's/^/one edit: /' || true
# Another edit: this build is made from the spare the first rebuild kept (.public.spare), as a clerk's later builds are.
second=$(find "$site/content/projects" -name '*.md' | sort | sed -n 2p)
sed -i 's/^name: \(.*\)$/name: \1（改）/' "$second"
measure gongkai-next-edit .build/release/gongkai build --site "$site"
grep -o '其中 [0-9]* 个与上次相同' /tmp/gongkai-bench-stdout | sed 's/^/next edit: /' || true
gk=$(cat /tmp/gongkai-bench-gongkai-full); hg=$(cat /tmp/gongkai-bench-hugo-full); one=$(cat /tmp/gongkai-bench-gongkai-one-edit)
next=$(cat /tmp/gongkai-bench-gongkai-next-edit)
python3 -c "import sys; gk, hg, one, nx = map(float, sys.argv[1:]); print(f'gongkai / hugo: {gk / hg:.2f}×   one edit / full: {100 * one / gk:.0f} %   next edit / full: {100 * nx / gk:.0f} %')" "$gk" "$hg" "$one" "$next"
echo "pages: gongkai $(find "$site/public" -name '*.html' | wc -l), hugo $(find "$hugo_site/public" -name '*.html' | wc -l)"

# The preview (`gongkai serve`): its first build, the CPU it takes polling while the clerk reads (20 s), then two edits as
# above, each rebuilt from the files the last build parsed (LoadMemo). Its log gives each build's time.
serve_log=/tmp/gongkai-bench-serve.log
.build/release/gongkai serve --site "$site" --port 0 >"$serve_log" 2>&1 &
serve_pid=$!
builds() { grep -c -e '已生成预览' -e '生成失败' "$serve_log" || true; }
await_builds() { # n → waits until the preview has finished n builds (ten minutes at most)
  for _ in $(seq 600); do [ "$(builds)" -ge "$1" ] && return 0; sleep 1; done
  echo "the preview did not finish build $1" >&2; kill -INT "$serve_pid"; exit 1
}
await_builds 1
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$serve_pid/stat"; }
before=$(ticks); sleep 20; idle=$(( $(ticks) - before ))
for n in 3 4; do
  sed -i 's/^name: \(.*\)$/name: \1（改）/' "$(find "$site/content/projects" -name '*.md' | sort | sed -n "${n}p")"
  await_builds $((n - 1))
done
peak=$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$serve_pid/status")
kill -INT "$serve_pid"; wait "$serve_pid" || true
if grep -q '生成失败' "$serve_log"; then echo "a preview build failed:" >&2; grep -v 'warning\[' "$serve_log" | tail -n 5 >&2; exit 1; fi
grep -o '（[0-9]* ms）' "$serve_log" | tr -dc '0-9\n' | paste -sd' ' | {
  read -r first one next
  printf 'preview: first build %.1f s, one edit %.1f s, next edit %.1f s, polling %.0f %% of a core idle, peak %d MiB\n' \
    "$(python3 -c "print($first / 1000)")" "$(python3 -c "print($one / 1000)")" "$(python3 -c "print($next / 1000)")" \
    "$(python3 -c "print($idle / 20)")" "$peak"
}
# The moved-aside folders go now, after every measurement; the next run waits for their inodes if it starts soon.
rm -rf "$trash"; date +%s > "$deleted_at"
