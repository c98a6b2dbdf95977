package dev.inkwell.registry;

import java.time.Instant;
import java.util.Locale;

/**
 * One entry of a model's history: a version registered, an alias moved or removed, a status or tag changed, a version
 * or the model deleted. {@code fromVersion}/{@code toVersion} are null where they do not apply.
 */
public record ModelEvent(long id, String name, Kind kind, String alias, Integer fromVersion, Integer toVersion, String detail, Instant at) {
    public enum Kind {
        REGISTERED, ALIAS_MOVED, ALIAS_REMOVED, STATUS, TAGGED, VERSION_DELETED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind parse(String column) {
            return valueOf(column.toUpperCase(Locale.ROOT));
        }
    }
}
