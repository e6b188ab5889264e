package io.sequoia.timeseries.classical;

import io.sequoia.tensor.Errors;

/**
 * A linear Gaussian state-space model with a scalar observation:
 * <pre>
 *   y_t     = Z a_t + ε_t,      ε_t ~ N(0, H)
 *   a_{t+1} = T a_t + η_t,      η_t ~ N(0, Q)
 *   a_1     ~ N(a1, P1)
 * </pre>
 * The state has dimension m: {@code Z} is (m), {@code T} and {@code Q} are (m, m).
 */
public record StateSpace(double[] z, double[][] t, double h, double[][] q, double[] a1, double[][] p1) {

    public StateSpace {
        int m = z.length;
        if (t.length != m || q.length != m || a1.length != m || p1.length != m) {
            throw Errors.arg("StateSpace", "T, Q, a1 and P1 must match the state dimension of Z", m,
                    "T " + t.length + ", Q " + q.length + ", a1 " + a1.length + ", P1 " + p1.length, null);
        }
        if (!(h >= 0)) throw Errors.arg("StateSpace", "observation variance H must be non-negative", ">= 0", h, null);
    }

    public int stateDim() { return z.length; }

    /** The local level model (random walk plus noise): {@code y = μ + ε}, {@code μ' = μ + η}, with a diffuse-like prior {@code P1 = kappa}. */
    public static StateSpace localLevel(double sigma2Eps, double sigma2Eta, double a1, double kappa) {
        return new StateSpace(new double[]{1}, new double[][]{{1}}, sigma2Eps, new double[][]{{sigma2Eta}}, new double[]{a1}, new double[][]{{kappa}});
    }
}
