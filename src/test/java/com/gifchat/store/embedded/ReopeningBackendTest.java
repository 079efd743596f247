package com.gifchat.store.embedded;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.gifchat.store.AppReading;
import de.bwaldvogel.mongo.bson.Document;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.junit5.VertxExtension;
import org.h2.mvstore.MVMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedded file store when H2 closes its store underneath, or fails a commit: the commands that met the broken
 * store are answered "recovering" (which the app answers as unavailable), the store is reopened from its file with
 * one ERROR in the log, and it answers again with every acknowledged write, also after a restart.
 */
@ExtendWith(VertxExtension.class)
class ReopeningBackendTest {

    private static final int ACKNOWLEDGED = 50;
    private static final int WRITERS = 8;
    private static final int WRITES_PER_WRITER = 60;
    /** Acknowledged writes before the store is closed underneath the writers. */
    private static final int BREAK_AFTER = WRITERS * WRITES_PER_WRITER / 3;
    private static final long GIVE_UP_SECONDS = 60;
    private static final String COLLECTION = "messages";

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private Logger logger;

    @BeforeEach
    void captureLog() {
        logger = (Logger) LoggerFactory.getLogger(ReopeningBackend.class);
        log.start();
        logger.addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void aStoreClosedUnderneathIsReopenedAndAnswersWithEveryAcknowledgedWrite(Vertx vertx, @TempDir Path dir) {
        EmbeddedMongo embedded = EmbeddedMongo.inFile(dir);
        MongoClient mongo = client(vertx, embedded.start(0));
        try {
            Set<String> acknowledged = insert(mongo, "before", ACKNOWLEDGED);

            embedded.fileBackend().getMvStore().closeImmediately();

            Throwable refused = assertThrows(Exception.class, () -> mongo.insert(COLLECTION, message("refused", 0)).await());
            assertTrue(AppReading.asUnavailable(refused), "answered as unavailable by the app: " + refused);
            acknowledged.addAll(insert(mongo, "after", ACKNOWLEDGED));
            assertEquals(acknowledged, ids(mongo, "before", "after"));
            assertEquals(1, embedded.reopenings());
            assertEquals(1, errors().size(), "one ERROR says what happened: " + errors());
            assertTrue(errors().get(0).contains("reopened"), errors().get(0));
        } finally {
            mongo.close().await();
            embedded.stop();
        }
        assertEquals(2 * ACKNOWLEDGED, afterRestart(vertx, dir, "before", "after").size());
    }

    @Test
    void aCommitThatFailsIsAnsweredRecoveringAndTheStoreCarriesOn(Vertx vertx, @TempDir Path dir) {
        EmbeddedMongo embedded = EmbeddedMongo.inFile(dir);
        MongoClient mongo = client(vertx, embedded.start(0));
        try {
            Set<String> acknowledged = insert(mongo, "before", ACKNOWLEDGED);
            // a document H2 cannot write: the next commit fails while writing it, as it did on a document that changed
            MVMap<Object, Document> unwritable = embedded.fileBackend().getMvStore()
                .openMap("unwritable", new MVMap.Builder<Object, Document>().valueType(new DocumentValues()));
            unwritable.put("poison", new Document("value", new Object()));

            Throwable refused = assertThrows(Exception.class, () -> mongo.insert(COLLECTION, message("refused", 0)).await());
            assertTrue(AppReading.asUnavailable(refused), "answered as unavailable by the app: " + refused);
            acknowledged.addAll(insert(mongo, "after", ACKNOWLEDGED));
            assertEquals(acknowledged, ids(mongo, "before", "after"));
            assertEquals(1, embedded.reopenings());
            assertEquals(1, errors().size(), "one ERROR says what happened: " + errors());
            assertTrue(errors().get(0).contains("IllegalArgumentException"), "the ERROR names the failure: " + errors().get(0));
        } finally {
            mongo.close().await();
            embedded.stop();
        }
        assertEquals(2 * ACKNOWLEDGED, afterRestart(vertx, dir, "before", "after").size());
    }

    /**
     * Writers keep inserting, journaled, while the store is closed underneath them: each write is acknowledged or
     * answered "recovering", none waits forever, and every acknowledged one is there afterwards.
     */
    @Test
    void writersInFlightWhenTheStoreBreaksLoseNothingAcknowledged(Vertx vertx, @TempDir Path dir) throws Exception {
        EmbeddedMongo embedded = EmbeddedMongo.inFile(dir);
        MongoClient mongo = client(vertx, embedded.start(0));
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch enoughWritten = new CountDownLatch(BREAK_AFTER);
        ExecutorService writers = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                String writer = "w" + w;
                done.add(writers.submit(() -> {
                    for (int seq = 0; seq < WRITES_PER_WRITER; seq++) {
                        JsonObject message = message(writer, seq);
                        try {
                            mongo.insert(COLLECTION, message).await();
                            acknowledged.add(message.getString("_id"));
                        } catch (RuntimeException e) {
                            assertTrue(AppReading.asUnavailable(e), "answered as unavailable by the app: " + e);
                            refused.incrementAndGet();
                        }
                        enoughWritten.countDown();
                    }
                    return null;
                }));
            }
            assertTrue(enoughWritten.await(GIVE_UP_SECONDS, TimeUnit.SECONDS), "the writers wrote " + BREAK_AFTER + " messages");
            embedded.fileBackend().getMvStore().closeImmediately();
            for (Future<?> writer : done) {
                try {
                    writer.get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError(e.getCause().getMessage(), e.getCause());
                }
            }
            assertEquals(1, embedded.reopenings());
            assertTrue(refused.get() > 0, "some writes met the closed store");
            assertEquals(WRITERS * WRITES_PER_WRITER, acknowledged.size() + refused.get());
            assertTrue(ids(mongo, "w").containsAll(acknowledged), "every acknowledged message is there");
            assertEquals(1, errors().size(), "one ERROR says what happened: " + errors());
        } finally {
            writers.shutdownNow();
            mongo.close().await();
            embedded.stop();
        }
        assertTrue(afterRestart(vertx, dir, "w").containsAll(acknowledged), "every acknowledged message is there after a restart");
    }

    private static Set<String> insert(MongoClient mongo, String writer, int count) {
        Set<String> ids = ConcurrentHashMap.newKeySet();
        for (int seq = 0; seq < count; seq++) {
            JsonObject message = message(writer, seq);
            mongo.insert(COLLECTION, message).await();
            ids.add(message.getString("_id"));
        }
        return ids;
    }

    /** The ids of the stored messages whose ids start with one of {@code prefixes}. */
    private static Set<String> ids(MongoClient mongo, String... prefixes) {
        Set<String> ids = new HashSet<>();
        for (JsonObject message : mongo.find(COLLECTION, new JsonObject()).await()) {
            String id = message.getString("_id");
            for (String prefix : prefixes) {
                if (id.startsWith(prefix)) {
                    ids.add(id);
                }
            }
        }
        return ids;
    }

    private static Set<String> afterRestart(Vertx vertx, Path dir, String... prefixes) {
        EmbeddedMongo restarted = EmbeddedMongo.inFile(dir);
        MongoClient mongo = client(vertx, restarted.start(0));
        try {
            return ids(mongo, prefixes);
        } finally {
            mongo.close().await();
            restarted.stop();
        }
    }

    private List<String> errors() {
        synchronized (log) {
            return log.list.stream().filter(event -> event.getLevel() == Level.ERROR).map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    private static JsonObject message(String writer, int seq) {
        return new JsonObject().put("_id", writer + "-" + seq).put("roomId", writer).put("seq", seq)
            .put("text", "message " + seq).put("tags", new JsonArray().add("a").add("b"));
    }

    /** Journaled, as the app writes what it acknowledges. */
    private static MongoClient client(Vertx vertx, String address) {
        return MongoClient.create(vertx, new JsonObject().put("connection_string", address).put("db_name", "test")
            .put("writeConcern", "JOURNALED").put("maxPoolSize", WRITERS));
    }
}
