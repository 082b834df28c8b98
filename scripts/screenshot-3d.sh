#!/usr/bin/env bash
# Screenshots of the application's 3D tab under a virtual X server, one per preset (default:
# local global translation), into OUT (default ./attnscope-3d-shots). Needs a build, xvfb-run,
# xdotool and ImageMagick's `import`. The tab's position assumes the default window layout at
# 1920 × 1080 (docs/screenshot-3d.png was made this way, from the local preset, then cropped).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
app="$root/build/app/attnscope"
out="${OUT:-$PWD/attnscope-3d-shots}"
presets=("$@")
[ ${#presets[@]} -gt 0 ] || presets=(local global translation)
mkdir -p "$out"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$app" presets --json > "$work/presets.json"
for name in "${presets[@]}"; do
    python3 -c "import json, sys; [json.dump(p, open(sys.argv[2], 'w')) for p in json.load(open(sys.argv[1])) if p['name'] == sys.argv[3]]" \
        "$work/presets.json" "$work/$name.attnscope.json" "$name"
    cat > "$work/shot.sh" <<INNER
#!/usr/bin/env bash
"$app" "$work/$name.attnscope.json" -geometry 1900x1060+0+0 >/dev/null 2>&1 &
pid=\$!
sleep 6
xdotool mousemove 856 61 click 1   # the 3D tab
sleep 4
import -window root "$out/3d-$name.png"
kill \$pid
INNER
    chmod +x "$work/shot.sh"
    HOME="$work/home-$name" env -u QT_QPA_PLATFORM \
        xvfb-run -a -s "-screen 0 1920x1080x24" "$work/shot.sh"
    echo "$out/3d-$name.png"
done
