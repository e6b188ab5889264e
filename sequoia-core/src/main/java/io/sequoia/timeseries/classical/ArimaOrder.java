package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

/** The orders of a seasonal ARIMA(p,d,q)(P,D,Q)s model; {@code s = 1} or {@code P = D = Q = 0} means no seasonal part. */
public record ArimaOrder(int p, int d, int q, int sp, int sd, int sq, int s) implements java.io.Serializable {

    public ArimaOrder {
        for (int v : new int[]{p, d, q, sp, sd, sq}) {
            if (v < 0) throw Errors.arg("ArimaOrder", "orders must be non-negative", ">= 0", v, "(" + p + "," + d + "," + q + ")(" + sp + "," + sd + "," + sq + ")" + s);
        }
        if (s < 1) throw Errors.arg("ArimaOrder", "seasonal period must be at least 1", ">= 1", s, null);
    }

    /** A non-seasonal ARIMA(p,d,q). */
    public static ArimaOrder of(int p, int d, int q) { return new ArimaOrder(p, d, q, 0, 0, 0, 1); }

    public boolean seasonal() { return s > 1 && (sp + sd + sq) > 0; }

    /** Number of ARMA coefficients. */
    public int armaCount() { return p + q + sp + sq; }

    @Override public String toString() {
        String base = "ARIMA(" + p + "," + d + "," + q + ")";
        return seasonal() ? base + "(" + sp + "," + sd + "," + sq + ")[" + s + "]" : base;
    }
}
