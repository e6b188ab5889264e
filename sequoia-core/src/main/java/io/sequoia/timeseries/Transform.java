package io.sequoia.timeseries;

import io.sequoia.tensor.Errors;
import io.sequoia.timeseries.transforms.BoxCox;
import io.sequoia.timeseries.transforms.PointTransform;

import java.util.Locale;

/** The transform a forecaster is fitted on, chosen once and fitted on each fold's training part. */
public enum Transform {
    /** The series as it is. */
    NONE,
    /** Natural logarithm (positive series). */
    LOG,
    /** Box-Cox with λ fitted on the training part (Guerrero's method). */
    BOXCOX;

    /** The transform fitted on {@code train} (only Box-Cox looks at the data). */
    public PointTransform fit(double[] train) {
        return switch (this) {
            case NONE -> PointTransform.NONE;
            case LOG -> BoxCox.log();
            case BOXCOX -> BoxCox.fitLambda(train);
        };
    }

    /** The name on the command line: none, log, boxcox. */
    public String id() { return name().toLowerCase(Locale.ROOT); }

    @Override public String toString() { return id(); }

    public static Transform of(String id) {
        for (Transform t : values()) if (t.id().equalsIgnoreCase(id == null ? "" : id.trim())) return t;
        throw Errors.arg("Transform.of", "unknown transform", "none, log or boxcox", id, null);
    }
}
