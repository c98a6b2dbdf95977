package dev.inkwell.store;

import dev.inkwell.testing.PostgresServer;

class PostgresLabellingQueueTest extends LabellingQueueContract {
    @Override
    String newLocation() throws Exception {
        return PostgresServer.shared().newDatabase("labelling");
    }
}
