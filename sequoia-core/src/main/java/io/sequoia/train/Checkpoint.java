package io.sequoia.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.sequoia.io.AtomicFiles;
import io.sequoia.io.FileFormatException;
import io.sequoia.io.Safetensors;
import io.sequoia.tensor.Errors;
import io.sequoia.tensor.Generator;
import io.sequoia.tensor.NDArray;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A training run's resumable state, as a folder ({@value #FOLDER} inside the model's {@code --out}):
 * <pre>
 * model.safetensors       the module's weights (PyTorch's keys)
 * optimizer.safetensors   the optimizer's state dict (PyTorch's names: lr, per-parameter step, exp_avg, ...)
 * callbacks.safetensors   tensors of resumable callbacks (EarlyStopping's best weights), if any
 * trainer.json            position (epoch, batches done, steps), the generator's state at the start of the
 *                         epoch (to redraw the same batch order) and now, the partial epoch's sums,
 *                         History, callbacks' state, and the run's own extras (e.g. the command line)
 * </pre>
 * Written as a new sibling folder and swapped in by renames: at every moment the checkpoint folder
 * (or, in the instant between the two renames, {@value #FOLDER}{@code .old}) is complete.
 */
public final class Checkpoint {
    public static final String FOLDER = "checkpoint", TRAINER = "trainer.json";
    static final String MODEL = "model.safetensors", OPTIMIZER = "optimizer.safetensors", CALLBACKS = "callbacks.safetensors",
            STATES = "states.safetensors";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    /** Where the run stands: {@code batch} batches of epoch {@code epoch} (0-based) are done. */
    public record Position(int epoch, int batch, long step) {}

    /**
     * The parts of the loop's own state; {@code stopped}: a callback (early stopping) ended the run at
     * this epoch end, so a resumed run trains no further (as the uninterrupted run would not have).
     */
    record LoopState(Position position, Generator.State epochStart, Generator.State now, double lossSum, double weightSum,
                     Map<String, double[]> metricSums, Map<String, List<Double>> history, boolean stopped) {}

    private Checkpoint() {}

    /** The checkpoint folder in {@code dir}, or null when none is complete. */
    public static Path locate(Path dir) {
        for (String name : new String[]{FOLDER, FOLDER + ".old"}) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p.resolve(TRAINER))) return p;
        }
        return null;
    }

    /** The run's extras recorded in the checkpoint in {@code dir} (e.g. the original command line). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> extras(Path dir) throws IOException {
        Map<String, Object> t = readTrainer(require(dir));
        Object e = t.get("extras");
        return e instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Path require(Path dir) throws IOException {
        Path p = locate(dir);
        if (p == null) {
            throw new java.io.FileNotFoundException(Errors.format("Checkpoint", "no checkpoint to resume from", "a folder with "
                    + FOLDER + "/" + TRAINER, dir.toAbsolutePath(), null));
        }
        return p;
    }

    static void write(Path dir, Model model, LoopState loop, List<Callback> callbacks, Map<String, Object> extras) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(FOLDER + ".tmp");
        deleteTree(tmp);
        Files.createDirectories(tmp);
        Safetensors.write(tmp.resolve(MODEL), model.module().stateDict(), Map.of("format", "pt"));
        Safetensors.write(tmp.resolve(OPTIMIZER), model.optimizer().stateDict(), Map.of());
        Map<String, NDArray> carried = new LinkedHashMap<>();     // recurrent states carried across TBPTT chunks mid-epoch
        Model.forEachStateful(model.module(), "", (path, st) -> { if (st.isStateful()) st.states().forEach((k, v) -> carried.put(path + k, v)); });
        if (!carried.isEmpty()) Safetensors.write(tmp.resolve(STATES), carried, Map.of());
        Map<String, Object> cbState = new LinkedHashMap<>();
        Map<String, NDArray> cbTensors = new LinkedHashMap<>();
        for (int i = 0; i < callbacks.size(); i++) {
            if (callbacks.get(i) instanceof ResumableCallback r) {
                cbState.put(Integer.toString(i), r.saveState());
                String prefix = i + ".";
                r.saveTensors().forEach((k, v) -> cbTensors.put(prefix + k, v));
            }
        }
        if (!cbTensors.isEmpty()) Safetensors.write(tmp.resolve(CALLBACKS), cbTensors, Map.of());
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epoch", loop.position().epoch());
        t.put("batch", loop.position().batch());
        t.put("step", loop.position().step());
        t.put("rng_epoch_start", rng(loop.epochStart()));
        t.put("rng_now", rng(loop.now()));
        t.put("loss_sum", loop.lossSum());
        t.put("weight_sum", loop.weightSum());
        t.put("metric_sums", loop.metricSums());
        t.put("history", loop.history());
        t.put("stopped", loop.stopped());
        t.put("callbacks", cbState);
        t.put("extras", extras == null ? Map.of() : extras);
        AtomicFiles.writeString(tmp.resolve(TRAINER), GSON.toJson(t) + "\n");   // last: a folder with trainer.json is whole
        Path cur = dir.resolve(FOLDER), old = dir.resolve(FOLDER + ".old");
        deleteTree(old);
        if (Files.exists(cur)) Files.move(cur, old, StandardCopyOption.ATOMIC_MOVE);
        Files.move(tmp, cur, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    /** Reads the checkpoint in {@code dir} into {@code model} (weights, optimizer) and the callbacks; returns the loop's state. */
    @SuppressWarnings("unchecked")
    static LoopState restore(Path dir, Model model, List<Callback> callbacks) throws IOException {
        Path p = require(dir);
        Map<String, Object> t = readTrainer(p);
        model.module().loadStateDict(Safetensors.read(p.resolve(MODEL)).tensors(), true);
        model.optimizer().loadStateDict(Safetensors.read(p.resolve(OPTIMIZER)).tensors());
        if (Files.exists(p.resolve(STATES))) Model.loadCarriedStates(model.module(), Safetensors.read(p.resolve(STATES)).tensors());
        Map<String, NDArray> cbTensors = Files.exists(p.resolve(CALLBACKS)) ? Safetensors.read(p.resolve(CALLBACKS)).tensors() : Map.of();
        Map<String, Object> cbState = (Map<String, Object>) t.getOrDefault("callbacks", Map.of());
        for (int i = 0; i < callbacks.size(); i++) {
            if (!(callbacks.get(i) instanceof ResumableCallback r)) continue;
            Object s = cbState.get(Integer.toString(i));
            if (!(s instanceof Map)) {
                throw new FileFormatException(p.resolve(TRAINER), -1, Errors.format("Checkpoint.restore",
                        "the checkpoint has no state for callback " + i, callbacks.get(i).getClass().getSimpleName(), cbState.keySet(),
                        "Hint: resume with the same callbacks as the original run"));
            }
            r.restoreState((Map<String, Object>) s);
            String prefix = i + ".";
            Map<String, NDArray> mine = new LinkedHashMap<>();
            cbTensors.forEach((k, v) -> { if (k.startsWith(prefix)) mine.put(k.substring(prefix.length()), v); });
            r.restoreTensors(mine);
        }
        Map<String, double[]> metricSums = new LinkedHashMap<>();
        ((Map<String, Object>) t.getOrDefault("metric_sums", Map.of())).forEach((k, v) -> {
            List<Number> l = (List<Number>) v;
            metricSums.put(k, new double[]{l.get(0).doubleValue(), l.get(1).doubleValue()});
        });
        Map<String, List<Double>> history = new LinkedHashMap<>();
        ((Map<String, Object>) t.getOrDefault("history", Map.of())).forEach((k, v) -> {
            List<Double> l = new ArrayList<>();
            for (Object o : (List<Object>) v) l.add(((Number) o).doubleValue());
            history.put(k, l);
        });
        return new LoopState(new Position(num(t, "epoch").intValue(), num(t, "batch").intValue(), num(t, "step").longValue()),
                rng((Map<String, Object>) t.get("rng_epoch_start")), rng((Map<String, Object>) t.get("rng_now")),
                num(t, "loss_sum").doubleValue(), num(t, "weight_sum").doubleValue(), metricSums, history, Boolean.TRUE.equals(t.get("stopped")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readTrainer(Path p) throws IOException {
        Path f = p.resolve(TRAINER);
        try {
            Object o = GSON.fromJson(Files.readString(f), Object.class);
            if (o instanceof Map<?, ?> m) return (Map<String, Object>) m;
        } catch (com.google.gson.JsonParseException e) {
            throw new FileFormatException(f, -1, Errors.format("Checkpoint", "trainer.json is not valid JSON", "a JSON object", e.getMessage(), null), e);
        }
        throw new FileFormatException(f, -1, Errors.format("Checkpoint", "trainer.json must hold an object", "an object", "something else", null));
    }

    private static Number num(Map<String, Object> t, String k) {
        Object v = t.get(k);
        if (!(v instanceof Number n)) throw new IllegalArgumentException(Errors.format("Checkpoint", "trainer.json lacks '" + k + "'", "a number", v, null));
        return n;
    }

    /** Longs go through JSON as strings (a double cannot hold 64 bits). */
    private static Map<String, Object> rng(Generator.State s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", Long.toString(s.seed()));
        m.put("has_spare", s.hasSpare());
        m.put("spare", Long.toString(Double.doubleToRawLongBits(s.spare())));
        return m;
    }

    private static Generator.State rng(Map<String, Object> m) {
        return new Generator.State(Long.parseLong((String) m.get("seed")), (Boolean) m.get("has_spare"),
                Double.longBitsToDouble(Long.parseLong((String) m.get("spare"))));
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) Files.delete(q);
        }
    }
}
