#!/bin/sh
# Installs Debian's Chromium (and a Japanese font, for the screenshots of
# the Japanese pages) for the dashboard's browser tests
# (internal/server/browser_test.go), only when apt would remove nothing:
# `apt-get -s install` is read first and the install is refused if it
# lists a removal. Idempotent; run as root. Without root, or when apt
# would remove something, it says so and exits 0: the browser tests then
# skip (or fail under KMSDOCTOR_BROWSER=1).
set -eu
PKGS="chromium fonts-noto-cjk"
missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
if [ -z "$missing" ]; then
	echo "chromium-deps: all present ($(/usr/bin/chromium --version 2>/dev/null || echo chromium))"
	exit 0
fi
if [ "$(id -u)" != 0 ]; then
	echo "chromium-deps: not root, not installing$missing (browser tests will skip)"
	exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
if apt-get -s install $missing | grep -q '^Remv '; then
	echo "chromium-deps: apt would remove packages to install$missing; not installing:"
	# shellcheck disable=SC2086
	apt-get -s install $missing | grep '^Remv '
	exit 0
fi
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
echo "chromium-deps: installed$missing"
