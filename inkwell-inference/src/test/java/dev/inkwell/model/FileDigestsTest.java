package dev.inkwell.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDigestsTest {
    @TempDir
    Path dir;

    private final Duration noSettle = Duration.ZERO;

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private List<Path> notes() throws Exception {
        if (!Files.isDirectory(dir.resolve("notes"))) return List.of();
        try (Stream<Path> s = Files.list(dir.resolve("notes"))) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    @Test
    void theDigestIsTheContentsSha256AndIsRememberedForTheUnchangedFile() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), "weights".getBytes(StandardCharsets.UTF_8));
        FileDigests digests = new FileDigests(dir.resolve("notes"), noSettle);
        assertThat(digests.sha256(model)).isEqualTo(sha256("weights".getBytes(StandardCharsets.UTF_8)));
        assertThat(notes()).hasSize(1);
        // a note with another digest for the same stamp is believed: proof the file is not read again
        Path note = notes().get(0);
        List<String> lines = Files.readAllLines(note);
        String planted = "0".repeat(64);
        Files.write(note, List.of(lines.get(0), lines.get(1), planted));
        assertThat(digests.sha256(model)).isEqualTo(planted);
    }

    @Test
    void aRewriteWithTheSameSizeAndARestoredModificationTimeIsSeen() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), "weights-A".getBytes(StandardCharsets.UTF_8));
        FileTime mtime = Files.getLastModifiedTime(model);
        FileDigests digests = new FileDigests(dir.resolve("notes"), noSettle);
        String first = digests.sha256(model);
        Thread.sleep(50); // past a tick of the file system's coarse clock, so the status-change time moves
        Files.write(model, "weights-B".getBytes(StandardCharsets.UTF_8));
        Files.setLastModifiedTime(model, mtime); // as cp -p or rsync -t would
        assertThat(digests.sha256(model)).isNotEqualTo(first).isEqualTo(sha256("weights-B".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aFileChangedJustNowIsHashedButNotRemembered() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), "fresh".getBytes(StandardCharsets.UTF_8));
        FileDigests digests = new FileDigests(dir.resolve("notes"), Duration.ofHours(1));
        assertThat(digests.sha256(model)).isEqualTo(sha256("fresh".getBytes(StandardCharsets.UTF_8)));
        assertThat(notes()).isEmpty();
    }

    @Test
    void damagedOrForeignNotesAreIgnoredAndReplaced() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), "weights".getBytes(StandardCharsets.UTF_8));
        FileDigests digests = new FileDigests(dir.resolve("notes"), noSettle);
        String right = digests.sha256(model);
        Path note = notes().get(0);
        for (List<String> bad : List.of(List.of("truncated"), List.of("/elsewhere/model.onnx", Files.readAllLines(note).get(1), "0".repeat(64)),
                List.of(Files.readAllLines(note).get(0), Files.readAllLines(note).get(1), "not hex"))) {
            Files.write(note, bad);
            assertThat(digests.sha256(model)).isEqualTo(right);
        }
        Files.write(note, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertThat(digests.sha256(model)).isEqualTo(right);
        assertThat(Files.readAllLines(note).get(2)).isEqualTo(right);
    }

    @Test
    void whereNotesCannotBeWrittenTheDigestIsStillRight() throws Exception {
        Path model = Files.write(dir.resolve("model.onnx"), "weights".getBytes(StandardCharsets.UTF_8));
        Path blocked = Files.write(dir.resolve("a-file-not-a-folder"), new byte[0]);
        assertThat(new FileDigests(blocked, noSettle).sha256(model)).isEqualTo(sha256("weights".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void filesOfOneFolderKeepTheirOwnNotes() throws Exception {
        FileDigests digests = new FileDigests(dir.resolve("notes"), noSettle);
        for (String name : List.of("a.onnx", "b.onnx", "ab.onnx", "ba.onnx")) {
            Path model = Files.write(dir.resolve(name), name.getBytes(StandardCharsets.UTF_8));
            assertThat(digests.sha256(model)).isEqualTo(sha256(name.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(notes()).hasSize(4).allSatisfy(n -> assertThat(n.getFileName().toString()).matches("[0-9a-f]{32}"));
        for (String name : List.of("a.onnx", "b.onnx", "ab.onnx", "ba.onnx")) {
            assertThat(digests.sha256(dir.resolve(name))).isEqualTo(sha256(name.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void aMissingFileIsAClearError() {
        assertThatThrownBy(() -> new FileDigests(dir.resolve("notes"), noSettle).sha256(dir.resolve("gone.onnx")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("gone.onnx");
    }
}
