#!/usr/bin/env bash
# Installs ONNX Runtime into the project-local folder .deps/onnxruntime/ (ONNXRUNTIME_ROOT to
# change), where CMake finds it. Idempotent: returns at once when the wanted versions are there.
#
# Neither Debian 12 nor pip offers a C/C++ ONNX Runtime we can use, so it is put together from two
# registries, each verified by its own client:
#   - the library: npm's onnxruntime-node ships libonnxruntime.so.1 for Linux x86-64 built for
#     glibc 2.28 (npm checks the tarball against the registry's integrity hash);
#   - the headers: Debian trixie's libonnxruntime-dev, fetched with `apt-get download` through a
#     private source list, state and cache (the system's apt sources are left alone). The archive
#     is signed with the trixie key that Debian 12's debian-archive-keyring already ships.
# Headers of an older release work with a newer library through the versioned C API
# (OrtGetApiBase()->GetApi(ORT_API_VERSION) with the headers' smaller version).
#
# Layout produced: include/*.h, lib/libonnxruntime.so{,.1}, share/ (licences, provenance).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PREFIX="${ONNXRUNTIME_ROOT:-$ROOT/.deps/onnxruntime}"
NPM_PACKAGE="${ONNXRUNTIME_NPM_PACKAGE:-onnxruntime-node@1.30.0}"
NPM_LIBRARY_PATH="package/bin/napi-v6/linux/x64/libonnxruntime.so.1"
DEBIAN_SUITE="${ONNXRUNTIME_DEBIAN_SUITE:-trixie}"
DEBIAN_MIRROR="${ONNXRUNTIME_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
DEBIAN_KEYRING="/usr/share/keyrings/debian-archive-${DEBIAN_SUITE}-stable.gpg"
HEADER_PACKAGE="libonnxruntime-dev"
STAMP="$PREFIX/share/trackgnn-onnxruntime.stamp"
WANTED="library=$NPM_PACKAGE headers=$HEADER_PACKAGE/$DEBIAN_SUITE"

if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$WANTED" ] && [ -f "$PREFIX/lib/libonnxruntime.so.1" ] \
  && [ -f "$PREFIX/include/onnxruntime_cxx_api.h" ]; then
  exit 0
fi

if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "fetch-onnxruntime: only Linux x86-64 is supported (found $(uname -s)-$(uname -m)); skipping" >&2
  exit 0
fi
for tool in npm apt-get dpkg tar; do
  if ! command -v "$tool" >/dev/null; then
    echo "fetch-onnxruntime: '$tool' is needed; install it (apt-get install npm) and run again" >&2
    exit 1
  fi
done
if [ ! -f "$DEBIAN_KEYRING" ]; then
  echo "fetch-onnxruntime: $DEBIAN_KEYRING is missing; 'apt-get install debian-archive-keyring' provides it" >&2
  exit 1
fi

# Staged beside the destination so that the final move is one rename.
mkdir -p "$(dirname "$PREFIX")"
WORK="$(mktemp -d "$(dirname "$PREFIX")/.onnxruntime-download.XXXXXX")"
trap 'rm -rf "$WORK"' EXIT
STAGE="$WORK/stage"
mkdir -p "$STAGE/include" "$STAGE/lib" "$STAGE/share"

echo "fetch-onnxruntime: downloading $NPM_PACKAGE"
tarball="$(cd "$WORK" && npm pack --silent "$NPM_PACKAGE" | tail -n 1)"
tar -xzf "$WORK/$tarball" -C "$WORK" "$NPM_LIBRARY_PATH" package/package.json package/README.md
install -m 0755 "$WORK/$NPM_LIBRARY_PATH" "$STAGE/lib/libonnxruntime.so.1"
ln -s libonnxruntime.so.1 "$STAGE/lib/libonnxruntime.so"
cp "$WORK/package/package.json" "$STAGE/share/onnxruntime-node.package.json"
cp "$WORK/package/README.md" "$STAGE/share/onnxruntime-node.README.md"

echo "fetch-onnxruntime: downloading $HEADER_PACKAGE from Debian $DEBIAN_SUITE"
APT_DIR="$WORK/apt"
mkdir -p "$APT_DIR/lists/partial" "$APT_DIR/cache/archives/partial" "$APT_DIR/sources.list.d" "$APT_DIR/download"
echo "deb [signed-by=$DEBIAN_KEYRING] $DEBIAN_MIRROR $DEBIAN_SUITE main" >"$APT_DIR/sources.list"
# apt's _apt sandbox user cannot write into a private mktemp folder; apt verifies the download either way.
APT_OPTIONS=(
  -qq
  "-oDir::Etc::SourceList=$APT_DIR/sources.list"
  "-oDir::Etc::SourceParts=$APT_DIR/sources.list.d"
  "-oDir::State::Lists=$APT_DIR/lists"
  "-oDir::Cache=$APT_DIR/cache"
  "-oAPT::Architecture=amd64"
  "-oAPT::Sandbox::User=$(id -un)"
)
apt-get "${APT_OPTIONS[@]}" update
(cd "$APT_DIR/download" && apt-get "${APT_OPTIONS[@]}" download "$HEADER_PACKAGE")
dpkg -x "$APT_DIR"/download/"$HEADER_PACKAGE"_*.deb "$APT_DIR/unpacked"
cp "$APT_DIR"/unpacked/usr/include/onnxruntime/*.h "$STAGE/include/"
cp -r "$APT_DIR/unpacked/usr/include/onnxruntime/core" "$STAGE/include/"
cp "$APT_DIR/unpacked/usr/share/doc/$HEADER_PACKAGE/copyright" "$STAGE/share/$HEADER_PACKAGE.copyright"
dpkg-deb -f "$APT_DIR"/download/"$HEADER_PACKAGE"_*.deb Package Version >"$STAGE/share/$HEADER_PACKAGE.version"

echo "$WANTED" >"$STAGE/share/trackgnn-onnxruntime.stamp"
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"
echo "fetch-onnxruntime: installed into $PREFIX"
