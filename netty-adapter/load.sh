#!/usr/bin/env bash
# The HTTP-level load measurement of CookieSessionHandler (see LOAD.md): builds the Netty adapter's
# test classes, then runs dev.crumb.netty.load.HttpLoad in its own JVM. Arguments go to HttpLoad,
# e.g. `netty-adapter/load.sh --rounds 5` or `netty-adapter/load.sh --serve 120`.
# wrk is used when it is on the PATH, else a small Java client in the server's JVM; when wrk is
# missing and this runs as root with apt-get, Debian's wrk is installed first (as .ci/run does for
# what the tests need), since a load generator in the server's own JVM shares its cores and JIT.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing Debian's wrk for the load generator"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null \
    || echo "wrk could not be installed: the Java client will be used"
fi
mvn -B -ntp -q -pl netty-adapter -am test-compile \
    dependency:build-classpath \
    -Dmdep.outputFile=target/load-classpath.txt -Dmdep.includeScope=test
exec java -Xms1g -Xmx1g ${HTTPLOAD_JAVA_OPTS:-} \
    -cp "netty-adapter/target/test-classes:netty-adapter/target/classes:$(cat netty-adapter/target/load-classpath.txt)" \
    dev.crumb.netty.load.HttpLoad "$@"
