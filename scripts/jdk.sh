# Sourced by ./build and ./authstream: sets JAVA_HOME to a JDK >= 21 or explains what to install.
# Order: JAVA_HOME if new enough, then the JDKs under /usr/lib/jvm (newest first), then `java` on PATH.
authstream_java_version() { # $1 = JDK home; prints the feature version or nothing
  [ -x "$1/bin/java" ] || return 0
  if [ -f "$1/release" ]; then
    sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
  else
    "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9]*\).*/\1/p'
  fi
}
authstream_find_jdk() {
  local c v
  for c in "${JAVA_HOME:-}" $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV) \
           "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    c="${c%/}"
    [ -n "$c" ] || continue
    v=$(authstream_java_version "$c")
    if [ -n "$v" ] && [ "$v" -ge 21 ] && [ -x "$c/bin/javac" ]; then
      echo "$c"; return 0
    fi
  done
  return 1
}
if ! JAVA_HOME=$(authstream_find_jdk); then
  echo "authstream needs a JDK 21 or newer (found none in JAVA_HOME, /usr/lib/jvm or on PATH)." >&2
  echo "Install one, e.g. 'apt-get install openjdk-21-jdk-headless' (or Temurin 21/25), or set JAVA_HOME." >&2
  exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
if [ "$(authstream_java_version "$JAVA_HOME")" -ge 24 ]; then
  # Maven 3.8's bundled Guava touches sun.misc.Unsafe; silence the JDK 24+ warning it triggers.
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
