package dev.inkwell.store;

import java.util.ArrayList;
import java.util.List;

/**
 * The class-path folders a store's migrations come from. Each holds one sub-folder per {@link Dialect}
 * ({@code sqlite/}, {@code postgresql/}) of Flyway SQL files named {@code V<version>__<what>.sql}.
 * Inkwell's own are under {@code db/migration}; tests add folders with migrations of a later version.
 */
record MigrationFolders(List<String> roots) {
    static final MigrationFolders INKWELL = new MigrationFolders(List.of("db/migration"));

    MigrationFolders {
        roots = List.copyOf(roots);
    }

    MigrationFolders plus(String root) {
        List<String> more = new ArrayList<>(roots);
        more.add(root);
        return new MigrationFolders(more);
    }

    /** The class-path folders of {@code dialect}'s migrations. */
    List<String> folders(Dialect dialect) {
        return roots.stream().map(root -> root + "/" + dialect.migrationFolder()).toList();
    }

    /** The same as Flyway locations. */
    String[] locations(Dialect dialect) {
        return folders(dialect).stream().map(folder -> "classpath:" + folder).toArray(String[]::new);
    }
}
