package com.gifchat.store;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;

import java.util.List;
import java.util.Set;

/**
 * The embedded store's H2 backend, changed in three ways. A write that asks for the journal ({@code j: true}) is
 * committed to the file before its reply leaves the server, as MongoDB acknowledges such a write only once it is
 * journaled; other writes reach the file with H2's own background commit, within about a second. Its collections
 * store documents as BSON ({@link DocumentValues}) instead of Java serialization. And its unique indexes order their
 * keys with {@link KeyOrder}, which keeps the stock order and file format at a fraction of the cost.
 */
final class CommittingH2Backend extends H2Backend {

    private static final Set<String> WRITE_COMMANDS = Set.of(
        "insert", "update", "delete", "findandmodify", "createindexes", "drop", "dropdatabase");

    CommittingH2Backend(String fileName) {
        super(fileName);
    }

    @Override
    public Document handleCommand(Channel channel, String database, String command, Document query) {
        Document response = super.handleCommand(channel, database, command, query);
        if (WRITE_COMMANDS.contains(command.toLowerCase()) && asksForJournal(query)) {
            commit();
        }
        return response;
    }

    private static boolean asksForJournal(Document command) {
        return command.get("writeConcern") instanceof Document writeConcern && Boolean.TRUE.equals(writeConcern.get("j"));
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new Database(databaseName);
    }

    /**
     * An inner class on purpose: H2Database opens its indexes from its own constructor, before fields of a subclass
     * exist, and an inner class reaches its backend's store even then.
     */
    private final class Database extends H2Database {

        Database(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            // the stock backend's map names, so that existing data files keep their collections
            String fullName = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> documents = getMvStore().openMap("databases." + fullName,
                new MVMap.Builder<Object, Document>().valueType(new DocumentValues()));
            MVMap<String, Object> meta = getMvStore().openMap("meta." + fullName);
            return new H2Collection(this, collectionName, options, documents, meta, cursorRegistry);
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
            // the stock backend's map name, so that existing data files keep their indexes
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            MVMap<KeyValue, Object> entries = getMvStore().openMap(mapName, new MVMap.Builder<KeyValue, Object>().keyType(new KeyOrder()));
            return new EmbeddedUniqueIndex(entries, indexName, keys, sparse);
        }
    }
}
