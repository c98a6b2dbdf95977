package dev.inkwell.server;

import dev.inkwell.monitor.capture.CaptureKeys;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/** A name for this server process, unique among replicas: host, process id and a random part. */
final class ReplicaId {
    private ReplicaId() {
    }

    static String create() {
        String host = System.getenv("HOSTNAME"); // no name lookup: it can take seconds where the host name does not resolve
        if (host == null || host.isBlank()) host = "inkwell";
        byte[] random = new byte[3];
        ThreadLocalRandom.current().nextBytes(random);
        String id = host + "-" + ProcessHandle.current().pid() + "-" + HexFormat.of().formatHex(random);
        return CaptureKeys.segment(id.length() > 60 ? id.substring(id.length() - 60) : id);
    }
}
