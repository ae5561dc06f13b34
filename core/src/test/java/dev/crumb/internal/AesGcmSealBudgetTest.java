package dev.crumb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The AES-GCM seal budget: one warning per key once it has sealed the threshold, with a low threshold. */
class AesGcmSealBudgetTest {

    private final Logger log = Logger.getLogger(AesGcmCipher.class.getName());
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            synchronized (records) {
                records.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    @BeforeEach
    void watch() {
        log.addHandler(handler);
    }

    @AfterEach
    void unwatch() {
        log.removeHandler(handler);
    }

    private static void seal(AesGcmCipher cipher) {
        // A fresh IV each time: the JDK refuses to encrypt twice with one key and IV.
        byte[] out = new byte[16 + 3];
        cipher.encrypt(Nonces.bytes(12), new byte[0], new byte[] {1, 2, 3}, 0, 3, out, 0);
    }

    private List<LogRecord> warnings() {
        synchronized (records) {
            return records.stream().filter(r -> r.getLevel() == Level.WARNING).toList();
        }
    }

    @Test
    void pastTheThreshold_warnsOnceNamingTheKeyAndTheFix() {
        AesGcmCipher cipher = new AesGcmCipher(new byte[32], "k-budget", 5);
        for (int i = 0; i < 4; i++) {
            seal(cipher);
        }
        assertEquals(List.of(), warnings());
        byte[] iv = Nonces.bytes(12);
        byte[] sealed = new byte[19];
        cipher.encrypt(iv, new byte[0], new byte[3], 0, 3, sealed, 0);
        assertEquals(1, warnings().size());
        // Opening does not count, and the warning is not repeated.
        for (int i = 0; i < 20; i++) {
            assertEquals(3, cipher.decryptInPlace(iv, new byte[0], sealed.clone(), 0, sealed.length));
            seal(cipher);
        }
        assertEquals(25, cipher.seals());
        List<LogRecord> warnings = warnings();
        assertEquals(1, warnings.size());
        String message = new java.util.logging.SimpleFormatter().formatMessage(warnings.get(0));
        assertTrue(message.contains("'k-budget'"), message);
        assertTrue(message.contains("2^32"), message);
        assertTrue(message.contains("KeyRing.withPrimary") && message.contains("KeyRing.rotating"), message);
    }

    @Test
    void belowTheThreshold_isSilent() {
        AesGcmCipher cipher = new AesGcmCipher(new byte[32], "k-quiet", 1_000);
        for (int i = 0; i < 999; i++) {
            seal(cipher);
        }
        assertEquals(List.of(), warnings());
    }

    @Test
    void manyThreadsCrossingTheThreshold_warnOnce() throws InterruptedException {
        AesGcmCipher cipher = new AesGcmCipher(new byte[32], "k-threads", 1_000);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int t = 0; t < 4; t++) {
            pool.execute(() -> {
                for (int i = 0; i < 500; i++) {
                    seal(cipher);
                }
            });
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(1, TimeUnit.MINUTES));
        assertEquals(2_000, cipher.seals());
        assertEquals(1, warnings().size());
    }

    @Test
    void defaultThreshold_isTwoToThe28th() {
        assertEquals(1L << 28, ContentCipher.GCM_SEAL_WARNING);
    }
}
