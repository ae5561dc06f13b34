#!/usr/bin/env bash
# The HTTP-level load measurement of CookieSessionHandler (see LOAD.md): builds the Netty adapter's
# test classes, then runs dev.crumb.netty.load.HttpLoad in its own JVM. Arguments go to HttpLoad,
# e.g. `netty-adapter/load.sh --rounds 5` or `netty-adapter/load.sh --serve 120`.
# wrk is used when it is on the PATH (Debian: apt-get install wrk), else a small Java client.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -ntp -q -pl netty-adapter -am test-compile \
    dependency:build-classpath \
    -Dmdep.outputFile=target/load-classpath.txt -Dmdep.includeScope=test
exec java -Xms1g -Xmx1g ${HTTPLOAD_JAVA_OPTS:-} \
    -cp "netty-adapter/target/test-classes:netty-adapter/target/classes:$(cat netty-adapter/target/load-classpath.txt)" \
    dev.crumb.netty.load.HttpLoad "$@"
