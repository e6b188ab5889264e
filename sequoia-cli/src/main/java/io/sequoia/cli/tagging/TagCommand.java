package io.sequoia.cli.tagging;

import io.sequoia.data.conll.ColumnReader;
import io.sequoia.data.conll.TaggedSentence;
import io.sequoia.data.text.WordTokenizer;
import io.sequoia.tagging.Tagger;
import io.sequoia.tagging.TaggerTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code sequoia tag --model DIR "Some text"}: tokenises each text and prints token/tag pairs;
 * {@code --input FILE}: tags a column file and writes the same lines with the prediction as a last
 * column (to {@code --output} or standard output).
 */
@Command(name = "tag", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Tag texts or a column file with a saved tagger.")
public final class TagCommand implements Callable<Integer> {
    @CommandLine.Spec CommandLine.Model.CommandSpec cmd;
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder written by 'train tagger'.") Path model;
    @Option(names = "--input", paramLabel = "FILE", description = "A column file to tag (its tag column, if any, is kept).") Path input;
    @Option(names = "--output", paramLabel = "FILE", description = "Where to write the tagged file (default: standard output).") Path output;
    @Mixin ColumnOptions columns = new ColumnOptions();
    @Parameters(paramLabel = "TEXT", arity = "0..*", description = "Texts to tokenise and tag.") List<String> texts = new ArrayList<>();

    @Override public Integer call() throws Exception {
        columns.checkFormat(cmd);
        io.sequoia.cli.Usage.requireWritableFile(cmd, "--output", output, "the tagged file");
        String task = io.sequoia.cli.ModelTasks.task(cmd, model);
        if (!task.equals(Tagger.TASK)) throw io.sequoia.cli.ModelTasks.unsupported(cmd, model, task);
        if (input == null && texts.isEmpty()) throw new CommandLine.ParameterException(cmd.commandLine(), "Give texts to tag or --input FILE");
        if (input != null && !texts.isEmpty()) throw new CommandLine.ParameterException(cmd.commandLine(), "Give either texts or --input FILE, not both");
        Tagger tagger = Tagger.load(model);
        PrintStream o = System.out;
        if (input == null) {
            WordTokenizer tok = new WordTokenizer(false, WordTokenizer.Punctuation.SPLIT, WordTokenizer.Contractions.SPLIT);
            List<List<String>> sentences = texts.stream().map(tok::tokenize).toList();
            List<List<String>> tags = tagger.predict(sentences, TaggerTrainer.EVAL_BATCH);
            for (int i = 0; i < sentences.size(); i++) {
                StringBuilder sb = new StringBuilder();
                for (int t = 0; t < sentences.get(i).size(); t++) sb.append(t == 0 ? "" : " ").append(sentences.get(i).get(t)).append('/').append(tags.get(i).get(t));
                o.println(sb);
            }
            return 0;
        }
        ColumnReader reader;
        try {
            reader = columns.reader(input, false, tagger.reading());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cmd.commandLine(), e.getMessage());
        }
        List<TaggedSentence> sentences = reader.read(input);
        List<List<String>> tags = tagger.predict(sentences.stream().map(TaggedSentence::tokens).toList(), TaggerTrainer.EVAL_BATCH);
        try (Writer w = output == null ? new BufferedWriter(new OutputStreamWriter(o, reader.encoding()))
                : Files.newBufferedWriter(output, reader.encoding())) {
            for (int i = 0; i < sentences.size(); i++) {
                TaggedSentence s = sentences.get(i);
                for (int t = 0; t < s.size(); t++) {
                    String line = s.source().get(t);
                    w.write(line + (line.indexOf('\t') >= 0 ? "\t" : " ") + tags.get(i).get(t) + "\n");
                }
                w.write("\n");
            }
        }
        return 0;
    }
}
