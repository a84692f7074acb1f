#!/usr/bin/env bash
# Builds, without a Docker daemon or a registry, a slim base image for the Estran image: glibc,
# libgcc and zlib from Debian 12 packages (apt-get download, needs only the Debian mirror), a Java 17
# runtime cut by jlink from the local JDK's jmods, tzdata, the CA certificates, and a non-root user
# 10001. Written as a docker-save tarball that Jib takes as its base (tar://), then:
#
#   scripts/image-base.sh
#   mvn -B -Pimage -DskipTests -Dimage.base=tar://$PWD/target/image-base/estran-base.tar \
#       package jib:buildTar
#
# Nothing it builds is committed: everything goes to target/image-base.
set -euo pipefail

out="$(cd "$(dirname "$0")/.." && pwd)/target/image-base"
jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
packages=(libc6 libgcc-s1 libstdc++6 zlib1g tzdata netbase)
# What Estran and its libraries use of the JDK (jdeps over the class path, rounded up).
modules=java.base,java.compiler,java.desktop,java.instrument,java.logging,java.management,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,java.security.sasl,java.sql,java.transaction.xa,java.xml,jdk.crypto.ec,jdk.crypto.cryptoki,jdk.httpserver,jdk.jfr,jdk.localedata,jdk.management,jdk.naming.dns,jdk.net,jdk.unsupported,jdk.zipfs

[[ -d "$jdk/jmods" ]] || { echo "no jmods in $jdk (install openjdk-17-jdk-headless)" >&2; exit 1; }
rm -rf "$out"
mkdir -p "$out/debs" "$out/rootfs"
(cd "$out/debs" && apt-get download "${packages[@]}" >/dev/null)
for deb in "$out"/debs/*.deb; do
  dpkg-deb -x "$deb" "$out/rootfs"
done
# what a container needs and the packages' scripts would have made
rm -rf "$out/rootfs/usr/share/doc" "$out/rootfs/usr/share/man" "$out/rootfs/usr/share/lintian" \
  "$out/rootfs/usr/share/locale"
mkdir -p "$out/rootfs/etc" "$out/rootfs/tmp" "$out/rootfs/home/nonroot" "$out/rootfs/opt"
chmod 1777 "$out/rootfs/tmp"
printf 'root:x:0:0:root:/root:/sbin/nologin\nnonroot:x:10001:10001:nonroot:/home/nonroot:/sbin/nologin\n' \
  >"$out/rootfs/etc/passwd"
printf 'root:x:0:\nnonroot:x:10001:\n' >"$out/rootfs/etc/group"
ln -sf /usr/share/zoneinfo/Etc/UTC "$out/rootfs/etc/localtime"
echo "Etc/UTC" >"$out/rootfs/etc/timezone"
# Debian's merged /usr: /lib64/ld-linux-x86-64.so.2 must resolve
for dir in bin lib lib64 sbin; do
  if [[ -d "$out/rootfs/usr/$dir" && ! -e "$out/rootfs/$dir" ]]; then
    ln -s "usr/$dir" "$out/rootfs/$dir"
  fi
done
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" --strip-debug --no-man-pages \
  --no-header-files --compress=2 --output "$out/rootfs/opt/java"
chmod 1777 "$out/rootfs/home/nonroot" # the layer's files belong to root; the user may write here

# docker-save layout: one layer, its config, the manifest
(cd "$out/rootfs" && tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner -cf ../layer.tar .)
diff_id="sha256:$(sha256sum "$out/layer.tar" | cut -d' ' -f1)"
cat >"$out/config.json" <<JSON
{"architecture":"amd64","os":"linux","created":"1970-01-01T00:00:00Z",
 "config":{"User":"10001:10001","Env":["PATH=/opt/java/bin:/usr/bin:/bin","JAVA_HOME=/opt/java","LANG=C.UTF-8"],"WorkingDir":"/home/nonroot"},
 "rootfs":{"type":"layers","diff_ids":["$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"scripts/image-base.sh"}]}
JSON
echo '[{"Config":"config.json","RepoTags":["estran/base:17"],"Layers":["layer.tar"]}]' >"$out/manifest.json"
(cd "$out" && tar --mtime=@0 --owner=0 --group=0 -cf estran-base.tar manifest.json config.json layer.tar)
echo "$out/estran-base.tar ($(du -h "$out/estran-base.tar" | cut -f1)), Java $("$out/rootfs/opt/java/bin/java" -version 2>&1 | head -1)"
