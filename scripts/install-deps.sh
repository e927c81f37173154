#!/bin/sh
# Installs the Debian 12 packages ML Workbench needs to build, test, package and run,
# skipping those already present. Uses sudo when not run as root. The list is complete on
# a bare Debian 12 with no Recommends: .ci/run proves it in a fresh mmdebstrap root.
set -eu

# libqt6opengl6-dev: Qt6Charts' CMake package requires Qt6OpenGL, and qt6-base-dev only
# recommends it. dpkg-dev and file: cpack's dpkg-shlibdeps and its ELF detection.
# poppler-utils and librsvg2-bin: the figure tests rasterize exported PDF and SVG.
# libfftw3-dev and libboost-dev: the MCMC diagnostics' FFT autocorrelation and normal quantiles.
# libspectra-dev: Lanczos iterations for spectral clustering on large sparse graphs (header-only).
packages="cmake ninja-build g++ pkg-config
  qt6-base-dev qt6-charts-dev qt6-svg-dev libqt6opengl6-dev libqt6svg6 qt6-qpa-plugins libgl-dev
  libeigen3-dev libspdlog-dev libfmt-dev nlohmann-json3-dev
  dpkg-dev file
  poppler-utils librsvg2-bin
  fonts-dejavu-core
  libfftw3-dev libboost-dev
  libspectra-dev"

missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing:$missing"
$sudo apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
