package io.sequoia.spark.cli;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** The options every job shares: where Spark runs and how the input CSV is read. */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master: local[N], local[*], yarn, k8s://... (default: spark-submit's, else local[*]).") String master;
    @Option(names = "--partitions", description = "Repartition the input into N partitions (default: as read).") Integer partitions;
    @Option(names = "--spark-log", description = "Spark's log level (default: ${DEFAULT-VALUE}).") String logLevel = "WARN";

    private static SparkSession session;

    SparkSession session(String app) {
        Level level = Level.toLevel(logLevel, null);
        if (level == null) throw new IllegalArgumentException("--spark-log must be a log4j level (ERROR, WARN, INFO, DEBUG), got " + logLevel);
        Configurator.setRootLevel(level);
        SparkSession.Builder b = SparkSession.builder().appName(app).config("spark.ui.showConsoleProgress", "false");
        if (master != null) b.master(master);
        else if (System.getProperty("spark.master") == null) b.master("local[*]");
        session = b.getOrCreate();
        keepContextForTheLastCheckpoint();
        session.sparkContext().setLogLevel(logLevel);
        return session;
    }

    private static boolean hooked;

    /**
     * Ctrl-C during a training job: the JVM runs its shutdown hooks at once, Spark's (which stops the context a
     * data-parallel step's job runs on) alongside the fit loop's (which waits for a checkpoint at the next step
     * boundary). Spark runs its hooks as one hook of Hadoop's shutdown manager (priority 40, under Hadoop's 30-second
     * timeout); a hook of that manager ordered before it (priority 50, its own timeout of 130 s) waits for the fit
     * loop's checkpoint first ({@link io.sequoia.train.Interruption#awaitCheckpoint}, which returns at once without a
     * checkpointing run). Without Hadoop on the class path, a hook of Spark's own manager ordered before the context's stop.
     */
    private static synchronized void keepContextForTheLastCheckpoint() {
        if (hooked) return;
        hooked = true;
        Runnable await = io.sequoia.train.Interruption::awaitCheckpoint;
        try {
            org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(await, org.apache.hadoop.fs.FileSystem.SHUTDOWN_HOOK_PRIORITY + 40, 130, java.util.concurrent.TimeUnit.SECONDS);
        } catch (NoClassDefFoundError noHadoop) {
            org.apache.spark.util.ShutdownHookManager.addShutdownHook(org.apache.spark.util.ShutdownHookManager.SPARK_CONTEXT_SHUTDOWN_PRIORITY() + 1, () -> {
                await.run();
                return scala.runtime.BoxedUnit.UNIT;
            });
        }
    }

    /** A CSV with a header row, column types inferred. */
    Dataset<Row> csv(SparkSession s, Path file) {
        Dataset<Row> d = s.read().option("header", "true").option("inferSchema", "true").csv(file.toString());
        return partitions == null ? d : d.repartition(partitions);
    }

    /**
     * As {@link #csv(SparkSession, Path)}, the columns {@code asText} (where the file has them) read as strings, as written
     * ({@code 007} stays {@code 007}, {@code 2020-01-01 00:00} is not made a timestamp); the others' types inferred.
     */
    Dataset<Row> csv(SparkSession s, Path file, String... asText) { return partition(csvAsRead(s, file, asText)); }

    /** As {@link #csv(SparkSession, Path, String...)}, in the file's order (not repartitioned: its first row is the file's). */
    Dataset<Row> csvAsRead(SparkSession s, Path file, String... asText) {
        Dataset<Row> d = s.read().option("header", "true").option("inferSchema", "true").csv(file.toString());
        java.util.List<String> text = java.util.Arrays.asList(asText);
        org.apache.spark.sql.types.StructType schema = new org.apache.spark.sql.types.StructType();
        boolean retype = false;
        for (org.apache.spark.sql.types.StructField f : d.schema().fields()) {
            boolean t = text.contains(f.name()) && f.dataType() != org.apache.spark.sql.types.DataTypes.StringType;
            retype |= t;
            schema = schema.add(t ? f.copy(f.name(), org.apache.spark.sql.types.DataTypes.StringType, f.nullable(), f.metadata()) : f);
        }
        return retype ? s.read().option("header", "true").schema(schema).csv(file.toString()) : d;
    }

    /** {@code --partitions N}: {@code d} repartitioned into N partitions; else as it is. */
    Dataset<Row> partition(Dataset<Row> d) { return partitions == null ? d : d.repartition(partitions); }

    static void stop() { if (session != null) session.stop(); }
}
