package dev.inkwell.bucket.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Sequencers: S3's shape (16 upper-case hex digits), ordered as the events were published, even within a microsecond. */
class BucketEventsTest {
    @Test
    void sequencersAreSixteenHexDigitsThatGrowWithEveryEvent() {
        Instant t = Instant.parse("2026-11-28T08:00:00.123456789Z");
        BucketEvents events = new BucketEvents(Clock.fixed(t, ZoneOffset.UTC));
        long micros = t.getEpochSecond() * 1_000_000L + t.getNano() / 1_000;
        assertThat(events.nextSequencer()).isEqualTo(String.format("%016X", micros)).matches("[0-9A-F]{16}");
        assertThat(events.nextSequencer()).isEqualTo(String.format("%016X", micros + 1));
        assertThat(events.nextSequencer()).isEqualTo(String.format("%016X", micros + 2));
    }
}
