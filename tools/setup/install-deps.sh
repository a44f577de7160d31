#!/usr/bin/env bash
# Installs what Parta needs to build and test on Debian 12, as root. Idempotent and quick when
# everything is there already: apt-get runs only for packages that are missing.
set -euo pipefail

packages=(
  # build
  cmake ninja-build g++ ccache pkg-config
  # libraries (DESIGN.md §3)
  liblmdb-dev libprotobuf-dev protobuf-compiler libcli11-dev libfmt-dev libtomlplusplus-dev
  libsodium-dev libzstd-dev libboost-dev libsystemd-dev
  libsqlite3-dev
  # task materials (DESIGN.md §6): git objects and packs; SHA-1 of the packs Parta writes
  libgit2-dev libssl-dev git
  # paper packets (DESIGN.md §7): PDF with Russian text, QR codes, Markdown task bodies
  libcairo2-dev libpango1.0-dev libqrencode-dev fonts-dejavu-core
  # task tables (GFM), images (JPEG) and Russian hyphenation in paper packets
  libcmark-gfm-dev libcmark-gfm-extensions-dev libjpeg62-turbo-dev libhyphen-dev hyphen-ru
  # reading returned pages (parta paper scan): QR codes, PDF pages as images, JPEG scans
  libzbar-dev libpoppler-glib-dev libjpeg62-turbo-dev
  # tests and benchmarks; the paper tests read PDFs back and degrade page images like a scanner
  libgtest-dev libbenchmark-dev lmdb-utils tzdata poppler-utils zbar-tools imagemagick
  # the fuzz targets' short runs in tools/test.sh (libFuzzer, ASan, UBSan)
  clang libclang-rt-14-dev
  # the wire benchmark (tools/bench-sync.sh): gzip for its Morango baseline, its rsync baseline
  zlib1g-dev rsync
)

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}" >&2
  echo "install-deps: run this script as root (sudo) to install them." >&2
  exit 1
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
