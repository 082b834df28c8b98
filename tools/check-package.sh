#!/usr/bin/env bash
# The Debian package and the desktop integration files (issue 17), as CTest runs it:
#   tools/check-package.sh SOURCE_DIR BUILD_DIR
# Validates the desktop entry and the AppStream metainfo, builds the .deb with CPack from the
# build folder, and checks its file list and control fields.
set -euo pipefail
src=$1
build=$2
fail() { echo "check-package: $*" >&2; exit 1; }

command -v desktop-file-validate >/dev/null || fail "desktop-file-validate missing (scripts/install-deps.sh)"
command -v appstreamcli >/dev/null || fail "appstreamcli missing (scripts/install-deps.sh)"
desktop-file-validate "$src/resources/attnscope.desktop"
appstreamcli validate --no-net "$src/resources/io.github.attnscope.AttnScope.metainfo.xml"
if command -v xmllint >/dev/null; then xmllint --noout "$src/resources/attnscope-mime.xml"; fi

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
(cd "$build" && cpack -G DEB -B "$out" >/dev/null)
deb=$(ls "$out"/attnscope_*_amd64.deb 2>/dev/null | head -1)
[ -n "$deb" ] || fail "cpack made no attnscope_<version>_amd64.deb"
version=$(sed -n 's/^project(AttnScope VERSION \([0-9.]*\).*/\1/p' "$src/CMakeLists.txt")
[ "$(basename "$deb")" = "attnscope_${version}_amd64.deb" ] || fail "unexpected name $(basename "$deb")"

files=$(dpkg-deb -c "$deb" | awk '{print $6}')
for f in ./usr/bin/attnscope \
         ./usr/share/applications/attnscope.desktop \
         ./usr/share/metainfo/io.github.attnscope.AttnScope.metainfo.xml \
         ./usr/share/mime/packages/attnscope.xml \
         ./usr/share/icons/hicolor/scalable/apps/attnscope.svg \
         ./usr/share/man/man1/attnscope.1.gz \
         ./usr/share/bash-completion/completions/attnscope; do
    grep -qx "$f" <<<"$files" || fail "missing $f"
done
for size in 16 24 32 48 64 128 256 512; do
    grep -qx "./usr/share/icons/hicolor/${size}x${size}/apps/attnscope.png" <<<"$files" ||
        fail "missing the ${size}x${size} icon"
done
# Nothing outside /usr, no test or benchmark programs.
if grep -v '^\./usr' <<<"$files" | grep -qv '^\./$'; then fail "files outside /usr"; fi
if grep -qE 'tst_|bench' <<<"$files"; then fail "tests or benchmarks in the package"; fi

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = attnscope ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = amd64 ] || fail "Architecture: $(field Architecture)"
depends=$(field Depends)
# dpkg-shlibdeps found the libraries the binary links; the plugins and the CJK font are named.
for d in libqt6widgets6 libqt6svg6 libqcustomplot2.1-qt6 libopenblas0 libzip4 libc6 \
         qt6-qpa-plugins fonts-noto-cjk; do
    grep -q "$d" <<<"$depends" || fail "Depends lacks $d: $depends"
done
# The man page and the completion come from the command table: every command is in them.
man=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/man/man1/attnscope.1.gz | gzip -d)
completion=$(dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/share/bash-completion/completions/attnscope)
for c in compute mask inspect tokenize model export presets devices; do
    grep -q "attnscope $c" <<<"$man" || fail "the man page lacks $c"
    grep -q "$c)" <<<"$completion" || fail "the completion lacks $c"
done
echo "check-package: $(basename "$deb") — $(wc -l <<<"$files") entries, Depends: $depends"
