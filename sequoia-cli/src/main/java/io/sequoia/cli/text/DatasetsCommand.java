package io.sequoia.cli.text;

import io.sequoia.data.DatasetFetcher;
import io.sequoia.data.DatasetRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code sequoia datasets list | fetch NAME}: the known datasets, where they are, and downloading them into the cache. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "List or fetch the known datasets.",
        subcommands = {DatasetsCommand.ListCommand.class, DatasetsCommand.FetchCommand.class})
public final class DatasetsCommand implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override public void run() { throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand (list or fetch)"); }

    /** {@code datasets list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "The known datasets and where each one is found.")
    static final class ListCommand implements Callable<Integer> {
        @Option(names = "--cache", paramLabel = "DIR", description = "Download cache (default: $SEQUOIA_CACHE or ~/.cache/sequoia/datasets).") Path cache;

        @Override public Integer call() {
            Path c = cache == null ? DatasetRegistry.defaultCache() : cache;
            for (DatasetRegistry.Dataset d : DatasetRegistry.list()) {
                Path at = DatasetRegistry.find(d, DatasetRegistry.defaultSharedRoot(), c);
                System.out.printf(Locale.ROOT, "%-24s %-10s %s%n%24s %s%n", d.name(), at == null ? "missing" : "present", d.description(), "",
                        at == null ? (d.files().isEmpty() ? "(no download source)" : "fetch: sequoia datasets fetch " + d.name()) : at);
            }
            return 0;
        }
    }

    /** {@code datasets fetch NAME}. */
    @Command(name = "fetch", mixinStandardHelpOptions = true, description = "Download a dataset into the cache (checksum, resume, retry).")
    static final class FetchCommand implements Callable<Integer> {
        @Parameters(paramLabel = "NAME", description = "A dataset name from 'datasets list'.") String name;
        @Option(names = "--cache", paramLabel = "DIR", description = "Download cache (default: $SEQUOIA_CACHE or ~/.cache/sequoia/datasets).") Path cache;
        @Option(names = "--attempts", description = "Tries per file (default: ${DEFAULT-VALUE}).") int attempts = 4;

        @Override public Integer call() throws Exception {
            Path c = cache == null ? DatasetRegistry.defaultCache() : cache;
            Path dir = new DatasetFetcher(c, attempts, 1000, System.out).fetch(DatasetRegistry.get(name));
            System.out.println(name + ": " + dir);
            return 0;
        }
    }
}
