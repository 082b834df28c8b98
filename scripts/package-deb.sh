#!/usr/bin/env bash
# Builds the Debian package attnscope_<version>_amd64.deb into dist/ (issue 17): the packages the
# build needs, a release build without -march=native (the package runs on any x86-64 machine),
# then CPack, whose dependencies dpkg-shlibdeps computes from the binary. Install it with
#   sudo apt install ./dist/attnscope_*_amd64.deb
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
BUILD=${BUILD:-build-deb}
cmake -S . -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release -DATTNSCOPE_NATIVE=OFF \
    -DATTNSCOPE_BUILD_TESTS=OFF -DATTNSCOPE_BUILD_BENCH=OFF
cmake --build "$BUILD" --target attnscope attnscope_docs
mkdir -p dist
(cd "$BUILD" && cpack -G DEB -B "$PWD/../dist" >/dev/null)
rm -rf dist/_CPack_Packages
deb=$(ls -t dist/attnscope_*_amd64.deb | head -1)
echo "package-deb: $deb"
dpkg-deb --field "$deb" Package Version Architecture Depends
