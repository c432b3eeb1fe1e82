#!/usr/bin/env bash
# The file tree of qasim's container image below the application (built by `mvn -B -Pimage package`, see
# docs/container.md): a Java runtime made by jlink from this machine's JDK with the modules qasim uses, the
# shared libraries it loads (from this machine, with their Debian copyright files), the fonts the charts are
# drawn with, a fontconfig configuration, /etc/passwd and /etc/group, and /tmp. No registry, no base image:
# the image is this tree plus the application on top of an empty ("scratch") image.
#
#   tools/container/runtime-root.sh OUT_DIR
#
# Needs a JDK 17+ with its jmods (Debian: openjdk-17-jdk-headless), ldd, and Debian's fonts-dejavu-core and
# libfontconfig1. JAVA_HOME chooses the JDK (default: the one of `java` on the PATH).
set -euo pipefail

[ $# = 1 ] || { echo "usage: $0 OUT_DIR" >&2; exit 1; }
out="$1"
fail() { echo "runtime-root: $*" >&2; exit 1; }

java_home="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
[ -x "$java_home/bin/jlink" ] || fail "no jlink in $java_home/bin (set JAVA_HOME to a JDK 17+)"
[ -d "$java_home/jmods" ] || fail "$java_home has no jmods folder, which jlink needs (Debian: openjdk-17-jdk-headless)"
fonts=/usr/share/fonts/truetype/dejavu
[ -f "$fonts/DejaVuSans.ttf" ] || fail "no $fonts/DejaVuSans.ttf: install Debian's fonts-dejavu-core"
command -v ldd >/dev/null || fail "ldd is needed"

# What qasim's jar and its libraries use (jdeps --print-module-deps on the shaded jar): java.desktop for the
# charts (Java2D, ImageIO), java.sql for Jackson's date types, jdk.unsupported for protobuf and Guava; and
# jdk.incubator.vector for the fast engine's vector kernels (the entrypoint adds it).
modules=java.base,java.desktop,java.sql,jdk.unsupported,jdk.incubator.vector

rm -rf "$out"
mkdir -p "$out"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --output "$out/opt/java"
# Native parts for a display and sound, which a headless run never loads and whose libraries the image lacks
rm -f "$out/opt/java/lib/libawt_xawt.so" "$out/opt/java/lib/libjsound.so" "$out/opt/java/lib/libsplashscreen.so"

# Shared libraries: what the runtime's programs and libraries link, and libfontconfig, which the JDK opens at
# run time to find fonts; each copied (symbolic links resolved) to the path the dynamic loader looks in.
declare -A copied=()
copy_library() { # a path as ldd prints it
  local path="$1" real package
  [ -n "${copied[$path]:-}" ] && return
  copied[$path]=1
  real="$(readlink -f "$path")"
  mkdir -p "$out$(dirname "$path")"
  cp "$real" "$out$path"
  chmod 755 "$out$path"
  for candidate in "$real" "${real#/usr}" "/usr$real" "$path"; do
    package="$(dpkg -S "$candidate" 2>/dev/null | head -n 1 | cut -d: -f1 || true)"
    [ -n "$package" ] && break
  done
  if [ -n "$package" ] && [ -f "/usr/share/doc/$package/copyright" ]; then
    mkdir -p "$out/usr/share/doc/$package"
    cp "/usr/share/doc/$package/copyright" "$out/usr/share/doc/$package/copyright"
  fi
}
libraries_of() { # the libraries (and the loader) an ELF file needs, resolved on this machine
  ldd "$1" 2>/dev/null | sed -nE 's/.*=> (\/[^ ]+) .*/\1/p; s/^[[:space:]]+(\/[^ ]+) \(.*/\1/p' \
    | grep -v "^$out" || true
}
fontconfig="$(ldconfig -p 2>/dev/null | sed -nE 's/.*libfontconfig\.so\.1 .*=> (.*)$/\1/p' | head -n 1)"
[ -n "$fontconfig" ] || fontconfig="$(ls /usr/lib/*/libfontconfig.so.1 /lib/*/libfontconfig.so.1 2>/dev/null | head -n 1 || true)"
[ -n "$fontconfig" ] || fail "libfontconfig.so.1 not found: install Debian's libfontconfig1"
pending=("$fontconfig")
while IFS= read -r f; do pending+=("$f"); done < <(find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \))
while [ ${#pending[@]} -gt 0 ]; do
  f="${pending[0]}"
  pending=("${pending[@]:1}")
  while IFS= read -r lib; do
    [ -z "$lib" ] && continue
    if [ -z "${copied[$lib]:-}" ]; then
      copy_library "$lib"
      pending+=("$lib")
    fi
  done < <(libraries_of "$f")
  case "$f" in "$out"*) ;; *) copy_library "$f" ;; esac
done

# Fonts: JFreeChart's text (the SansSerif family and its bold) is drawn with DejaVu, found through fontconfig
mkdir -p "$out/usr/share/fonts/truetype/dejavu" "$out/etc/fonts" "$out/usr/share/doc/fonts-dejavu-core"
for font in DejaVuSans.ttf DejaVuSans-Bold.ttf DejaVuSansMono.ttf DejaVuSerif.ttf; do
  [ -f "$fonts/$font" ] && cp "$fonts/$font" "$out/usr/share/fonts/truetype/dejavu/"
done
cp /usr/share/doc/fonts-dejavu-core/copyright "$out/usr/share/doc/fonts-dejavu-core/copyright" 2>/dev/null || true
cat >"$out/etc/fonts/fonts.conf" <<'XML'
<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- qasim's image: the fonts under /usr/share/fonts; the cache in /tmp (the rest of the image may be read-only) -->
<fontconfig>
  <dir>/usr/share/fonts</dir>
  <cachedir>/tmp/fontconfig</cachedir>
</fontconfig>
XML

# A user table, so that the JVM's user.name and user.home resolve for root and for nobody
printf 'root:x:0:0:root:/root:/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n' >"$out/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$out/etc/group"
mkdir -p "$out/tmp" "$out/root"
echo "runtime-root: $(du -sh "$out" | cut -f1) in $out ($(find "$out" -name '*.so*' -not -path '*/opt/java/*' | wc -l) libraries)" >&2
