package dev.inkwell.cli;

import dev.inkwell.core.Progress;
import java.io.Console;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress on the console: a bar with rate and ETA on a terminal (stderr), plain log lines every few seconds
 * when output is not a terminal (CI, pipes, log collectors).
 */
public final class ConsoleProgress implements Progress {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleProgress.class);
    private static final long LOG_EVERY_NANOS = Duration.ofSeconds(5).toNanos();

    private final boolean terminal;
    private ProgressBar bar;
    private String task;
    private long total;
    private long done;
    private long startedNanos;
    private long lastLogNanos;
    private String message = "";

    private ConsoleProgress(boolean terminal) {
        this.terminal = terminal;
    }

    /** A progress for the current console; quiet when {@code quiet} (e.g. JSON output). */
    public static Progress forConsole(boolean quiet) {
        if (quiet) return Progress.NONE;
        String mode = System.getenv().getOrDefault("INKWELL_PROGRESS", "auto");
        return switch (mode) {
            case "none" -> Progress.NONE;
            case "bar" -> new ConsoleProgress(true);
            case "log" -> new ConsoleProgress(false);
            default -> new ConsoleProgress(isTerminal());
        };
    }

    /** Java 21 returns no console when not on a terminal; Java 22+ always does and says so with isTerminal(). */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    @Override
    public synchronized void start(String task, long total) {
        close();
        this.task = task;
        this.total = total;
        this.done = 0;
        this.startedNanos = System.nanoTime();
        this.lastLogNanos = startedNanos;
        this.message = "";
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                    .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK).showSpeed().setUpdateIntervalMillis(200)
                    .continuousUpdate().build();
        } else {
            LOG.info("{}: started{}", task, total >= 0 ? " (" + total + ")" : "");
        }
    }

    @Override
    public synchronized void advance(long units) {
        done += units;
        if (bar != null) {
            bar.stepBy(units);
            return;
        }
        long now = System.nanoTime();
        if (task != null && now - lastLogNanos >= LOG_EVERY_NANOS) {
            lastLogNanos = now;
            double seconds = (now - startedNanos) / 1e9;
            double rate = done / Math.max(seconds, 1e-9);
            String eta = total > 0 && rate > 0 ? String.format(", ETA %.0f s", (total - done) / rate) : "";
            LOG.info("{}: {}{} ({} /s{}){}", task, done, total >= 0 ? "/" + total : "", Math.round(rate), eta,
                    message.isEmpty() ? "" : " " + message);
        }
    }

    @Override
    public synchronized void message(String text) {
        message = text == null ? "" : text;
        if (bar != null) bar.setExtraMessage(" " + message);
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        } else if (task != null) {
            long millis = (System.nanoTime() - startedNanos) / 1_000_000;
            if (total >= 0 && done < total) {
                LOG.info("{}: stopped at {}/{} after {} ms", task, done, total, millis);
            } else {
                LOG.info("{}: {} in {} ms", task, done, millis);
            }
        }
        task = null;
    }
}
