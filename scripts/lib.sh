# Shared by the scripts: find the project and build the jar when it is missing or stale.
BESTER_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BESTER_JAR="$BESTER_HOME/target/besterd.jar"

ensure_jar() {
  mkdir -p "$BESTER_HOME/target"
  (
    # one build at a time, even when several scripts start together
    flock 9
    if [ ! -f "$BESTER_JAR" ] || [ -n "$(find "$BESTER_HOME/src/main" "$BESTER_HOME/pom.xml" -newer "$BESTER_JAR" -print -quit)" ]; then
      echo "besterd: building $BESTER_JAR (first run or sources changed)..." >&2
      # Maven's console library leaves colour resets behind even in batch mode: strip them.
      mvn -q -B -Dstyle.color=never -f "$BESTER_HOME/pom.xml" -DskipTests package 2>&1 | sed 's/\x1b\[[0-9;]*m//g' >&2
      [ "${PIPESTATUS[0]}" -eq 0 ] || { echo "besterd: build failed" >&2; exit 1; }
    fi
  ) 9>"$BESTER_HOME/target/.build.lock"
}
