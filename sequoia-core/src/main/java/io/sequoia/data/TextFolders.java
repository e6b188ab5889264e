package io.sequoia.data;

import io.sequoia.tensor.Errors;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One folder per class, one UTF-8 text file per document ({@code root/pos/1.txt}, {@code root/neg/2.txt}),
 * as the original IMDB layout and Keras's {@code text_dataset_from_directory}. The label is the
 * folder name; hidden files and folders are skipped; files are read in name order.
 */
public final class TextFolders {
    private TextFolders() {}

    public static LabeledTexts read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new FileNotFoundException(Errors.format("TextFolders.read", "the data must be a folder with one sub-folder per class",
                    "a folder", Files.exists(root) ? "a file" : "nothing", "path " + root.toAbsolutePath()));
        }
        List<Path> classes;
        try (Stream<Path> s = Files.list(root)) {
            classes = s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
        if (classes.size() < 2) {
            throw Errors.arg("TextFolders.read", "a classification corpus needs at least two class folders", ">= 2 sub-folders",
                    classes.size(), "folder " + root);
        }
        List<String> texts = new ArrayList<>(), labels = new ArrayList<>();
        for (Path c : classes) {
            List<Path> files;
            try (Stream<Path> s = Files.list(c)) {
                files = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            }
            for (Path f : files) {
                try {
                    texts.add(StandardCharsets.UTF_8.newDecoder().onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                            .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(f))).toString());
                } catch (CharacterCodingException e) {
                    throw new TextFormatException(f, 1, Errors.format("TextFolders.read", "files must be UTF-8", "UTF-8 text", "invalid bytes", null));
                }
                labels.add(c.getFileName().toString());
            }
        }
        return new LabeledTexts(texts, labels, root.toString());
    }
}
