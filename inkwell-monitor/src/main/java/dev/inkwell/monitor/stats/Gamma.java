package dev.inkwell.monitor.stats;

/** The regularized upper incomplete gamma function Q(a, x), for chi-squared p-values (Numerical Recipes' method). */
final class Gamma {
    private static final int MAX_ITERATIONS = 1000;
    private static final double EPSILON = 1e-14;
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
            .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3, -.210264441724104883e-3,
            .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4, -.261908384015814087e-4, .368991826595316234e-5};

    private Gamma() {
    }

    static double regularizedUpper(double a, double x) {
        if (x <= 0) return 1;
        if (!Double.isFinite(x)) return 0;
        return x < a + 1 ? 1 - lowerSeries(a, x) : upperFraction(a, x);
    }

    /** P(a, x) by its series, good for x < a + 1. */
    private static double lowerSeries(double a, double x) {
        double ap = a;
        double sum = 1 / a;
        double term = sum;
        for (int n = 0; n < MAX_ITERATIONS; n++) {
            ap++;
            term *= x / ap;
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    /** Q(a, x) by its continued fraction (modified Lentz), good for x ≥ a + 1. */
    private static double upperFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) d = TINY;
            c = b + an / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) break;
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 671/128 with 14 terms, as Numerical Recipes 3rd ed.: about 1e-15). */
    static double logGamma(double x) {
        double y = x;
        double tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.log(tmp) - tmp;
        double series = 0.999999999999997092;
        for (double c : LANCZOS) series += c / ++y;
        return tmp + Math.log(2.5066282746310005 * series / x);
    }
}
