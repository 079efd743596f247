package com.gifchat.store.embedded;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A collection of the embedded store, whose documents never change once they are in its H2 map, and keep
 * {@link FieldNames shared field names}.
 * <p>
 * H2 writes a commit's pages, and with them the documents they hold, while other threads go on changing the maps: a
 * change puts a new page in place and leaves the one being written alone. The stock update instead changes the stored
 * document itself, field by field, before putting it back; a commit that was writing that document then failed with a
 * ConcurrentModificationException, and H2 closes its store on any failure in a commit. So an update here works on
 * copies of the documents it finds, and the copy it changed takes the stored one's place.
 */
final class EmbeddedCollection extends H2Collection {

    /** The thread inside an update of this collection (under the collection's lock): it alone gets copies. */
    private Thread updating;

    EmbeddedCollection(MongoDatabase database, String name, CollectionOptions options, MVMap<Object, Document> documents,
                       MVMap<String, Object> meta, CursorRegistry cursors) {
        super(database, name, options, documents, meta, cursors);
    }

    @Override
    public synchronized Document updateDocuments(Document selector, Document update, ArrayFilters arrayFilters,
                                                 boolean isMulti, boolean isUpsert, Oplog oplog) {
        return withCopies(() -> super.updateDocuments(selector, update, arrayFilters, isMulti, isUpsert, oplog));
    }

    @Override
    public synchronized Document findAndModify(Document query) {
        return withCopies(() -> super.findAndModify(query));
    }

    private Document withCopies(Supplier<Document> update) {
        updating = Thread.currentThread();
        try {
            return update.get();
        } finally {
            updating = null;
        }
    }

    /** What an update finds, as copies: the update changes them in place. Queries get the stored documents. */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        QueryResult found = super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        if (updating != Thread.currentThread()) {
            return found;
        }
        List<Document> copies = new ArrayList<>();
        found.forEach(document -> copies.add(document.cloneDeeply()));
        return new QueryResult(copies, found.getCursorId());
    }

    @Override
    protected Object addDocumentInternal(Document document) {
        return super.addDocumentInternal(FieldNames.shared(document));
    }

    @Override
    protected void handleUpdate(Object key, Document oldDocument, Document newDocument) {
        super.handleUpdate(key, oldDocument, FieldNames.shared(newDocument));
    }
}
