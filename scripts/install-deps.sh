#!/usr/bin/env bash
# Installs what gongkai needs to build on Debian/Ubuntu: cmark (libcmark-dev) and pkg-config.
# Safe to run repeatedly: it does nothing when both are present.
set -euo pipefail

if pkg-config --exists libcmark 2>/dev/null; then
  exit 0
fi

echo "安装依赖：libcmark-dev pkg-config" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq libcmark-dev pkg-config >/dev/null
pkg-config --exists libcmark
