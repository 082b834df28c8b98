#!/usr/bin/env bash
# Renders resources/icons/attnscope.svg into the PNG sizes the window, the desktop entry and the
# package use (resources/icons/attnscope-<N>.png). Needs rsvg-convert (Debian librsvg2-bin);
# run it after editing the SVG and commit the PNGs.
set -euo pipefail
cd "$(dirname "$0")/../resources/icons"
for n in 16 24 32 48 64 128 256 512; do
    rsvg-convert -w "$n" -h "$n" attnscope.svg -o "attnscope-$n.png"
done
