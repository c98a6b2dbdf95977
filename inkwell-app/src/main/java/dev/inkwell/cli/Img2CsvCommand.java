package dev.inkwell.cli;

import dev.inkwell.core.Progress;
import dev.inkwell.dataset.CsvWriter;
import dev.inkwell.dataset.DatasetConverter;
import dev.inkwell.dataset.ImageFolderReader;
import dev.inkwell.dataset.LabelSource;
import dev.inkwell.image.ImageLimits;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "img2csv", mixinStandardHelpOptions = true,
        description = {"Turn a folder of digit images into one CSV (seed 000's HandwrittenToCSV, in one file): "
                + "each row is the label (the file name's first character) then the grey pixel values, optionally a uuid column last.",
                "Images are used at their own size (all must share one), converted to grey like PIL's convert(\"L\")."})
public final class Img2CsvCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Parameters(index = "0", paramLabel = "DIR", description = "Folder of PNG/JPEG/GIF/BMP images named like 3_anything.png.")
    Path dir;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.csv", description = "Output file (default: DIR's name + .csv in the current folder).")
    Path output;

    @Option(names = "--uuid-start", paramLabel = "N", description = "Add a uuid column numbered from N (seed 000 used 60001).")
    Long uuidStart;

    @Option(names = "--header", description = "Write a header row label,pixel0,…")
    boolean header;

    @Override
    public void run() {
        Path target = output != null ? output : Path.of(dir.toAbsolutePath().normalize().getFileName() + ".csv");
        List<DatasetConverter.Written> written;
        try (Progress progress = ConsoleProgress.forConsole(common.json());
             ImageFolderReader reader = ImageFolderReader.open(dir, 1, LabelSource.FILE_NAME, ImageLimits.DEFAULT)) {
            progress.start("reading images", reader.expectedCount());
            written = DatasetConverter.toCsv(reader, target, new CsvWriter.Options(header, uuidStart != null, uuidStart), progress);
        }
        PrintWriter out = spec.commandLine().getOut();
        long rows = written.getFirst().samples();
        if (common.json()) {
            JsonOutput.print(out, Map.of("file", target.toString(), "rows", rows));
        } else {
            out.println("wrote " + rows + " rows to " + target);
            out.flush();
        }
    }
}
