#!/usr/bin/env bash
# Sourced by the other scripts: picks the newest JDK >= 21 (JAVA_HOME if it already is one, else the
# newest under /usr/lib/jvm) and exports JAVA_HOME and PATH.

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}'; }

pick_jdk() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/javac" ]] && (( $(java_major "$JAVA_HOME") >= 21 )); then
    return 0
  fi
  local best="" best_major=0 dir major
  for dir in /usr/lib/jvm/*/; do
    dir="${dir%/}"
    [[ -x "$dir/bin/javac" && ! -L "$dir" ]] || continue
    major="$(java_major "$dir")"
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    if (( major > best_major )); then best="$dir"; best_major="$major"; fi
  done
  if (( best_major < 21 )); then
    echo "error: Trawl needs a JDK 21 or newer; none found under /usr/lib/jvm (install e.g. temurin-25-jdk)" >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

pick_jdk && export PATH="$JAVA_HOME/bin:$PATH"
# Maven's bundled Guava touches sun.misc.Unsafe; JDK 24+ warns about it on every build
if (( $(java_major "$JAVA_HOME") >= 24 )) && [[ "${MAVEN_OPTS:-}" != *sun-misc-unsafe* ]]; then
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
