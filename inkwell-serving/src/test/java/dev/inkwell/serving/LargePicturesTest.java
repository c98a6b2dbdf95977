package dev.inkwell.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.inkwell.core.InvalidInputException;
import dev.inkwell.core.UnavailableException;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class LargePicturesTest {

    @Test
    void largePicturesAreReadOnPlatformThreadsAndTheCallerGetsTheResult() throws Exception {
        AtomicReference<Thread> caller = new AtomicReference<>();
        AtomicReference<Thread> reader = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            caller.set(Thread.currentThread());
            reader.set(LargePictures.read(Thread::currentThread));
        });
        t.join(60_000);
        assertThat(caller.get().isVirtual()).isTrue();
        assertThat(reader.get().isVirtual()).as("off the carriers").isFalse();
        assertThat(reader.get().getName()).startsWith("large-pictures-");
        assertThat(reader.get().isDaemon()).isTrue();
    }

    @Test
    void whatTheWorkThrowsReachesTheCallerUnchanged() {
        InvalidInputException bad = new InvalidInputException("<image>: not a picture");
        assertThatThrownBy(() -> LargePictures.read(() -> {
            throw bad;
        })).isSameAs(bad);
        StackOverflowError error = new StackOverflowError("deep");
        assertThatThrownBy(() -> LargePictures.read(() -> {
            throw error;
        })).isSameAs(error);
        assertThatThrownBy(() -> LargePictures.read(() -> {
            throw new IOException("disk");
        })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
    }

    @Test
    void anInterruptedCallerStopsWaitingAndSaysSo() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = Thread.ofVirtual().start(() -> {
            try {
                LargePictures.read(() -> {
                    started.countDown();
                    return release.await(60, TimeUnit.SECONDS);
                });
            } catch (Throwable e) {
                thrown.set(e);
            }
        });
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
        caller.interrupt();
        caller.join(60_000);
        release.countDown();
        assertThat(thrown.get()).isInstanceOf(UnavailableException.class).hasMessageContaining("interrupted");
    }
}
