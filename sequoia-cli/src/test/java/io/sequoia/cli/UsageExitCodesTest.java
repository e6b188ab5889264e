package io.sequoia.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every command: bad usage exits 2 with a message that names the option, before any work is done;
 * an option that would have no effect is refused, not ignored.
 */
class UsageExitCodesTest {
    @TempDir Path tmp;

    /** Runs the command line; returns {exit code, stdout + stderr}. */
    private Object[] run(String... args) { return CliRun.capture(args); }

    private void usage(String mustMention, String... args) {
        Object[] r = run(args);
        assertEquals(2, r[0], String.join(" ", args) + "\n" + r[1]);
        assertTrue(((String) r[1]).contains(mustMention), "message should mention " + mustMention + ":\n" + r[1]);
    }

    @Test
    void everyCommandExitsTwoOnBadUsage() throws Exception {
        Path csv = tmp.resolve("t.csv");
        Files.writeString(csv, "text,label\ngood film,pos\nbad film,neg\n");
        Path txt = tmp.resolve("t.txt");
        Files.writeString(txt, "some text to model. ".repeat(20));
        String data = csv.toString(), text = txt.toString(), out = tmp.resolve("m").toString();
        usage("Missing subcommand");
        usage("Missing what to train", "train");
        usage("--data", "train", "classifier", "--cv", "2");
        usage("--data", "train", "classifier", "--data", tmp.resolve("absent.csv").toString(), "--cv", "2");
        usage("--model", "train", "classifier", "--data", data, "--model", "rnn", "--cv", "2");
        usage("--pool has no effect", "train", "classifier", "--data", data, "--model", "cnn", "--pool", "max", "--cv", "2");
        usage("--hidden has no effect", "train", "classifier", "--data", data, "--model", "transformer", "--hidden", "32", "--cv", "2");
        usage("--freeze has no effect", "train", "classifier", "--data", data, "--freeze", "--cv", "2");
        usage("--folds has no effect", "train", "classifier", "--data", data, "--folds", "2", "--test-fraction", "0.5");
        usage("--epochs", "train", "classifier", "--data", data, "--epochs", "0", "--cv", "2");
        usage("--lr", "train", "classifier", "--data", data, "--lr", "-1", "--cv", "2");
        usage("no test data", "train", "classifier", "--data", data);
        usage("--level", "train", "lm", "--data", text, "--level", "byte", "--out", out);
        usage("--embed-dim has no effect", "train", "lm", "--data", text, "--model", "transformer", "--embed-dim", "8", "--out", out);
        usage("--min-count has no effect", "train", "lm", "--data", text, "--min-count", "3", "--out", out);
        usage("--data", "train", "lm", "--data", tmp.resolve("absent.txt").toString(), "--out", out);
        usage("--valid-fraction", "train", "lm", "--data", text, "--valid-fraction", "1.5", "--out", out);
        usage("--model", "evaluate", "--model", tmp.resolve("nothing").toString(), "--data", data);
        usage("--model", "predict", "--model", tmp.resolve("nothing").toString(), "some text");
        usage("TEXT", "predict", "--model", out);
        usage("--model", "generate");
        usage("Missing", "datasets");
        usage("Missing", "lab");
        usage("Missing", "bench");
        usage("--mode", "bench", "lstm", "--mode", "sideways");
        usage("--unknown", "train", "classifier", "--unknown");
        usage("no checkpoint", "train", "classifier", "--resume", tmp.toString());
        usage("--resume has no effect", "train", "classifier", "--data", data, "--cv", "2", "--resume", tmp.toString());
        usage("--checkpoint-every has no effect", "train", "classifier", "--data", data, "--test-fraction", "0.5", "--checkpoint-every", "5");
        usage("no checkpoint", "train", "lm", "--resume", tmp.toString());
        usage("--resume has no effect for lab adding", "lab", "adding", "--resume", tmp.toString());
        usage("--checkpoint-every has no effect for demo", "demo", "--csv", data, "--checkpoint-every", "3");
        java.nio.file.Path mine = tmp.resolve("mine");
        Files.createDirectories(mine);
        Files.writeString(mine.resolve("config.json"), "{\"my\": \"settings\"}");
        usage("already holds files that are not a Sequoia model", "train", "classifier", "--data", data, "--test-fraction", "0.5", "--out", mine.toString());
        assertEquals("{\"my\": \"settings\"}", Files.readString(mine.resolve("config.json")), "the user's file is untouched");
        usage("is a file", "train", "lm", "--data", text, "--out", txt.resolve("sub").toString());
        usage("--models", "lab", "adding", "--models", "lstm,transformer");
        usage("--model", "serve", "--model", tmp.resolve("nothing").toString());
        usage("--port", "serve", "--model", out, "--port", "70000");
        usage("--max-batch has no effect", "serve", "--model", out, "--no-batching", "--max-batch", "4");
        usage("Missing what to export", "export");
        usage("--model", "export", "onnx", "--model", tmp.resolve("nothing").toString());
        usage("--model", "export", "pytorch");
        usage("--out has no effect", "lab", "adding", "--out", out);
        usage("--lookback", "demo", "--csv", data, "--lookback", "0");
        usage("--csv", "demo", "--csv", tmp.resolve("absent.csv").toString());
        usage("--shapes", "bench", "gemm", "--shapes", "huge");
    }
}
