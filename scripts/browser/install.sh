#!/usr/bin/env bash
# Installs Debian's chromium for the end-to-end browser test of `povsim serve`
# (web/e2e_test.go). The test looks for the binary itself; this script only
# makes sure it is there. Needs root (or sudo) and Debian's package archive.
#
# Exit codes: 0 chromium is installed (or already was), 3 it cannot be
# installed here (no apt-get, no root, or the package could not be fetched).
set -euo pipefail

find_chromium() {
	for b in chromium chromium-browser google-chrome-stable google-chrome; do
		if command -v "$b" >/dev/null 2>&1; then
			command -v "$b"
			return 0
		fi
	done
	return 1
}

if path=$(find_chromium); then
	echo "browser: $path ($("$path" --version 2>/dev/null || echo 'version unknown'))"
	exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
	echo "browser: cannot install chromium: apt-get not found (this script needs a Debian-based machine)" >&2
	exit 3
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		SUDO="sudo -n"
	else
		echo "browser: cannot install chromium: not root and no password-less sudo" >&2
		exit 3
	fi
fi

export DEBIAN_FRONTEND=noninteractive
echo "browser: installing Debian's chromium (apt-get)…"
if ! $SUDO apt-get update -qq; then
	echo "browser: cannot install chromium: apt-get update failed (no access to the package archive?)" >&2
	exit 3
fi
if ! $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-liberation >/dev/null; then
	echo "browser: cannot install chromium: apt-get install chromium failed" >&2
	exit 3
fi

if path=$(find_chromium); then
	echo "browser: installed $path ($("$path" --version 2>/dev/null || echo 'version unknown'))"
	exit 0
fi
echo "browser: chromium was installed but no chromium binary is on PATH" >&2
exit 3
