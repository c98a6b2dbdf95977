package dev.inkwell.functions.trigger;

import dev.inkwell.testing.PostgresServer;

class PostgresTriggerRuntimeTest extends TriggerRuntimeContract {
    @Override
    String newStore() throws Exception {
        return PostgresServer.shared().newDatabase("triggers");
    }
}
