package io.sequoia.cli.tree;

import io.sequoia.data.DatasetRegistry;
import io.sequoia.data.tree.Tree;
import io.sequoia.data.tree.TreeReader;
import io.sequoia.tree.SentimentLabels;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Where the trees of {@code --data sst|DIR|FILE} are: train, dev and test. */
final class TreeData {
    private TreeData() {}

    record Splits(Path trainFile, Path devFile, Path testFile, List<Tree> train, List<Tree> dev, List<Tree> test) {
        String describe() { return trainFile.toString(); }
    }

    /** {@code sst} is ../shared/data/sst ($SEQUOIA_DATA/sst); a folder holds train.txt and optionally dev.txt, test.txt. */
    static Path resolve(String data) throws IOException {
        Path p = data.toLowerCase(Locale.ROOT).equals("sst") ? DatasetRegistry.defaultSharedRoot().resolve("sst") : Path.of(data);
        if (!Files.exists(p)) {
            throw new FileNotFoundException("--data: no such file or folder; expected sst, a folder with train.txt or a tree file, got " + p.toAbsolutePath());
        }
        return p;
    }

    static Splits splits(String data, Path valid, Path test) throws IOException {
        Path p = resolve(data);
        Path train = p, dev = valid, tst = test;
        if (Files.isDirectory(p)) {
            train = p.resolve("train.txt");
            if (!Files.isRegularFile(train)) throw new FileNotFoundException("--data: the folder has no train.txt; expected train.txt, dev.txt, test.txt in " + p.toAbsolutePath());
            if (dev == null && Files.isRegularFile(p.resolve("dev.txt"))) dev = p.resolve("dev.txt");
            if (tst == null && Files.isRegularFile(p.resolve("test.txt"))) tst = p.resolve("test.txt");
        }
        return new Splits(train, dev, tst, read(train), dev == null ? null : read(dev), tst == null ? null : read(tst));
    }

    /** Trees with SST labels (0..4) on every node. */
    static List<Tree> read(Path f) throws IOException {
        if (!Files.isRegularFile(f)) throw new FileNotFoundException("no such tree file: " + f.toAbsolutePath());
        return TreeReader.readLabelled(f, SentimentLabels.FINE);
    }
}
