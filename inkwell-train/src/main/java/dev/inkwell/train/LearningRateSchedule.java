package dev.inkwell.train;

import java.util.Locale;

/** The learning rate at each optimiser step, over a run of {@code totalSteps}. */
public enum LearningRateSchedule {
    /** One-cycle (Smith): linear warm-up from max/25 to max over the first 25 % of steps, cosine anneal to max/1e4. */
    ONECYCLE {
        @Override
        public double at(long step, long totalSteps, double max) {
            double warm = Math.max(1, Math.round(totalSteps * 0.25));
            double start = max / 25;
            if (step < warm) return start + (max - start) * step / warm;
            double p = progress(step, warm, totalSteps);
            double end = max / 1e4;
            return end + (max - end) * 0.5 * (1 + Math.cos(Math.PI * p));
        }
    },
    /** Short linear warm-up (3 % of steps), then cosine decay to zero. */
    COSINE {
        @Override
        public double at(long step, long totalSteps, double max) {
            double warm = Math.max(1, Math.round(totalSteps * 0.03));
            if (step < warm) return max * (step + 1) / warm;
            double p = progress(step, warm, totalSteps);
            return max * 0.5 * (1 + Math.cos(Math.PI * p));
        }
    };

    /** The learning rate at 0-based {@code step} of {@code totalSteps}, peaking at {@code max}. */
    public abstract double at(long step, long totalSteps, double max);

    /** 0 at the end of warm-up, 1 at the last step. */
    private static double progress(long step, double warm, long totalSteps) {
        double span = totalSteps - 1 - warm;
        return span <= 0 ? 1 : Math.min(1, (step - warm) / span);
    }

    public static LearningRateSchedule parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "onecycle", "one-cycle" -> ONECYCLE;
            case "cosine" -> COSINE;
            default -> throw new IllegalArgumentException("unknown schedule '" + s + "', expected onecycle or cosine");
        };
    }
}
