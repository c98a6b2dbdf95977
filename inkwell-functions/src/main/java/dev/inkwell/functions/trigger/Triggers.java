package dev.inkwell.functions.trigger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inkwell.bucket.BucketNames;
import dev.inkwell.bucket.Buckets;
import dev.inkwell.core.InputLocation;
import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.Json;
import dev.inkwell.core.NotFoundException;
import dev.inkwell.core.Texts;
import dev.inkwell.functions.Function;
import dev.inkwell.functions.Functions;
import dev.inkwell.store.Store;
import dev.inkwell.store.WorkItem;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Creating, listing and deleting triggers, and listing their failures: what the CLI ({@code inkwell triggers}) and
 * the HTTP API ({@code /v1/triggers}) call. Definitions live in the store, so every process sharing it sees them
 * (a running server within about a second). A definition is checked before it is stored: its name, bucket, prefix and
 * suffix, that the action is a function that takes object events, and the action's options.
 */
public final class Triggers {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,62}");
    private static final int MAX_AFFIX_BYTES = 1024;
    private final TriggerStore store;
    private final Functions functions;
    private final Buckets buckets;
    private final Clock clock;
    private Runnable changed = () -> {
    };

    /** @param buckets where the triggers' buckets are (null: their existence is not checked) */
    public Triggers(Store store, Functions functions, Buckets buckets) {
        this(store, functions, buckets, Clock.systemUTC());
    }

    Triggers(Store store, Functions functions, Buckets buckets, Clock clock) {
        this.store = new TriggerStore(store);
        this.functions = functions;
        this.buckets = buckets;
        this.clock = clock;
    }

    /** Told after every create or delete through this object (the runtime refreshes its copy at once). */
    void onChange(Runnable listener) {
        this.changed = listener;
    }

    TriggerStore store() {
        return store;
    }

    /**
     * Stores a new trigger.
     *
     * @param options the action's options ({@code endpoint}, {@code table}, {@code output_prefix}…), checked by it
     */
    public Trigger create(String name, String bucket, String prefix, String suffix, String action, ObjectNode options) {
        checkName(name);
        if (bucket == null || !BucketNames.isValid(bucket)) {
            throw new InvalidInputException(InputLocation.file("bucket"), "'" + Texts.abbreviate(String.valueOf(bucket), 70) + "' is not a bucket name");
        }
        String p = affix("prefix", prefix);
        String s = affix("suffix", suffix);
        Function function = functions.get(action == null ? "" : action);
        if (!function.takesObjectEvents()) {
            throw new InvalidInputException(InputLocation.file("action"), "the function " + action + " does not take object events: "
                    + "a trigger can run " + String.join(", ", objectFunctions()));
        }
        ObjectNode checked;
        try {
            checked = function.checkOptions(options == null ? Json.mapper().createObjectNode() : options.deepCopy());
        } catch (InvalidInputException e) {
            // the function reads options as event fields: here they are the trigger's options
            String where = e.location() == null ? "options" : e.location().file().replace("event field ", "option ");
            throw new InvalidInputException(InputLocation.file(where), e.problem(), e);
        }
        if (buckets != null && !buckets.exists(bucket)) {
            throw new NotFoundException("bucket " + bucket + ": no such bucket in " + buckets.describe() + " (create it first: inkwell buckets create " + bucket + ")");
        }
        Trigger t = new Trigger(name, bucket, p, s, action, checked, clock.instant().truncatedTo(ChronoUnit.MICROS), null);
        store.insert(t);
        changed.run();
        return t;
    }

    private List<String> objectFunctions() {
        List<String> names = new ArrayList<>();
        for (Function f : functions.all()) if (f.takesObjectEvents()) names.add(f.name());
        return names;
    }

    public List<Trigger> list() {
        return store.all();
    }

    public Trigger get(String name) {
        checkName(name);
        return store.find(name).orElseThrow(() -> new NotFoundException("no trigger named " + name));
    }

    public Optional<Trigger> find(String name) {
        checkName(name);
        return store.find(name);
    }

    /** Deletes the trigger; objects already queued for it are still processed. A {@link NotFoundException} when there is none. */
    public void delete(String name) {
        checkName(name);
        if (!store.delete(name)) throw new NotFoundException("no trigger named " + name);
        changed.run();
    }

    /** The objects the trigger {@code name} (null: every trigger) gave up on, oldest first, at most {@code limit}. */
    public List<TriggerFailure> failures(String name, int limit) {
        if (name != null) checkName(name);
        var queue = store.store().queue(TriggerWork.QUEUE);
        List<WorkItem> items = queue.list(WorkItem.Status.FAILED, name == null ? "" : TriggerWork.keyPrefix(name), limit);
        return items.stream().map(TriggerFailure::of).toList();
    }

    /** Work of every trigger by status (pending, running, done, failed). */
    public Map<WorkItem.Status, Long> counts() {
        return store.store().queue(TriggerWork.QUEUE).counts();
    }

    static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidInputException(InputLocation.file("trigger " + (name == null ? "(none)" : "'" + Texts.abbreviate(name, 40) + "'")),
                    "a trigger name is 1-63 lower-case letters, digits, '-' or '_', starting with a letter");
        }
        return name;
    }

    private static String affix(String what, String value) {
        String v = value == null ? "" : value;
        if (v.getBytes(StandardCharsets.UTF_8).length > MAX_AFFIX_BYTES || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException(InputLocation.file(what), "at most " + MAX_AFFIX_BYTES + " bytes, without control characters");
        }
        if (!v.codePoints().allMatch(Character::isValidCodePoint) || hasLoneSurrogate(v)) {
            throw new InvalidInputException(InputLocation.file(what), "not valid Unicode");
        }
        return v;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return true;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }
}
