package dev.inkwell.registry;

class SqliteRegistryTest extends RegistryContract {
    @Override
    String newLocation() {
        return dir.resolve("store.db").toString();
    }

    @Override
    String reopenable() {
        return dir.resolve("store.db").toString();
    }
}
