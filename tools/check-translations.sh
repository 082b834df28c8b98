#!/usr/bin/env bash
# Whether resources/translations/*.ts still match the code: runs lupdate over app/, widgets/ and
# core/ (whose messages are made with Text::tr, core/common/Text.h)
# into a temporary copy of each committed .ts and fails when the code has strings the .ts lacks
# (added or changed without a translation) or the .ts keeps strings the code no longer has (run
# the command printed below, translate, commit). The build never runs lupdate: the committed
# .ts is the source of truth, and tests/widgets/tst_translations checks that it is complete.
#
# Usage: tools/check-translations.sh [source tree]   (LUPDATE=/path/to/lupdate to choose one)
set -euo pipefail

root=$(cd "${1:-$(dirname "$0")/..}" && pwd)
lupdate=${LUPDATE:-}
if [[ -z $lupdate ]]; then
    for candidate in /usr/lib/qt6/bin/lupdate "$(qtpaths6 --query QT_INSTALL_BINS 2>/dev/null)/lupdate" \
                     "$(command -v lupdate-qt6 || true)"; do
        if [[ -x $candidate ]]; then lupdate=$candidate; break; fi
    done
fi
[[ -x ${lupdate:-} ]] || { echo "check-translations: lupdate (Qt 6) not found: apt install qt6-l10n-tools" >&2; exit 2; }
command -v python3 >/dev/null || { echo "check-translations: python3 is needed" >&2; exit 2; }

# core makes its messages with Text::tr (core/common/Text.h); an Error built from a string there
# would stay English in the window.
if made=$(cd "$root" && grep -rnE '(^|[^:])\bError[{(][^})]' core --include='*.cpp' --include='*.h' |
          grep -v '^core/common/Result.h:'); then
    echo "check-translations: core builds these messages without Text::tr:" >&2
    echo "$made" >&2
    exit 1
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
status=0
shopt -s nullglob
ts_files=("$root"/resources/translations/attnscope_*.ts)
[[ ${#ts_files[@]} -gt 0 ]] || { echo "check-translations: no resources/translations/attnscope_*.ts" >&2; exit 1; }

for ts in "${ts_files[@]}"; do
    name=$(basename "$ts")
    # The copy sits where the original does, relative to the sources, so that nothing but the
    # messages can differ; obsolete messages are kept (marked vanished) to be reported.
    mkdir -p "$tmp/resources/translations"
    cp "$ts" "$tmp/resources/translations/$name"
    (cd "$root" && "$lupdate" -silent -I . app widgets core -locations none \
        -ts "$tmp/resources/translations/$name") >"$tmp/lupdate.log" 2>&1 || {
        cat "$tmp/lupdate.log" >&2
        exit 2
    }
    if grep -q "Qualifying with unknown\|Cannot invoke tr\|Discarding unconsumed" "$tmp/lupdate.log" ||
       grep -q "<name>Text</name>" "$tmp/resources/translations/$name"; then
        echo "$name: lupdate could not place some strings:" >&2
        cat "$tmp/lupdate.log" >&2
        status=1
    fi
    python3 - "$tmp/resources/translations/$name" "$name" <<'EOF' || status=1
import sys
import xml.etree.ElementTree as ET

path, name = sys.argv[1], sys.argv[2]
new, gone = [], []
for context in ET.parse(path).getroot().iter("context"):
    ctx = context.findtext("name")
    for message in context.iter("message"):
        source = message.findtext("source")
        kind = message.find("translation").get("type", "")
        if kind == "unfinished":
            new.append((ctx, source))
        elif kind in ("vanished", "obsolete"):
            gone.append((ctx, source))
for title, items in (("strings of the code without a translation", new),
                     ("translated strings the code no longer has", gone)):
    if items:
        print(f"{name}: {len(items)} {title}:")
        for ctx, source in items:
            print(f"  [{ctx}] {source!r}")
if new or gone:
    print(f"update it: lupdate -I . app widgets core -ts resources/translations/{name} "
          "-no-obsolete -locations none, translate every unfinished message (Qt Linguist), "
          "and check: lrelease reports 0 unfinished")
    sys.exit(1)
print(f"{name}: every string of app/, widgets/ and core/ is translated")
EOF
done
exit $status
