package io.sequoia.cli.lm;

import io.sequoia.lm.BeamSearch;
import io.sequoia.lm.LmFolder;
import io.sequoia.lm.Sampler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code sequoia generate}: text from a trained language model, streamed as it is generated. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate text from a trained language model.")
public final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model folder written by `train lm`.") Path model;
    @Option(names = "--prime", description = "Text to start from.") String prime = "";
    @Option(names = "--length", description = "Tokens to generate (default ${DEFAULT-VALUE}).") int length = 500;
    @Option(names = "--temperature", description = "Sampling temperature > 0 (default ${DEFAULT-VALUE}).") double temperature = 1.0;
    @Option(names = "--top-k", description = "Sample among the k most likely tokens (0 = off).") int topK = 0;
    @Option(names = "--top-p", description = "Nucleus sampling: smallest set with this probability (default ${DEFAULT-VALUE} = off).") double topP = 1.0;
    @Option(names = "--repetition-penalty", description = "CTRL repetition penalty >= 1 (default ${DEFAULT-VALUE} = off).") double penalty = 1.0;
    @Option(names = "--greedy", description = "Always take the most likely token.") boolean greedy;
    @Option(names = "--beam", description = "Beam search with this width (word level; ends at a line break).") int beam = 0;
    @Option(names = "--length-penalty", description = "Beam: rank by log p / length^alpha (default ${DEFAULT-VALUE}).") double alpha = 0.7;
    @Option(names = "--seed", description = "Seed; the same seed repeats the same text (default ${DEFAULT-VALUE}).") long seed = 1;

    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    /** The longest text generated in one call: a million tokens (a larger --length is a typo, and would run for hours). */
    static final int MAX_LENGTH = 1_000_000;

    @Override public Integer call() throws IOException {
        String task = io.sequoia.cli.ModelTasks.task(spec, model);
        if (!task.equals(LmFolder.TASK)) throw io.sequoia.cli.ModelTasks.unsupported(spec, model, task);
        io.sequoia.cli.Usage.require(spec, length >= 0 && length <= MAX_LENGTH, "--length", "a number of tokens from 0 to " + MAX_LENGTH, length);
        io.sequoia.cli.Usage.require(spec, beam >= 0, "--beam", "a non-negative width (0 = sampling)", beam);
        io.sequoia.cli.Usage.require(spec, alpha >= 0, "--length-penalty", "a non-negative number", alpha);
        io.sequoia.cli.Usage.refuseUnless(spec, "--length-penalty", beam > 0, "without --beam");
        for (String o : new String[]{"--temperature", "--top-k", "--top-p", "--repetition-penalty", "--greedy"}) {
            io.sequoia.cli.Usage.refuseUnless(spec, o, beam == 0, "with --beam (beam search does not sample)");
        }
        for (String o : new String[]{"--temperature", "--top-k", "--top-p"}) {
            io.sequoia.cli.Usage.refuseUnless(spec, o, !greedy, "with --greedy (it always takes the most likely token)");
        }
        // each sampling option named in its own message (Sampler's own checks name its parameters, not the options)
        io.sequoia.cli.Usage.require(spec, temperature > 0 && Double.isFinite(temperature), "--temperature",
                "a positive number (--greedy takes the most likely token)", temperature);
        io.sequoia.cli.Usage.require(spec, topK >= 0, "--top-k", "a non-negative number of tokens (0 = off)", topK);
        io.sequoia.cli.Usage.require(spec, topP > 0 && topP <= 1, "--top-p", "a probability in (0, 1] (1 = off)", topP);
        io.sequoia.cli.Usage.require(spec, penalty >= 1 && Double.isFinite(penalty), "--repetition-penalty", "a number >= 1 (1 = off)", penalty);
        Sampler.Options options;
        try {
            options = new Sampler.Options(greedy, temperature, topK, topP, penalty, seed);
        } catch (IllegalArgumentException e) {
            throw io.sequoia.cli.Usage.error(spec, e.getMessage());
        }
        LmFolder.Loaded l = LmFolder.load(model);
        if (beam > 0) {
            Set<Integer> ends = new HashSet<>();
            int nl = l.codec().tokens().indexOf("\n");
            if (nl >= 0) ends.add(nl);
            io.sequoia.data.decoding.Hypothesis h = BeamSearch.search(l.model(), l.codec(), prime, length, beam, alpha, ends);
            System.out.println(prime + l.codec().decode(h.tokens()));
            return 0;
        }
        System.out.print(prime);
        Sampler.generate(l.model(), l.codec(), prime, length, options, s -> { System.out.print(s); System.out.flush(); });
        System.out.println();
        return 0;
    }
}
