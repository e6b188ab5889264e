package io.sequoia.spark;

import io.sequoia.nn.Module;
import io.sequoia.tensor.Generator;
import io.sequoia.timeseries.global.NBeats;
import io.sequoia.timeseries.global.NBeatsConfig;
import io.sequoia.timeseries.global.NBeatsForecaster;
import io.sequoia.train.StepLoss;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

/**
 * A shard's step of a global N-BEATS member: its rows are series (one column, an array of doubles,
 * the series' training part) and a step of {@code rows.length} windows samples them as
 * {@code NBeatsForecaster.train} does (a series uniformly among the shard's, an origin among its
 * last {@code historyLimit}·H points), with the thread's generator (the shard's, per step), and
 * scores them with the member's loss. Which rows the chunker picked does not matter, only how many:
 * {@link #windows} gives shard p its share of the global batch of windows.
 */
public final class NBeatsStep implements DataParallelTrainer.ShardStep {
    private final NBeats member;
    private final List<double[]> series;
    private final double[] maseScale;
    private final NBeatsConfig cfg;
    private final NBeatsConfig.Loss kind;

    /** The step of member {@code index} of {@code cfg}'s ensemble ({@code member}), scored with that member's loss. */
    public NBeatsStep(NBeats member, int index, List<double[]> series, NBeatsConfig cfg) {
        this.member = member;
        this.kind = cfg.memberLoss(index);
        this.series = series;
        this.cfg = cfg;
        this.maseScale = NBeatsForecaster.maseScales(series, cfg.period());
    }

    @Override public int size() { return series.size(); }
    @Override public Module module() { return member; }

    @Override public StepLoss loss(int[] rows) {
        return NBeatsForecaster.sampledLoss(member, kind, series, maseScale, cfg, rows.length, Generator.global());
    }

    /** A shard of series (rows of one array column): member {@code member} of the forecaster in the shipped folder. */
    static DataParallelTrainer.ShardTask task(int member) {
        return (dir, rows) -> {
            NBeatsForecaster f = NBeatsForecaster.load(dir);
            return new NBeatsStep(f.network().members().get(member), member, series(rows), f.config());
        };
    }

    static List<double[]> series(List<Row> rows) {
        List<double[]> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            List<Object> v = r.getList(0);
            double[] y = new double[v.size()];
            for (int i = 0; i < y.length; i++) y[i] = ((Number) v.get(i)).doubleValue();
            out.add(y);
        }
        return out;
    }

    /** Shard p's share of a global batch of {@code batch} windows over {@code partitions} shards (the first ones take the remainder). */
    static ParameterAveraging.Chunker windows(int batch, int partitions) {
        return (n, p, s) -> new int[batch / partitions + (p < batch % partitions ? 1 : 0)];
    }
}
