package io.sequoia.cli.export;

import io.sequoia.cli.ModelTasks;
import io.sequoia.cli.Usage;
import io.sequoia.export.ExportException;
import io.sequoia.export.OnnxExport;
import io.sequoia.export.PytorchExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code sequoia export onnx|pytorch --model DIR [--out FILE]}: a model folder for another runtime. */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a model folder: ONNX (checked against ONNX Runtime) or a PyTorch module file.",
        subcommands = {ExportCommand.Onnx.class, ExportCommand.Pytorch.class})
public final class ExportCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override public void run() { throw Usage.error(spec, "Missing what to export: onnx or pytorch"); }

    static Path folder(CommandSpec spec, Path model) {
        ModelTasks.task(spec, model);   // not a model folder: usage error (exit 2)
        return model;
    }

    static String name(Path model) { return model.toAbsolutePath().normalize().getFileName().toString(); }

    @Command(name = "onnx", mixinStandardHelpOptions = true, description = {
            "Write FILE (ONNX, opset 17, dynamic batch and sequence axes), FILE.example.json (an input and Sequoia's output for it) "
                    + "and FILE.preprocessing.json (vocabulary, tokenizer settings, what the input and output mean).",
            "Exports the lstm, bilstm, gru, cnn and transformer text classifiers, the lstm, gru and transformer language models, "
                    + "and the neural forecasters of `train forecaster` (lstm, gru, seq2seq, transformer); anything else is refused."})
    static final class Onnx implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder.") Path model;
        @Option(names = "--out", paramLabel = "FILE", description = "The .onnx file (default: DIR's name + .onnx in the current folder).") Path out;

        @Override public Integer call() throws Exception {
            io.sequoia.cli.Usage.requireWritableFile(spec, "--out", out, "the ONNX model");
            folder(spec, model);
            Path file = out != null ? out : Path.of(name(model) + ".onnx");
            try {
                OnnxExport.Result r = OnnxExport.export(model, file);
                System.out.println("wrote " + r.onnx() + " (input " + r.input() + ", output " + r.output() + "), " + r.example() + ", " + r.preprocessing());
                return 0;
            } catch (ExportException e) {
                System.err.println("error: cannot export " + model + ": " + e.getMessage());
                return 1;
            }
        }
    }

    @Command(name = "pytorch", mixinStandardHelpOptions = true, description = {
            "Write a readable Python file defining the same torch.nn.Module (parameter names = the safetensors keys) and load(folder),",
            "and beside it FILE.example.json (an input and Sequoia's output; 'python3 FILE DIR' compares them).",
            "Classifiers, language models, taggers, translators, neural forecasters."})
    static final class Pytorch implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Option(names = "--model", required = true, paramLabel = "DIR", description = "A model folder.") Path model;
        @Option(names = "--out", paramLabel = "FILE", description = "The .py file (default: DIR's name + _model.py in the current folder).") Path out;

        @Override public Integer call() throws Exception {
            io.sequoia.cli.Usage.requireWritableFile(spec, "--out", out, "the PyTorch module");
            folder(spec, model);
            Path file = out != null ? out : Path.of(name(model).replaceAll("[^A-Za-z0-9_]", "_") + "_model.py");
            try {
                PytorchExport.Result r = PytorchExport.export(model, file);
                System.out.println("wrote " + r.module() + " and " + r.example() + "; check it with: python3 " + r.module() + " " + model);
                return 0;
            } catch (ExportException e) {
                System.err.println("error: cannot export " + model + ": " + e.getMessage());
                return 1;
            }
        }
    }
}
