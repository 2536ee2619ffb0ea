#!/bin/sh
# Install into a temporary DESTDIR, build an example against the installed
# copy through pkg-config, run it, uninstall, and check nothing is left.
# usage: check-install.sh MAKE CC
set -e
MAKE=${1:-make} CC=${2:-cc}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
prefix=/usr/local
$MAKE --no-print-directory install DESTDIR="$dest" PREFIX=$prefix > /dev/null
pcdir="$dest$prefix/lib/pkgconfig"
flags=$(PKG_CONFIG_SYSROOT_DIR="$dest" PKG_CONFIG_PATH="$pcdir" pkg-config --cflags --libs libwatpl)
ver=$(PKG_CONFIG_PATH="$pcdir" pkg-config --modversion libwatpl)
$CC -std=c11 -Wall -Werror -o "$dest/example" examples/validate.c $flags
LD_LIBRARY_PATH="$dest$prefix/lib" "$dest/example" > /dev/null
"$dest$prefix/bin/watpl" version > /dev/null 2>&1 || LD_LIBRARY_PATH="$dest$prefix/lib" "$dest$prefix/bin/watpl" version > /dev/null
$MAKE --no-print-directory uninstall DESTDIR="$dest" PREFIX=$prefix > /dev/null
rm -f "$dest/example"
left=$(find "$dest" -type f | head -5)
if [ -n "$left" ]; then
    echo "check-install: files left after uninstall:"; echo "$left"; exit 1
fi
echo "check-install: installed libwatpl $ver, built and ran examples/validate.c via pkg-config, uninstalled cleanly"
