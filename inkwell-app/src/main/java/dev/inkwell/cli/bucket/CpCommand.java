package dev.inkwell.cli.bucket;

import dev.inkwell.bucket.Bucket;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.bucket.ObjectContent;
import dev.inkwell.bucket.ObjectInfo;
import dev.inkwell.bucket.ObjectSummary;
import dev.inkwell.bucket.PutOptions;
import dev.inkwell.bucket.folder.FolderKeys;
import dev.inkwell.cli.Cli;
import dev.inkwell.cli.CommonOptions;
import dev.inkwell.cli.JsonOutput;
import dev.inkwell.core.AtomicFiles;
import dev.inkwell.core.InkwellException;
import dev.inkwell.core.NotFoundException;
import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copy a file to a bucket, an object to a file, or an object to another key, as 'aws s3 cp' does.",
                "Either side is s3://BUCKET/KEY (an Inkwell bucket, whatever its backend) or a local path; a key ending in / "
                        + "(or a local folder) takes the source's name. --recursive copies a folder, or every key under a prefix.",
                "Downloads land whole or not at all; a key that cannot be a local path (.., absolute) is refused."})
public final class CpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    BucketOptions location;

    @Parameters(index = "0", paramLabel = "SRC", description = "A local path or s3://BUCKET/KEY.")
    String source;

    @Parameters(index = "1", paramLabel = "DST", description = "A local path or s3://BUCKET/KEY.")
    String target;

    @Option(names = "--recursive", description = "Copy a folder, or every object under a prefix.")
    boolean recursive;

    @Option(names = "--content-type", paramLabel = "TYPE", description = "The content type of what is written to a bucket (default: from the file name).")
    String contentType;

    @Option(names = "--metadata", paramLabel = "NAME=VALUE", split = ",", description = "User metadata of what is written to a bucket.")
    Map<String, String> metadata;

    /** One object copied. */
    private record Transfer(String action, String from, String to, long size, String eTag) {
    }

    private final List<Transfer> done = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();

    @Override
    public Integer call() {
        boolean fromBucket = S3Uri.is(source);
        boolean toBucket = S3Uri.is(target);
        if (!fromBucket && !toBucket) {
            throw new CommandLine.ParameterException(spec.commandLine(), "one side must be s3://BUCKET/KEY (to copy local files, use cp)");
        }
        PutOptions options = PutOptions.none().withContentType(contentType).withMetadata(metadata);
        try (Buckets buckets = location.open()) {
            if (!fromBucket) upload(buckets, Path.of(source), S3Uri.parse(spec, target), options);
            else if (!toBucket) download(buckets, S3Uri.parse(spec, source), target);
            else copy(buckets, S3Uri.parse(spec, source), S3Uri.parse(spec, target), contentType != null || metadata != null ? options : null);
        }
        report();
        return failed.isEmpty() ? Cli.OK : Cli.FAILURE;
    }

    // ---- local to bucket ----

    private void upload(Buckets buckets, Path file, S3Uri to, PutOptions options) {
        Bucket bucket = buckets.bucket(to.bucket());
        if (!recursive) {
            if (Files.isDirectory(file)) throw new CommandLine.ParameterException(spec.commandLine(), file + " is a folder: add --recursive");
            if (!Files.isRegularFile(file)) throw new NotFoundException(file + ": no such file");
            String key = to.isFolder() ? to.key() + file.getFileName() : to.key();
            put(bucket, file, to.withKey(key), options);
            return;
        }
        if (!Files.isDirectory(file)) throw new NotFoundException(file + ": no such folder");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(file)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (Path f : files) {
            String relative = file.relativize(f).toString().replace(File.separatorChar, '/');
            each(() -> put(bucket, f, to.withKey(to.folderPrefix() + relative), options));
        }
    }

    private void put(Bucket bucket, Path file, S3Uri to, PutOptions options) {
        ObjectInfo info = bucket.put(to.key(), file, options);
        transferred(new Transfer("upload", file.toString(), to.toString(), info.size(), info.eTag()));
    }

    // ---- bucket to local ----

    private void download(Buckets buckets, S3Uri from, String to) {
        Bucket bucket = buckets.bucket(from.bucket());
        Path dir = Path.of(to);
        if (!recursive) {
            if (from.isFolder()) throw new CommandLine.ParameterException(spec.commandLine(), from + " names no object: give a key, or add --recursive");
            boolean intoFolder = to.endsWith("/") || to.endsWith(File.separator) || Files.isDirectory(dir);
            String name = from.key().substring(from.key().lastIndexOf('/') + 1);
            get(bucket, from, intoFolder ? dir.resolve(name) : dir);
            return;
        }
        String prefix = from.folderPrefix();
        List<String> keys = bucket.objects(prefix).map(ObjectSummary::key).toList();
        Path top = dir.toAbsolutePath().normalize();
        for (String key : keys) {
            String relative = key.substring(prefix.length());
            each(() -> {
                // a key is only a path below the target if it is a plain relative path: never ../ or /etc/…
                if (!FolderKeys.isStorable(relative)) throw new InkwellException(from.withKey(key) + ": this key cannot be a local file path (skipped)");
                Path file = top.resolve(relative).normalize();
                if (!file.startsWith(top)) throw new InkwellException(from.withKey(key) + ": leads out of " + top + " (skipped)");
                get(bucket, from.withKey(key), file);
            });
        }
    }

    private void get(Bucket bucket, S3Uri from, Path file) {
        try (ObjectContent content = bucket.get(from.key())) {
            AtomicFiles.write(file, content::transferTo);
            transferred(new Transfer("download", from.toString(), file.toString(), content.length(), content.info().eTag()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + from + ": " + e.getMessage(), e);
        }
    }

    // ---- bucket to bucket ----

    private void copy(Buckets buckets, S3Uri from, S3Uri to, PutOptions replace) {
        Bucket source = buckets.bucket(from.bucket());
        Bucket destination = buckets.bucket(to.bucket());
        if (!recursive) {
            if (from.isFolder()) throw new CommandLine.ParameterException(spec.commandLine(), from + " names no object: give a key, or add --recursive");
            String name = from.key().substring(from.key().lastIndexOf('/') + 1);
            copyOne(source, from, destination, to.isFolder() ? to.withKey(to.key() + name) : to, replace);
            return;
        }
        String prefix = from.folderPrefix();
        for (String key : source.objects(prefix).map(ObjectSummary::key).toList()) {
            each(() -> copyOne(source, from.withKey(key), destination, to.withKey(to.folderPrefix() + key.substring(prefix.length())), replace));
        }
    }

    private void copyOne(Bucket source, S3Uri from, Bucket destination, S3Uri to, PutOptions replace) {
        ObjectInfo info = source.copy(from.key(), destination, to.key(), replace);
        transferred(new Transfer("copy", from.toString(), to.toString(), info.size(), info.eTag()));
    }

    // ---- reporting ----

    /** One object of a recursive copy: a failure is reported and the others go on. */
    private void each(Runnable transfer) {
        try {
            transfer.run();
        } catch (InkwellException | UncheckedIOException e) {
            failed.add(e.getMessage());
            spec.commandLine().getErr().println("inkwell: " + e.getMessage());
        }
    }

    private void transferred(Transfer t) {
        done.add(t);
        if (!common.json()) spec.commandLine().getOut().println(t.action() + ": " + t.from() + " to " + t.to());
    }

    private void report() {
        PrintWriter out = spec.commandLine().getOut();
        if (common.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("copied", done.stream().map(t -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("action", t.action());
                m.put("from", t.from());
                m.put("to", t.to());
                m.put("size", t.size());
                m.put("etag", t.eTag());
                return m;
            }).toList());
            doc.put("failed", failed);
            JsonOutput.print(out, doc);
        } else if (done.isEmpty() && failed.isEmpty()) {
            out.println("nothing to copy from " + source);
        }
        out.flush();
        spec.commandLine().getErr().flush();
    }
}
