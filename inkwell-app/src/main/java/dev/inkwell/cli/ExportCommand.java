package dev.inkwell.cli;

import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectKeys;
import dev.inkwell.cli.bucket.BucketOptions;
import dev.inkwell.core.Progress;
import dev.inkwell.functions.builtin.TableExport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write a samples table as Kaggle CSV (label,pixel0..pixelN[,uuid]) into a bucket or a file: seed 000's ExportDBToS3.",
                "Streamed: rows go from the table to the object as they are read, whatever the table's size. The object or file appears "
                        + "whole or not at all."})
public final class ExportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    StoreOptions store;

    @Mixin
    BucketOptions location;

    @Option(names = "--table", required = true, paramLabel = "NAME", description = "The samples table.")
    String table;

    @Option(names = "--to", required = true, paramLabel = "s3://BUCKET/KEY|FILE", description = "Where the CSV goes: an object or a local file.")
    String to;

    @Option(names = "--header", description = "Start with the header row (label,pixel0,…; seed 000 trains without one).")
    boolean header;

    @Option(names = "--uuid", description = "Add each row's uuid as a last column.")
    boolean uuid;

    @Option(names = "--split", paramLabel = "SPLIT", description = "Only this split (train, test, …; default: every row).")
    String split;

    @Override
    public Integer call() {
        TableExport.Request request = new TableExport.Request(table, split, header, uuid);
        long started = System.nanoTime();
        TableExport.Result result;
        try (Progress progress = ConsoleProgress.forConsole(common.json())) {
            progress.start("exporting table " + table, -1);
            if (to.toLowerCase(Locale.ROOT).startsWith("s3://")) {
                String rest = to.substring("s3://".length());
                int slash = rest.indexOf('/');
                String bucket = slash < 0 ? rest : rest.substring(0, slash);
                String key = slash < 0 ? "" : rest.substring(slash + 1);
                if (!BucketNames.isValid(bucket)) throw new ParameterException(spec.commandLine(), "--to " + to + ": '" + bucket + "' is not a bucket name");
                if (key.isEmpty() || key.endsWith("/") || !ObjectKeys.isValid(key)) {
                    throw new ParameterException(spec.commandLine(), "--to " + to + ": give the object's key, e.g. s3://" + bucket + "/" + table + ".csv");
                }
                try (Buckets buckets = location.open()) {
                    result = TableExport.toBucket(store.open(), request, buckets.bucket(bucket), key, "cli", progress);
                }
            } else {
                result = TableExport.toFile(store.open(), request, Path.of(to), progress);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        String where = result.file() != null ? result.file().toString() : "s3://" + result.bucket() + "/" + result.key();
        if (common.json()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("table", table);
            json.put("rows", result.rows());
            json.put("to", where);
            json.put("bytes", result.size());
            if (result.eTag() != null) json.put("etag", result.eTag());
            json.put("seconds", Math.round(seconds * 100) / 100.0);
            JsonOutput.print(out, json);
        } else {
            out.printf("%,d rows of table %s written to %s (%,d bytes) in %.1f s%n", result.rows(), table, where, result.size(), seconds);
            out.flush();
        }
        return Cli.OK;
    }
}
