#!/bin/sh
# Install the Debian packages that building and testing libwatpl need.
set -e
PKGS="build-essential pkg-config libutf8proc-dev libjansson-dev check python3 valgrind abigail-tools clang"
# the PostgreSQL extension (make pg) and its tests against a real server (make check-pg)
PKGS="$PKGS postgresql postgresql-server-dev-all"
# the Python package: wheel build, venv install, type check (mk/python.mk)
PKGS="$PKGS python3-venv python3-setuptools python3-wheel python3-pip mypy"
# the locale test (tests/test_locale.c): de_DE.UTF-8, generated below
PKGS="$PKGS locales"
# the state database of `watpl window --state` (cli/state_db.c)
PKGS="$PKGS libsqlite3-dev"
# `deps.sh bench`: also what the benchmarks use (the plot, callgrind's annotate)
if [ "$1" = bench ]; then PKGS="$PKGS gnuplot-nox valgrind time"; fi
# `watpl broadcast --state` reads the SQLite state database (the command links libsqlite3)
PKGS="$PKGS libsqlite3-dev"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
missing=""
for p in $PKGS; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
    $SUDO apt-get update
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends $missing
else
    echo "deps: all packages present"
fi
# The locale test (tests/test_locale.c) runs under de_DE.UTF-8, where the C
# library writes 0,5 for 0.5: generate it when it is missing.
if ! locale -a 2>/dev/null | grep -qi '^de_DE\.utf-\?8$'; then
    if [ -f /etc/locale.gen ] && grep -q 'de_DE.UTF-8 UTF-8' /etc/locale.gen; then
        $SUDO sed -i 's/^# *\(de_DE.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    else
        echo 'de_DE.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
    fi
    $SUDO locale-gen
fi
