package dev.inkwell.store;

import dev.inkwell.testing.PostgresServer;

class PostgresWorkQueueTest extends WorkQueueContract {
    @Override
    String newLocation() throws Exception {
        return PostgresServer.shared().newDatabase("queue");
    }
}
