package dev.inkwell.cli;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.CsvWriter;
import dev.inkwell.dataset.Dataset;
import dev.inkwell.dataset.DatasetConverter;
import dev.inkwell.dataset.SampleReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert any dataset Inkwell reads to IDX or CSV.",
                "OUT ending in .csv gets CSV; OUT named like …-images-idx3-ubyte[.gz] gets that IDX pair; any other OUT is a folder "
                        + "that gets one IDX pair per split (train-…, t10k-…). Nothing is written unless the whole conversion succeeds."})
public final class DatasetsConvertCommand implements Runnable {
    enum Format { IDX, CSV }

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    DatasetInputOptions input;

    @Parameters(index = "0", paramLabel = "SOURCE", description = "A dataset file or folder (the format is detected), or a samples table: table, table:NAME.")
    String source;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "OUT", description = "Where to write (see above).")
    Path output;

    @Option(names = "--to", paramLabel = "idx|csv", description = "Output format (default: from OUT's name).")
    Format to;

    @Option(names = "--header", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "CSV: write the header row label,pixel0,… (default: true).")
    boolean header;

    @Option(names = "--uuid", description = "CSV: add a uuid column (the source's uuids, else numbers from --uuid-start).")
    boolean uuid;

    @Option(names = "--uuid-start", paramLabel = "N", description = "CSV: number the uuid column from N (implies --uuid).")
    Long uuidStart;

    @Option(names = "--gzip", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "IDX folder output: gzip the files (default: true). A single IDX pair is gzip when OUT ends in .gz.")
    boolean gzip;

    @Override
    public void run() {
        Dataset dataset = input.open(source);
        Format format = to != null ? to : DatasetConverter.isCsvTarget(output) ? Format.CSV : Format.IDX;
        long started = System.nanoTime();
        List<DatasetConverter.Written> written;
        try (Progress progress = ConsoleProgress.forConsole(common.json()); SampleReader reader = input.openSelected(dataset)) {
            progress.start("converting " + dataset.shortName(), input.expectedCount(dataset));
            written = format == Format.CSV
                    ? DatasetConverter.toCsv(reader, output, new CsvWriter.Options(header, uuid || uuidStart != null, uuidStart), progress)
                    : DatasetConverter.toIdx(reader, output, gzip, progress);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            JsonOutput.print(out, Map.of("source", source.toString(), "format", format.name().toLowerCase(Locale.ROOT),
                    "files", written.stream().map(w -> Map.of("file", w.file().toString(), "samples", w.samples())).toList(),
                    "seconds", Math.round(seconds * 1000) / 1000.0));
        } else {
            for (DatasetConverter.Written w : written) out.println("wrote " + w.samples() + " samples to " + w.file());
            out.printf("%.1f s%n", seconds);
            out.flush();
        }
    }
}
