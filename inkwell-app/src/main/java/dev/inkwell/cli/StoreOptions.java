package dev.inkwell.cli;

import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.Datasets;
import dev.inkwell.dataset.ReadOptions;
import dev.inkwell.store.SampleTable;
import dev.inkwell.store.Store;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Where samples tables live (a picocli mixin), and how a {@code --data} argument is opened: {@code table} (the
 * {@value #DEFAULT_TABLE} table), {@code table:NAME}, or a dataset file or folder ({@code ./table} for a file of that name).
 */
public final class StoreOptions {
    static final String DEFAULT_TABLE = "samples";
    private static final String TABLE = "table";

    @Option(names = "--store", paramLabel = "PATH|JDBC-URL",
            description = "The store (samples tables, registry, endpoints, triggers, workflows, labelling queue): an SQLite file or jdbc:postgresql://HOST/DB?user=… "
                    + "(default: $INKWELL_STORE, else $INKWELL_HOME/inkwell.db).")
    String store;

    private Store opened;

    /** The store, opened (and its schema checked) once per command however many tables it reads; closed when the command ends. */
    public Store open() {
        if (opened == null) {
            String location = store != null ? store : fromEnvironment();
            opened = Store.openOrEmbedded(location);
        }
        return opened;
    }

    /** Closes the store this command opened, if it opened one. */
    void close() {
        if (opened != null) opened.close();
        opened = null;
    }

    /**
     * {@code strategy}, then the closing of every store the command's options opened (one store per command,
     * closed when the command ends, however it ends).
     */
    static CommandLine.IExecutionStrategy closingStores(CommandLine.IExecutionStrategy strategy) {
        return parsed -> {
            try {
                return strategy.execute(parsed);
            } finally {
                for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) closeStores(p.commandSpec());
            }
        };
    }

    private static void closeStores(CommandSpec spec) {
        for (CommandSpec mixin : spec.mixins().values()) {
            if (mixin.userObject() instanceof StoreOptions options) options.close();
            if (mixin.userObject() instanceof RegistryOptions options) options.close();
            if (mixin.userObject() instanceof BucketOptions options) options.close();
            closeStores(mixin); // DatasetInputOptions holds one
        }
    }

    /** The store {@code INKWELL_STORE} names, or null. */
    static String fromEnvironment() {
        String location = System.getenv("INKWELL_STORE");
        return location == null || location.isBlank() ? null : location;
    }

    static boolean namesTable(String data) {
        return data.equals(TABLE) || data.startsWith(TABLE + ":");
    }

    /** The table a {@code table[:NAME]} argument names. */
    SampleTable table(String data) {
        return open().table(data.equals(TABLE) ? DEFAULT_TABLE : data.substring(TABLE.length() + 1));
    }

    /** A {@code --data} argument as a dataset; {@code options} apply to files (channels, labels) and tables (classes). */
    Dataset dataset(String data, ReadOptions options) {
        if (namesTable(data)) return table(data).dataset().keepClasses(options.classes());
        return Datasets.open(Path.of(data), options);
    }
}
