#!/usr/bin/env bash
# Install headless Chromium and a CJK font for the viewer's browser tests, when missing.
# Needs root (or sudo) and Debian's package registry; without them the browser tests skip.
set -u
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
dpkg-query -W -f='${Status}' fonts-wqy-microhei 2>/dev/null | grep -q 'install ok installed' || need+=(fonts-wqy-microhei)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ]; then SUDO=""; elif command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
  echo "note: cannot install ${need[*]} (not root): the browser tests will be skipped" >&2; exit 0; fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1; then
  $SUDO apt-get update -q >/dev/null 2>&1 || true
  $SUDO apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null 2>&1 \
    || echo "note: apt-get install ${need[*]} failed: the browser tests will be skipped" >&2
fi
exit 0
