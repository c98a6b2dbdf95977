package dev.inkwell.functions.trigger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.ConflictException;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.functions.Functions;
import dev.inkwell.store.Store;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Trigger definitions in a real store: checked before they are stored, listed, deleted, and their generations told apart. */
class TriggersTest {
    @TempDir
    Path dir;
    Store store;
    Buckets buckets;
    Triggers triggers;

    @BeforeEach
    void setUp() {
        store = Store.open(dir.resolve("inkwell.db").toString());
        buckets = Buckets.folder(dir.resolve("buckets"));
        buckets.create("uploads");
        triggers = new Triggers(store, Functions.builtIn(), buckets);
    }

    @AfterEach
    void tearDown() {
        store.close();
        buckets.close();
    }

    private static ObjectNode options(String... pairs) {
        ObjectNode o = Json.mapper().createObjectNode();
        for (int i = 0; i < pairs.length; i += 2) o.put(pairs[i], pairs[i + 1]);
        return o;
    }

    @Test
    void aTriggerIsStoredListedAndDeleted() {
        Trigger t = triggers.create("digits", "uploads", "incoming/", ".png", "classify", options("endpoint", "default"));
        triggers.create("csv", "uploads", "csv/", ".csv", "ingest", options("table", "digits"));
        assertThat(triggers.list()).extracting(Trigger::name).containsExactly("csv", "digits");
        Trigger read = triggers.get("digits");
        assertThat(read.prefix()).isEqualTo("incoming/");
        assertThat(read.options().get("endpoint").asText()).isEqualTo("default");
        assertThat(read.createdAt()).isEqualTo(t.createdAt());
        assertThat(read.matches("uploads", "incoming/a/7.png")).isTrue();
        assertThat(read.matches("uploads", "incoming/7.PNG")).isFalse();
        assertThat(read.matches("other", "incoming/7.png")).isFalse();
        assertThatThrownBy(() -> triggers.create("digits", "uploads", "", "", "classify", null)).isInstanceOf(ConflictException.class);
        triggers.delete("digits");
        assertThat(triggers.find("digits")).isEmpty();
        assertThatThrownBy(() -> triggers.delete("digits")).isInstanceOf(NotFoundException.class);
        Trigger again = triggers.create("digits", "uploads", "incoming/", ".png", "classify", null);
        assertThat(again.generation()).as("a new generation processes objects again").isNotEqualTo(t.generation());
    }

    @Test
    void badDefinitionsAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> triggers.create("Digits", "uploads", "", "", "classify", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("trigger name");
        assertThatThrownBy(() -> triggers.create("a".repeat(64), "uploads", "", "", "classify", null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> triggers.create("x", "Up_Loads", "", "", "classify", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("bucket");
        assertThatThrownBy(() -> triggers.create("x", "missing", "", "", "classify", null)).isInstanceOf(NotFoundException.class).hasMessageContaining("inkwell buckets create missing");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "a\nb", "", "classify", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("prefix");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "", "é".repeat(600), "classify", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("suffix");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "\ud800", "", "classify", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("Unicode");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "", "", "nothing", null)).isInstanceOf(NotFoundException.class).hasMessageContaining("classify");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "", "", "export", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("object events");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "", "", "ingest", null)).isInstanceOf(InvalidInputException.class).hasMessageContaining("table");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "", "", "classify", options("tabel", "x"))).hasMessageContaining("no such option");
        assertThatThrownBy(() -> triggers.create("x", "uploads", "", "", "register", null)).hasMessageContaining("endpoint");
        assertThat(triggers.list()).isEmpty();
    }
}
