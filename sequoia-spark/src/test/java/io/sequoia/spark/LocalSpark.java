package io.sequoia.spark;

import org.apache.spark.sql.SparkSession;

/** One Spark session on local[2] for every test class of the module (started once: it takes seconds). */
final class LocalSpark {
    private LocalSpark() {}

    private static SparkSession session;

    static synchronized SparkSession get() {
        if (session == null) {
            session = SparkSession.builder().master("local[2]").appName("sequoia-spark-tests")
                    .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
                    .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        }
        return session;
    }
}
