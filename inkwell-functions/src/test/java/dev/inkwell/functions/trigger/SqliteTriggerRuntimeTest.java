package dev.inkwell.functions.trigger;

class SqliteTriggerRuntimeTest extends TriggerRuntimeContract {
    private int n;

    @Override
    String newStore() {
        return dir.resolve("store-" + (n++) + ".db").toString();
    }
}
