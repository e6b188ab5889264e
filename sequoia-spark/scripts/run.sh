#!/bin/sh
# Runs sequoia-spark from this module's build (Spark from Maven on the class path), as docs/spark.md describes:
#   mvn -B -ntp -q -pl sequoia-spark -am package -DskipTests dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
#   sequoia-spark/scripts/run.sh train-classifier --master 'local[2]' --csv mr-train.csv ...
# JAR and CP may point elsewhere (a copy made before a rebuild).
here=$(cd "$(dirname "$0")/.." && pwd)
JAR=${JAR:-$here/target/sequoia-spark.jar}
CP=${CP:-$(cat "$here/target/classpath.txt")}
ARGS=$(sed -n 's:.*<spark.jvm.args>\(.*\)</spark.jvm.args>.*:\1:p' "$here/pom.xml")
exec java --add-modules jdk.incubator.vector $ARGS ${JAVA_OPTS:-} -cp "$JAR:$CP" io.sequoia.spark.cli.SparkMain "$@"
