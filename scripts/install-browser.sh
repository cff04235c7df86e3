#!/bin/sh
# Debian's Chromium and ChromeDriver for the map's browser tests (no browser download by a test tool).
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null && $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null \
  || echo "warning: could not install chromium and chromium-driver; the browser tests will fail" >&2
