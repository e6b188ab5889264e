package io.sequoia.data;

import io.sequoia.tensor.Errors;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The datasets Sequoia knows by name, where each one lives, and how to fetch it. A name is looked up
 * in the shared data folder first ({@code ../shared/data/<folder>}, or {@code $SEQUOIA_DATA}), then in
 * the download cache ({@code $SEQUOIA_CACHE}, default {@code ~/.cache/sequoia/datasets/<name>}).
 * {@link DatasetFetcher} downloads a dataset's files from their canonical sources into the cache,
 * each checked against its SHA-256.
 */
public final class DatasetRegistry {
    private DatasetRegistry() {}

    /**
     * One downloadable file.
     * @param name   the file name in the dataset folder
     * @param url    the canonical source
     * @param sha256 the expected SHA-256 of the bytes (lower-case hex)
     * @param size   the expected size in bytes
     */
    public record RemoteFile(String name, String url, String sha256, long size) {}

    /**
     * A dataset: its name, a one-line description, its folder under the shared data root, and its files.
     * @param format the {@link TextDatasets.Format} name when it is a text-classification corpus, else null
     */
    public record Dataset(String name, String description, String sharedFolder, String format, List<RemoteFile> files) {}

    private static final String MR = "https://raw.githubusercontent.com/dennybritz/cnn-text-classification-tf/5a4610cd713c184ffd9e4dade7ba811ded30e71c/data/rt-polaritydata/";
    private static final String TS = "https://raw.githubusercontent.com/jbrownlee/Datasets/d20fcb6402ae34e653d4513b00f39257bb37ed7f/";
    private static final Map<String, Dataset> KNOWN = new LinkedHashMap<>();

    static {
        add(new Dataset("mr", "MR sentence polarity v1.0 (Pang & Lee 2005): 5,331 + 5,331 review snippets, Windows-1252",
                "mr-polarity", "mr", List.of(
                new RemoteFile("rt-polarity.pos", MR + "rt-polarity.pos", "d79ef14009bbf87cd6be21f91c3ea1a3cbcb73b34dfb4231aef7bbcd7677abc4", 626168),
                new RemoteFile("rt-polarity.neg", MR + "rt-polarity.neg", "4af43bf489620b498a0852c5a8c6a535155dec7985fdfea782b8f7756b957ccc", 612290))));
        add(new Dataset("imdb", "IMDB large movie reviews (Maas et al. 2011): 25k/25k; shared as TSV shards (no public URL for the shards)",
                "imdb", "imdb", List.of()));
        add(new Dataset("tiny-shakespeare", "tiny-shakespeare (Karpathy's char-rnn): 1.1 MB of plays, ASCII", "tinyshakespeare", null, List.of(
                new RemoteFile("input.txt", "https://raw.githubusercontent.com/karpathy/char-rnn/6f9487a6fe5b420b7ca9afb0d7c078e37c1d1b4e/data/tinyshakespeare/input.txt",
                        "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed", 1115394))));
        add(new Dataset("airline-passengers", "monthly international airline passengers 1949-1960 (Box & Jenkins)", "timeseries", null, List.of(
                new RemoteFile("airline-passengers.csv", TS + "airline-passengers.csv", "8cb51be753a718d9be5d76d7e238cc224792754676adc21faa59e954b0201621", 2180))));
        add(new Dataset("daily-min-temperatures", "daily minimum temperature, Melbourne 1981-1990", "timeseries", null, List.of(
                new RemoteFile("daily-min-temperatures.csv", TS + "daily-min-temperatures.csv", "8b9de63ed6789492bf497625e7f9beb96a63d367b4b0a21754006f749fa5e5da", 67921))));
        add(new Dataset("monthly-sunspots", "Zurich monthly sunspot numbers 1749-1983", "timeseries", null, List.of(
                new RemoteFile("monthly-sunspots.csv", TS + "monthly-sunspots.csv", "c4ec8cc57d9f6fb6ecdb3e1f37f25b6f4badd5124c55931052b0cd2fc3bc71f3", 45039))));
    }

    private static void add(Dataset d) { KNOWN.put(d.name(), d); }

    /** Every known dataset, in a stable order. */
    public static List<Dataset> list() { return new ArrayList<>(KNOWN.values()); }

    /** The dataset called {@code name} (case-insensitive). */
    public static Dataset get(String name) {
        Dataset d = KNOWN.get(name.toLowerCase(Locale.ROOT));
        if (d == null) throw Errors.arg("DatasetRegistry.get", "unknown dataset", "one of " + KNOWN.keySet(), name, null);
        return d;
    }

    public static boolean isKnown(String name) { return KNOWN.containsKey(name.toLowerCase(Locale.ROOT)); }

    /** {@code $SEQUOIA_DATA}, else {@code ../shared/data}. */
    public static Path defaultSharedRoot() {
        String env = System.getenv("SEQUOIA_DATA");
        return env != null && !env.isEmpty() ? Paths.get(env) : Paths.get("..", "shared", "data");
    }

    /** {@code $SEQUOIA_CACHE}, else {@code ~/.cache/sequoia/datasets}. */
    public static Path defaultCache() {
        String env = System.getenv("SEQUOIA_CACHE");
        return env != null && !env.isEmpty() ? Paths.get(env) : Paths.get(System.getProperty("user.home"), ".cache", "sequoia", "datasets");
    }

    /** Where dataset {@code d} is, if anywhere: the shared folder when complete, else the cache folder when complete, else null. */
    public static Path find(Dataset d, Path sharedRoot, Path cache) {
        Path shared = sharedRoot.resolve(d.sharedFolder());
        if (complete(d, shared)) return shared;
        Path cached = cache.resolve(d.name());
        if (!d.files().isEmpty() && complete(d, cached)) return cached;
        return null;
    }

    private static boolean complete(Dataset d, Path dir) {
        if (!Files.isDirectory(dir)) return false;
        for (RemoteFile f : d.files()) if (!Files.isRegularFile(dir.resolve(f.name()))) return false;
        return true;
    }

    /**
     * Resolves a {@code --data} argument: an existing path as it is; otherwise a dataset name, found in
     * the shared folder and then the cache.
     */
    public static Path locate(String pathOrName, Path sharedRoot, Path cache) throws IOException {
        Path p = Paths.get(pathOrName);
        if (Files.exists(p)) return p;
        if (!isKnown(pathOrName)) {
            throw new FileNotFoundException(Errors.format("DatasetRegistry.locate", "no such file, folder or dataset name",
                    "an existing path or one of " + KNOWN.keySet(), pathOrName, "working folder " + Paths.get("").toAbsolutePath()));
        }
        Dataset d = get(pathOrName);
        Path found = find(d, sharedRoot, cache);
        if (found == null) {
            throw new FileNotFoundException(Errors.withHint(Errors.format("DatasetRegistry.locate", "dataset '" + d.name() + "' is not present",
                    "it in " + sharedRoot.resolve(d.sharedFolder()) + " or " + cache.resolve(d.name()), "neither", null),
                    d.files().isEmpty() ? "this dataset has no download source; copy it into the shared folder"
                            : "run: sequoia datasets fetch " + d.name()));
        }
        return found;
    }
}
