package dev.inkwell.registry;

import dev.inkwell.testing.PostgresServer;

class PostgresRegistryTest extends RegistryContract {
    private String url;

    @Override
    String newLocation() throws Exception {
        url = PostgresServer.shared().newDatabase("registry");
        return url;
    }

    @Override
    String reopenable() {
        return url;
    }
}
